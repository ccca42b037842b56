/**
 * Generated Codex CLI rollouts and Gemini CLI chat recordings for bench:transcripts: realistic
 * line mixes (large tool outputs, encrypted reasoning, re-emitted token counts, rate limits;
 * Gemini messages with thoughts and tool calls), and the change each latency sample makes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config/config.js';

export interface BenchAgent {
  source: 'claude' | 'codex' | 'gemini';
  /** Where the files are (sized after generation). */
  dir: string;
  config: Partial<Config>;
  /** Writes about `bytes` of files; answers how many requests they hold (and how many fall in the last 24 h). */
  generate(bytes: number): { files: number; requests: number; requestsInWindow?: number };
  /** Makes one more request appear on disk (sample `i`). */
  change(i: number): void;
}

export function claudeBench(a: Omit<BenchAgent, 'source'>): BenchAgent {
  return { source: 'claude', ...a };
}

let seed = 7;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const filler = 'const value = compute(input); // lorem ipsum dolor sit amet, consectetur adipiscing elit\n'.repeat(400);
const text = (n: number) => filler.slice(0, n);
const uuid = (n: number) => `01970000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

interface Usage { input_tokens: number; cached_input_tokens: number; output_tokens: number; reasoning_output_tokens: number; total_tokens: number }
const add = (a: Usage, b: Usage): Usage => ({
  input_tokens: a.input_tokens + b.input_tokens,
  cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
  output_tokens: a.output_tokens + b.output_tokens,
  reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  total_tokens: a.total_tokens + b.total_tokens,
});
const line = (ts: number, type: string, payload: unknown) => JSON.stringify({ timestamp: new Date(ts).toISOString(), type, payload });
const tokenCount = (ts: number, total: Usage, last: Usage) =>
  line(ts, 'event_msg', {
    type: 'token_count',
    info: { total_token_usage: total, last_token_usage: last, model_context_window: 272_000 },
    rate_limits: { primary: { used_percent: int(1, 90), window_minutes: 300, resets_at: Math.floor(ts / 1000) + 3600 }, secondary: { used_percent: int(1, 50), window_minutes: 10_080, resets_at: Math.floor(ts / 1000) + 86_400 }, plan_type: 'plus' },
  });
const request = (): Usage => {
  const input = int(8_000, 120_000);
  const output = int(100, 3000);
  return { input_tokens: input, cached_input_tokens: Math.floor(input * 0.8), output_tokens: output, reasoning_output_tokens: Math.floor(output / 3), total_tokens: input + output };
};

/** Codex rollouts under `<dir>/.codex/sessions/YYYY/MM/DD/`, each request a reasoning item, a tool call and its output, a token_count and a re-emit. */
export function codexBench(dir: string): BenchAgent {
  const home = path.join(dir, '.codex');
  let target = '';
  let totals: Usage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  let clock = 0;
  return {
    source: 'codex',
    dir,
    config: { codexDirs: [home] },
    generate(bytes) {
      let written = 0;
      let files = 0;
      let requests = 0;
      const start = Date.now() - 20 * 3600_000;
      for (let f = 0; written < bytes; f++) {
        const id = uuid(f + 1);
        let ts = start + f * 60_000;
        const day = new Date(ts).toISOString().slice(0, 10).split('-');
        const file = path.join(home, 'sessions', ...day, `rollout-${new Date(ts).toISOString().slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const parts = [
          line(ts, 'session_meta', { id, timestamp: new Date(ts).toISOString(), cwd: `/home/bench/p${f % 20}`, cli_version: '0.130.0', source: 'cli' }) + '\n',
          line(ts, 'turn_context', { model: f % 3 === 0 ? 'gpt-5.1-codex-mini' : 'gpt-5-codex', cwd: `/home/bench/p${f % 20}` }) + '\n',
        ];
        let size = 0;
        let sum: Usage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
        const fileTarget = int(1, 12) * 1024 * 1024;
        for (let r = 0; size < fileTarget; r++) {
          ts += 50;
          const call = `call_${f}_${r}`;
          const u = request();
          sum = add(sum, u);
          const chunk = [
            r % 8 === 0 ? line(ts, 'event_msg', { type: 'user_message', message: text(int(50, 2000)), images: null }) : undefined,
            line(ts, 'response_item', { type: 'reasoning', id: `rs_${f}_${r}`, summary: [], encrypted_content: 'gAAAA'.repeat(int(50, 400)) }),
            line(ts, 'response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', 'rg -n value src'] }), call_id: call }),
            tokenCount(ts, sum, u),
            tokenCount(ts + 1, sum, u),
            line(ts, 'response_item', { type: 'function_call_output', call_id: call, output: JSON.stringify({ output: text(int(200, 12_000)), metadata: { exit_code: r % 9 === 0 ? 1 : 0, duration_seconds: 0.4 } }) }),
          ].filter((l) => l !== undefined).join('\n') + '\n';
          parts.push(chunk);
          size += chunk.length;
          requests += 1;
        }
        fs.writeFileSync(file, parts.join(''));
        if (f === 0) {
          target = file;
          totals = sum;
          clock = ts;
        }
        written += size;
        files += 1;
      }
      return { files, requests, requestsInWindow: requests };
    },
    change(i) {
      const u = request();
      totals = add(totals, u);
      clock = Math.max(clock + 1000, Date.now());
      fs.appendFileSync(target, [line(clock, 'response_item', { type: 'reasoning', id: `rs_live_${i}`, summary: [] }), tokenCount(clock, totals, u)].join('\n') + '\n');
    },
  };
}

interface GeminiDoc { sessionId: string; projectHash: string; startTime: string; lastUpdated: string; messages: unknown[] }

/** Gemini recordings under `<dir>/.gemini/tmp/<hash>/chats/`: half whole documents (rewritten on each message), half JSON Lines. */
export function geminiBench(dir: string): BenchAgent {
  const tmp = path.join(dir, '.gemini', 'tmp');
  let target = '';
  let targetDoc: GeminiDoc | undefined;
  const message = (id: string, ts: number, model: string) => {
    const input = int(8_000, 150_000);
    const cached = Math.floor(input * 0.7);
    const output = int(100, 3000);
    const thoughts = int(0, 1500);
    return {
      id,
      timestamp: new Date(ts).toISOString(),
      type: 'gemini',
      content: text(int(200, 6000)),
      model,
      thoughts: [{ subject: 'plan', description: text(int(50, 600)), timestamp: new Date(ts).toISOString() }],
      tokens: { input, output, cached, thoughts, tool: 0, total: input + output + thoughts },
      toolCalls: [{ id: `${id}-t`, name: 'read_file', args: { path: 'src/a.ts' }, status: ts % 7 === 0 ? 'error' : 'success', result: [{ functionResponse: { id: `${id}-t`, name: 'read_file', response: { output: text(int(200, 10_000)) } } }], timestamp: new Date(ts).toISOString() }],
    };
  };
  return {
    source: 'gemini',
    dir,
    config: { geminiDirs: [tmp] },
    generate(bytes) {
      let written = 0;
      let files = 0;
      let requests = 0;
      const start = Date.now() - 20 * 3600_000;
      for (let f = 0; written < bytes; f++) {
        const hash = (f % 10).toString(16).repeat(64);
        const sessionId = `${uuid(f + 1).slice(0, 8)}-1111-4222-8333-${f.toString().padStart(12, '0')}`;
        let ts = start + f * 60_000;
        const stamp = new Date(ts).toISOString().slice(0, 16).replace(':', '-');
        const jsonl = f % 2 === 1;
        const file = path.join(tmp, hash, 'chats', `session-${stamp}-${sessionId.slice(0, 8)}.${jsonl ? 'jsonl' : 'json'}`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const messages: unknown[] = [];
        const fileTarget = int(1, 6) * 1024 * 1024;
        let size = 0;
        for (let m = 0; size < fileTarget; m++) {
          ts += 100;
          const user = { id: `u${m}`, timestamp: new Date(ts).toISOString(), type: 'user', content: [{ text: text(int(20, 1500)) }] };
          const reply = message(`g${m}`, ts + 50, m % 4 === 0 ? 'gemini-2.5-flash' : 'gemini-2.5-pro');
          messages.push(user, reply);
          size += JSON.stringify(user).length + JSON.stringify(reply).length;
          requests += 1;
        }
        const meta = { sessionId, projectHash: hash, startTime: new Date(start + f * 60_000).toISOString(), lastUpdated: new Date(ts).toISOString() };
        if (jsonl) fs.writeFileSync(file, [JSON.stringify({ ...meta, kind: 'main' }), ...messages.map((m) => JSON.stringify(m))].join('\n') + '\n');
        else {
          const doc: GeminiDoc = { ...meta, messages };
          fs.writeFileSync(file, JSON.stringify(doc, null, 2));
          if (!targetDoc) {
            target = file;
            targetDoc = doc;
          }
        }
        written += size;
        files += 1;
      }
      return { files, requests, requestsInWindow: requests };
    },
    change(i) {
      const doc = targetDoc as GeminiDoc;
      const now = Date.now();
      doc.messages.push({ id: `live-u${i}`, timestamp: new Date(now).toISOString(), type: 'user', content: [{ text: 'and now?' }] }, message(`live-g${i}`, now, 'gemini-2.5-pro'));
      doc.lastUpdated = new Date(now).toISOString();
      fs.writeFileSync(target, JSON.stringify(doc, null, 2));
    },
  };
}
