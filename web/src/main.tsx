import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n } from './lib/i18n.ts';
import { initTheme } from './lib/theme.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

initTheme();
await initI18n();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The installed app opens without a connection (production builds only; dev serves live files).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without it the app still works online.
  });
}
