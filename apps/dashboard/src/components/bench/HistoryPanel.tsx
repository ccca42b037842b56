import { HISTORY_BUCKETS, HISTORY_MAX_POINTS } from '@amiga/protocol';
import { useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../lib/datetime-local';
import { formatInt, formatUsd } from '../../lib/format';
import { historyBucket } from '../../lib/history-range';
import { describeBucket } from '../../lib/windows';
import { ackChunk, isAutoAck, requestHistory, setAutoAck } from '../../testbench/history';
import { useBench } from '../../testbench/store';

const RANGES = [
  { label: '24 h', hours: 24 },
  { label: '7 d', hours: 168 },
  { label: '30 d', hours: 720 },
];

/** `request_history` with a range and a bucket; the chunks are counted and acknowledged (at once, or by hand). */
export function HistoryPanel() {
  const connected = useBench((s) => s.status === 'connected');
  const run = useBench((s) => s.history);
  const [from, setFrom] = useState(() => toLocalInput(Date.now() / 1000 - 24 * 3600));
  const [to, setTo] = useState(() => toLocalInput(Date.now() / 1000 + 60));
  const [bucket, setBucket] = useState(900);
  const [autoAck, setAuto] = useState(isAutoAck);
  const f = fromLocalInput(from);
  const t = fromLocalInput(to);
  const buckets = f !== null && t !== null && t > f ? Math.ceil((t - f) / bucket) : null;

  const last = (hours: number) => {
    const now = Date.now() / 1000;
    setFrom(toLocalInput(now - hours * 3600));
    setTo(toLocalInput(now + 60));
    setBucket(historyBucket(hours * 3600));
  };

  return (
    <section className="card">
      <h2>History</h2>
      <div className="field-row">
        <label>
          <span>From</span>
          <input data-testid="ws-history-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>To</span>
          <input data-testid="ws-history-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          <span>Bucket</span>
          <select data-testid="ws-history-bucket" value={bucket} onChange={(e) => setBucket(Number(e.target.value))}>
            {HISTORY_BUCKETS.map((b) => (
              <option key={b} value={b}>
                {describeBucket(b).replace(' buckets', '')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="button-row">
        {RANGES.map((r) => (
          <button key={r.label} type="button" className="btn btn-small" onClick={() => last(r.hours)}>
            last {r.label}
          </button>
        ))}
        <span className={`small ${buckets !== null && buckets > HISTORY_MAX_POINTS ? 'bad' : 'muted'}`}>
          {buckets === null ? 'from must be before to' : `${formatInt(buckets)} buckets (at most ${formatInt(HISTORY_MAX_POINTS)})`}
        </span>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="btn"
          data-testid="ws-request-history"
          disabled={!connected || f === null || t === null}
          onClick={() => f !== null && t !== null && requestHistory(f, t, bucket)}
        >
          Request history
        </button>
        <label className="check">
          <input
            data-testid="ws-history-auto-ack"
            type="checkbox"
            checked={autoAck}
            onChange={(e) => {
              setAuto(e.target.checked);
              setAutoAck(e.target.checked);
            }}
          />
          <span>acknowledge each chunk at once</span>
        </label>
        <button type="button" className="btn" data-testid="ws-history-ack" disabled={run?.awaitingAck == null} onClick={ackChunk}>
          Ack chunk{run?.awaitingAck == null ? '' : ` ${run.awaitingAck}`}
        </button>
      </div>
      <p className="history-status" data-testid="ws-history-status" data-done={run?.done ? 'true' : 'false'} data-chunks={run?.chunks ?? 0} data-points={run?.points ?? 0}>
        {run === null
          ? 'No history requested yet.'
          : `${run.requestId}: ${formatInt(run.chunks)} chunks · ${formatInt(run.points)} points · ${formatInt(run.requests)} requests · ${formatInt(run.toolCalls)} tool calls · ${formatUsd(run.cost)}` +
            (run.done ? ` · done in ${run.elapsedMs} ms` : run.awaitingAck !== null ? ` · waiting for the ack of chunk ${run.awaitingAck}` : ' · streaming…')}
      </p>
    </section>
  );
}
