/** The 5-hour window, in minutes (Claude's session limit, Codex's primary window). */
export const FIVE_HOURS_MIN = 300;
/** The weekly window, in minutes (Claude's `seven_day`, Codex's secondary window). */
export const SEVEN_DAYS_MIN = 10_080;

/** A window's name by its length: `5h`, `7d`, else `<minutes>m`. */
export function windowName(minutes: number): string {
  if (minutes === FIVE_HOURS_MIN) return '5h';
  if (minutes === SEVEN_DAYS_MIN) return '7d';
  return `${Math.round(minutes)}m`;
}

/**
 * A reset time as Unix seconds: Claude Code writes seconds; an ISO time (some write-ups show one)
 * and a number in milliseconds are read too. Null when there is none or it cannot be read.
 */
export function resetSeconds(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    return value >= 100_000_000_000 ? value / 1000 : value;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return resetSeconds(Number(trimmed));
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
