import { LIVE_STATES, SESSION_SORTS, SESSIONS_LIMIT, type ApiQuery, type API_PATHS, type LiveState, type SessionSort } from '@amiga/protocol';
import { isAgentName, isMachineName } from './scope-url';

/**
 * The `/sessions` page's filters, kept in its address with the API's own parameter names
 * (`?agent&machine&project&model&q&from&to&state&sort&order&limit`), so a filtered list can
 * be shared and survives a reload. A missing or malformed value is no filter (the default).
 */
export interface SessionFilters {
  agent: string | null;
  machine: string | null;
  project: string | null;
  model: string | null;
  q: string | null;
  /** Unix seconds. */
  from: number | null;
  to: number | null;
  state: LiveState | null;
  sort: SessionSort;
  order: 'desc' | 'asc';
  /** Page size; null is the API's default. */
  limit: number | null;
}

export const NO_FILTERS: SessionFilters = {
  agent: null,
  machine: null,
  project: null,
  model: null,
  q: null,
  from: null,
  to: null,
  state: null,
  sort: 'last_seen',
  order: 'desc',
  limit: null,
};

const TEXT_MAX = { project: 4096, model: 256, q: 256 } as const;

const textOf = (params: URLSearchParams, key: keyof typeof TEXT_MAX): string | null => {
  const v = params.get(key);
  return v !== null && v.trim() !== '' && v.length <= TEXT_MAX[key] ? v : null;
};

const secondsOf = (v: string | null): number | null => {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

export function parseSessionFilters(search: string): SessionFilters {
  const params = new URLSearchParams(search);
  const agent = params.get('agent');
  const machine = params.get('machine');
  const state = params.get('state');
  const sort = params.get('sort');
  const limit = Number(params.get('limit') ?? NaN);
  return {
    agent: isAgentName(agent) ? agent : null,
    machine: isMachineName(machine) ? machine : null,
    project: textOf(params, 'project'),
    model: textOf(params, 'model'),
    q: textOf(params, 'q'),
    from: secondsOf(params.get('from')),
    to: secondsOf(params.get('to')),
    state: (LIVE_STATES as readonly string[]).includes(state ?? '') ? (state as LiveState) : null,
    sort: (SESSION_SORTS as readonly string[]).includes(sort ?? '') ? (sort as SessionSort) : 'last_seen',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    limit: Number.isInteger(limit) && limit >= SESSIONS_LIMIT.min && limit <= SESSIONS_LIMIT.max ? limit : null,
  };
}

/** The query string (with `?`, or empty) of `filters`: defaults left out, in a fixed order. */
export function sessionFiltersSearch(filters: SessionFilters): string {
  const params = new URLSearchParams();
  for (const key of ['agent', 'machine', 'project', 'model', 'q', 'from', 'to', 'state'] as const) {
    const v = filters[key];
    if (v !== null && v !== '') params.set(key, String(v));
  }
  if (filters.sort !== 'last_seen') params.set('sort', filters.sort);
  if (filters.order !== 'desc') params.set('order', filters.order);
  if (filters.limit !== null) params.set('limit', String(filters.limit));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The `GET /api/sessions` query of `filters`, for `apiUrl`, from `cursor` when given. */
export function sessionsApiQuery(filters: SessionFilters, cursor: string | null = null): ApiQuery<typeof API_PATHS.sessions> {
  return { ...filters, cursor };
}

/** How many filters narrow the list (sort and page size are not filters). */
export function activeFilterCount(f: SessionFilters): number {
  return (['agent', 'machine', 'project', 'model', 'q', 'from', 'to', 'state'] as const).filter((k) => f[k] !== null).length;
}

/** A sentence saying what the list shows, for the live region. */
export function describeFilters(f: SessionFilters, shown: number, more: boolean): string {
  const parts: string[] = [];
  if (f.agent) parts.push(`agent ${f.agent}`);
  if (f.machine) parts.push(`machine ${f.machine}`);
  if (f.project) parts.push(`project ${f.project}`);
  if (f.model) parts.push(`model ${f.model}`);
  if (f.q) parts.push(`matching “${f.q}”`);
  if (f.state) parts.push(`state ${f.state.replace('_', ' ')}`);
  if (f.from !== null) parts.push(`active after ${new Date(f.from * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  if (f.to !== null) parts.push(`active before ${new Date(f.to * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  const count = `${shown}${more ? '+' : ''} session${shown === 1 && !more ? '' : 's'}`;
  const sort = `sorted by ${f.sort.replace('_', ' ')} ${f.order === 'asc' ? 'ascending' : 'descending'}`;
  return `${count}${parts.length ? `, ${parts.join(', ')}` : ''}, ${sort}`;
}

/** Clicking the sorted column flips its order; another column starts descending. */
export function nextSessionSort(f: SessionFilters, sort: SessionSort): SessionFilters {
  return f.sort === sort ? { ...f, order: f.order === 'asc' ? 'desc' : 'asc' } : { ...f, sort, order: 'desc' };
}
