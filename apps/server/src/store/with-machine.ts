import type { StoredEvent } from './event.js';

/** The events with `machine` set on those that name none (the same array when all do). */
export function withMachine(events: readonly StoredEvent[], machine: string): readonly StoredEvent[] {
  return events.every((e) => e.machine !== undefined) ? events : events.map((e) => (e.machine === undefined ? { ...e, machine } : e));
}
