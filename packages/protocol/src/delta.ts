import { z } from 'zod';

/**
 * `metrics_delta`: what changed between the snapshot a client holds (`base_seq`)
 * and the current one (`seq`). `set` maps a path (`/overview/tools/by_type/Read`)
 * to its new value; `remove` lists paths that no longer exist. Objects are compared
 * down to DELTA_DEPTH levels, so a keyed entry (one model, one tool) is replaced on
 * its own; arrays and deeper values are replaced whole.
 */
export const metricsDelta = z.object({
  seq: z.number().int().nonnegative(),
  base_seq: z.number().int().nonnegative(),
  set: z.record(z.string(), z.unknown()),
  remove: z.array(z.string()),
});
export type MetricsDelta = z.infer<typeof metricsDelta>;

/** How deep objects are compared key by key. */
export const DELTA_DEPTH = 4;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const unescape = (part: string) => part.replaceAll('~1', '/').replaceAll('~0', '~');

/** The changes that turn `from` into `to`. */
export function diffSnapshots(from: Json, to: Json): Pick<MetricsDelta, 'set' | 'remove'> {
  const set: Record<string, Json> = {};
  const remove: string[] = [];
  const walk = (a: Json, b: Json, path: string, depth: number) => {
    if (depth < DELTA_DEPTH && isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) if (!(key in b)) remove.push(`${path}/${escape(key)}`);
      for (const [key, value] of Object.entries(b)) {
        const child = `${path}/${escape(key)}`;
        if (!(key in a)) set[child] = value;
        else walk(a[key], value, child, depth + 1);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) set[path] = b;
  };
  walk(from, to, '', 0);
  return { set, remove };
}

/**
 * Applies a delta and returns the result; `base` is left alone. Only the objects on
 * the path to a change are copied: every section the delta does not touch is the
 * very object of `base`, so a UI can skip what did not change by identity.
 */
export function applyDelta<T>(base: T, delta: Pick<MetricsDelta, 'set' | 'remove'>): T {
  if ('' in delta.set) return structuredClone(delta.set['']) as T;
  const root: Record<string, Json> = isObject(base) ? { ...base } : {};
  const copies = new Set<Record<string, Json>>([root]);
  const parentOf = (path: string, create: boolean): [Record<string, Json>, string] | undefined => {
    const parts = path.split('/').slice(1).map(unescape);
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      let next: Record<string, Json>;
      if (!isObject(child)) {
        if (!create) return undefined;
        next = {};
      } else if (copies.has(child)) {
        next = child;
      } else {
        next = { ...child };
      }
      copies.add(next);
      node[part] = next;
      node = next;
    }
    return [node, parts.at(-1) as string];
  };
  for (const path of delta.remove) {
    const at = parentOf(path, false);
    if (at) delete at[0][at[1]];
  }
  for (const [path, value] of Object.entries(delta.set)) {
    const [node, key] = parentOf(path, true) as [Record<string, Json>, string];
    node[key] = structuredClone(value);
  }
  return root as T;
}
