import { TOPICS, type Topic } from '@amiga/protocol';
import { useState } from 'react';
import { formatInt } from '../../lib/format';
import { useBench } from '../../testbench/store';
import { resetTopicCounts, subscribeTopics, unsubscribeTopics } from '../../testbench/topics';

/** Per-topic subscriptions: a checkbox per topic, and how many `topic_update`s each brought. */
export function TopicsPanel({ hours, interval }: { hours: number; interval: number }) {
  const connected = useBench((s) => s.status === 'connected');
  const held = useBench((s) => s.topics);
  const counts = useBench((s) => s.topicCounts);
  const [chosen, setChosen] = useState<Topic[]>(['costs', 'tools']);
  const toggle = (t: Topic, on: boolean) => setChosen((c) => (on ? [...c, t] : c.filter((x) => x !== t)));
  return (
    <section className="card">
      <h2>
        Topics
        <button type="button" className="btn btn-small" onClick={resetTopicCounts}>
          Reset counts
        </button>
      </h2>
      <table className="topic-table" data-testid="ws-topics">
        <thead>
          <tr>
            <th />
            <th>topic</th>
            <th>held</th>
            <th className="num">updates</th>
          </tr>
        </thead>
        <tbody>
          {TOPICS.map((t) => (
            <tr key={t}>
              <td>
                <input
                  type="checkbox"
                  data-testid={`ws-topic-${t}`}
                  aria-label={`topic ${t}`}
                  checked={chosen.includes(t)}
                  onChange={(e) => toggle(t, e.target.checked)}
                />
              </td>
              <td>
                <code>{t}</code>
              </td>
              <td data-testid={`ws-topic-held-${t}`}>{held.includes(t) ? 'yes' : '—'}</td>
              <td className="num" data-testid={`ws-topic-count-${t}`}>
                {formatInt(counts[t] ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button
          type="button"
          className="btn"
          data-testid="ws-subscribe-topics"
          disabled={!connected || chosen.length === 0}
          onClick={() => subscribeTopics(chosen, hours, interval)}
        >
          Subscribe topics
        </button>
        <button type="button" className="btn" data-testid="ws-unsubscribe-topics" disabled={!connected || chosen.length === 0} onClick={() => unsubscribeTopics(chosen)}>
          Unsubscribe checked
        </button>
        <button type="button" className="btn" data-testid="ws-unsubscribe-all-topics" disabled={!connected} onClick={() => unsubscribeTopics([])}>
          Unsubscribe all
        </button>
      </div>
      <p className="muted small bench-hint">Uses the hours and interval above.</p>
    </section>
  );
}
