import { asObject, str, toSeconds } from '../json-value.js';
import { readRateLimits, type CodexRateLimits } from './rate-limits.js';
import { isEmpty, isMonotonic, readTokens, subtract, vectorKey, type CodexTokens } from './token-usage.js';
import { readExecEnd, readToolCall, readToolOutput, type CodexCallType } from './tool-calls.js';

/**
 * One model request's usage, with Codex's own semantics: `input_tokens` includes
 * `cached_input_tokens` and `output_tokens` includes `reasoning_output_tokens` (see token-usage.ts).
 */
export interface CodexUsageRecord extends CodexTokens {
  kind: 'usage';
  /** Stable across re-reads of the file: session, reset epoch and the running totals after the request. */
  id: string;
  /** Epoch seconds. */
  ts: number;
  session_id: string;
  /** From the latest `turn_context` (or the event itself); null when the rollout names none. */
  model: string | null;
  /** The session's working directory (session_meta, then turn_context). */
  project: string | null;
}

export interface CodexToolCallRecord {
  kind: 'tool_call';
  call_id: string;
  ts: number;
  session_id: string;
  project: string | null;
  name: string;
  call_type: CodexCallType;
}

export interface CodexToolResultRecord {
  kind: 'tool_result';
  call_id: string;
  ts: number;
  session_id: string;
  success: boolean | null;
  exit_code: number | null;
}

export interface CodexRateLimitRecord extends CodexRateLimits {
  kind: 'rate_limits';
  ts: number;
  session_id: string;
}

export type CodexRecord = CodexUsageRecord | CodexToolCallRecord | CodexToolResultRecord | CodexRateLimitRecord;

export interface CodexReaderOptions {
  /** Session id until a `session_meta` line names one (the uuid of the rollout file name). */
  fallbackSessionId: string;
  /** Model for usage before any `turn_context` names one (rollouts older than turn_context). Default null. */
  fallbackModel?: string | null;
}

export interface CodexReaderStats {
  lines: number;
  /** Lines that are not a rollout line (no `type`), or of a type this reader does not use. */
  ignored: number;
  tokenCounts: number;
  /** token_count events whose running totals did not move (UI and rate-limit refreshes). */
  refreshes: number;
  /** token_count events with `info: null` (rate limits only, or nothing known yet). */
  withoutInfo: number;
  /** token_count events copied from the parent thread at the start of a forked or subagent rollout. */
  replayed: number;
  /** Times the running totals went down (a resumed session restarting its counters, a context-window marker). */
  resets: number;
}

/**
 * A replayed prefix is written in one burst when the child thread is created; its own first
 * model output comes after at least a model round trip. One second separates the two.
 */
const REPLAY_BURST_SECONDS = 1;

/**
 * Reads one Codex CLI rollout file (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl`),
 * fed one parsed JSON line at a time, in file order, from the first line.
 *
 * Line shape (codex-rs rollout recorder, `RolloutLine`): `{ timestamp, type, payload }` with
 * `type` one of `session_meta`, `response_item`, `event_msg`, `turn_context`, `compacted`.
 *
 * Usage comes from `event_msg` payloads of type `token_count` (`TokenCountEvent { info, rate_limits }`,
 * `info: TokenUsageInfo { total_token_usage, last_token_usage, model_context_window } | null`).
 * Each request is the growth of the running `total_token_usage`, not `last_token_usage`:
 * - Codex re-emits token_count with unchanged totals (UI and rate-limit refreshes) while keeping
 *   the same `last_token_usage`; summing `last_token_usage` counts those again (ccusage #876,
 *   #884, #1288). An event whose totals did not grow yields nothing.
 * - When totals go down (a resumed session restarting its counters; upstream's
 *   `fill_to_context_window`, which writes `{ total_tokens: window }` and zeros), the event's
 *   `last_token_usage` is the request and the new totals become the baseline.
 * - The first event of a file is its `last_token_usage`: a forked thread's totals start from the
 *   parent's.
 *
 * Forked and subagent rollouts (first session_meta with `forked_from_id`, `parent_thread_id`, or
 * `source.subagent.thread_spawn.parent_thread_id`) begin by replaying the parent's history,
 * token_count events included (codex-rs/core/src/agent/control/spawn.rs,
 * `keep_forked_rollout_item` keeps every `EventMsg` and `SessionMeta`). Those events are the
 * parent's requests, already counted from the parent's file: they set the baseline and yield
 * nothing. The replay ends at the child's first own model output — a reasoning item, a tool call
 * or a tool output (kinds the fork filter never copies) written more than a second after the
 * child's session_meta. A token_count stamped before the child's session_meta is always replay
 * (writers that keep the original timestamps).
 */
export class CodexRolloutReader {
  readonly #fallbackModel: string | null;
  #sessionId: string;
  #parentSessionId: string | null = null;
  #subagent = false;
  /** Subagent links read from the session_meta lines a replay copies (thread id → the thread that spawned it). */
  readonly #spawnedBy = new Map<string, string>();
  #metaTs: number | null = null;
  #sawMeta = false;
  #inReplay = false;
  #ownActivity = false;
  #project: string | null = null;
  #model: string | null = null;
  #lastTs = 0;
  #totals: CodexTokens | null = null;
  #epoch = 0;
  #rateLimits: CodexRateLimitRecord | null = null;
  readonly #stats: CodexReaderStats = { lines: 0, ignored: 0, tokenCounts: 0, refreshes: 0, withoutInfo: 0, replayed: 0, resets: 0 };

  constructor(options: CodexReaderOptions) {
    this.#sessionId = options.fallbackSessionId;
    this.#fallbackModel = options.fallbackModel ?? null;
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  /** The thread this one was forked or spawned from, when the rollout says. */
  get parentSessionId(): string | null {
    return this.#parentSessionId;
  }

  /**
   * True when the rollout is a subagent thread spawned by its parent (`source.subagent.thread_spawn`
   * or `parent_thread_id`), whose requests belong to the parent's session; false for a session of
   * its own, a fork (`forked_from_id`) included.
   */
  get isSubagent(): boolean {
    return this.#subagent;
  }

  /**
   * The session a subagent's requests count in: the root of its spawn chain. A subagent spawned by
   * a subagent replays its parent's history, the parent's own session_meta (which names the
   * grandparent) included, so the chain is read from this file alone. Null for a thread that is not
   * a subagent.
   */
  get rootSessionId(): string | null {
    if (!this.#subagent || this.#parentSessionId === null) return null;
    let root = this.#parentSessionId;
    const seen = new Set([this.#sessionId, root]);
    for (let next = this.#spawnedBy.get(root); next !== undefined && !seen.has(next); next = this.#spawnedBy.get(root)) {
      seen.add(next);
      root = next;
    }
    return root;
  }

  /** True while the lines read are a replay of the parent's history (a fork's or subagent's head). */
  get inReplay(): boolean {
    return this.#inReplay;
  }

  /** The session's working directory, when a line has said. */
  get project(): string | null {
    return this.#project;
  }

  /** The newest rate-limit reading of this file, or null. */
  get rateLimits(): CodexRateLimitRecord | null {
    return this.#rateLimits;
  }

  get stats(): Readonly<CodexReaderStats> {
    return this.#stats;
  }

  /** Feeds one parsed line; answers the records it yields (often none). */
  push(line: unknown): CodexRecord[] {
    this.#stats.lines++;
    const o = asObject(line);
    const payload = asObject(o?.payload);
    if (!o || !payload) {
      this.#stats.ignored++;
      return [];
    }
    const lineTs = toSeconds(o.timestamp);
    if (lineTs !== undefined) this.#lastTs = lineTs;
    const ts = lineTs ?? this.#lastTs;
    switch (o.type) {
      case 'session_meta':
        this.#sessionMeta(payload, lineTs);
        return [];
      case 'turn_context':
        this.#model = str(payload.model) ?? this.#model;
        this.#project = str(payload.cwd) ?? this.#project;
        return [];
      case 'response_item':
        return this.#responseItem(payload, ts, lineTs);
      case 'event_msg':
        return this.#eventMsg(payload, ts, lineTs);
      default:
        // `compacted` carries a summary of history, no usage.
        this.#stats.ignored++;
        return [];
    }
  }

  #sessionMeta(payload: Record<string, unknown>, lineTs: number | undefined): void {
    const id = str(payload.id);
    const spawn = asObject(asObject(asObject(payload.source)?.subagent)?.thread_spawn);
    const parent = str(payload.parent_thread_id) ?? str(spawn?.parent_thread_id);
    if (!this.#sawMeta) {
      this.#sawMeta = true;
      if (id) this.#sessionId = id;
      this.#project = str(payload.cwd) ?? this.#project;
      this.#metaTs = toSeconds(payload.timestamp) ?? lineTs ?? null;
      this.#subagent = parent !== undefined;
      this.#parentSessionId = parent ?? str(payload.forked_from_id) ?? null;
      this.#inReplay = this.#parentSessionId !== null;
      return;
    }
    // A second session_meta is the parent's (or an ancestor's), copied at the head of a fork's replay.
    if (id && id !== this.#sessionId && !this.#ownActivity && parent !== undefined && parent !== id) this.#spawnedBy.set(id, parent);
    if (id && id !== this.#sessionId && !this.#ownActivity) {
      this.#inReplay = true;
      this.#parentSessionId ??= id;
    }
  }

  #responseItem(payload: Record<string, unknown>, ts: number, lineTs: number | undefined): CodexRecord[] {
    if (this.#inReplay && isOwnOutput(payload) && this.#afterBurst(lineTs)) this.#inReplay = false;
    if (this.#inReplay) return [];
    if (isOwnOutput(payload)) this.#ownActivity = true;
    const call = readToolCall(payload);
    if (call) return [{ kind: 'tool_call', ts, session_id: this.#sessionId, project: this.#project, ...call }];
    const output = readToolOutput(payload);
    if (output) return [{ kind: 'tool_result', ts, session_id: this.#sessionId, ...output }];
    return [];
  }

  #eventMsg(payload: Record<string, unknown>, ts: number, lineTs: number | undefined): CodexRecord[] {
    if (payload.type === 'exec_command_end') {
      const end = this.#inReplay ? undefined : readExecEnd(payload);
      return end ? [{ kind: 'tool_result', ts, session_id: this.#sessionId, ...end }] : [];
    }
    if (payload.type !== 'token_count') return [];
    this.#stats.tokenCounts++;
    const replay = this.#inReplay || (this.#parentSessionId !== null && lineTs !== undefined && this.#metaTs !== null && lineTs < this.#metaTs);
    const out: CodexRecord[] = [];
    // A reading stamped after the replay burst is the child's own, even before its first request.
    if (!replay || this.#afterBurst(lineTs)) {
      const limits = readRateLimits(payload.rate_limits, ts);
      if (limits) {
        this.#rateLimits = { kind: 'rate_limits', ts, session_id: this.#sessionId, ...limits };
        out.push(this.#rateLimits);
      }
    }
    const info = asObject(payload.info);
    // The oldest rollouts wrote the TokenUsage itself as the payload (no `info` wrapper).
    const total = readTokens(info?.total_token_usage);
    const last = readTokens(info ? info.last_token_usage : payload);
    if (!total && !last) {
      this.#stats.withoutInfo++;
      return out;
    }
    if (replay) {
      this.#stats.replayed++;
      if (total) this.#advance(total);
      return out;
    }
    const usage = this.#requestUsage(total, last);
    if (!usage || isEmpty(usage)) {
      this.#stats.refreshes++;
      return out;
    }
    out.push({
      kind: 'usage',
      // Oldest format (no running totals): only the line's position tells two equal requests apart.
      id: total ? `codex:${this.#sessionId}:${this.#epoch}:${vectorKey(total)}` : `codex:${this.#sessionId}:line${this.#stats.lines}`,
      ts,
      session_id: this.#sessionId,
      model: this.#model ?? str(info?.model) ?? str(payload.model) ?? this.#fallbackModel,
      project: this.#project,
      ...usage,
    });
    return out;
  }

  /** The request one token_count stands for, or undefined when its totals did not grow. */
  #requestUsage(total: CodexTokens | undefined, last: CodexTokens | undefined): CodexTokens | undefined {
    if (!total) return last; // no running totals: per-request usage as written (oldest format)
    const prev = this.#totals;
    this.#advance(total);
    if (!prev) return last ?? total;
    if (isMonotonic(prev, total)) return subtract(total, prev);
    return last ?? total;
  }

  #advance(total: CodexTokens): void {
    if (this.#totals && !isMonotonic(this.#totals, total)) {
      this.#epoch++;
      this.#stats.resets++;
    }
    this.#totals = total;
  }

  #afterBurst(lineTs: number | undefined): boolean {
    return lineTs === undefined || this.#metaTs === null || lineTs > this.#metaTs + REPLAY_BURST_SECONDS;
  }
}

/** Kinds of response item that only a model request of this thread writes: a fork's replay never copies them. */
function isOwnOutput(payload: Record<string, unknown>): boolean {
  switch (payload.type) {
    case 'reasoning':
    case 'function_call':
    case 'function_call_output':
    case 'custom_tool_call':
    case 'custom_tool_call_output':
    case 'local_shell_call':
    case 'web_search_call':
      return true;
    default:
      return false;
  }
}
