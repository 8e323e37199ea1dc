import type { Position } from './types.ts';

type XY = [number, number];

/** Shoelace sum; positive for counter-clockwise rings in a lon/lat (x east, y north) plane. */
export function signedRingArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [ax, ay] = ring[i] as XY;
    const [bx, by] = ring[i + 1] as XY;
    sum += ax * by - bx * ay;
  }
  return sum / 2;
}

export function samePosition(a: Position | undefined, b: Position | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

/** RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. */
export function rewindPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const area = signedRingArea(ring);
    const wantCounterClockwise = i === 0;
    return (area < 0 && wantCounterClockwise) || (area > 0 && !wantCounterClockwise)
      ? [...ring].reverse()
      : ring;
  });
}

export interface SelfIntersection {
  /** Indices of the two crossing segments (segment i runs from position i to i + 1). */
  segmentA: number;
  segmentB: number;
  point: [number, number];
}

function orientation(a: Position, b: Position, c: Position): number {
  const [ax, ay] = a as XY;
  const [bx, by] = b as XY;
  const [cx, cy] = c as XY;
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/**
 * Finds two non-adjacent segments of a closed ring that properly cross.
 * Touching at a vertex and collinear overlaps are not reported: they are common
 * in real boundary data and harmless for point-in-polygon lookups, whereas a
 * crossing ("bow tie") makes inside/outside ambiguous.
 * Segments are swept in x order so real-world rings (thousands of vertices)
 * stay far from the quadratic worst case.
 */
export function findSelfIntersection(ring: readonly Position[]): SelfIntersection | null {
  const segmentCount = ring.length - 1;
  if (segmentCount < 4) return null;
  const minX = new Float64Array(segmentCount);
  const maxX = new Float64Array(segmentCount);
  for (let i = 0; i < segmentCount; i++) {
    const ax = (ring[i] as Position)[0] as number;
    const bx = (ring[i + 1] as Position)[0] as number;
    minX[i] = Math.min(ax, bx);
    maxX[i] = Math.max(ax, bx);
  }
  const order = Array.from({ length: segmentCount }, (_, i) => i).sort(
    (a, b) => (minX[a] as number) - (minX[b] as number) || a - b,
  );
  let best: SelfIntersection | null = null;
  for (let oi = 0; oi < segmentCount; oi++) {
    const i = order[oi] as number;
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    const iMinY = Math.min(a[1] as number, b[1] as number);
    const iMaxY = Math.max(a[1] as number, b[1] as number);
    for (let oj = oi + 1; oj < segmentCount; oj++) {
      const j = order[oj] as number;
      if ((minX[j] as number) > (maxX[i] as number)) break;
      const gap = Math.abs(i - j);
      if (gap <= 1 || gap === segmentCount - 1) continue; // neighbours share a vertex
      const c = ring[j] as Position;
      const d = ring[j + 1] as Position;
      if (
        Math.max(c[1] as number, d[1] as number) < iMinY ||
        Math.min(c[1] as number, d[1] as number) > iMaxY
      ) {
        continue;
      }
      if (
        orientation(a, b, c) * orientation(a, b, d) < 0 &&
        orientation(c, d, a) * orientation(c, d, b) < 0
      ) {
        const [segmentA, segmentB] = i < j ? [i, j] : [j, i];
        // Keep the lowest segment pair so the reported crossing does not depend on sweep order.
        if (!best || segmentA < best.segmentA || (segmentA === best.segmentA && segmentB < best.segmentB)) {
          best = { segmentA, segmentB, point: intersectionPoint(a, b, c, d) };
        }
      }
    }
  }
  return best;
}

function intersectionPoint(a: Position, b: Position, c: Position, d: Position): [number, number] {
  const [ax, ay] = a as XY;
  const [bx, by] = b as XY;
  const [cx, cy] = c as XY;
  const [dx, dy] = d as XY;
  const denominator = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / denominator;
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}
