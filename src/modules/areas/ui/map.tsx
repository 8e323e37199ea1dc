import { SvgMap } from '../../../ui/index.ts';
import type { AreaGeometry } from '../db/schema.ts';
import { bboxOf, type Position, toSvgPaths } from '../geo/index.ts';

export interface MapFeature {
  key: string;
  name: string;
  geometry: AreaGeometry;
  href?: string;
  highlighted?: boolean;
  /** Bold outline without fill: the current area drawn over its linked sub-areas. */
  outline?: boolean;
}

const WIDTH = 600;
const HEIGHT = 420;

function segmentDistanceSq([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

/** Douglas–Peucker on one closed ring, split at the vertex farthest from the start. */
function simplifyRing(ring: Position[], tol: number): Position[] {
  const n = ring.length;
  if (n <= 5) return ring;
  const keep = new Uint8Array(n);
  let far = 0;
  let farSq = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2;
    if (d > farSq) {
      farSq = d;
      far = i;
    }
  }
  keep[0] = keep[far] = keep[n - 1] = 1;
  const tolSq = tol * tol;
  const stack: [number, number][] = [
    [0, far],
    [far, n - 1],
  ];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let best = -1;
    let bestSq = tolSq;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistanceSq(ring[i], ring[a], ring[b]);
      if (d > bestSq) {
        bestSq = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  const out = ring.filter((_, i) => keep[i] === 1);
  return out.length >= 4 ? out : ring;
}

/**
 * Drops detail below half a pixel at the map's scale, so full-resolution boundaries (a few MB
 * after an import) do not bloat the page. Rings are simplified one by one (fast); any gap this
 * opens between neighbours stays below half a pixel, hidden by the outline.
 */
function forDisplay(geometries: AreaGeometry[]): AreaGeometry[] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const g of geometries) {
    const [a, b, c, d] = bboxOf(g);
    minLon = Math.min(minLon, a);
    minLat = Math.min(minLat, b);
    maxLon = Math.max(maxLon, c);
    maxLat = Math.max(maxLat, d);
  }
  const tol = Math.max((maxLon - minLon) / WIDTH, (maxLat - minLat) / HEIGHT) / 2;
  if (!(tol > 0)) return geometries;
  return geometries.map((g) =>
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((r) => simplifyRing(r, tol)) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => simplifyRing(r, tol))) },
  );
}

/** Server-rendered SVG map of area boundaries; links make each area reachable by keyboard. */
export function AreaMap({
  features,
  title,
  description,
}: {
  features: MapFeature[];
  title: string;
  description?: string;
}) {
  if (features.length === 0) return null;
  const shapes = forDisplay(features.map((f) => f.geometry));
  const svg = toSvgPaths(
    features.map((f, i) => ({ key: f.key, geometry: shapes[i] })),
    WIDTH,
    HEIGHT,
    8,
  );
  const byKey = new Map(features.map((f) => [f.key, f]));
  return (
    <SvgMap
      viewBox={svg.viewBox}
      title={title}
      description={description}
      paths={svg.paths.map((p) => {
        const f = byKey.get(p.key)!;
        return {
          key: p.key,
          d: p.d,
          label: f.name,
          href: f.href,
          highlighted: f.highlighted,
          outline: f.outline,
        };
      })}
    />
  );
}
