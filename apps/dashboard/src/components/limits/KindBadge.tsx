/** Says whether a number is measured (reported by the agent) or estimated (counted from its requests). */
export function KindBadge({ kind, why }: { kind: 'measured' | 'estimated'; why: string }) {
  return (
    <span className={`limits-kind limits-kind-${kind}`} data-testid="gauge-kind" title={why}>
      {kind}
    </span>
  );
}
