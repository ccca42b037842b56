import { asObject, count, str, toSeconds } from '../json-value.js';

/**
 * A Gemini CLI model response's usage. Field meanings (chatRecordingService.ts,
 * `recordMessageTokens`, from the API's `usageMetadata`):
 * `input` = promptTokenCount (INCLUDES `cached`), `output` = candidatesTokenCount (EXCLUDES
 * `thoughts`), `cached` = cachedContentTokenCount, `thoughts` = thoughtsTokenCount,
 * `tool` = toolUsePromptTokenCount (tool results sent back as input, outside `input`),
 * `total` = totalTokenCount.
 */
export interface GeminiTokens {
  input: number;
  output: number;
  cached: number;
  thoughts: number;
  tool: number;
  total: number;
}

export interface GeminiUsageRecord extends GeminiTokens {
  kind: 'usage';
  /** `gemini:<session>:<message id>`; the same message read again (a rewrite, a re-appended line) has the same id. */
  id: string;
  message_id: string;
  /** Epoch seconds (the message's timestamp). */
  ts: number;
  session_id: string;
  model: string | null;
  /** The `<project_hash>` folder Gemini CLI files the session under. */
  project_hash: string | null;
}

export interface GeminiToolCallRecord {
  kind: 'tool_call';
  call_id: string;
  message_id: string;
  ts: number;
  session_id: string;
  project_hash: string | null;
  name: string;
  status: string;
  /** `success` → true; `error`, `cancelled` → false. */
  success: boolean;
}

export type GeminiRecord = GeminiUsageRecord | GeminiToolCallRecord;

export interface GeminiReaderOptions {
  /** Session id until the file names one (from the file name). */
  fallbackSessionId: string;
  /** The `<project_hash>` folder of the file, until the file names one. */
  projectHash?: string | null;
}

export interface GeminiReaderStats {
  messages: number;
  /** `gemini` messages that yielded nothing new (seen before unchanged, or no tokens yet). */
  unchanged: number;
  /** Usage records emitted again because a message's tokens changed after they were first read. */
  revised: number;
  ignored: number;
}

const TERMINAL = new Set(['success', 'error', 'cancelled']);

/**
 * Reads one Gemini CLI chat recording (`~/.gemini/tmp/<project_hash>/chats/session-*.json`),
 * stateful per file, in both formats upstream has written:
 *
 * - Whole document (`session-<time>-<id8>.json`, older releases): a `ConversationRecord`
 *   `{ sessionId, projectHash, startTime, lastUpdated, messages: MessageRecord[], kind? }`
 *   rewritten on every change. Feed each parsed version to `readDocument`.
 * - JSONL (`session-<time>-<id8>.jsonl`, current chatRecordingService.ts): a first metadata line
 *   `{ sessionId, projectHash, startTime, lastUpdated, kind }`, then lines that are each a
 *   `MessageRecord` (re-appended whole, same `id`, whenever it changes — tokens arriving,
 *   tool calls completing), `{ $set: { … } }` metadata updates (whose `messages` replaces the
 *   list), and `{ $rewindTo: <message id> }`. Feed each parsed line to `pushLine`.
 *
 * Either way a message is keyed by its `id`: usage is emitted the first time a `gemini` message
 * carries `tokens` (they are attached after the message is first written —
 * `recordMessageTokens` fills `tokens` on the last message or queues them for the next one), and
 * again, with the same id, only if they change. A tool call is emitted once its `status` is final
 * (`success`, `error`, `cancelled`). A rewind removes messages from the conversation, not the
 * requests already made: nothing is withdrawn.
 */
export class GeminiChatReader {
  #sessionId: string;
  #projectHash: string | null;
  #kind: string | null = null;
  /** Time of the newest metadata (`lastUpdated`, else `startTime`), for a message without its own. */
  #metaTs = 0;
  readonly #tokens = new Map<string, string>();
  readonly #calls = new Set<string>();
  readonly #stats: GeminiReaderStats = { messages: 0, unchanged: 0, revised: 0, ignored: 0 };

  constructor(options: GeminiReaderOptions) {
    this.#sessionId = options.fallbackSessionId;
    this.#projectHash = options.projectHash ?? null;
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  /** `main` or `subagent` when the file says. */
  get kind(): string | null {
    return this.#kind;
  }

  get stats(): Readonly<GeminiReaderStats> {
    return this.#stats;
  }

  /** Whole-document mode: one parsed version of the rewritten `.json` file. */
  readDocument(doc: unknown): GeminiRecord[] {
    const o = asObject(doc);
    if (!o) {
      this.#stats.ignored++;
      return [];
    }
    this.#meta(o);
    return Array.isArray(o.messages) ? o.messages.flatMap((m) => this.#message(m)) : [];
  }

  /** JSONL mode: one parsed line of the `.jsonl` file. */
  pushLine(line: unknown): GeminiRecord[] {
    const o = asObject(line);
    if (!o) {
      this.#stats.ignored++;
      return [];
    }
    if (typeof o.$rewindTo === 'string') return [];
    const set = asObject(o.$set);
    if (set) {
      this.#meta(set);
      return Array.isArray(set.messages) ? set.messages.flatMap((m) => this.#message(m)) : [];
    }
    if (typeof o.id === 'string') return this.#message(o);
    if (typeof o.sessionId === 'string') {
      this.#meta(o);
      return [];
    }
    this.#stats.ignored++;
    return [];
  }

  #meta(o: Record<string, unknown>): void {
    this.#sessionId = str(o.sessionId) ?? this.#sessionId;
    this.#projectHash = str(o.projectHash) ?? this.#projectHash;
    this.#kind = str(o.kind) ?? this.#kind;
    this.#metaTs = toSeconds(o.lastUpdated) ?? toSeconds(o.startTime) ?? this.#metaTs;
  }

  #message(value: unknown): GeminiRecord[] {
    const m = asObject(value);
    const id = str(m?.id);
    if (!m || !id) {
      this.#stats.ignored++;
      return [];
    }
    this.#stats.messages++;
    if (m.type !== 'gemini') return [];
    const ts = toSeconds(m.timestamp) ?? this.#metaTs;
    const out: GeminiRecord[] = [];
    const tokens = readTokens(m.tokens);
    if (tokens) {
      const key = `${tokens.input}/${tokens.output}/${tokens.cached}/${tokens.thoughts}/${tokens.tool}/${tokens.total}`;
      const seen = this.#tokens.get(id);
      if (seen !== key) {
        if (seen !== undefined) this.#stats.revised++;
        this.#tokens.set(id, key);
        out.push({
          kind: 'usage',
          id: `gemini:${this.#sessionId}:${id}`,
          message_id: id,
          ts,
          session_id: this.#sessionId,
          model: str(m.model) ?? null,
          project_hash: this.#projectHash,
          ...tokens,
        });
      }
    }
    if (Array.isArray(m.toolCalls)) {
      for (const call of m.toolCalls) {
        const c = asObject(call);
        const callId = str(c?.id);
        const status = str(c?.status);
        if (!c || !callId || !status || !TERMINAL.has(status) || this.#calls.has(callId)) continue;
        this.#calls.add(callId);
        out.push({
          kind: 'tool_call',
          call_id: callId,
          message_id: id,
          ts: toSeconds(c.timestamp) ?? ts,
          session_id: this.#sessionId,
          project_hash: this.#projectHash,
          name: str(c.name) ?? 'unknown',
          status,
          success: status === 'success',
        });
      }
    }
    if (out.length === 0) this.#stats.unchanged++;
    return out;
  }
}

/** A message's `tokens` (null until the response's usage arrives), or undefined. */
function readTokens(value: unknown): GeminiTokens | undefined {
  const t = asObject(value);
  if (!t) return undefined;
  const tokens = { input: count(t.input), output: count(t.output), cached: count(t.cached), thoughts: count(t.thoughts), tool: count(t.tool), total: count(t.total) };
  return tokens.input + tokens.output + tokens.thoughts + tokens.tool + tokens.total === 0 ? undefined : tokens;
}
