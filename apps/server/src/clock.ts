/** Time source, injected so tests can control it. */
export interface Clock {
  /** Unix time in seconds (float), as on the wire. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() / 1000 };

/** A clock tests move by hand. */
export function manualClock(start: number): Clock & { set(t: number): void; advance(seconds: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (value) => {
      t = value;
    },
    advance: (seconds) => {
      t += seconds;
    },
  };
}
