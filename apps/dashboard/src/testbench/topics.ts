import type { SubscribeTopicsPayload, Topic } from '@amiga/protocol';
import { send, type BenchSocket } from './socket';
import { useBench } from './store';

/** The topic subscription asked for, replayed after a reconnect. */
let wanted: SubscribeTopicsPayload | null = null;

export function subscribeTopics(topics: Topic[], hours: number, updateInterval: number): void {
  if (topics.length === 0) return;
  wanted = { topics, hours, update_interval: updateInterval };
  send('subscribe_topics', wanted);
}

/** Stops these topics, or every topic when none is named. */
export function unsubscribeTopics(topics: Topic[]): void {
  if (topics.length === 0 || !wanted) wanted = null;
  else {
    const left = wanted.topics.filter((t) => !topics.includes(t));
    wanted = left.length ? { ...wanted, topics: left } : null;
  }
  if (topics.length) send('unsubscribe_topics', { topics });
  else send('unsubscribe_topics');
}

export function replayTopics(): void {
  if (wanted) send('subscribe_topics', wanted);
}

export function resetTopicCounts(): void {
  useBench.setState({ topicCounts: {} });
}

export function attachTopics(s: BenchSocket): void {
  s.on('topics', ({ topics }) => useBench.setState({ topics }));
  s.on('topic_update', ({ topic }) => useBench.setState((st) => ({ topicCounts: { ...st.topicCounts, [topic]: (st.topicCounts[topic] ?? 0) + 1 } })));
  s.on('disconnect', () => useBench.setState({ topics: [] }));
}
