import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metricsSnapshot } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig } from '../config/config.js';

let app: App | undefined;
let tmp: string | undefined;
afterEach(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const usage = (input: number) => ({ input_tokens: input, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: input + 10 });
const jsonl = (...lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** A rollout whose token_count lines carry the plan's rate limits, as Codex CLI writes them (RateLimitSnapshot). */
function rollout(dir: string, session: string, at: Date, primaryPercent: number, secondaryPercent: number): void {
  const file = path.join(dir, 'sessions', '2026', '12', '02', `rollout-2026-12-02T10-00-00-${session}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ts = at.toISOString();
  const resets = Math.floor(Date.now() / 1000) + 3600;
  fs.writeFileSync(
    file,
    jsonl(
      { timestamp: ts, type: 'session_meta', payload: { id: session, timestamp: ts, cwd: '/home/dev/limits' } },
      { timestamp: ts, type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/home/dev/limits' } },
      {
        timestamp: ts,
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: { total_token_usage: usage(1000), last_token_usage: usage(1000) },
          rate_limits: {
            primary: { used_percent: primaryPercent, window_minutes: 300, resets_at: resets },
            secondary: { used_percent: secondaryPercent, window_minutes: 10080, resets_at: resets + 86_400 },
            plan_type: 'plus',
          },
        },
      },
    ),
  );
}

describe('Codex rate limits in the snapshot', () => {
  it('the newest token_count reading across sessions is the codex 5h and 7d limit', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-codex-limits-'));
    const home = path.join(tmp, '.codex');
    const now = Date.now();
    rollout(home, '01970000-0000-7000-8000-00000000aaa1', new Date(now - 120_000), 12, 30);
    rollout(home, '01970000-0000-7000-8000-00000000aaa2', new Date(now - 60_000), 47, 61);
    app = createApp({ config: testConfig({ sources: ['codex'], codexHomes: [home], transcriptPollMs: 100 }) });
    await app.listen();
    const limits = async () => metricsSnapshot.parse(await (await fetch(`${app!.url}/api/metrics/snapshot?hours=1`)).json()).limits ?? [];
    await expect.poll(async () => (await limits()).filter((l) => l.agent === 'codex').length, { timeout: 5000 }).toBe(2);
    const byWindow = new Map((await limits()).filter((l) => l.agent === 'codex').map((l) => [l.window, l.used_percent]));
    expect(byWindow).toEqual(new Map([['5h', 47], ['7d', 61]]));
  });
});
