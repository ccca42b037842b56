import type { MouseEvent } from 'react';
import { navigate, usePath } from '../router';

const LINKS = [
  { path: '/', label: 'Dashboard' },
  { path: '/sessions', label: 'Sessions' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/websocket-test', label: 'Socket test' },
];

export function NavLinks() {
  const path = usePath();
  const go = (to: string) => (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <nav className="nav">
      {LINKS.map((l) => (
        <a key={l.path} href={l.path} onClick={go(l.path)} aria-current={path === l.path || (l.path === '/sessions' && path.startsWith('/sessions/')) ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
