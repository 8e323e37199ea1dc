import { Button } from './Button.tsx';
import { SelectField, TextField } from './Field.tsx';

export interface FilterSelect {
  name: string;
  label: string;
  /** The chosen value; '' for "all". */
  value: string;
  options: readonly { value: string; label: string }[];
}

export interface SearchFiltersProps {
  /** Where the list lives; the filters travel in its query (GET), so a filtered list can be bookmarked. */
  action: string;
  /** The words to search for (`q`): on a phone the first thing, with its button beside it. */
  search: { label: string; value: string; hint?: string };
  searchButton: string;
  /** The other filters, behind a summary that stays open while one of them is set. */
  more: { summary: string; all: string; button: string; selects: readonly FilterSelect[] };
}

/** A staff list's filters: a search box first, the other choices folded away until needed. */
export function SearchFilters(p: SearchFiltersProps) {
  return (
    <form method="get" action={p.action} role="search">
      <div className="q-filter">
        <TextField
          name="q"
          type="search"
          label={p.search.label}
          value={p.search.value}
          hint={p.search.hint}
          maxLength={200}
        />
        <Button type="submit" variant="secondary">
          {p.searchButton}
        </Button>
      </div>
      <details open={p.more.selects.some((s) => s.value !== '')}>
        <summary>{p.more.summary}</summary>
        <div className="q-filter">
          {p.more.selects.map((s) => (
            <SelectField
              key={s.name}
              name={s.name}
              label={s.label}
              value={s.value}
              options={[{ value: '', label: p.more.all }, ...s.options]}
            />
          ))}
          <Button type="submit" variant="secondary">
            {p.more.button}
          </Button>
        </div>
      </details>
    </form>
  );
}
