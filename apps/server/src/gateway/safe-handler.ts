import type { z } from 'zod';
import { describeIssues } from '../errors/describe-issues.js';
import { errorBody } from '../errors/error-body.js';
import type { Logger } from '../logging/logger.js';
import type { MonitorSocket } from './types.js';

/**
 * Wraps a client-event handler: validates its one argument with the protocol's
 * schema, answers bad input with an `error` event, and never lets an exception
 * (sync or async) escape to socket.io or the process. Internal error text is logged,
 * not sent.
 */
export function safeHandler<S extends z.ZodType>(
  socket: MonitorSocket,
  event: string,
  schema: S,
  logger: Logger,
  handle: (payload: z.output<S>) => void | Promise<void>,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    // An acknowledgement callback, if the client asked for one, is not a payload.
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      emitError(socket, `invalid ${event} payload: ${describeIssues(parsed.error)}`);
      return;
    }
    try {
      const result = handle(parsed.data);
      if (result instanceof Promise) result.catch((err: unknown) => fail(socket, event, logger, err));
    } catch (err) {
      fail(socket, event, logger, err);
    }
  };
}

export function emitError(socket: MonitorSocket, message: string): void {
  socket.emit('error', errorBody(message));
}

function fail(socket: MonitorSocket, event: string, logger: Logger, err: unknown): void {
  logger.error({ err, event, client: socket.id }, 'handler failed');
  if (socket.connected) emitError(socket, `${event} failed: internal error`);
}
