import type { OtlpTracesRequest } from '@amiga/protocol';

/** Spans in a traces export request (the monitor counts them and keeps none). */
export function countSpans(request: OtlpTracesRequest): number {
  let spans = 0;
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += ss.spans?.length ?? 0;
  return spans;
}
