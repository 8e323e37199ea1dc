import type { ReactNode } from 'react';

export interface KeyValueItem {
  /** Stable React key; defaults to the index. */
  key?: string;
  term: ReactNode;
  value: ReactNode;
}

export interface KeyValueListProps {
  items: readonly KeyValueItem[];
  /** Shown for empty values (null, undefined, ""), e.g. "–" or "keine Angabe". Default "–". */
  emptyValue?: ReactNode;
  /** Stack term above value at every width (default: side by side from 768 px). */
  stacked?: boolean;
  className?: string;
}

/** A `<dl>` of key–value pairs (KERN description list). */
export function KeyValueList(p: KeyValueListProps) {
  const cls = ['kern-description-list', 'q-kv', p.stacked && 'kern-description-list--col', p.className]
    .filter(Boolean)
    .join(' ');
  return (
    <dl className={cls}>
      {p.items.map((it, i) => (
        <div className="kern-description-list-item" key={it.key ?? i}>
          <dt className="kern-description-list-item__key">{it.term}</dt>
          <dd className="kern-description-list-item__value">
            {it.value === null || it.value === undefined || it.value === ''
              ? (p.emptyValue ?? '–')
              : it.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
