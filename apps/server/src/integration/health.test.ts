import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../test-support/server.js';

describe('health', () => {
  it('a missing transcript folder reports degraded health naming it, and recovers when the folder appears', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-health-')), 'claude-home', 'projects');
    const app = await startServer({ sources: ['claude'], claudeDirs: [dir] });
    try {
      const before = (await (await fetch(`${app.url}/api/health`)).json()) as { status: string; problems?: Record<string, string> };
      expect(before.status).toBe('degraded');
      expect(before.problems?.['source:claude']).toContain(dir);
      fs.mkdirSync(dir, { recursive: true });
      const after = (await (await fetch(`${app.url}/api/health`)).json()) as { status: string };
      expect(after.status).toBe('ok');
    } finally {
      await app.close();
    }
  });
});
