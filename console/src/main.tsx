import { StrictMode } from 'react';
import './app/console.css';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { ConsoleApp } from './app/ConsoleApp';

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
