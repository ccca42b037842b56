export * from './limits.js';
export * from './common.js';
export * from './client-events.js';
export * from './server-events.js';
export * from './snapshot.js';
export * from './ingest.js';
export * from './sse.js';
export type * from './events.js';
export * from './otlp.js';
