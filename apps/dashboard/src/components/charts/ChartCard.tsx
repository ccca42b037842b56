import type { ReactNode } from 'react';

/** A chart's card: title, a caption saying what period and source it covers, and the chart. */
export function ChartCard({
  title,
  caption,
  children,
  wide,
  testId,
  attrs,
}: {
  title: string;
  caption: string;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
  /** Extra `data-*` attributes (what the chart is drawn from, for tests and tools). */
  attrs?: Record<`data-${string}`, string | number>;
}) {
  return (
    <section className={`card chart${wide ? ' chart-wide' : ''}`} data-testid={testId} {...attrs}>
      <h2>
        {title}
        <span className="chart-caption muted" data-testid={testId ? `${testId}-caption` : undefined}>
          {caption}
        </span>
      </h2>
      <div className="chart-body">{children}</div>
    </section>
  );
}
