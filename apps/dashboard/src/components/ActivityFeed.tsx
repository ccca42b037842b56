import type { ActivityItem } from '@amiga/protocol';
import { useMemo } from 'react';
import { formatClock } from '../lib/format';

const LABEL: Record<ActivityItem['type'], string> = { task: 'task', api_request: 'api', tool_call: 'tool', activity: 'note' };

export function ActivityFeed({ items }: { items: readonly ActivityItem[] }) {
  const newestFirst = useMemo(() => [...items].sort((a, b) => b.timestamp - a.timestamp), [items]);
  return (
    <section className="card feed-card">
      <h2>Live activity</h2>
      <ol className="feed" data-testid="activity-feed">
        {newestFirst.length === 0 && <li className="muted empty-row">Nothing yet</li>}
        {newestFirst.map((item, i) => (
          <li key={`${item.timestamp}-${i}`}>
            <time className="muted">{formatClock(item.timestamp)}</time>
            <span className={`tag tag-${item.type}`}>{LABEL[item.type]}</span>
            <span className="feed-text">{item.description}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
