import type { z } from 'zod';
import type { clientEventSchemas } from './client-events.js';
import type { HistoryChunk } from './history.js';
import type { ProbeAnswer, serverEventSchemas } from './server-events.js';

type Input<S extends z.ZodType> = z.input<S>;
type Output<S extends z.ZodType> = z.output<S>;

/**
 * Socket.IO event maps derived from the schemas: a client may send what the schema
 * accepts (its input type), and receives what the server produced (its output type).
 * Every client event takes at most one argument, which may be omitted where the schema allows it.
 */
export type ClientToServerEvents = {
  [K in Exclude<keyof typeof clientEventSchemas, 'probe'>]: undefined extends Input<(typeof clientEventSchemas)[K]>
    ? (payload?: Input<(typeof clientEventSchemas)[K]>) => void
    : (payload: Input<(typeof clientEventSchemas)[K]>) => void;
} & {
  /** The one acknowledged client event: the answer comes in the ack. */
  probe: (ack: (answer: ProbeAnswer) => void) => void;
};

export type ServerToClientEvents = {
  [K in keyof typeof serverEventSchemas]: (payload: Output<(typeof serverEventSchemas)[K]>) => void;
} & {
  /** The one acknowledged event: the server sends the next chunk only after the client's ack (flow control). */
  history_chunk: (chunk: HistoryChunk, ack: () => void) => void;
};

/** The payload type of a server-to-client event. */
export type ServerPayload<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0];
