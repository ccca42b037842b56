import { pointCost } from '../lib/series';
import { countOut, send, type BenchSocket } from './socket';
import { useBench } from './store';

const set = useBench.setState;

let counter = 0;
/** The acknowledgement of the last chunk, while it waits for a manual ack. */
let pendingAck: { seq: number; ack: () => void } | null = null;
let autoAck = true;

/** `request_history`: the chunks that follow are counted, and acknowledged (at once, or by hand). */
export function requestHistory(from: number, to: number, bucket: number): void {
  const requestId = `bench-${++counter}`;
  const run = { requestId, from, to, bucket, chunks: 0, points: 0, requests: 0, toolCalls: 0, cost: 0, done: false, awaitingAck: null, startedAt: performance.now(), elapsedMs: null };
  if (send('request_history', { from, to, bucket, request_id: requestId })) set({ history: run });
}

export function setAutoAck(on: boolean): void {
  autoAck = on;
  if (on) ackChunk();
}

export const isAutoAck = (): boolean => autoAck;

/** Acknowledges the chunk waiting, which lets the server send the next. */
export function ackChunk(): void {
  const pending = pendingAck;
  if (!pending) return;
  pendingAck = null;
  pending.ack();
  countOut('ack', `history_chunk ${pending.seq}`);
  set((st) => ({ history: st.history && { ...st.history, awaitingAck: null } }));
}

export function attachHistory(s: BenchSocket): void {
  s.on('history_chunk', (chunk, ack) => {
    set((st) => {
      const run = st.history;
      if (!run || run.requestId !== chunk.request_id) return {};
      return {
        history: {
          ...run,
          chunks: run.chunks + 1,
          points: run.points + chunk.points.length,
          requests: run.requests + chunk.points.reduce((n, p) => n + p.requests, 0),
          toolCalls: run.toolCalls + chunk.points.reduce((n, p) => n + p.tool_calls, 0),
          cost: run.cost + chunk.points.reduce((n, p) => n + pointCost(p), 0),
          done: chunk.done,
          awaitingAck: autoAck ? null : chunk.seq,
          elapsedMs: chunk.done ? Math.round(performance.now() - run.startedAt) : null,
        },
      };
    });
    pendingAck = { seq: chunk.seq, ack };
    if (autoAck) ackChunk();
  });
  s.on('disconnect', () => {
    pendingAck = null;
  });
}
