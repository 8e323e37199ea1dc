// Values of higher levels derived from lower ones (AREA-2): planning area → Bezirksregion →
// Prognoseraum → district → the tenant as a whole. Pure, no database.

import type { Aggregation } from './vocab.ts';

/** The levels values are derived through, lowest first; the tenant as a whole sits above districts. */
export const LEVELS = ['planungsraum', 'bezirksregion', 'prognoseraum', 'district'] as const;

export interface AreaNode {
  id: string;
  kind: string;
  parentId: string | null;
}

/**
 * Derived values of one indicator for one period. `known` holds the values already there that are
 * not derived (imported at any level); they are never replaced, and a higher level is computed from
 * the known or derived values of the level right below. `sum`: the sum, only when every area below
 * has a value (a partial sum would understate). `weighted`: the mean of the areas below that have a
 * value, weighted by `weights` (e.g. inhabitants); an area without its own weight weighs the sum of
 * the weights below it. `rootId` stands for the tenant as a whole (parent of the districts).
 */
export function deriveUp(input: {
  nodes: readonly AreaNode[];
  rootId: string;
  known: ReadonlyMap<string, number>;
  aggregation: Aggregation;
  weights?: ReadonlyMap<string, number>;
}): Map<string, number> {
  const derived = new Map<string, number>();
  if (input.aggregation === 'none') return derived;
  const chain = new Set<string>(LEVELS);
  const children = new Map<string, AreaNode[]>();
  for (const n of input.nodes) {
    if (!chain.has(n.kind)) continue;
    const parent = n.kind === 'district' ? input.rootId : n.parentId;
    if (!parent) continue;
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  const value = (id: string) => input.known.get(id) ?? derived.get(id);
  const weights = new Map(input.weights ?? []);
  const weightOf = (id: string): number | undefined => {
    const w = weights.get(id);
    if (w !== undefined) return w;
    const below = children.get(id);
    if (!below?.length) return undefined;
    let sum = 0;
    for (const c of below) {
      const cw = weightOf(c.id);
      if (cw === undefined) return undefined;
      sum += cw;
    }
    weights.set(id, sum);
    return sum;
  };
  const parentsByLevel: string[][] = [
    ...LEVELS.slice(1).map((kind) => input.nodes.filter((n) => n.kind === kind).map((n) => n.id)),
    [input.rootId],
  ];
  for (const parents of parentsByLevel)
    for (const p of parents) {
      if (input.known.has(p)) continue;
      const below = children.get(p) ?? [];
      if (below.length === 0) continue;
      if (input.aggregation === 'sum') {
        const vs = below.map((c) => value(c.id));
        if (vs.every((v): v is number => v !== undefined))
          derived.set(
            p,
            vs.reduce((a, b) => a + b, 0),
          );
        continue;
      }
      let sw = 0;
      let svw = 0;
      for (const c of below) {
        const v = value(c.id);
        const w = weightOf(c.id);
        if (v === undefined || w === undefined || w <= 0) continue;
        sw += w;
        svw += v * w;
      }
      if (sw > 0) derived.set(p, svw / sw);
    }
  return derived;
}

/** The period of the weight indicator to use for `period`: the same, else the nearest in time. */
export function nearestPeriod(period: string, available: readonly string[]): string | undefined {
  if (available.includes(period)) return period;
  const t = (p: string) => Date.parse(p.length === 4 ? `${p}-07-01` : p.length === 7 ? `${p}-15` : p);
  const at = t(period);
  let best: string | undefined;
  let dist = Number.POSITIVE_INFINITY;
  for (const a of available) {
    const d = Math.abs(t(a) - at);
    if (d < dist) {
      dist = d;
      best = a;
    }
  }
  return best;
}
