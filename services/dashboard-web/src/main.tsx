import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { ensureRuntimeConfig } from './lib/runtimeConfig';
import './styles/global.css';

// /config.json is fetched in parallel with the first render; only login and onboarding need it (they await it)
void ensureRuntimeConfig();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
