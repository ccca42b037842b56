import { describe, expect, it } from 'vitest';
import { eventCursor, listCursor, readEventCursor, readListCursor } from './cursor.js';

describe('session cursors', () => {
  it('round-trip a list position, URL-safe, and refuse it for another sort or order', () => {
    const c = listCursor('cost', 'desc', { key: 0.1 + 0.2, id: 'we"ird/id' });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readListCursor(c, 'cost', 'desc')).toEqual({ key: 0.1 + 0.2, id: 'we"ird/id' });
    expect(readListCursor(c, 'cost', 'asc')).toEqual({ error: 'cursor: was given for another sort or order' });
    expect(readListCursor(c, 'requests', 'desc')).toHaveProperty('error');
  });

  it('refuse what is not a cursor of theirs', () => {
    for (const text of ['', 'bm9wZQ', Buffer.from('{"s":"cost","o":"desc","k":"1","i":"x"}').toString('base64url')]) {
      expect(readListCursor(text, 'cost', 'desc')).toHaveProperty('error');
    }
    expect(readEventCursor(eventCursor({ ts: 12.5, id: 7 }))).toEqual({ ts: 12.5, id: 7 });
    expect(readEventCursor(Buffer.from('{"t":1,"e":1.5}').toString('base64url'))).toBeUndefined();
    expect(readEventCursor('%%')).toBeUndefined();
  });
});
