/**
 * A write refused because the durable store cannot take it now (it cannot be opened, the
 * disk is full, the database is down): nothing of the batch is stored, and the producer
 * should send it again after `retryAfterSeconds` (HTTP answers 503 with `Retry-After`).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Seconds a producer is asked to wait before sending a refused write again, by default. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;
