import { ingestBody, otlpLogsRequest } from '@amiga/protocol';
import { eventsFromLogs, type LogsResult } from '../sources/otlp/logs.js';
import type { IngestResult } from '../store/store.js';
import { describeIngestError, describeOtlpError } from './describe-error.js';
import type { Endpoint } from './ingest-service.js';
import { normalizeEvent } from './normalize.js';

/** The write endpoints (see IngestService.accept); the ones to come (hooks, status line, forwarder) go here too. */

/** `POST /api/events` (see ingestBody). */
export const INGEST_API: Endpoint<typeof ingestBody, { accepted: number }> = {
  via: 'api',
  schema: ingestBody,
  describe: describeIngestError,
  count: (body) => (Array.isArray(body) ? body.length : 1),
  build: (data, { now, prices }) => {
    const events = (Array.isArray(data) ? data : [data]).map((e) => normalizeEvent(e, { now, prices }));
    return { events, value: () => ({ accepted: events.length }) };
  },
};

/** `POST /v1/logs` (see eventsFromLogs). */
export const OTLP_LOGS: Endpoint<typeof otlpLogsRequest, { logs: LogsResult; stored: IngestResult }> = {
  via: 'otlp',
  schema: otlpLogsRequest,
  describe: describeOtlpError,
  build: (data, { now, prices }) => {
    const logs = eventsFromLogs(data, now, prices);
    return { events: logs.events, refused: logs.rejected, value: (stored) => ({ logs, stored }) };
  },
};
