import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BERLIN, fullBerlinData } from '../../../test/fixtures.ts';
import { type AreaGeometry, analyseFeatureCollection, pointInArea } from './geo/index.ts';
import { interiorPoint } from './interior-point.ts';

const inside = (g: AreaGeometry) => {
  const p = interiorPoint(g);
  expect(p).not.toBeNull();
  expect(pointInArea(p![0], p![1], g)).toBe(true);
  return p!;
};

describe('interiorPoint', () => {
  it('uses the bbox centre of a convex shape', () => {
    const square: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(inside(square)).toEqual([1, 1]);
  });

  it('finds a point inside a U shape whose centre lies outside', () => {
    const u: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(pointInArea(1.5, 1.5, u)).toBe(false);
    inside(u);
  });

  it('avoids a hole in the middle and picks the largest part of a MultiPolygon', () => {
    const ring: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [10, 10],
            [10.1, 10],
            [10.1, 10.1],
            [10, 10.1],
            [10, 10],
          ],
        ],
        [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 3],
            [3, 3],
            [3, 1],
            [1, 1],
          ],
        ],
      ],
    };
    const [x, y] = inside(ring);
    expect(x).toBeLessThan(4);
    expect(y).toBeLessThan(4);
  });

  const real = (file: string) => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { features: unknown[] };
    const { features } = analyseFeatureCollection(doc, { keyProperty: 'id', nameProperty: 'name' });
    expect(features).toHaveLength(doc.features.length);
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) inside(f.geometry);
  };

  it('lies inside every real Prognoseraum of the extract', () => real(BERLIN.prognoseraeume));

  // Optional extra: all 58, where the full data set is next to the project.
  const full = fullBerlinData();
  it.skipIf(!full)('lies inside every one of the 58 real Prognoseräume (full data set)', () => {
    real(full!.prognoseraeume);
  });
});
