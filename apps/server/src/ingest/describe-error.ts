/** A zod issue, as much of it as the messages below read. */
export interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: Issue[][];
}

/** `event 3 (task): status: Invalid option…`, naming the first bad event and field of an ingest body. */
export function describeIngestError(body: unknown, issues: readonly Issue[]): string {
  if (!Array.isArray(body)) {
    // The union of "one event" and "an array": report the single-event branch's issues.
    const union = issues.find((i) => i.code === 'invalid_union');
    const branch = union?.errors?.[0] ?? issues;
    return `invalid event: ${describe(branch)}`;
  }
  const union = issues.find((i) => i.code === 'invalid_union');
  const branch = union?.errors?.[1] ?? issues;
  const first = branch[0];
  if (first && typeof first.path[0] === 'number') {
    const index = first.path[0];
    const related = branch.filter((i) => i.path[0] === index).map((i) => ({ ...i, path: i.path.slice(1) }));
    return `event ${index}${typeOf(body[index])}: ${describe(related)}`;
  }
  return describe(branch);
}

/** `resourceLogs.0.scopeLogs: Invalid input…`: the first issue, where it is. */
export function describeSchemaError(issues: readonly Issue[]): string {
  const issue = issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
}

function describe(issues: readonly Issue[]): string {
  if (issues.length === 0) return 'invalid';
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function typeOf(event: unknown): string {
  const t = event && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
  return typeof t === 'string' ? ` (${t.slice(0, 40)})` : '';
}
