/** Window start for `hours` ending at `now`: rounded down to the minute, so a window changes only when whole minutes age out. */
export function windowStart(hours: number, now: number): number {
  return Math.floor((now - hours * 3600) / 60) * 60;
}

/** Series bucket width for a window, so a chart gets 48 to 96 points. */
export function bucketSecondsFor(hours: number): number {
  if (hours <= 1) return 60;
  if (hours <= 6) return 300;
  if (hours <= 12) return 600;
  if (hours <= 24) return 900;
  if (hours <= 72) return 3600;
  return 7200;
}

/** The clamps of client-given windows and intervals are the protocol's. */
export { effectiveHours, effectiveInterval } from '@amiga/protocol';
