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
  sessions: { list: Array<{ session_id?: string; n: number; nested?: unknown }> };
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
      case 5: {
        // A keyed list: one item changes, one comes or goes, one moves to the front, or it empties;
        // now and then an item without a key or a repeated key (then the list is sent whole).
        const list = s.sessions.list;
        const k = Math.floor(r() * 7);
        const at = Math.floor(r() * list.length);
        if (k === 0 && list[at]) list[at] = { ...list[at], n: r() };
        else if (k === 1) list.unshift({ session_id: `s${Math.floor(r() * 30)}`, n: r(), nested: { deep: { deeper: r() } } });
        else if (k === 2) list.splice(at, 1);
        else if (k === 3 && list[at]) list.unshift(...list.splice(at, 1));
        else if (k === 4) s.sessions.list = [];
        else if (k === 5) list.push(r() < 0.5 ? { n: r() } : { session_id: list[0]?.session_id ?? 'dup', n: r() });
        else list.push({ session_id: `s${Math.floor(r() * 30)}`, n: r() });
        // Keys stay unique unless a repeat was made on purpose (k === 5).
        if (k !== 5) s.sessions.list = s.sessions.list.filter((x, i, all) => all.findIndex((y) => y.session_id === x.session_id) === i);
        s.sessions.list = s.sessions.list.slice(0, 12);
        break;
      }
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

  it('sends a keyed list item by item: new order, only new or changed items', () => {
    const a = { sessions: { list: [{ session_id: 'a', n: 1 }, { session_id: 'b', n: 2 }, { session_id: 'c', n: 3 }] } };
    const b = { sessions: { list: [{ session_id: 'b', n: 5 }, { session_id: 'a', n: 1 }, { session_id: 'c', n: 3 }] } };
    const delta = diffSnapshots(a, b);
    expect(delta).toEqual({ set: {}, remove: [], lists: { '/sessions/list': { key: 'session_id', order: ['b', 'a', 'c'], items: { b: { session_id: 'b', n: 5 } } } } });
    const applied = applyDelta(a, delta);
    expect(applied).toEqual(b);
    expect(applied.sessions.list[1]).toBe(a.sessions.list[0]); // unchanged items are the base's own
    expect(diffSnapshots(a, { sessions: { list: [] } })).toEqual({ set: {}, remove: [], lists: { '/sessions/list': { key: 'session_id', order: [], items: {} } } });
    expect(diffSnapshots(a, structuredClone(a))).toEqual({ set: {}, remove: [] });
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
