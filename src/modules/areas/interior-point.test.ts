import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  const file = resolve(
    process.cwd(),
    '../shared/data/berlin-lor/odp-berlin-lor-forecast-areas-from-2021.geojson',
  );
  it.skipIf(!existsSync(file))('lies inside every real Prognoseraum', () => {
    const { features } = analyseFeatureCollection(JSON.parse(readFileSync(file, 'utf8')), {
      keyProperty: 'id',
      nameProperty: 'name',
    });
    expect(features).toHaveLength(58);
    for (const f of features) inside(f.geometry);
  });
});
