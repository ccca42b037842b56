import { metricsSnapshot } from '@amiga/protocol';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ingest, startServer } from '../test-support/server.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Joins over a raw WebSocket that offers permessage-deflate; resolves with what was negotiated and the first snapshot's frame. */
async function firstUpdate(server: App): Promise<{ extensions: string; frame: string; wireBytes: number }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: true });
  try {
    return await new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send('40');
        else if (text.startsWith('40')) ws.send('42["subscribe",{"hours":1}]');
        else if (text.startsWith('42["metrics_update"')) {
          const raw = (ws as unknown as { _socket: { bytesRead: number } })._socket;
          resolve({ extensions: ws.extensions, frame: text, wireBytes: raw.bytesRead });
        }
      });
    });
  } finally {
    ws.terminate();
  }
}

describe('WebSocket compression (MONITORING_WS_COMPRESSION)', () => {
  it('is off by default: nothing is negotiated', async () => {
    app = await startServer();
    const { extensions } = await firstUpdate(app);
    expect(extensions).toBe('');
  });

  it('when on, deflates updates on the wire and they arrive intact', async () => {
    app = await startServer({ wsCompression: true });
    await ingest(
      app,
      Array.from({ length: 40 }, (_, i) => ({ type: 'tool_call' as const, tool: `Tool${i}`, session_id: `s${i % 8}`, project: '/work/compressed' })),
    );
    const { extensions, frame, wireBytes } = await firstUpdate(app);
    expect(extensions).toMatch(/permessage-deflate/);
    const [, snapshot] = JSON.parse(frame.slice(2)) as [string, unknown];
    expect(metricsSnapshot.parse(snapshot).overview.tools.total_calls).toBe(40);
    // Everything read on the connection (handshake included) is less than the snapshot alone.
    expect(wireBytes).toBeLessThan(Buffer.byteLength(frame));
  });
});
