import { describeIssues, type Issue as BaseIssue } from '../errors/describe-issues.js';

/** A zod issue, as much of it as the messages below read. */
export interface Issue extends BaseIssue {
  readonly code?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

/** `event 3 (task): status: Invalid option…`, naming the first bad event and field of an ingest body. */
export function describeIngestError(body: unknown, issues: readonly Issue[]): string {
  // The union of "one event" and "an array": report the branch the body took.
  const union = issues.find((i) => i.code === 'invalid_union');
  if (!Array.isArray(body)) return `invalid event: ${describeIssues(union?.errors?.[0] ?? issues)}`;
  const branch = union?.errors?.[1] ?? issues;
  const first = branch[0];
  if (first && typeof first.path[0] === 'number') {
    const index = first.path[0];
    const related = branch.filter((i) => i.path[0] === index).map((i) => ({ ...i, path: i.path.slice(1) }));
    return `event ${index}${typeOf(body[index])}: ${describeIssues(related)}`;
  }
  return describeIssues(branch);
}

/** `invalid OTLP export request: resourceLogs.0.scopeLogs: Invalid input…`. */
export function describeOtlpError(_body: unknown, issues: readonly Issue[]): string {
  return `invalid OTLP export request: ${describeIssues(issues)}`;
}

function typeOf(event: unknown): string {
  const t = event && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
  return typeof t === 'string' ? ` (${t.slice(0, 40)})` : '';
}
