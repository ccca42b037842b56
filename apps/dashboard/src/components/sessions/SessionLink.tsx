import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../../router';
import { sessionPagePath } from '../../lib/session-path';

/** A link to a session's page (a real `<a>`: keyboard, middle click and copy work), opened in place on a plain click. */
export function SessionLink({ id, children, className, title }: { id: string; children: ReactNode; className?: string; title?: string }) {
  const href = sessionPagePath(id);
  const open = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={open} className={className} title={title} data-testid="session-link" data-session={id}>
      {children}
    </a>
  );
}
