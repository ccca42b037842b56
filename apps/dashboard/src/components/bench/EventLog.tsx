import * as bench from '../../testbench/client';
import { useBench, type LogEntry } from '../../testbench/store';

const ARROW: Record<LogEntry['dir'], string> = { in: '←', out: '→', sys: '•' };

/** Every event in and out, newest first. */
export function EventLog() {
  const log = useBench((s) => s.log);
  return (
    <section className="card log-card">
      <h2>
        Event log <span className="muted count">{log.length}</span>
        <button type="button" className="btn btn-small" onClick={bench.clearLog}>
          Clear
        </button>
      </h2>
      <ol className="event-log" data-testid="ws-event-log">
        {log.map((e) => (
          <li key={e.id} className={`log-${e.dir}`}>
            <time>
              {new Date(e.at).toLocaleTimeString('en-GB', { hour12: false })}.{String(e.at % 1000).padStart(3, '0')}
            </time>
            <span className="arrow" aria-label={e.dir}>
              {ARROW[e.dir]}
            </span>
            <span className="event-name">{e.event}</span>
            <span className="event-detail">{e.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
