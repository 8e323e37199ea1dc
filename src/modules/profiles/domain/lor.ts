// Finding the area a file means, and carrying values of the old Berlin LOR planning areas (keys valid
// until 2020, used by the MSS 2013–2019) over to the 2021 planning areas. Pure, no database.

import type { Aggregation, OldKeyMapping, SkippedRow } from './vocab.ts';

export interface AreaRef {
  id: string;
  key: string;
  name: string;
  kind: string;
}

/** A key compared without leading zeros ('1100101' ≡ '01100101'); names compared case- and space-insensitively. */
export const normaliseKey = (k: string) => {
  const s = k.trim();
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : '';
};
const normaliseName = (n: string) => n.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Looks up the tenant's areas by key (with or without leading zeros) or by an unambiguous name. */
export class AreaIndex {
  private byKey = new Map<string, AreaRef>();
  private byName = new Map<string, AreaRef | null>();
  readonly byPlrKey = new Map<string, AreaRef>();

  constructor(areas: readonly AreaRef[]) {
    for (const a of areas) {
      const k = normaliseKey(a.key);
      // Keys of different levels never collide once zeros are stripped (8, 6, 4, 2 digits); a programme
      // area's free-text key is found by name only.
      if (k && !this.byKey.has(k)) this.byKey.set(k, a);
      const n = normaliseName(a.name);
      this.byName.set(n, this.byName.has(n) ? null : a);
      if (a.kind === 'planungsraum') this.byPlrKey.set(a.key.padStart(8, '0'), a);
    }
  }

  /** The area, `'ambiguous'` when the name belongs to several areas, or undefined. */
  find(raw: string): AreaRef | 'ambiguous' | undefined {
    const k = normaliseKey(raw);
    if (k) return this.byKey.get(k);
    const n = this.byName.get(normaliseName(raw));
    return n === null ? 'ambiguous' : n;
  }
}

/** The overlap table of the old and new LOR (`{ key: [keys] }` in both directions, all levels). */
export type LorMatches = Record<string, string[]>;

/**
 * How each old planning area (8-digit key until 2020) maps onto the 2021 planning areas. The overlap
 * table lists, in both directions, which areas of one scheme overlap which of the other, without the
 * size of the overlap; a split old area is shared among its new parts by their surface (`surface`,
 * m² of the 2021 areas), since the new parts lie within the old area.
 * - `one_to_one`: one new area, which no other old area overlaps;
 * - `split`: several new areas (shares by surface, summing to 1);
 * - `merged`: one new area that other old areas overlap too.
 */
export function oldPlrMappings(
  matches: LorMatches,
  newPlrKeys: ReadonlySet<string>,
  surface: ReadonlyMap<string, number> = new Map(),
): Map<string, OldKeyMapping> {
  const forward = new Map<string, Set<string>>();
  const add = (oldKey: string, newKey: string) => {
    if (!newPlrKeys.has(newKey) || newPlrKeys.has(oldKey)) return;
    const s = forward.get(oldKey) ?? new Set<string>();
    s.add(newKey);
    forward.set(oldKey, s);
  };
  for (const [k, list] of Object.entries(matches)) {
    if (k.length !== 8) continue;
    if (newPlrKeys.has(k)) for (const o of list) add(o, k);
    else for (const n of list) add(k, n);
  }
  const sources = new Map<string, number>();
  for (const targets of forward.values()) for (const t of targets) sources.set(t, (sources.get(t) ?? 0) + 1);
  const out = new Map<string, OldKeyMapping>();
  for (const [oldKey, set] of [...forward].sort(([a], [b]) => a.localeCompare(b))) {
    const keys = [...set].sort();
    if (keys.length > 1) {
      const sizes = keys.map((k) => surface.get(k) ?? 0);
      const total = sizes.reduce((a, b) => a + b, 0);
      out.set(oldKey, {
        oldKey,
        kind: 'split',
        targets: keys.map((key, i) => ({ key, share: total > 0 ? sizes[i] / total : 1 / keys.length })),
      });
    } else {
      const key = keys[0];
      out.set(oldKey, {
        oldKey,
        kind: (sources.get(key) ?? 0) > 1 ? 'merged' : 'one_to_one',
        targets: [{ key, share: 1 }],
      });
    }
  }
  return out;
}

export interface OldCell {
  line: number;
  oldKey: string;
  indicatorKey: string;
  period: string;
  value: number;
}

export interface CarriedValue {
  newKey: string;
  indicatorKey: string;
  period: string;
  value: number;
}

/**
 * Values of old planning areas carried to the new ones: a count (`sum`) is shared by the part of the
 * old area in the new one and summed over the old areas it came from; a share or index (`weighted`)
 * is the mean of the old areas' values weighted by those parts (one old area: its value unchanged).
 * An indicator that cannot be aggregated (`none`) keeps its value for one-to-one and split areas and
 * is left out, with the reason, where old areas were merged.
 */
export function carryOver(
  cells: readonly OldCell[],
  mappings: ReadonlyMap<string, OldKeyMapping>,
  aggregationOf: (indicatorKey: string) => Aggregation,
): { values: CarriedValue[]; skipped: SkippedRow[] } {
  const skipped: SkippedRow[] = [];
  const groups = new Map<
    string,
    { cell: OldCell; newKey: string; parts: { value: number; share: number }[] }
  >();
  for (const c of cells) {
    const m = mappings.get(c.oldKey.padStart(8, '0'));
    if (!m) {
      skipped.push({ line: c.line, area: c.oldKey, column: c.indicatorKey, reason: 'oldKeyUnmapped' });
      continue;
    }
    for (const t of m.targets) {
      const id = `${c.indicatorKey}\u0000${c.period}\u0000${t.key}`;
      const g = groups.get(id) ?? { cell: c, newKey: t.key, parts: [] };
      g.parts.push({ value: c.value, share: t.share });
      groups.set(id, g);
    }
  }
  const values: CarriedValue[] = [];
  for (const g of groups.values()) {
    const agg = aggregationOf(g.cell.indicatorKey);
    const shares = g.parts.reduce((a, p) => a + p.share, 0);
    let value: number;
    if (agg === 'sum') value = g.parts.reduce((a, p) => a + p.value * p.share, 0);
    else if (g.parts.length === 1) value = g.parts[0].value;
    else if (agg === 'weighted') value = g.parts.reduce((a, p) => a + p.value * p.share, 0) / shares;
    else {
      skipped.push({
        line: g.cell.line,
        area: g.newKey,
        column: g.cell.indicatorKey,
        reason: 'mergedNotAggregable',
      });
      continue;
    }
    values.push({ newKey: g.newKey, indicatorKey: g.cell.indicatorKey, period: g.cell.period, value });
  }
  return { values, skipped };
}
