import type { Handler } from './route.js';

/** Whether the server is ready, and what is wrong with it while it keeps serving. */
export class HealthState {
  ready = false;
  readonly #problems = new Map<string, string>();
  readonly #checks = new Map<string, () => string | null>();

  /** A check run on every health request: a non-null answer is a problem of `component`. */
  addCheck(component: string, check: () => string | null): void {
    this.#checks.set(component, check);
  }

  /** Marks a component degraded (`store`, `source:claude`, …) with a reason a person can act on. */
  degrade(component: string, reason: string): void {
    this.#problems.set(component, reason);
  }

  recover(component: string): void {
    this.#problems.delete(component);
  }

  get problems(): Record<string, string> {
    const all = Object.fromEntries(this.#problems);
    for (const [component, check] of this.#checks) {
      const problem = check();
      if (problem !== null) all[component] = problem;
    }
    return all;
  }

  get status(): 'starting' | 'ok' | 'degraded' {
    if (!this.ready) return 'starting';
    return Object.keys(this.problems).length > 0 ? 'degraded' : 'ok';
  }
}

/**
 * `GET /api/health`: 200 `{status:'ok'}` once ready; 200 `{status:'degraded', problems}`
 * while serving with a problem (the last snapshots are still served); 503
 * `{status:'starting'}` before. Counters are shown only to callers that may read.
 */
export function healthHandler(state: HealthState, details: () => Record<string, unknown>): Handler {
  return (_req, res, { may }) => {
    const status = state.status;
    if (status === 'starting') return void res.status(503).json({ status });
    res.json({ status, ...(status === 'degraded' ? { problems: state.problems } : {}), ...(may('read') ? details() : {}) });
  };
}
