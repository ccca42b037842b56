/**
 * Whether an error says the database is unreachable or failing (as opposed to
 * refusing one statement: a constraint, bad input, a deadlock). Only those make
 * the store unhealthy: a batch with bad data says nothing about the database.
 * PostgreSQL errors carry a SQLSTATE; connection errors carry a Node code
 * (ECONNREFUSED…) or none.
 */
export function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  // 08: connection exception, 53: insufficient resources, 57: operator intervention (shutdown), 58: system error, XX: internal.
  return ['08', '53', '57', '58', 'XX'].includes(code.slice(0, 2));
}

/** Errors after which the same batch may succeed when run again: deadlock, serialization failure. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
