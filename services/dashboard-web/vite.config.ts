/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway (port 8080) serves dist/ at "/" and routes /api/v1/* to the services; in dev we proxy to it.
const gateway = process.env.SENSEI_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/config.json': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    // manifest.json lets scripts/bundle-size.mjs compute the initial JS of each route
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
