import { describe, expect, it } from 'vitest';
import { bboxContains, bboxOf, pointInArea } from './contains.ts';
import { square } from './test-fixtures.ts';
import type { MultiPolygon, Polygon } from './types.ts';

const withHole: Polygon = {
  type: 'Polygon',
  coordinates: [square(0, 0, 10), square(4, 4, 2).reverse()],
};

const twoParts: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]],
};

describe('pointInArea', () => {
  it('finds points inside, outside and in holes', () => {
    expect(pointInArea(1, 1, withHole)).toBe(true);
    expect(pointInArea(11, 1, withHole)).toBe(false);
    expect(pointInArea(5, 5, withHole)).toBe(false);
  });

  it('counts points on the boundary as inside (outer edge, vertex, hole edge)', () => {
    expect(pointInArea(0, 5, withHole)).toBe(true);
    expect(pointInArea(10, 10, withHole)).toBe(true);
    expect(pointInArea(4, 5, withHole)).toBe(true);
  });

  it('handles every part of a MultiPolygon', () => {
    expect(pointInArea(0.5, 0.5, twoParts)).toBe(true);
    expect(pointInArea(5.5, 5.5, twoParts)).toBe(true);
    expect(pointInArea(3, 3, twoParts)).toBe(false);
  });

  it('uses a bbox for a quick reject and ignores non-finite input', () => {
    expect(pointInArea(0.5, 0.5, twoParts, [0, 0, 6, 6])).toBe(true);
    // a wrong bbox proves the polygon test was skipped
    expect(pointInArea(0.5, 0.5, twoParts, [5, 5, 6, 6])).toBe(false);
    expect(pointInArea(Number.NaN, 0.5, twoParts)).toBe(false);
  });
});

describe('bboxOf / bboxContains', () => {
  it('spans all parts', () => {
    expect(bboxOf(twoParts)).toEqual([0, 0, 6, 6]);
    expect(bboxOf(withHole)).toEqual([0, 0, 10, 10]);
  });

  it('is inclusive on the edges', () => {
    expect(bboxContains([0, 0, 6, 6], 6, 0)).toBe(true);
    expect(bboxContains([0, 0, 6, 6], 6.0001, 3)).toBe(false);
    expect(bboxContains([0, 0, 6, 6], 3, -0.1)).toBe(false);
  });
});
