import { useEffect, useId, useRef, useState, type MouseEvent } from 'react';
import { useAlertsFeed } from '../hooks/useAlertsFeed';
import { useNow } from '../hooks/useNow';
import { headerAlerts } from '../lib/alerts-view';
import { formatAgo, formatClock } from '../lib/format';
import { navigate } from '../router';
import './alerts.css';

/** Lines the header's list shows at most; the rest are on the alerts page. */
const LIST_MAX = 8;

/** The header's bell: how many server alerts are on (and fired within the hour), and their list on click. Nothing when alerts are off. */
export function AlertsBadge() {
  const { data } = useAlertsFeed();
  const now = useNow(5000) / 1000;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  if (!data?.enabled) return null;
  const items = headerAlerts(data, now);
  const toPage = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    setOpen(false);
    navigate('/alerts');
  };

  return (
    <div className="alerts-menu" ref={box}>
      <button
        type="button"
        className={`btn alerts-badge${items.length > 0 ? ' alerts-on' : ''}`}
        data-testid="alerts-badge"
        aria-expanded={open}
        aria-controls={id}
        title={items.length === 0 ? 'No server alerts on' : `${items.length} server alert${items.length === 1 ? '' : 's'}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="alerts-dot" aria-hidden /> <span data-testid="alerts-count">{items.length}</span> {items.length === 1 ? 'alert' : 'alerts'}
      </button>
      {open && (
        <div id={id} className="alerts-popover card" role="dialog" aria-label="Server alerts" data-testid="alerts-list">
          {items.length === 0 ? (
            <p className="muted">No alerts on.</p>
          ) : (
            <ul>
              {items.slice(0, LIST_MAX).map((a) => (
                <li key={a.key} data-testid="header-alert" data-kind={a.kind} title={a.title}>
                  <strong>{a.rule}</strong>
                  <span className="muted small" title={formatClock(a.since)}>
                    {a.kind === 'active' ? 'since' : 'fired'} {formatAgo(now - a.since)}
                  </span>
                  <span className="alerts-figure">{a.figure}</span>
                </li>
              ))}
            </ul>
          )}
          {items.length > LIST_MAX && <p className="muted small">and {items.length - LIST_MAX} more</p>}
          <a href="/alerts" onClick={toPage}>
            Rules and delivery history
          </a>
        </div>
      )}
    </div>
  );
}
