import type { SessionSort } from '@amiga/protocol';
import type { EventAfter, SessionListAfter } from '../store/session-reads.js';

/**
 * The opaque cursors of the sessions API: base64url of the last row's sort key and id (keyset
 * paging), so a page starts where the last one ended whatever was written in between. A list
 * cursor also names its sort and order: it is refused for another one.
 */
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const listCursor = (sort: SessionSort, order: 'asc' | 'desc', after: SessionListAfter): string => encode({ s: sort, o: order, k: after.key, i: after.id });

/** The list position a cursor holds, or why it is refused. */
export function readListCursor(text: string, sort: SessionSort, order: 'asc' | 'desc'): SessionListAfter | { error: string } {
  const c = decode(text);
  if (!isRecord(c) || !finite(c.k) || typeof c.i !== 'string') return { error: 'cursor: must be a next_cursor of a previous answer' };
  if (c.s !== sort || c.o !== order) return { error: 'cursor: was given for another sort or order' };
  return { key: c.k, id: c.i };
}

export const eventCursor = (after: EventAfter): string => encode({ t: after.ts, e: after.id });

/** The event position a requests or tools cursor holds, or undefined when it holds none. */
export function readEventCursor(text: string): EventAfter | undefined {
  const c = decode(text);
  return isRecord(c) && finite(c.t) && Number.isSafeInteger(c.e) ? { ts: c.t, id: c.e as number } : undefined;
}
