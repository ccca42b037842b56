import type { ErrorPayload } from '@amiga/protocol';

/** The body of every error, on both edges: an HTTP error answer and a Socket.IO `error` event. */
export function errorBody(message: string): ErrorPayload {
  return { error: message, timestamp: Date.now() / 1000 };
}
