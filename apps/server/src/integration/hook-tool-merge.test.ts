import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { claudeSession, postHook } from '../test-support/hooks.js';
import { startServer, waitFor } from '../test-support/server.js';
import { responseLines } from '../test-support/transcript-lines.js';

// The transcript's tool_use blocks and the PostToolUse / PostToolUseFailure hooks report the
// same calls (same tool_use_id): the real server with the real transcript source counts each once.
let app: App;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-merge-'));
  fs.mkdirSync(path.join(dir, '-home-dev-shop'));
  app = await startServer({ sources: ['claude'], claudeDirs: [dir], transcriptPollMs: 100 });
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = async () => (await (await fetch(`${app.url}/api/metrics/snapshot`)).json()) as MetricsSnapshot;

describe('tool calls from hooks and from the transcript', () => {
  it('are counted once, with the outcome the hook reported, whichever arrives first', async () => {
    const session = 'merge-1';
    const c = claudeSession(session);
    // The hook of one call arrives before the transcript line, the other's after.
    expect((await postHook(app, c.toolFailed('Bash', { command: 'npm test' }, 'toolu_first'))).status).toBe(200);
    const lines = responseLines({
      messageId: 'msg_1',
      requestId: 'req_1',
      model: 'claude-sonnet-4-5',
      sessionId: session,
      cwd: '/home/dev/shop',
      timestamp: new Date().toISOString(),
      input: 10,
      output: 20,
      tools: [
        { id: 'toolu_first', name: 'Bash' },
        { id: 'toolu_later', name: 'Bash' },
      ],
    });
    fs.writeFileSync(path.join(dir, '-home-dev-shop', `${session}.jsonl`), `${lines.join('\n')}\n`);
    await waitFor(async () => ((await snapshot()).overview.tools.by_type.Bash ?? 0) >= 2, 10_000, 'the transcript read');
    expect((await postHook(app, c.toolFailed('Bash', { command: 'npm run lint' }, 'toolu_later'))).status).toBe(200);
    await waitFor(async () => (await snapshot()).overview.tools.failed_calls === 2, 5_000, 'two failed calls');
    const s = await snapshot();
    expect(s.overview.tools.by_type.Bash).toBe(2);
    expect(s.overview.tools.total_calls).toBe(2);
    expect(s.sessions.list.find((x) => x.session_id === session)?.tool_calls).toBe(2);
  });
});
