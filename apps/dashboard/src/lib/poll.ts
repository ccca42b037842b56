/** Polls `run` every `everyMs`, and sooner when poked, at most once per `minGapMs`; one run at a time. */
export interface PollDeps {
  run(): Promise<void>;
  everyMs: number;
  minGapMs: number;
  /** Clock in ms (injected by the tests). */
  now?: () => number;
}

export interface Poll {
  /** Something changed: run again soon (throttled to `minGapMs`). */
  poke(): void;
  stop(): void;
}

export function startPoll({ run, everyMs, minGapMs, now = Date.now }: PollDeps): Poll {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let last = -Infinity;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), Math.max(0, ms));
  };
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    last = now();
    try {
      await run();
    } catch {
      // `run` reports its own failures; the poll goes on.
    }
    running = false;
    if (stopped) return;
    if (again) {
      again = false;
      schedule(last + minGapMs - now());
    } else schedule(everyMs);
  };

  void tick();
  return {
    poke() {
      if (stopped) return;
      if (running) again = true;
      else schedule(last + minGapMs - now());
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
