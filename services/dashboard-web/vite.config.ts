/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The gateway (port 8080) serves dist/ at "/" and routes /api/v1/* to the services; in dev we proxy to it.
const gateway = process.env.SENSEI_URL ?? 'http://localhost:8080';

export default defineConfig(({ command }) => ({
  plugins: [react()],
  resolve: {
    // react-router's package exports only its development build (dev warnings on: route checks on every render).
    // The bundle takes the production build it ships beside it, identical but for ENABLE_DEV_WARNINGS = false;
    // the dev server and the tests keep the warnings.
    alias:
      command === 'build'
        ? [
            {
              find: /^react-router$/,
              replacement: fileURLToPath(import.meta.resolve('react-router').replace('/development/', '/production/')),
            },
          ]
        : [],
  },
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
    // one stylesheet, loaded with the shell: a page's own CSS inserted once its chunk arrives made the browser
    // restyle the whole document mid-load (the Conversations page's longest style recalculation on a phone);
    // all of it is 39 kB (8 kB gzip)
    cssCodeSplit: false,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
}));
