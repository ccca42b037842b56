/** What the formatter needs of a zod issue (zod's own issues, or a branch of a union's). */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Issues named in one message by default; the rest are left out. */
const MAX_ISSUES = 3;

export interface DescribeOptions {
  /** Issues named at most (default 3). */
  max?: number;
  /** Between two issues (default `; `). */
  separator?: string;
}

/**
 * The one formatter of validation failures, for HTTP answers and Socket.IO `error`
 * events alike: the first issues as `path: message`, joined by `; `
 * (`interval: must be a number; hours: …`); an issue at the root is its message alone.
 */
export function describeIssues(
  issues: { readonly issues: readonly Issue[] } | readonly Issue[],
  { max = MAX_ISSUES, separator = '; ' }: DescribeOptions = {},
): string {
  const list = 'issues' in issues ? issues.issues : issues;
  if (list.length === 0) return 'invalid';
  return list
    .slice(0, max)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join(separator);
}
