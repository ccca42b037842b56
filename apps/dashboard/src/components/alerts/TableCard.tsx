import type { ReactNode } from 'react';

/** A column of a TableCard: its heading, right-aligned when numeric. */
export interface Column {
  label: string;
  num?: boolean;
}

/** A card holding one table of the alerts page: a title with a count, column headings, and a line when there are no rows. */
export function TableCard({ title, count, testId, columns, empty, caption, children }: { title: string; count: number; testId: string; columns: readonly Column[]; empty: string; caption?: string; children: ReactNode }) {
  return (
    <section className="card table-card">
      <h2>
        {title} <span className="muted count">{count}</span>
      </h2>
      <div className="table-scroll">
        <table data-testid={testId}>
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {count === 0 && (
              <tr>
                <td colSpan={columns.length} className="empty-row">
                  {empty}
                </td>
              </tr>
            )}
            {children}
          </tbody>
        </table>
      </div>
    </section>
  );
}
