import type { AreaGeometry, Position } from './types.ts';

/*
 * Douglas-Peucker simplification that keeps shared borders shared: vertices
 * where a boundary meets another ring ("junctions") are always kept and the
 * stretches between them are simplified in a canonical direction, so two
 * neighbouring areas with identical border vertices get identical simplified
 * borders (no slivers or gaps). Distances are planar in degrees.
 */

function positionKey(p: Position): string {
  return `${p[0]},${p[1]}`;
}

/** Squared distance from p to the segment a–b (to a itself if the segment is a point). */
function segmentDistanceSq(p: Position, a: Position, b: Position): number {
  const [px, py] = p as [number, number];
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSq;
  t = Math.max(0, Math.min(1, t));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/** Marks the points of line[first..last] that Douglas-Peucker keeps (endpoints are always kept). */
function douglasPeucker(line: readonly Position[], toleranceSq: number): boolean[] {
  const keep = new Array<boolean>(line.length).fill(false);
  keep[0] = true;
  keep[line.length - 1] = true;
  const stack: [number, number][] = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let maxDistanceSq = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const distanceSq = segmentDistanceSq(
        line[i] as Position,
        line[first] as Position,
        line[last] as Position,
      );
      if (distanceSq > maxDistanceSq) {
        maxDistanceSq = distanceSq;
        index = i;
      }
    }
    if (index >= 0 && maxDistanceSq > toleranceSq) {
      keep[index] = true;
      stack.push([first, index], [index, last]);
    }
  }
  return keep;
}

/** Simplifies one stretch; runs in a canonical direction so both neighbours get the same answer. */
function simplifyStretch(line: Position[], toleranceSq: number): boolean[] {
  const firstKey = positionKey(line[0] as Position);
  const lastKey = positionKey(line[line.length - 1] as Position);
  const reverse =
    firstKey > lastKey ||
    (firstKey === lastKey &&
      line.length > 2 &&
      positionKey(line[1] as Position) > positionKey(line[line.length - 2] as Position));
  if (!reverse) return douglasPeucker(line, toleranceSq);
  return douglasPeucker([...line].reverse(), toleranceSq).reverse();
}

type Rings = Position[][];

function ringsOf(geometry: AreaGeometry): Rings {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * A vertex is a junction when it is seen with different neighbours: where
 * three areas meet, where a shared border ends, or where a ring touches itself.
 */
function findJunctions(geometries: readonly AreaGeometry[]): Set<string> {
  const neighbours = new Map<string, string>();
  const junctions = new Set<string>();
  for (const geometry of geometries) {
    for (const ring of ringsOf(geometry)) {
      const n = ring.length - 1; // ring is closed; ignore the repeated last position
      if (n < 3) continue;
      for (let i = 0; i < n; i++) {
        const key = positionKey(ring[i] as Position);
        const prev = positionKey(ring[(i - 1 + n) % n] as Position);
        const next = positionKey(ring[(i + 1) % n] as Position);
        const signature = prev < next ? `${prev}|${next}` : `${next}|${prev}`;
        const seen = neighbours.get(key);
        if (seen === undefined) neighbours.set(key, signature);
        else if (seen !== signature) junctions.add(key);
      }
    }
  }
  return junctions;
}

function simplifyRing(ring: Position[], toleranceSq: number, junctions: Set<string>): Position[] {
  const n = ring.length - 1;
  if (n < 4) return ring.map((p) => [...p]); // nothing to remove without breaking the ring

  const splitAt: number[] = [];
  for (let i = 0; i < n; i++) if (junctions.has(positionKey(ring[i] as Position))) splitAt.push(i);

  // Start the ring at a junction so its arbitrary start vertex is not pinned;
  // a ring without junctions is split at the vertex farthest from its start.
  const start = splitAt[0] ?? 0;
  const open = [...ring.slice(start, n), ...ring.slice(0, start)];
  const closed = [...open, open[0] as Position];
  let cuts = splitAt.map((i) => i - start);
  if (cuts.length === 0) {
    let farthest = 0;
    let farthestSq = -1;
    for (let i = 1; i < n; i++) {
      const distanceSq = segmentDistanceSq(open[i] as Position, open[0] as Position, open[0] as Position);
      if (distanceSq > farthestSq) {
        farthestSq = distanceSq;
        farthest = i;
      }
    }
    cuts = [0, farthest];
  }
  cuts.push(n);

  const keep = new Array<boolean>(n + 1).fill(false);
  for (let c = 0; c < cuts.length - 1; c++) {
    const from = cuts[c] as number;
    const to = cuts[c + 1] as number;
    const stretch = simplifyStretch(closed.slice(from, to + 1), toleranceSq);
    stretch.forEach((kept, i) => {
      if (kept) keep[from + i] = true;
    });
  }

  // A valid ring needs three distinct vertices plus closure: put back the most
  // significant removed vertices until it has them.
  let keptCount = keep.filter(Boolean).length;
  while (keptCount < 4) {
    let bestIndex = -1;
    let bestSq = -1;
    let prevKept = 0;
    for (let i = 1; i < n; i++) {
      if (keep[i]) {
        prevKept = i;
        continue;
      }
      let nextKept = i + 1;
      while (!keep[nextKept]) nextKept++;
      const distanceSq = segmentDistanceSq(
        closed[i] as Position,
        closed[prevKept] as Position,
        closed[nextKept] as Position,
      );
      if (distanceSq > bestSq) {
        bestSq = distanceSq;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    keep[bestIndex] = true;
    keptCount++;
  }

  return closed.filter((_, i) => keep[i]).map((p) => [...p]);
}

/**
 * Simplifies several geometries together so that borders they share stay
 * identical. Rings keep closure and at least 4 positions; orientation is kept.
 * `tolerance` is in degrees (0.0001° ≈ 11 m north-south, ≈ 7 m east-west in Berlin).
 */
export function simplifyCollection<G extends AreaGeometry>(geometries: readonly G[], tolerance: number): G[] {
  const toleranceSq = tolerance > 0 ? tolerance * tolerance : 0;
  const junctions = findJunctions(geometries);
  const simplify = (ring: Position[]) =>
    toleranceSq === 0 ? ring.map((p) => [...p]) : simplifyRing(ring, toleranceSq, junctions);
  return geometries.map((geometry) => {
    if (geometry.type === 'Polygon') {
      return { ...geometry, coordinates: geometry.coordinates.map(simplify) };
    }
    return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(simplify)) };
  });
}

export function simplifyGeometry<G extends AreaGeometry>(geometry: G, tolerance: number): G {
  return simplifyCollection([geometry], tolerance)[0] as G;
}
