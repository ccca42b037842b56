import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { testConfig } from '../../config/config.js';
import { responseLines } from '../../test-support/transcript-lines.js';

let app: App | undefined;
let socket: Socket | undefined;
let tmp: string | undefined;
afterEach(async () => {
  socket?.close();
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const line = (i: number) =>
  responseLines({
    sessionId: 'live', cwd: '/home/dev/live', timestamp: new Date().toISOString(), messageId: `msg_${i}`, requestId: `req_${i}`,
    model: 'claude-sonnet-4-5-20250929', input: 10, output: 20, tools: [{ id: `toolu_${i}`, name: 'Read' }],
  }).join('\n') + '\n';

describe('claude source in a server', () => {
  it('pushes a line appended to a transcript to a subscribed dashboard within a second', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-live-'));
    const file = path.join(tmp, 'projects', '-home-dev-live', 'live.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, line(0));
    // MONITORING_CLAUDE_DIR given as the config folder that holds projects/.
    app = createApp({ config: testConfig({ sources: ['claude'], claudeDirs: [tmp], transcriptPollMs: 400 }) });
    await app.listen();

    const updates: MetricsSnapshot[] = [];
    socket = connect(app.url, { transports: ['websocket'] });
    socket.on('metrics_update', (s: MetricsSnapshot) => updates.push(s));
    socket.emit('subscribe', { hours: 1, update_interval: 1 });
    await expect.poll(() => updates.length).toBeGreaterThan(0);
    expect(updates[0]?.sources).toEqual(['ingest', 'claude']);
    expect(updates[0]?.overview.claude_api.total_requests).toBe(1);

    await new Promise((r) => setTimeout(r, 1100));
    const appendedAt = Date.now();
    fs.appendFileSync(file, line(1));
    await expect.poll(() => updates.at(-1)?.overview.claude_api.total_requests, { timeout: 2000, interval: 10 }).toBe(2);
    expect(Date.now() - appendedAt).toBeLessThan(1000);

    const status = (await (await fetch(`${app.url}/api/sources`)).json()) as { sources: Array<{ name: string; live: boolean; status?: Record<string, unknown> }> };
    expect(status.sources.find((s) => s.name === 'claude')).toMatchObject({ live: true, status: { files: 1, lines: { seen: 2, parsed: 2, ignored: 0, broken: 0 } } });
  });
});
