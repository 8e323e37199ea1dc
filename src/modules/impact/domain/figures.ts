// How figures combine and compare: the change against the year before, the total of several areas
// as each figure's aggregation says, and a bounded parallel run of many figure questions. Pure.

/** The change of a value against the same period a year before. */
export interface Change {
  current: number;
  previous: number;
  /** current − previous. */
  delta: number;
  /** In percent of the previous value, one decimal; null when the previous value was 0 (no base). */
  percent: number | null;
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function change(current: number, previous: number): Change {
  const delta = round(current - previous, 2);
  return { current, previous, delta, percent: previous === 0 ? null : round((delta / previous) * 100, 1) };
}

/**
 * The total over several disjoint areas from their values: added up for a figure that says 'sum';
 * null for 'recompute' (distinct people, shares) — the caller asks the figure again for the union.
 */
export function combineAreas(values: readonly number[], how: 'sum' | 'recompute'): number | null {
  if (how === 'recompute') return null;
  return round(
    values.reduce((a, b) => a + b, 0),
    2,
  );
}

/**
 * The value of a longer period from its consecutive parts (the quarters of a year), in order: added
 * up for flows ('sum'), the last part's for stocks ('last'); null for 'recompute' (ask again).
 */
export function combineTime(values: readonly number[], how: 'sum' | 'last' | 'recompute'): number | null {
  if (how === 'recompute') return null;
  if (how === 'last') return values.length ? values[values.length - 1] : 0;
  return round(
    values.reduce((a, b) => a + b, 0),
    2,
  );
}

/**
 * Runs `fn` over the items with at most `limit` running at once, answers in the items' order. A
 * dashboard over a hundred areas asks hundreds of figure questions: one after the other is slow,
 * all at once would take every connection of the pool.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
