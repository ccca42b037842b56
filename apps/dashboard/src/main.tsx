import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { saveToken } from './lib/token';
import { takeUrlToken } from './lib/url-token';
import './styles.css';

// A link like `/?token=…` hands the token over once; it then lives in sessionStorage, not in the address bar.
const urlToken = takeUrlToken();
if (urlToken) saveToken(urlToken);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
