import type { HistoryChunk, MetricsDelta, MetricsSnapshot, TopicUpdate } from '@amiga/protocol';
import { formatUsd } from '../lib/format';

/** Longest detail shown for an event logged as JSON. */
export const DETAIL_LIMIT = 400;

const json = (payload: unknown): string => {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One line of the event log for an event received (large payloads summarised, others as JSON). */
export function describeEvent(event: string, payload: unknown): string {
  if (payload === undefined) return '';
  if (!isObject(payload)) return json(payload);
  switch (event) {
    case 'metrics_update': {
      const s = payload as MetricsSnapshot;
      const seq = s.seq === undefined ? '' : ` · seq ${s.seq}`;
      return `window ${s.window.hours}h · ${s.overview.claude_api.total_requests} requests · ${formatUsd(s.overview.costs.total_cost)}${seq}`;
    }
    case 'metrics_delta': {
      const d = payload as MetricsDelta;
      const paths = Object.keys(d.set);
      const shown = paths.slice(0, 4).join(' ');
      return `seq ${d.seq} ← ${d.base_seq} · ${paths.length} set, ${d.remove.length} removed${shown ? ` · ${shown}${paths.length > 4 ? ' …' : ''}` : ''}`;
    }
    case 'history_chunk': {
      const c = payload as HistoryChunk;
      return `${c.request_id} · chunk ${c.seq} · ${c.points.length} points${c.done ? ' · done' : ''}`;
    }
    case 'topic_update': {
      const u = payload as TopicUpdate;
      return `${u.topic} · seq ${u.seq}`;
    }
    default:
      return json(payload);
  }
}
