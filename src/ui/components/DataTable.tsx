import { type ReactNode, useId } from 'react';

export interface DataTableColumn<T> {
  /** Stable key for React (and default header id). */
  key: string;
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** Right-aligned (in LTR), no wrapping: numbers, amounts, dates. */
  numeric?: boolean;
  /** Buttons/links column, end-aligned. */
  action?: boolean;
  /** Render this column's cells as `<th scope="row">` (the row's name, usually the first column). */
  rowHeader?: boolean;
  /** Visually hide the header text (e.g. an actions column); it stays available to screen readers. */
  hideHeader?: boolean;
  /** The header as plain text, where `header` is not a string: names the value in stacked rows. */
  label?: string;
  /** Extra class of the column's cells, e.g. `q-cell-wrap` for long unbroken text. */
  className?: string;
}

export interface DataTableProps<T> {
  caption: ReactNode;
  /** Hide the caption visually (it still names the table and the scroll region). */
  hideCaption?: boolean;
  columns: readonly DataTableColumn<T>[];
  rows: readonly T[];
  /** Row key; defaults to the row index. */
  rowKey?: (row: T, index: number) => string | number;
  /** Shown in a single full-width row when `rows` is empty. */
  emptyMessage: ReactNode;
  /**
   * Accessible name of the scroll region. Defaults to the caption (via aria-labelledby), so only
   * needed when the caption is not plain enough as a name.
   */
  label?: string;
  small?: boolean;
  striped?: boolean;
  id?: string;
  className?: string;
  /**
   * On narrow screens (below 40rem) each row becomes a block of "label: value" lines instead of a
   * table to scroll sideways. The table keeps its roles for screen readers (explicit ARIA roles,
   * since `display: block` drops the implicit ones), and every cell names its column.
   */
  stack?: boolean;
}

/**
 * KERN table inside a horizontally scrollable container. The container is a focusable, named
 * region (`role="region"`, `tabIndex=0`) so keyboard users can scroll it (axe: scrollable-region-focusable).
 */
export function DataTable<T>(p: DataTableProps<T>) {
  const autoId = useId();
  const id = p.id ?? `table-${autoId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const captionId = `${id}-caption`;
  const tableClass = [
    'kern-table',
    p.small && 'kern-table--small',
    p.striped && 'kern-table--striped',
    p.stack && 'q-table--stack',
  ]
    .filter(Boolean)
    .join(' ');
  // Explicit roles only for stacked tables (their cells are blocks on phones).
  const role = (r: string) => (p.stack ? r : undefined);
  const labelOf = (c: DataTableColumn<T>) =>
    p.stack && !c.hideHeader ? (c.label ?? (typeof c.header === 'string' ? c.header : undefined)) : undefined;
  return (
    <div
      className={['q-table-wrap', 'kern-table-responsive', p.stack && 'q-table-wrap--stack', p.className]
        .filter(Boolean)
        .join(' ')}
      role="region"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be keyboard-focusable (WCAG 2.1.1, axe scrollable-region-focusable)
      tabIndex={0}
      aria-label={p.label}
      aria-labelledby={p.label ? undefined : captionId}
    >
      <table className={tableClass} id={id} role={role('table')}>
        <caption className={p.hideCaption ? 'kern-title q-visually-hidden' : 'kern-title'} id={captionId}>
          {p.caption}
        </caption>
        <thead className="kern-table__head" role={role('rowgroup')}>
          <tr className="kern-table__row" role={role('row')}>
            {p.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cellClass('kern-table__header', c)}
                role={role('columnheader')}
              >
                {c.hideHeader ? <span className="q-visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body" role={role('rowgroup')}>
          {p.rows.length === 0 ? (
            <tr className="kern-table__row" role={role('row')}>
              <td className="kern-table__cell q-table__empty" colSpan={p.columns.length} role={role('cell')}>
                {p.emptyMessage}
              </td>
            </tr>
          ) : (
            p.rows.map((row, i) => (
              <tr className="kern-table__row" key={p.rowKey ? p.rowKey(row, i) : i} role={role('row')}>
                {p.columns.map((c) =>
                  c.rowHeader ? (
                    <th
                      key={c.key}
                      scope="row"
                      className={cellClass('kern-table__header', c)}
                      role={role('rowheader')}
                      data-label={labelOf(c)}
                    >
                      {c.cell(row, i)}
                    </th>
                  ) : (
                    <td
                      key={c.key}
                      className={cellClass('kern-table__cell', c)}
                      role={role('cell')}
                      data-label={labelOf(c)}
                    >
                      {c.cell(row, i)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function cellClass(base: string, c: { numeric?: boolean; action?: boolean; className?: string }) {
  return [base, c.numeric && `${base}--numeric`, c.action && `${base}--action`, c.className]
    .filter(Boolean)
    .join(' ');
}
