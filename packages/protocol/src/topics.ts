import { z } from 'zod';
import { clientNumber, unixSeconds } from './common.js';
import { scopeFields } from './scope.js';
import { live } from './live.js';
import { limitsSection } from './plan-limits.js';
import { activityItem, claudeApi, costs, series, sessions, taskCounts, taskSummary, tools, type MetricsSnapshot } from './snapshot.js';

/** The parts of a snapshot a client may subscribe to on their own. */
export const TOPICS = ['tasks', 'costs', 'claude_api', 'tools', 'sessions', 'activity', 'series', 'live', 'limits'] as const;
export const topicName = z.enum(TOPICS, { message: `must be one of ${TOPICS.join(', ')}` });
export type Topic = z.infer<typeof topicName>;

/** `subscribe_topics`: receive `topic_update`s for these topics only, each only when its data changed. */
export const subscribeTopicsPayload = z.object(
  {
    topics: z.array(topicName).min(1, { message: 'name at least one topic' }).max(TOPICS.length * 2),
    /** Window in hours, clamped to 1..168; default 24. */
    hours: clientNumber.optional(),
    /** Seconds between updates at most, clamped to 1..60; default 2. */
    update_interval: clientNumber.optional(),
    ...scopeFields,
  },
  { message: `expected an object like {topics: ['costs', 'tools']}` },
);
export type SubscribeTopicsPayload = z.infer<typeof subscribeTopicsPayload>;

/** `unsubscribe_topics`: stop these topics, or every topic when none is named. */
export const unsubscribeTopicsPayload = z.object({ topics: z.array(topicName).max(TOPICS.length * 2).optional() }).nullish();

/** What each topic carries: a section of the snapshot. */
export const topicData = {
  tasks: z.object({ counts: taskCounts, recent: z.array(taskSummary) }),
  costs,
  claude_api: claudeApi,
  tools,
  sessions,
  activity: z.array(activityItem),
  series,
  live,
  /** Plan limits and 5-hour blocks (not windowed: the same for every `hours`). */
  limits: limitsSection,
} as const satisfies Record<Topic, z.ZodType>;
export type TopicData<T extends Topic = Topic> = z.output<(typeof topicData)[T]>;

const EMPTY_LIVE: TopicData<'live'> = { counts: { working: 0, needs_input: 0, idle: 0, stale: 0, ended: 0 }, sessions: [] };

/** The section of a snapshot a topic carries. */
export function topicSection<T extends Topic>(snapshot: MetricsSnapshot, topic: T): TopicData<T> {
  const sections: { [K in Topic]: TopicData<K> } = {
    get tasks() {
      return { counts: snapshot.overview.tasks, recent: snapshot.recent_tasks };
    },
    get costs() {
      return snapshot.overview.costs;
    },
    get claude_api() {
      return snapshot.overview.claude_api;
    },
    get tools() {
      return snapshot.overview.tools;
    },
    get sessions() {
      return snapshot.sessions;
    },
    get activity() {
      return snapshot.activity;
    },
    get series() {
      return snapshot.series;
    },
    get live() {
      return snapshot.live ?? EMPTY_LIVE;
    },
    get limits() {
      return { limits: snapshot.limits ?? [], blocks: snapshot.blocks ?? {} };
    },
  };
  return sections[topic];
}

const update = <T extends Topic>(topic: T) =>
  z.object({
    topic: z.literal(topic),
    data: topicData[topic],
    /** Version of the window the data comes from (increases with every change of any topic). */
    seq: z.number().int().nonnegative(),
    timestamp: unixSeconds,
  });

/** `topic_update`: one topic's data, sent when it changed. */
export const topicUpdatePayload = z.discriminatedUnion('topic', [
  update('tasks'),
  update('costs'),
  update('claude_api'),
  update('tools'),
  update('sessions'),
  update('activity'),
  update('series'),
  update('live'),
  update('limits'),
]);
export type TopicUpdate = z.infer<typeof topicUpdatePayload>;

/** Answer to `subscribe_topics` / `unsubscribe_topics`: the topics now held, and the window they cover (none when no topic is left). */
export const topicsPayload = z.object({
  topics: z.array(topicName),
  config: z.object({ hours: z.number().int(), update_interval: z.number().int(), agent: z.string().optional(), machine: z.string().optional() }).optional(),
});
