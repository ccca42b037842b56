import { clamp, HOURS_MAX, HOURS_MIN } from '@amiga/protocol';

/** A window the dashboard offers. Up to HOURS_MAX it is live; longer ones draw their charts from history. */
export interface WindowChoice {
  hours: number;
  /** In the selector. */
  label: string;
  /** In sentences: `the last 30 days`. */
  long: string;
}

export const WINDOWS: readonly WindowChoice[] = [
  { hours: 1, label: '1h', long: 'hour' },
  { hours: 6, label: '6h', long: '6 hours' },
  { hours: 24, label: '24h', long: '24 hours' },
  { hours: 72, label: '3d', long: '3 days' },
  { hours: 168, label: '7d', long: '7 days' },
  { hours: 720, label: '30d', long: '30 days' },
  { hours: 2160, label: '90d', long: '90 days' },
];

/** Whether a window is longer than any live snapshot covers, so its charts come from history. */
export const isHistoryWindow = (hours: number): boolean => hours > HOURS_MAX;

/** The live window that backs a chosen one: itself, or the longest live window (HOURS_MAX) for longer ones. */
export const liveHours = (hours: number): number => Math.min(hours, HOURS_MAX);

/** A stored or typed window made valid: one of the long windows offered, else clamped into the live range. */
export function normalizeWindow(hours: number): number {
  if (isHistoryWindow(hours) && WINDOWS.some((w) => w.hours === hours)) return hours;
  return clamp(hours, HOURS_MIN, HOURS_MAX);
}

/** The selector's label of a window (`24h`, `7d`, `30d`), or `5h` for one not offered. */
export const windowLabel = (hours: number): string => WINDOWS.find((w) => w.hours === hours)?.label ?? `${hours}h`;

/** `the last 30 days`, `the last hour`, `the last 5 hours` for windows not offered. */
export function describeWindow(hours: number): string {
  const known = WINDOWS.find((w) => w.hours === hours);
  return `the last ${known ? known.long : hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`}`;
}

/** `6 h buckets`, `1 day buckets`, `15 min buckets`. */
export function describeBucket(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day buckets`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h buckets`;
  if (seconds % 60 === 0) return `${seconds / 60} min buckets`;
  return `${seconds} s buckets`;
}
