import type { Handler } from '../http/route.js';
import type { Source } from './source.js';

/** `GET /api/sources`: each configured source, whether it is live, and what it reports (files, skipped lines, …). */
export function sourcesHandler(sources: readonly Source[], live: readonly string[]): Handler {
  return (_req, res) => {
    res.json({
      sources: [
        { name: 'ingest', live: true },
        ...sources.map((s) => ({ name: s.name, live: live.includes(s.name), ...(s.status ? { status: s.status() } : {}) })),
      ],
    });
  };
}
