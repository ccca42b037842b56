/**
 * The names offered by a selector: every one seen so far this page session (a filtered
 * snapshot lists only what its filter keeps, so the others must be remembered), plus the
 * one selected even if no data names it, sorted. Returns `prev` itself when nothing is new,
 * so a component memoised on it does not re-render.
 */
export function mergeSeen(prev: readonly string[], names: Iterable<string>, selected: string | null = null): readonly string[] {
  const all = new Set(prev);
  for (const name of names) all.add(name);
  if (selected !== null) all.add(selected);
  if (all.size === prev.length) return prev;
  return [...all].sort((a, b) => a.localeCompare(b));
}
