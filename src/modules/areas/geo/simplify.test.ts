import { describe, expect, it } from 'vitest';
import { signedRingArea } from './rings.ts';
import { simplifyCollection, simplifyGeometry } from './simplify.ts';
import { square } from './test-fixtures.ts';
import type { MultiPolygon, Polygon, Position } from './types.ts';

/** A square with many tiny wiggles along the bottom edge. */
function noisySquare(): Position[] {
  const bottom: Position[] = [];
  for (let i = 0; i <= 100; i++) bottom.push([i / 100, i % 2 === 0 ? 0 : 0.0001]);
  return [...bottom, [1, 1], [0, 1], [0, 0]];
}

function isValidRing(ring: readonly Position[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length >= 4 && first?.[0] === last?.[0] && first?.[1] === last?.[1];
}

describe('simplifyGeometry', () => {
  it('removes detail below the tolerance and keeps the shape', () => {
    const input: Polygon = { type: 'Polygon', coordinates: [noisySquare()] };
    const output = simplifyGeometry(input, 0.001);
    const ring = output.coordinates[0] ?? [];
    expect(ring.length).toBe(5);
    expect(isValidRing(ring)).toBe(true);
    expect(signedRingArea(ring)).toBeCloseTo(1, 3);
    expect(input.coordinates[0]).toHaveLength(104); // input untouched
  });

  it('keeps detail above the tolerance', () => {
    const input: Polygon = { type: 'Polygon', coordinates: [noisySquare()] };
    expect(simplifyGeometry(input, 0.00001).coordinates[0]).toHaveLength(104);
  });

  it('never collapses a ring below 4 positions and keeps closure and orientation', () => {
    const tiny: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1), square(0.2, 0.2, 0.001).reverse()], [square(3, 3, 0.0001)]],
    };
    const output = simplifyGeometry(tiny, 0.5);
    for (const polygon of output.coordinates) {
      for (const ring of polygon) expect(isValidRing(ring)).toBe(true);
    }
    const [exterior, hole] = output.coordinates[0] ?? [];
    expect(signedRingArea(exterior ?? [])).toBeGreaterThan(0);
    expect(signedRingArea(hole ?? [])).toBeLessThan(0);
    expect(signedRingArea(output.coordinates[1]?.[0] ?? [])).toBeGreaterThan(0);
  });

  it('returns an equal copy for tolerance 0', () => {
    const input: Polygon = { type: 'Polygon', coordinates: [noisySquare()] };
    const output = simplifyGeometry(input, 0);
    expect(output).toEqual(input);
    expect(output.coordinates[0]).not.toBe(input.coordinates[0]);
  });
});

describe('simplifyCollection', () => {
  it('simplifies a shared border identically for both neighbours', () => {
    // Two areas share a wiggly border along x = 1 (traversed in opposite directions).
    const border: Position[] = [];
    for (let i = 0; i <= 50; i++) border.push([1 + (i % 3) * 0.0003 + Math.sin(i) * 0.002, i / 50]);
    const left: Polygon = { type: 'Polygon', coordinates: [[[0, 0], ...border, [0, 1], [0, 0]]] };
    const rightRing: Position[] = [[2, 1], ...[...border].reverse(), [2, 0], [2, 1]];
    const right: Polygon = { type: 'Polygon', coordinates: [rightRing] };
    // start the right ring somewhere else to show the ring start does not matter
    const rotated: Polygon = {
      type: 'Polygon',
      coordinates: [[...rightRing.slice(10, -1), ...rightRing.slice(0, 11)]],
    };

    for (const neighbour of [right, rotated]) {
      const [a, b] = simplifyCollection([left, neighbour], 0.001);
      const key = (p: Position) => p.join(',');
      const borderKeys = new Set(border.map(key));
      const sharedA = (a?.coordinates[0] ?? []).map(key).filter((k) => borderKeys.has(k));
      const sharedB = (b?.coordinates[0] ?? []).map(key).filter((k) => borderKeys.has(k));
      expect(sharedA.length).toBeLessThan(border.length); // it did simplify
      expect(new Set(sharedA)).toEqual(new Set(sharedB));
    }
  });

  it('keeps the vertex where three areas meet', () => {
    const a: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 0.5],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const b: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 0],
          [2, 0],
          [2, 0.5],
          [1, 0.5],
          [1, 0],
        ],
      ],
    };
    const c: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 0.5],
          [2, 0.5],
          [2, 1],
          [1, 1],
          [1, 0.5],
        ],
      ],
    };
    const [sa] = simplifyCollection([a, b, c], 0.1);
    expect(sa?.coordinates[0]).toContainEqual([1, 0.5]);
    // alone, the collinear vertex would go
    expect(simplifyGeometry(a, 0.1).coordinates[0]).not.toContainEqual([1, 0.5]);
  });
});
