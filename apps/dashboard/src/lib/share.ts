type Json = unknown;

const isPlainObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Structural sharing: `next`, with every part that is deep-equal to the same part of
 * `prev` replaced by `prev`'s own object, so an unchanged section keeps its identity
 * and components (charts, tables) memoised on it skip re-rendering. Returns `prev`
 * itself when nothing changed. Neither argument is modified.
 *
 * Full snapshots (SSE, and the first update over Socket.IO) are new objects from end
 * to end; `applyDelta` shares what it did not touch but renews whole arrays and the
 * path to each change, even when a value came back equal. This step covers both.
 */
export function shareUnchanged<T>(prev: Json, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((value: Json, i) => {
      const shared = shareUnchanged(prev[i], value);
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(prev).length;
    const out: Record<string, Json> = {};
    for (const key of keys) {
      const had = Object.hasOwn(prev, key);
      const shared = had ? shareUnchanged(prev[key], next[key]) : next[key];
      if (!had || shared !== prev[key]) same = false;
      out[key] = shared;
    }
    return (same ? prev : out) as T;
  }
  return next;
}
