import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { MonitorServer } from '../gateway/types.js';
import type { RedisClient } from './redis.js';

/** Entries kept in each Redis stream: room events of the last few seconds to minutes, enough to ride out a short Redis outage. */
const STREAM_MAX_LEN = 10_000;

/**
 * Joins a Socket.IO server to the cluster through Redis Streams. Each Socket.IO path
 * (JSON, MessagePack) has its own stream and channels, so an emit reaches the
 * same path's clients on every node exactly once.
 *
 * What goes through Redis: room events (`task_update`, `activity_event`) and the
 * adapter's own requests (`fetchSockets`, `serverSideEmit`). Snapshot updates never
 * do: every node computes and sends those to its own clients (see socketChannel), so
 * Redis traffic grows with the number of changes, not with the number of clients.
 */
export function attachClusterAdapter(io: MonitorServer, client: RedisClient, name: string): void {
  // The adapter's typings name redis 4's client type; redis 6's client has the same API (checked with redis 6.3.1 in integration/cluster-redis.test.ts).
  io.adapter(
    createAdapter(client as unknown as Parameters<typeof createAdapter>[0], {
      streamName: `amiga:${name}`,
      channelPrefix: `amiga:${name}`,
      maxLen: STREAM_MAX_LEN,
      // Every payload is JSON-able: skip the adapter's binary scan.
      onlyPlaintext: true,
    }),
  );
}
