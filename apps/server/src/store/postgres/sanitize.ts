import type { StoredEvent } from '../event.js';
import type { FileCursor } from '../store.js';
import { pgText } from './pg-values.js';

/** The object with every string field passed through `pgText` (itself when none needs it, the usual case). */
function clean<T extends object>(o: T): T {
  const dirty = Object.values(o).some((v) => typeof v === 'string' && v.includes('\u0000'));
  if (!dirty) return o;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? pgText(v) : v])) as T;
}

/**
 * Events and cursors as PostgreSQL can store them (see `pgText`), cleaned once
 * before anything is keyed by them, so dedupe, sessions and names all see the
 * stored form.
 */
export const storableEvents = (events: readonly StoredEvent[]): StoredEvent[] => events.map(clean);
export const storableCursors = (cursors: readonly FileCursor[]): FileCursor[] => cursors.map(clean);
