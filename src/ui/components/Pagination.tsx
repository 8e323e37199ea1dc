export interface PaginationProps {
  /** Current page, 1-based. */
  page: number;
  totalPages: number;
  /** URL of a page (keep the current filters in it). */
  href: (page: number) => string;
  /** Accessible name of the navigation, e.g. "Seitennavigation". */
  label: string;
  previousLabel: string;
  nextLabel: string;
  /** Accessible name of a page link, e.g. (n) => `Seite ${n}`. Defaults to the number alone. */
  pageLabel?: (page: number) => string;
  /** Pages shown on each side of the current one (default 1). */
  siblings?: number;
}

type Item = { kind: 'page'; page: number } | { kind: 'gap'; key: string };

/** Page numbers to show: first, last, current ± siblings, with gaps ("…") in between. */
export function pageItems(page: number, totalPages: number, siblings = 1): Item[] {
  const items: Item[] = [];
  let last = 0;
  for (let n = 1; n <= totalPages; n++) {
    if (n === 1 || n === totalPages || Math.abs(n - page) <= siblings) {
      if (n - last === 2) items.push({ kind: 'page', page: n - 1 });
      else if (n - last > 2) items.push({ kind: 'gap', key: `gap-${n}` });
      items.push({ kind: 'page', page: n });
      last = n;
    }
  }
  return items;
}

/** Plain-link pagination (works without JavaScript). Renders nothing for a single page. */
export function Pagination(p: PaginationProps) {
  if (p.totalPages <= 1) return null;
  const page = Math.min(Math.max(1, p.page), p.totalPages);
  return (
    <nav className="q-pagination" aria-label={p.label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={p.href(page - 1)} rel="prev" className="q-pagination__prev">
              <span aria-hidden="true">‹</span> {p.previousLabel}
            </a>
          </li>
        ) : null}
        {pageItems(page, p.totalPages, p.siblings ?? 1).map((it) =>
          it.kind === 'gap' ? (
            <li key={it.key}>
              <span className="q-pagination__ellipsis">…</span>
            </li>
          ) : (
            <li key={it.page}>
              <a
                href={p.href(it.page)}
                aria-current={it.page === page ? 'page' : undefined}
                aria-label={p.pageLabel ? p.pageLabel(it.page) : undefined}
              >
                {it.page}
              </a>
            </li>
          ),
        )}
        {page < p.totalPages ? (
          <li>
            <a href={p.href(page + 1)} rel="next" className="q-pagination__next">
              {p.nextLabel} <span aria-hidden="true">›</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
