// first: antd-mobile's Toast/Dialog/popups need the React 19 render adapter before any feature uses them
import './react19.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.ts';
import { App } from './App.tsx';
import './app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
