import { OTHER_KEY, STORE_KEYS_LIMIT, type IngestEvent } from '@amiga/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeEvent } from '../ingest/normalize.js';
import type { StoredEvent } from '../store/event.js';
import type { CommitOrigin, Store, WindowData, WindowQuery } from '../store/store.js';

/**
 * What every Store must do, run against each implementation (the store-level
 * behaviour; snapshot.test.ts covers how a snapshot is made from it). `open` must
 * return a new, empty store for each test.
 */

/** The machine the contract's stores are opened with (`machine` option): events that name none are stored under it. */
export const MACHINE = 'contract-host';

// 2026-11-25 12:30:30 UTC: mid-hour, mid-minute, so windows have ragged edges.
export const NOW = Date.UTC(2026, 10, 25, 12, 30, 30) / 1000;
const H = 3600;

type ApiRequest = Extract<StoredEvent, { type: 'api_request' }>;
type ToolCall = Extract<StoredEvent, { type: 'tool_call' }>;
type ApiError = Extract<StoredEvent, { type: 'api_error' }>;
type Task = Extract<StoredEvent, { type: 'task' }>;

const norm = (e: IngestEvent) => normalizeEvent(e, { now: NOW });

export const request = (o: Partial<ApiRequest> = {}): ApiRequest => ({
  ...(norm({ type: 'api_request', model: o.model ?? 'model-a', input_tokens: o.inputTokens ?? 100, output_tokens: o.outputTokens ?? 10 }) as ApiRequest),
  ts: NOW - 60,
  costUsd: 0.5,
  ...o,
});
export const tool = (o: Partial<ToolCall> = {}): ToolCall => ({
  ...(norm({ type: 'tool_call', tool: o.tool ?? 'Read', success: o.success ?? undefined }) as ToolCall),
  ts: NOW - 60,
  ...o,
});
export const task = (id: string, status: Task['status'], ts: number, o: Partial<Task> = {}): Task => ({
  ...(norm({ type: 'task', id, status, timestamp: ts }) as Task),
  ...o,
});
export const activity = (description: string, ts = NOW - 60): StoredEvent => ({ type: 'activity', ts, description, agent: 'unknown' });
export const apiError = (o: Partial<ApiError> = {}): ApiError => ({
  type: 'api_error',
  agent: 'unknown',
  ts: NOW - 60,
  description: 'API error: overloaded',
  model: 'model-a',
  sessionId: null,
  project: null,
  errorId: null,
  ...o,
});

export const windowOf = (hours: number, o: Partial<WindowQuery> = {}): WindowQuery => ({
  since: Math.floor((NOW - hours * H) / 60) * 60,
  until: NOW,
  bucketSeconds: hours <= 6 ? 300 : 7200,
  activityLimit: 100,
  sessionLimit: 50,
  taskLimit: 50,
  ...o,
});

export const byName = <T extends { model: string } | { tool: string }>(rows: T[]): Record<string, T> =>
  Object.fromEntries(rows.map((r) => ['model' in r ? r.model : r.tool, r]));

const sum = (rows: Array<{ [k: string]: unknown }>, field: string) => rows.reduce((n, r) => n + (r[field] as number), 0);

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const read = (hours: number, o: Partial<WindowQuery> = {}) => store.readWindow(windowOf(hours, o));

    describe('ingest', () => {
      it('counts what it stored; an empty batch changes nothing', async () => {
        expect(await store.ingest([request(), tool(), activity('a'), task('t', 'running', NOW - 60)])).toEqual({ stored: 4, duplicates: 0 });
        const v = store.version;
        expect(await store.ingest([])).toEqual({ stored: 0, duplicates: 0 });
        expect(store.version).toBe(v);
      });

      it('counts an API request id once, within a batch and across batches; requests without an id are all kept', async () => {
        const r = request({ requestId: 'req_1', inputTokens: 1_000 });
        expect(await store.ingest([r, r, request(), request()])).toEqual({ stored: 3, duplicates: 1 });
        expect(await store.ingest([r, request({ requestId: 'req_2' })])).toEqual({ stored: 1, duplicates: 1 });
        const w = await read(1);
        expect(w.models).toHaveLength(1);
        expect(w.models[0]).toMatchObject({ model: 'model-a', requests: 4, inputTokens: 1_000 + 3 * 100 });
      });

      it('counts tool calls and API errors with an id once (ids of the two kinds do not collide)', async () => {
        const call = tool({ callId: 'x1' });
        const err = apiError({ errorId: 'x1' });
        expect(await store.ingest([call, call, err, err, tool(), apiError()])).toEqual({ stored: 4, duplicates: 2 });
        expect(await store.ingest([call, err])).toEqual({ stored: 0, duplicates: 2 });
        const w = await read(1);
        expect(w.tools).toEqual([{ tool: 'Read', calls: 2, failed: 0 }]);
        expect(w.apiErrors).toBe(2);
      });

      it('merges mergeMax repeats: the largest of each total, added at the first report’s time and model', async () => {
        const first = request({ requestId: 'm1', mergeMax: true, ts: NOW - 600, model: 'model-a', inputTokens: 10, outputTokens: 5, cacheReadTokens: 100, costUsd: 0.1, sessionId: 's1', description: 'first' });
        expect(await store.ingest([first])).toEqual({ stored: 1, duplicates: 0 });
        // Same totals: a duplicate.
        expect(await store.ingest([first])).toEqual({ stored: 0, duplicates: 1 });
        // Grown output, smaller input, later time, another model name: only the growth counts, at the first report.
        const grown = { ...first, ts: NOW - 30, model: 'model-b', inputTokens: 3, outputTokens: 50, costUsd: 0.4, description: 'grown' };
        expect(await store.ingest([grown])).toEqual({ stored: 0, duplicates: 0, merged: 1 });
        // A repeat with smaller output but grown cache reads: merged, the shown line stays the largest output.
        const cache = { ...first, cacheReadTokens: 400, outputTokens: 1, description: 'smaller output' };
        expect(await store.ingest([cache])).toEqual({ stored: 0, duplicates: 0, merged: 1 });
        const w = await read(1);
        expect(w.models).toHaveLength(1);
        expect(w.models[0]).toMatchObject({ model: 'model-a', requests: 1, inputTokens: 10, outputTokens: 50, cacheReadTokens: 400 });
        expect(w.models[0]?.costUsd).toBeCloseTo(0.4, 12);
        expect(w.activity.map((a) => a.description)).toEqual(['grown']);
        expect(w.activity[0]?.timestamp).toBe(NOW - 600);
        // The growth sits in the first report's minute.
        const minute = Math.floor((NOW - 600) / 60) * 60;
        const s = await store.readSeries(minute, minute + 60, 60);
        expect(s.models).toEqual([expect.objectContaining({ t: minute, model: 'model-a', requests: 1, outputTokens: 50 })]);
        // The session saw the repeat: its last time and model follow it.
        expect(w.sessions[0]).toMatchObject({ sessionId: 's1', lastSeen: NOW - 30, model: 'model-b', requests: 1, outputTokens: 50 });
      });

      it('merges repeats within one batch, and keeps an unpriced request unpriced', async () => {
        const a = request({ requestId: 'm2', mergeMax: true, outputTokens: 5, costUsd: null, description: 'a' });
        const b = { ...a, outputTokens: 9, costUsd: 0.7, description: 'b' };
        const c = { ...a, outputTokens: 7, description: 'c' };
        expect(await store.ingest([a, b, c, request({ requestId: 'm2' })])).toEqual({ stored: 2, duplicates: 1, merged: 1 });
        const w = await read(1);
        expect(w.models[0]).toMatchObject({ requests: 2, outputTokens: 9 + 10, unpricedRequests: 1, costUsd: 0.5 });
        expect(w.activity.map((x) => x.description).sort()).toEqual(['API request to model-a: 100 in / 10 out', 'b']);
        expect(store.version).toBe(1);
      });

      it('stores nothing of a batch that fails part way, and consumes none of its ids', async () => {
        const seen: number[] = [];
        store.onCommit((events) => seen.push(events.length));
        const good = [request({ requestId: 'r-atomic' }), tool({ callId: 'c-atomic' }), request({ requestId: 'mm-atomic', mergeMax: true }), activity('kept?')];
        const broken = { ...task('y', 'running', NOW - 5), status: null } as never;
        await expect(store.ingest([...good, broken])).rejects.toThrow();
        // A bad cursor fails the batch too, events and all.
        const badCursor = { source: 'src', path: '/f', ino: '1:2', offset: null } as never;
        await expect(store.ingest(good, { cursors: [badCursor] })).rejects.toThrow();
        expect(store.version).toBe(0);
        expect(seen).toEqual([]);
        const w = await read(1);
        expect(w.activity).toEqual([]);
        expect(w.models).toEqual([]);
        expect(await store.readCursors?.('src')).toEqual([]);
        // Nothing was marked seen: the same events are new.
        expect(await store.ingest(good)).toEqual({ stored: 4, duplicates: 0 });
      });

      it('keeps strings as given: quotes, braces, backslashes, commas, "NULL", emoji', async () => {
        const odd = ['NULL', '{"a": [1, 2]}', 'back\\slash', 'comma, "quoted"', 'ünïcödé 🙂', ''];
        await store.ingest(odd.map((s, i) => ({ ...tool({ tool: `t${s}`, callId: s || null, sessionId: `s${s}` }), ts: NOW - 60 + i })));
        await store.ingest(odd.map((s, i) => activity(`d${s}`, NOW - 30 + i)));
        const w = await read(1);
        expect(w.tools.map((t) => t.tool).sort()).toEqual(odd.map((s) => `t${s}`).sort());
        expect(w.sessions.map((s) => s.sessionId).sort()).toEqual(odd.map((s) => `s${s}`).sort());
        expect(w.activity.slice(0, odd.length).map((a) => a.description)).toEqual(odd.map((s) => `d${s}`).reverse());
      });
    });

    describe('tasks', () => {
      it('the latest status by time wins whatever the arrival order, in one batch or several; fields keep the last value given', async () => {
        const events = [
          task('a', 'running', NOW - 300, { taskDescription: 'write tests', model: 'model-a' }),
          task('a', 'completed', NOW - 100, { costUsd: 1.25 }),
          task('a', 'pending', NOW - 400, { taskDescription: 'late description' }),
          task('b', 'failed', NOW - 50, { error: 'OOM' }),
          task('b', 'running', NOW - 200),
          task('b', 'running', NOW - 250),
        ];
        const expected = [
          { id: 'b', status: 'failed', description: null, model: null, cost_usd: null, error: 'OOM', created_at: NOW - 250, updated_at: NOW - 50, started_at: NOW - 250, ended_at: NOW - 50 },
          { id: 'a', status: 'completed', description: 'late description', model: 'model-a', cost_usd: 1.25, error: null, created_at: NOW - 400, updated_at: NOW - 100, started_at: NOW - 300, ended_at: NOW - 100 },
        ];
        await store.ingest(events);
        expect((await read(1)).recentTasks).toEqual(expected);
        const other = await open();
        try {
          for (const e of events) await other.ingest([e]);
          expect((await other.readWindow(windowOf(1))).recentTasks).toEqual(expected);
        } finally {
          await other.close();
        }
      });

      it('equal times: the later arrival wins', async () => {
        await store.ingest([task('x', 'running', NOW - 10), task('x', 'failed', NOW - 10)]);
        await store.ingest([task('y', 'failed', NOW - 10)]);
        await store.ingest([task('y', 'completed', NOW - 10)]);
        const tasks = (await read(1)).recentTasks;
        expect(tasks.map((t) => [t.id, t.status])).toEqual([
          ['x', 'failed'],
          ['y', 'completed'],
        ]);
      });

      it('counts, lists and marks stale tasks in a window', async () => {
        await store.ingest([
          task('old-running', 'running', NOW - 40 * 60),
          task('fresh-running', 'running', NOW - 60),
          task('done', 'completed', NOW - 30 * 60),
          task('waiting', 'pending', NOW - 20),
          task('ancient', 'running', NOW - 5 * H),
        ]);
        const w = await read(1, { staleBefore: NOW - 30 * 60, taskLimit: 3 });
        expect(w.taskCounts).toEqual({ pending: 1, running: 2, completed: 1, failed: 0 });
        expect(w.staleTasks).toBe(1);
        expect(w.recentTasks.map((t) => [t.id, t.stale])).toEqual([
          ['waiting', false],
          ['fresh-running', false],
          ['done', false],
        ]);
        expect((await read(1, { staleBefore: NOW - 30 * 60 })).recentTasks.at(-1)).toMatchObject({ id: 'old-running', stale: true });
        expect((await read(1)).recentTasks[0]).not.toHaveProperty('stale');
        expect((await read(1)).staleTasks).toBe(0);
        expect((await read(6, { staleBefore: NOW - 30 * 60 })).staleTasks).toBe(2);
      });

      it('listTasks filters by status or staleness, newest first, with a limit', async () => {
        expect(store.listTasks).toBeDefined();
        await store.ingest([
          task('r1', 'running', NOW - 3 * H),
          task('r2', 'running', NOW - 60),
          task('c1', 'completed', NOW - 2 * H),
          task('c2', 'completed', NOW - 10),
          task('p1', 'pending', NOW - 100 * H),
        ]);
        const list = (q: Parameters<NonNullable<Store['listTasks']>>[0]) => store.listTasks!(q).then((ts) => ts.map((t) => [t.id, t.stale]));
        const staleBefore = NOW - H;
        expect(await list({ limit: 10, staleBefore })).toEqual([
          ['c2', false],
          ['r2', false],
          ['c1', false],
          ['r1', true],
          ['p1', false],
        ]);
        expect(await list({ limit: 1, staleBefore, status: 'completed' })).toEqual([['c2', false]]);
        expect(await list({ limit: 10, staleBefore, status: 'running' })).toEqual([
          ['r2', false],
          ['r1', true],
        ]);
        expect(await list({ limit: 10, staleBefore, status: 'stale' })).toEqual([['r1', true]]);
        expect(await list({ limit: 10, staleBefore, status: 'failed' })).toEqual([]);
      });
    });

    describe('readWindow', () => {
      const fixture = (): StoredEvent[] => [
        // The last hour.
        request({ model: 'model-a', ts: NOW - 60, inputTokens: 1_000, outputTokens: 2_000, cacheCreationTokens: 4_000, cacheReadTokens: 10_000, costUsd: 0.25, sessionId: 'A', project: '/p/alpha' }),
        request({ model: 'model-b', ts: NOW - 600, inputTokens: 500, outputTokens: 100, costUsd: null, sessionId: 'A', project: '/p/other' }),
        tool({ tool: 'Read', ts: NOW - 59, sessionId: 'A' }),
        tool({ tool: 'Bash', ts: NOW - 30, sessionId: 'B', success: false }),
        apiError({ ts: NOW - 20, model: 'model-a' }),
        apiError({ ts: NOW - 20, model: null }),
        activity('deploy started', NOW - 10),
        // 5 hours ago.
        request({ model: 'model-a', ts: NOW - 5 * H, inputTokens: 7, outputTokens: 3, costUsd: 1.5, sessionId: 'B', project: '/p/beta' }),
        tool({ tool: 'Read', ts: NOW - 5 * H + 1, sessionId: 'B', success: false }),
        apiError({ ts: NOW - 5 * H }),
        // 30 hours ago, and older than a week.
        request({ model: 'model-c', ts: NOW - 30 * H, inputTokens: 1_000_000, outputTokens: 0, costUsd: 5, sessionId: 'C' }),
        request({ model: 'model-a', ts: NOW - 200 * H, inputTokens: 9, outputTokens: 9 }),
      ];
      beforeEach(async () => {
        await store.ingest(fixture());
      });

      it('totals per model and tool over the last hour', async () => {
        const w = await read(1);
        expect(byName(w.models)).toEqual({
          'model-a': { model: 'model-a', requests: 1, inputTokens: 1_000, outputTokens: 2_000, cacheCreationTokens: 4_000, cacheReadTokens: 10_000, reasoningTokens: 0, costUsd: 0.25, unpricedRequests: 0 },
          'model-b': { model: 'model-b', requests: 1, inputTokens: 500, outputTokens: 100, cacheCreationTokens: 0, cacheReadTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 1 },
        });
        expect(byName(w.tools)).toEqual({ Read: { tool: 'Read', calls: 1, failed: 0 }, Bash: { tool: 'Bash', calls: 1, failed: 1 } });
        expect(w.apiErrors).toBe(2);
      });

      it('longer windows add whole hours from the hourly rollup and edges from minutes', async () => {
        const six = await read(6);
        expect(byName(six.models)['model-a']).toMatchObject({ requests: 2, inputTokens: 1_007 });
        expect(byName(six.models)['model-a']?.costUsd).toBeCloseTo(1.75, 12);
        expect(byName(six.tools)).toEqual({ Read: { tool: 'Read', calls: 2, failed: 1 }, Bash: { tool: 'Bash', calls: 1, failed: 1 } });
        expect(six.apiErrors).toBe(3);
        const week = await read(168);
        expect(sum(week.models as never, 'requests')).toBe(4);
        expect(byName(week.models)['model-c']).toMatchObject({ requests: 1, inputTokens: 1_000_000, costUsd: 5 });
        // A window that starts and ends mid-hour, past the data: nothing.
        expect((await store.readWindow({ ...windowOf(1), since: NOW + 120, until: NOW + 3_000 })).models).toEqual([]);
      });

      it('sessions: count, most recent first with a limit, sums over the window, first project, latest model', async () => {
        const w = await read(1);
        expect(w.sessionCount).toBe(2);
        expect(w.sessions.map((s) => s.sessionId)).toEqual(['B', 'A']);
        const a = w.sessions[1];
        expect(a).toEqual({
          sessionId: 'A',
          agent: 'unknown',
          machine: MACHINE,
          project: '/p/alpha',
          model: 'model-a',
          firstSeen: NOW - 600,
          lastSeen: NOW - 59,
          requests: 2,
          inputTokens: 1_500,
          outputTokens: 2_100,
          cacheCreationTokens: 4_000,
          cacheReadTokens: 10_000,
          costUsd: 0.25,
          toolCalls: 1,
        });
        // B's request 5 h ago is outside the 1 h window; its tool call inside.
        expect(w.sessions[0]).toMatchObject({ requests: 0, toolCalls: 1, project: '/p/beta', firstSeen: NOW - 5 * H });
        expect((await read(1, { sessionLimit: 1 })).sessions.map((s) => s.sessionId)).toEqual(['B']);
        expect((await read(168)).sessionCount).toBe(3);
      });

      it('activity: newest first, API errors as activity lines, limited', async () => {
        const w = await read(1, { activityLimit: 4 });
        expect(w.activity).toEqual([
          { description: 'deploy started', timestamp: NOW - 10, type: 'activity' },
          { description: 'API error: overloaded', timestamp: NOW - 20, type: 'activity' },
          { description: 'API error: overloaded', timestamp: NOW - 20, type: 'activity' },
          { description: 'Tool call: Bash (failed)', timestamp: NOW - 30, type: 'tool_call' },
        ]);
        expect((await read(1)).activity).toHaveLength(7);
      });

      it('series in minute-based and hour-based buckets', async () => {
        const six = await read(6);
        expect(six.series.models.every((p) => p.t % 300 === 0)).toBe(true);
        expect(sum(six.series.models as never, 'requests')).toBe(3);
        expect(sum(six.series.tools as never, 'calls')).toBe(3);
        const opus = six.series.models.find((p) => p.costUsd === 1.5);
        expect(opus).toMatchObject({ t: Math.floor((NOW - 5 * H) / 300) * 300, model: 'model-a', requests: 1 });
        const week = await read(168);
        expect(week.series.models.every((p) => p.t % 7200 === 0)).toBe(true);
        expect(sum(week.series.models as never, 'inputTokens')).toBe(sum(week.models as never, 'inputTokens'));
        expect(week.series.models.map((p) => p.t)).toEqual([...week.series.models.map((p) => p.t)].sort((x, y) => x - y));
      });

      it('readSeries covers [from, to) in the given buckets', async () => {
        const from = Math.floor((NOW - 6 * H) / 60) * 60;
        const to = Math.floor(NOW / 60) * 60;
        const minutes = await store.readSeries(from, to, 60);
        expect(sum(minutes.models as never, 'requests')).toBe(3);
        // `to` is exclusive: the request at NOW-60 sits in the minute before `to`, the one of NOW-30 in `to`'s.
        const last = await store.readSeries(to - 60, to, 60);
        expect(last.models).toEqual([expect.objectContaining({ t: to - 60, model: 'model-a', requests: 1 })]);
        expect(last.tools).toEqual([{ t: to - 60, calls: 1 }]);
        const hours = await store.readSeries(Math.floor((NOW - 48 * H) / H) * H, Math.ceil(NOW / H) * H, 3600);
        expect(sum(hours.models as never, 'requests')).toBe(4);
        expect(hours.models.every((p) => p.t % 3600 === 0)).toBe(true);
        // Hours read from a from/to that are not whole hours: the edges come from minutes.
        const ragged = await store.readSeries(Math.floor((NOW - 5 * H - 60) / 60) * 60, to, 7200);
        expect(sum(ragged.models as never, 'requests')).toBe(3);
        expect(await store.readSeries(to + 60, to + 120, 60)).toEqual({ models: [], tools: [] });
      });
    });

    describe('cursors', () => {
      it('are saved with the batch, per source, the latest per file', async () => {
        expect(store.readCursors).toBeDefined();
        await store.ingest([activity('x')], { cursors: [{ source: 'claude', path: '/a', ino: '1:1', offset: 10 }] });
        await store.ingest([], {
          cursors: [
            { source: 'claude', path: '/a', ino: '1:1', offset: 20 },
            { source: 'claude', path: '/b', ino: '1:2', offset: 5_000_000_000 },
            { source: 'claude', path: '/a', ino: '1:9', offset: 30 },
            { source: 'other', path: '/a', ino: '2:1', offset: 1 },
          ],
        });
        const cursors = await store.readCursors!('claude');
        expect([...cursors].sort((x, y) => x.path.localeCompare(y.path))).toEqual([
          { source: 'claude', path: '/a', ino: '1:9', offset: 30 },
          { source: 'claude', path: '/b', ino: '1:2', offset: 5_000_000_000 },
        ]);
        expect(await store.readCursors!('other')).toEqual([{ source: 'other', path: '/a', ino: '2:1', offset: 1 }]);
        expect(await store.readCursors!('none')).toEqual([]);
        await store.ingest([], { cursors: [{ source: 'keyed', path: '/k', ino: '3:1', offset: 7, contentKey: '7:abc=' }] });
        expect(await store.readCursors!('keyed')).toEqual([{ source: 'keyed', path: '/k', ino: '3:1', offset: 7, contentKey: '7:abc=' }]);
      });
    });

    describe('names', () => {
      it(`keeps ${STORE_KEYS_LIMIT} distinct model and tool names apart; later names count as ${OTHER_KEY}`, async () => {
        // Two hours ago: a 6 h window reads them from the hourly rollup, a series of minutes from the minute one.
        const ts = NOW - 2 * H;
        const model = (name: string) => request({ model: name, inputTokens: 1, costUsd: 0.001, ts });
        const models = Array.from({ length: STORE_KEYS_LIMIT + 5 }, (_, i) => model(`model-${i}`));
        await store.ingest(models.slice(0, STORE_KEYS_LIMIT - 2));
        await store.ingest(models.slice(STORE_KEYS_LIMIT - 2));
        // A known name keeps its own row; a new one goes to OTHER_KEY.
        await store.ingest([model('model-0'), model('model-new')]);
        const minute = Math.floor(ts / 60) * 60;
        for (const rows of [(await read(6)).models, (await store.readSeries(minute, minute + 60, 60)).models]) {
          expect(rows).toHaveLength(STORE_KEYS_LIMIT + 1);
          expect(byName(rows)[OTHER_KEY]).toMatchObject({ requests: 6, inputTokens: 6 });
          expect(byName(rows)[OTHER_KEY]?.costUsd).toBeCloseTo(0.006, 12);
          expect(byName(rows)['model-0']).toMatchObject({ requests: 2 });
          expect(sum(rows as never, 'requests')).toBe(STORE_KEYS_LIMIT + 7);
        }
        // Per dimension: tool names have their own allowance.
        await store.ingest([tool({ tool: 'Read' }), apiError({ model: 'model-newer' })]);
        const w = await read(1);
        expect(w.tools).toEqual([{ tool: 'Read', calls: 1, failed: 0 }]);
        expect(w.apiErrors).toBe(1);
      });
    });

    describe('commits', () => {
      it('version increases with each commit that stored something; listeners get the stored events, from here', async () => {
        const calls: Array<{ events: readonly StoredEvent[]; origin: CommitOrigin }> = [];
        const off = store.onCommit((events, origin) => calls.push({ events, origin }));
        const r = request({ requestId: 'v1' });
        const t = tool({ tool: 'Edit' });
        expect(store.version).toBe(0);
        await store.ingest([r, r, t]);
        expect(store.version).toBe(1);
        // Stored under the store's machine, since they name none.
        expect(calls).toEqual([{ events: [r, t].map((e) => ({ ...e, machine: MACHINE })), origin: 'local' }]);
        // Only duplicates: no commit to speak of.
        await store.ingest([r]);
        expect(store.version).toBe(1);
        // A merge changes data: a commit with no new events.
        const m = request({ requestId: 'v2', mergeMax: true, outputTokens: 1 });
        await store.ingest([m]);
        await store.ingest([{ ...m, outputTokens: 2 }]);
        expect(store.version).toBe(3);
        expect(calls.map((c) => c.events.length)).toEqual([2, 1, 0]);
        off();
        await store.ingest([activity('after')]);
        expect(store.version).toBe(4);
        expect(calls).toHaveLength(3);
      });

      it('concurrent ingests all commit, each counted once', async () => {
        const batches = Array.from({ length: 20 }, (_, b) =>
          Array.from({ length: 50 }, (_, i) => request({ requestId: `c-${(b * 50 + i) % 700}`, sessionId: `s-${i % 7}`, model: `m-${i % 3}` })),
        );
        const results = await Promise.all(batches.map((events) => store.ingest(events)));
        expect(sum(results as never, 'stored')).toBe(700);
        expect(sum(results as never, 'duplicates')).toBe(300);
        expect(sum((await read(1)).models as never, 'requests')).toBe(700);
      });
    });

    describe('leases', () => {
      it('one holder at a time: acquire, renew, refuse others, expire, release', async () => {
        expect(store.acquireLease).toBeDefined();
        expect(store.releaseLease).toBeDefined();
        const acquire = store.acquireLease!.bind(store);
        expect(await acquire('folder', 'node-a', 0.5)).toBe(true);
        expect(await acquire('folder', 'node-b', 10)).toBe(false);
        expect(await acquire('folder', 'node-a', 0.5)).toBe(true);
        expect(await acquire('other-folder', 'node-b', 10)).toBe(true);
        await new Promise((r) => setTimeout(r, 700));
        // Expired: another holder takes over, and the first is refused.
        expect(await acquire('folder', 'node-b', 10)).toBe(true);
        expect(await acquire('folder', 'node-a', 10)).toBe(false);
        // Releasing someone else's lease does nothing; releasing one's own frees it.
        await store.releaseLease!('folder', 'node-a');
        expect(await acquire('folder', 'node-a', 10)).toBe(false);
        await store.releaseLease!('folder', 'node-b');
        expect(await acquire('folder', 'node-a', 10)).toBe(true);
        await store.releaseLease!('never-held', 'node-a');
      });
    });
  });
}

/** Every number of a window rounded to 9 significant digits (sums of costs may differ in the last bits between stores). */
export function rounded(w: WindowData | WindowData['series'] | unknown): unknown {
  return JSON.parse(JSON.stringify(w, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v)));
}
