import { z } from 'zod';

/**
 * `metrics_delta`: what changed between the snapshot a client holds (`base_seq`)
 * and the current one (`seq`). `set` maps a path (`/overview/tools/by_type/Read`)
 * to its new value; `remove` lists paths that no longer exist. Objects are compared
 * down to DELTA_DEPTH levels, so a keyed entry (one model, one tool) is replaced on
 * its own; arrays and deeper values are replaced whole.
 */
/** A keyed list that changed: its items' keys in their new order, and only the items that are new or changed. */
export const listDelta = z.object({
  /** The field that identifies an item (`session_id`, `t`, `id`). */
  key: z.string(),
  order: z.array(z.union([z.string(), z.number()])),
  items: z.record(z.string(), z.unknown()),
});
export type ListDelta = z.infer<typeof listDelta>;

export const metricsDelta = z.object({
  seq: z.number().int().nonnegative(),
  base_seq: z.number().int().nonnegative(),
  set: z.record(z.string(), z.unknown()),
  remove: z.array(z.string()),
  /** Lists of keyed items (sessions, series points, tasks) changed item by item: path → list delta. */
  lists: z.record(z.string(), listDelta).optional(),
});
export type MetricsDelta = z.infer<typeof metricsDelta>;

/** How deep objects are compared key by key. */
export const DELTA_DEPTH = 4;

/** Lists whose items carry a unique key: sent item by item, so one changed session does not resend fifty. */
export const KEYED_LISTS: Readonly<Record<string, string>> = {
  '/sessions/list': 'session_id',
  '/series/points': 't',
  '/recent_tasks': 'id',
  '/live/sessions': 'session_id',
};

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const unescape = (part: string) => part.replaceAll('~1', '/').replaceAll('~0', '~');

/** The changes that turn `from` into `to`. */
export function diffSnapshots(from: Json, to: Json): Pick<MetricsDelta, 'set' | 'remove' | 'lists'> {
  const set: Record<string, Json> = {};
  const remove: string[] = [];
  const lists: Record<string, ListDelta> = {};
  const walk = (a: Json, b: Json, path: string, depth: number) => {
    const key = KEYED_LISTS[path];
    if (key !== undefined && Array.isArray(a) && Array.isArray(b)) {
      const list = diffList(a, b, key);
      if (list === null) return; // unchanged
      if (list) {
        lists[path] = list;
        return;
      }
    }
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
  return Object.keys(lists).length > 0 ? { set, remove, lists } : { set, remove };
}

/** Items by their key, or undefined when an item has no key or two share one. */
function byKey(list: readonly Json[], key: string): Map<string, Json> | undefined {
  const out = new Map<string, Json>();
  for (const item of list) {
    const k = isObject(item) ? item[key] : undefined;
    if ((typeof k !== 'string' && typeof k !== 'number') || out.has(String(k))) return undefined;
    out.set(String(k), item);
  }
  return out;
}

/**
 * A keyed list's changes: null when nothing changed; undefined when the list is not
 * keyed after all, or when every item changed (then the whole list is smaller to send
 * as it is).
 */
function diffList(a: readonly Json[], b: readonly Json[], key: string): ListDelta | null | undefined {
  const before = byKey(a, key);
  const after = byKey(b, key);
  if (!before || !after) return undefined;
  const items: Record<string, Json> = {};
  for (const [k, item] of after) {
    const old = before.get(k);
    if (old === undefined || JSON.stringify(old) !== JSON.stringify(item)) items[k] = item;
  }
  if (b.length > 0 && Object.keys(items).length === b.length) return undefined;
  const order = b.map((item) => (item as Record<string, string | number>)[key] as string | number);
  const sameOrder = a.length === b.length && a.every((item, i) => (item as Record<string, Json>)[key] === order[i]);
  if (sameOrder && Object.keys(items).length === 0) return null;
  return { key, order, items };
}

/**
 * Applies a delta and returns the result; `base` is left alone. Only the objects on
 * the path to a change are copied: every section the delta does not touch is the
 * very object of `base`, so a UI can skip what did not change by identity.
 */
export function applyDelta<T>(base: T, delta: Pick<MetricsDelta, 'set' | 'remove' | 'lists'>): T {
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
  for (const [path, list] of Object.entries(delta.lists ?? {})) {
    const [node, key] = parentOf(path, true) as [Record<string, Json>, string];
    const held = Array.isArray(node[key]) ? (node[key] as Json[]) : [];
    const old = new Map(held.map((item) => [String((item as Record<string, Json>)[list.key]), item]));
    // Unchanged items are the base's own objects; an item neither held nor sent cannot be (the seq guards that) and is skipped.
    node[key] = list.order
      .map((k) => (String(k) in list.items ? structuredClone(list.items[String(k)]) : old.get(String(k))))
      .filter((item) => item !== undefined);
  }
  return root as T;
}
