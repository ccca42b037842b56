import type { MachineUsage } from '@amiga/protocol';

/** A machine with no event for this long (seconds) is shown as quiet. */
export const QUIET_AFTER_SECONDS = 15 * 60;

export interface MachineRow extends MachineUsage {
  name: string;
  /** Seconds since its latest event (never negative). */
  age: number;
  /** No event for QUIET_AFTER_SECONDS or more. */
  quiet: boolean;
}

/** `overview.machines` as table rows, most recently heard from first (then by name). */
export function machineRows(machines: Readonly<Record<string, MachineUsage>> | undefined, now: number): MachineRow[] {
  return Object.entries(machines ?? {})
    .map(([name, m]) => {
      const age = Math.max(0, now - m.last_seen);
      return { ...m, name, age, quiet: age >= QUIET_AFTER_SECONDS };
    })
    .sort((a, b) => b.last_seen - a.last_seen || a.name.localeCompare(b.name));
}

/** `just now`, `1 min ago`, `12 min ago`, `3 h ago`, `2 d ago`. */
export function formatMinutesAgo(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
