import { describe, expect, it } from 'vitest';
import { applyDelta, diffSnapshots } from './delta.js';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

interface Fixture {
  overview: { tasks: { running: number }; tools: { by_type: Record<string, number> }; costs: { by_model: Record<string, number> } };
  sessions: { list: unknown[] };
  activity: unknown[];
  timestamp: number;
  extra?: { added: number } | undefined;
}

function mutate(snapshot: Fixture, r: () => number): Fixture {
  const s = structuredClone(snapshot);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  for (let i = 0; i < 1 + Math.floor(r() * 4); i++) {
    switch (Math.floor(r() * 8)) {
      case 0:
        s.overview.tasks.running = Math.floor(r() * 10);
        break;
      case 1:
        s.overview.tools.by_type[pick(['Read', 'Edit', 'Bash', 'a/b', 'x~y', 'Grep'])] = Math.floor(r() * 100);
        break;
      case 2:
        delete s.overview.tools.by_type[pick(Object.keys(s.overview.tools.by_type).concat('none'))];
        break;
      case 3:
        s.overview.costs.by_model[pick(['haiku', 'sonnet', 'opus'])] = r();
        break;
      case 4:
        s.activity = [{ description: `line ${r()}`, timestamp: r() }, ...s.activity].slice(0, 20);
        break;
      case 5:
        s.sessions.list = s.sessions.list.length > 2 ? [] : [...s.sessions.list, { id: r(), nested: { deep: { deeper: r() } } }];
        break;
      case 6:
        s.extra = r() < 0.5 ? { added: r() } : undefined;
        if (s.extra === undefined) delete s.extra;
        break;
      default:
        s.timestamp = r();
    }
  }
  return s;
}

describe('deltas', () => {
  it('reconstruct exactly the next snapshot over a long random sequence of changes', () => {
    const r = rng(7);
    let snapshot: Fixture = {
      overview: { tasks: { running: 1 }, tools: { by_type: { Read: 1 } }, costs: { by_model: {} } },
      sessions: { list: [] },
      activity: [],
      timestamp: 0,
    };
    let held = structuredClone(snapshot);
    for (let step = 0; step < 2_000; step++) {
      const next = mutate(snapshot, r);
      const delta = diffSnapshots(snapshot, next);
      const before = structuredClone(held);
      const applied = applyDelta(held, delta);
      expect(held).toEqual(before); // the base is never changed
      held = applied;
      expect(held).toEqual(next);
      snapshot = next;
    }
  });

  it('replaces only what changed, keyed entries on their own', () => {
    const a = { overview: { tools: { by_type: { Read: 1, Edit: 2 } }, tasks: { running: 1 } }, activity: [1, 2] };
    const b = { overview: { tools: { by_type: { Read: 1, Bash: 5 } }, tasks: { running: 1 } }, activity: [3, 1, 2] };
    expect(diffSnapshots(a, b)).toEqual({
      set: { '/overview/tools/by_type/Bash': 5, '/activity': [3, 1, 2] },
      remove: ['/overview/tools/by_type/Edit'],
    });
    expect(diffSnapshots(a, structuredClone(a))).toEqual({ set: {}, remove: [] });
  });

  it('shares every section the delta does not touch with the base', () => {
    const base = { overview: { tools: { by_type: { Read: 1 } }, tasks: { running: 1 } }, sessions: { list: [{ id: 's' }] }, activity: [1] };
    const next = applyDelta(base, { set: { '/overview/tools/by_type/Bash': 2 }, remove: [] });
    expect(next.sessions).toBe(base.sessions);
    expect(next.activity).toBe(base.activity);
    expect(next.overview.tasks).toBe(base.overview.tasks);
    expect(next.overview.tools).not.toBe(base.overview.tools);
    expect(base.overview.tools.by_type).toEqual({ Read: 1 });
    expect(next.overview.tools.by_type).toEqual({ Read: 1, Bash: 2 });
  });
});
