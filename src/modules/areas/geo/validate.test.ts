import { describe, expect, it } from 'vitest';
import { signedRingArea } from './rings.ts';
import { collection, feature, OPTS, polygon, square, validArea } from './test-fixtures.ts';
import type { AnalyseResult, Polygon, Rejection } from './types.ts';
import { analyseFeatureCollection } from './validate.ts';

function single(result: AnalyseResult): Rejection {
  expect(result.rejections).toHaveLength(1);
  return result.rejections[0] as Rejection;
}

/** Alexanderplatz area in ETRS89 / UTM 33N, 100 m square, counter-clockwise. */
const UTM33_SQUARE = [
  [392000, 5820000],
  [392100, 5820000],
  [392100, 5820100],
  [392000, 5820100],
  [392000, 5820000],
];

describe('analyseFeatureCollection: whole-file problems', () => {
  it.each([
    ['null', null, 'null'],
    ['an array', [], 'array'],
    ['a single Feature', validArea(), 'Feature'],
    ['a collection without features', { type: 'FeatureCollection' }, 'FeatureCollection'],
    ['a string', 'hello', 'string'],
  ])('rejects %s as not_a_feature_collection', (_, input, type) => {
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.features).toEqual([]);
    expect(result.rejections).toEqual([{ index: -1, code: 'not_a_feature_collection', detail: { type } }]);
  });

  it('rejects an unsupported named CRS with its name', () => {
    const name = 'urn:ogc:def:crs:EPSG::31468'; // Gauss-Krüger zone 4, common in old German data
    const result = analyseFeatureCollection(collection([validArea()], name), OPTS);
    expect(result.features).toEqual([]);
    expect(result.rejections).toEqual([{ index: -1, code: 'unknown_crs', detail: { crs: name } }]);
  });

  it('rejects metre coordinates without a crs member, hinting at a projected CRS', () => {
    const input = collection([feature({ key: 'A', name: 'A' }, polygon(UTM33_SQUARE))]);
    const rejection = single(analyseFeatureCollection(input, OPTS));
    expect(rejection).toEqual({
      index: -1,
      code: 'unknown_crs',
      detail: { hint: 'projected_coordinates', x: 392000, y: 5820000 },
    });
  });

  it('rejects metre coordinates in a file that claims to be WGS84', () => {
    const input = collection([feature({ key: 'A', name: 'A' }, polygon(UTM33_SQUARE))], 'EPSG:4326');
    expect(single(analyseFeatureCollection(input, OPTS))).toMatchObject({
      code: 'unknown_crs',
      detail: { crs: 'EPSG:4326', hint: 'projected_coordinates' },
    });
  });

  it('rejects degree coordinates in a file declared as UTM', () => {
    const input = collection([validArea()], 'urn:ogc:def:crs:EPSG::25833');
    expect(single(analyseFeatureCollection(input, OPTS))).toMatchObject({
      code: 'unknown_crs',
      detail: { hint: 'geographic_coordinates' },
    });
  });

  it('rejects an unreadable crs member', () => {
    const input = { ...collection([validArea()]), crs: { type: 'link', properties: { href: 'x' } } };
    expect(single(analyseFeatureCollection(input, OPTS)).code).toBe('unknown_crs');
  });

  it('rejects an unsupported opts.sourceCrs', () => {
    const input = collection([validArea()]);
    expect(single(analyseFeatureCollection(input, { ...OPTS, sourceCrs: 'EPSG:2056' }))).toEqual({
      index: -1,
      code: 'unknown_crs',
      detail: { crs: 'EPSG:2056' },
    });
  });

  it('does not blame the file for one feature with metre coordinates', () => {
    const input = collection([
      validArea('A'),
      validArea('B'),
      feature({ key: 'C', name: 'C' }, polygon(UTM33_SQUARE)),
    ]);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.features.map((f) => f.key)).toEqual(['A', 'B']);
    expect(result.rejections).toEqual([
      {
        index: 2,
        key: 'C',
        code: 'coordinates_out_of_range',
        detail: { polygon: 0, ring: 0, position: 0, x: 392000, y: 5820000 },
      },
    ]);
  });
});

describe('analyseFeatureCollection: CRS detection and reprojection', () => {
  it.each(['urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'])(
    'reads %s as lon/lat WGS84',
    (name) => {
      const result = analyseFeatureCollection(collection([validArea()], name), OPTS);
      expect(result.crs).toBe('EPSG:4326');
      expect(result.rejections).toEqual([]);
      expect(result.features[0]?.bbox).toEqual([13.4, 52.5, 13.41, 52.51]);
    },
  );

  it('defaults to WGS84 without a crs member (RFC 7946)', () => {
    const result = analyseFeatureCollection(collection([validArea()]), OPTS);
    expect(result.crs).toBe('EPSG:4326');
    expect(result.features).toHaveLength(1);
  });

  it.each(['urn:ogc:def:crs:EPSG::25833', 'EPSG:25833'])('reprojects %s to WGS84', (name) => {
    const input = collection([feature({ key: 'A', name: 'Alex' }, polygon(UTM33_SQUARE))], name);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.crs).toBe('EPSG:25833');
    expect(result.rejections).toEqual([]);
    const [minLon, minLat, maxLon, maxLat] = result.features[0]?.bbox ?? [];
    expect(minLon).toBeCloseTo(13.4083, 3);
    expect(minLat).toBeCloseTo(52.5194, 3);
    // 100 m is ~0.0009° of latitude and ~0.0015° of longitude at 52.5° N
    expect((maxLat as number) - (minLat as number)).toBeCloseTo(0.0009, 4);
    expect((maxLon as number) - (minLon as number)).toBeCloseTo(0.00148, 4);
  });

  it('uses opts.sourceCrs for metre coordinates without a crs member', () => {
    const input = collection([feature({ key: 'A', name: 'Alex' }, polygon(UTM33_SQUARE))]);
    const result = analyseFeatureCollection(input, { ...OPTS, sourceCrs: 'EPSG:25833' });
    expect(result.crs).toBe('EPSG:25833');
    expect(result.rejections).toEqual([]);
    expect(result.features[0]?.bbox[0]).toBeCloseTo(13.4083, 3);
  });

  it('reprojects EPSG:25832 (UTM 32N): Cologne Cathedral', () => {
    // Cologne Cathedral ≈ 6.9582 E, 50.9413 N ≈ E 356,600 N 5,645,400 in UTM 32N
    const x = 356600;
    const y = 5645400;
    const ring = [
      [x, y],
      [x + 50, y],
      [x + 50, y + 50],
      [x, y + 50],
      [x, y],
    ];
    const result = analyseFeatureCollection(
      collection([feature({ key: 'K', name: 'Dom' }, polygon(ring))], 'EPSG:25832'),
      OPTS,
    );
    expect(result.rejections).toEqual([]);
    expect(result.features[0]?.bbox[0]).toBeCloseTo(6.958, 2);
    expect(result.features[0]?.bbox[1]).toBeCloseTo(50.941, 2);
  });

  it('reprojects EPSG:3857 (web mercator)', () => {
    const x = 1492797; // 13.41 E
    const y = 6894700; // 52.52 N
    const ring = [
      [x, y],
      [x + 100, y],
      [x + 100, y + 100],
      [x, y + 100],
      [x, y],
    ];
    const result = analyseFeatureCollection(
      collection([feature({ key: 'A', name: 'A' }, polygon(ring))], 'EPSG:3857'),
      OPTS,
    );
    expect(result.rejections).toEqual([]);
    expect(result.features[0]?.bbox[0]).toBeCloseTo(13.41, 3);
    expect(result.features[0]?.bbox[1]).toBeCloseTo(52.52, 3);
  });
});

describe('analyseFeatureCollection: per-feature rejection codes', () => {
  function rejectionFor(bad: unknown, crsName?: string) {
    // Two valid neighbours keep whole-file heuristics out of the way.
    const input = collection([validArea('ok1'), bad, validArea('ok2')], crsName);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.features.map((f) => f.key)).toEqual(['ok1', 'ok2']);
    const rejection = single(result);
    expect(rejection?.index).toBe(1);
    return rejection;
  }

  it('missing_geometry: null, absent, not a feature', () => {
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, null))).toEqual({
      index: 1,
      key: 'X',
      code: 'missing_geometry',
      detail: { reason: 'null' },
    });
    expect(rejectionFor({ type: 'Feature', properties: { key: 'X', name: 'X' } })?.detail).toEqual({
      reason: 'absent',
    });
    expect(rejectionFor(42)).toMatchObject({ code: 'missing_geometry', detail: { reason: 'not_a_feature' } });
    expect(
      rejectionFor(feature({ key: 'X', name: 'X' }, { type: 'MultiPolygon', coordinates: [] })),
    ).toMatchObject({
      code: 'missing_geometry',
      detail: { reason: 'empty' },
    });
  });

  it.each([
    ['Point', { type: 'Point', coordinates: [13.4, 52.5] }],
    ['LineString', { type: 'LineString', coordinates: square(13.4, 52.5) }],
    ['GeometryCollection', { type: 'GeometryCollection', geometries: [] }],
  ])('unsupported_geometry: %s', (type, geometry) => {
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, geometry))).toEqual({
      index: 1,
      key: 'X',
      code: 'unsupported_geometry',
      detail: { type },
    });
  });

  it('unclosed_ring with the ring index', () => {
    const hole = square(13.402, 52.502, 0.001).reverse().slice(0, 4); // last position dropped
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(square(13.4, 52.5), hole)))).toMatchObject({
      code: 'unclosed_ring',
      detail: { polygon: 0, ring: 1, count: 4 },
    });
  });

  it('too_few_points for a closed ring with 3 positions', () => {
    const ring = [
      [13.4, 52.5],
      [13.41, 52.5],
      [13.4, 52.5],
    ];
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(ring)))).toMatchObject({
      code: 'too_few_points',
      detail: { polygon: 0, ring: 0, count: 3 },
    });
  });

  it('too_few_points when rounding to 7 decimals collapses the ring', () => {
    const ring = [
      [13.4, 52.5],
      [13.40000001, 52.5],
      [13.40000001, 52.50000001],
      [13.4, 52.5],
    ];
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(ring)))).toMatchObject({
      code: 'too_few_points',
      detail: { reason: 'degenerate' },
    });
  });

  it('too_few_points names the polygon inside a MultiPolygon', () => {
    const geometry = { type: 'MultiPolygon', coordinates: [[square(13.4, 52.5)], [[[13.5, 52.5]]]] };
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, geometry))).toMatchObject({
      code: 'too_few_points',
      detail: { polygon: 1, ring: 0, count: 1 },
    });
  });

  it('coordinates_out_of_range with the offending coordinate', () => {
    const ring = [
      [13.4, 52.5],
      [200, 52.5],
      [13.41, 52.51],
      [13.4, 52.5],
    ];
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(ring)))).toEqual({
      index: 1,
      key: 'X',
      code: 'coordinates_out_of_range',
      detail: { polygon: 0, ring: 0, position: 1, x: 200, y: 52.5 },
    });
  });

  it('lat_lon_swapped: a Berlin ring written as [lat, lon]', () => {
    const swapped = square(13.4, 52.5).map(([lon, lat]) => [lat, lon]);
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(swapped)))).toEqual({
      index: 1,
      key: 'X',
      code: 'lat_lon_swapped',
      detail: { polygon: 0, ring: 0, x: 52.5, y: 13.4 },
    });
  });

  it('lat_lon_swapped: latitude beyond 90 that is valid when swapped', () => {
    const swapped = square(120, 10).map(([lon, lat]) => [lat, lon]);
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(swapped)))?.code).toBe('lat_lon_swapped');
  });

  it('lat_lon_swapped: northing and easting swapped in a UTM file', () => {
    const neighbour = (key: string) =>
      feature({ key, name: key }, polygon(UTM33_SQUARE.map(([x, y]) => [(x as number) + 500, y])));
    const swapped = UTM33_SQUARE.map(([x, y]) => [y, x]);
    const input = collection(
      [neighbour('ok1'), feature({ key: 'X', name: 'X' }, polygon(swapped)), neighbour('ok2')],
      'EPSG:25833',
    );
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.features).toHaveLength(2);
    expect(single(result)).toMatchObject({
      index: 1,
      code: 'lat_lon_swapped',
      detail: { x: 5820000, y: 392000 },
    });
  });

  it('coordinates_out_of_range when a projected point has no WGS84 position', () => {
    const ring = UTM33_SQUARE.map(([x, y]) => [(x as number) * 1e6, y]);
    const input = collection([feature({ key: 'X', name: 'X' }, polygon(ring))], 'EPSG:25833');
    expect(single(analyseFeatureCollection(input, OPTS))).toMatchObject({
      index: 0,
      code: 'coordinates_out_of_range',
    });
  });

  it.each([
    ['a string', ['13.4', 52.5]],
    ['NaN', [Number.NaN, 52.5]],
    ['Infinity', [13.4, Number.POSITIVE_INFINITY]],
    ['null', null],
    ['a single number', [13.4]],
  ])('invalid_coordinates: %s', (_, bad) => {
    const ring: unknown[] = square(13.4, 52.5);
    ring[2] = bad;
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(ring)))).toMatchObject({
      code: 'invalid_coordinates',
      detail: { polygon: 0, ring: 0, position: 2 },
    });
  });

  it('invalid_coordinates: coordinates is not an array', () => {
    expect(
      rejectionFor(feature({ key: 'X', name: 'X' }, { type: 'Polygon', coordinates: 'oops' }))?.code,
    ).toBe('invalid_coordinates');
  });

  it.each([
    ['absent', {}],
    ['empty', { key: '' }],
    ['blank', { key: '   ' }],
    ['null', { key: null }],
    ['boolean', { key: true }],
  ])('missing_key: %s', (_, properties) => {
    expect(rejectionFor(feature({ name: 'X', ...properties }, polygon(square(13.4, 52.5))))).toEqual({
      index: 1,
      code: 'missing_key',
      detail: { property: 'key' },
    });
  });

  it('missing_name', () => {
    expect(rejectionFor(feature({ key: 'X', name: ' ' }, polygon(square(13.4, 52.5))))).toEqual({
      index: 1,
      key: 'X',
      code: 'missing_name',
      detail: { property: 'name' },
    });
  });

  it('self_intersection for a bow-tie ring', () => {
    const bowTie = [
      [13.4, 52.5],
      [13.41, 52.51],
      [13.41, 52.5],
      [13.4, 52.51],
      [13.4, 52.5],
    ];
    expect(rejectionFor(feature({ key: 'X', name: 'X' }, polygon(bowTie)))).toEqual({
      index: 1,
      key: 'X',
      code: 'self_intersection',
      detail: { polygon: 0, ring: 0, segmentA: 0, segmentB: 2, lon: 13.405, lat: 52.505 },
    });
  });
});

describe('analyseFeatureCollection: keys', () => {
  it('duplicate_key: the first occurrence wins, later ones are rejected', () => {
    const input = collection([validArea('0930'), validArea('0931'), validArea(' 0930 '), validArea('0930')]);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.features.map((f) => [f.index, f.key])).toEqual([
      [0, '0930'],
      [1, '0931'],
    ]);
    expect(result.rejections).toEqual([
      { index: 2, key: '0930', code: 'duplicate_key', detail: { key: '0930', firstIndex: 0 } },
      { index: 3, key: '0930', code: 'duplicate_key', detail: { key: '0930', firstIndex: 0 } },
    ]);
  });

  it('keeps leading zeros of string keys and stringifies numeric keys', () => {
    const input = collection([validArea(' 0930 '), validArea(930), validArea(12.5)]);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.rejections).toEqual([]);
    expect(result.features.map((f) => f.key)).toEqual(['0930', '930', '12.5']);
  });

  it('reads the parent key when asked, like the key', () => {
    const input = collection([
      feature({ key: '0110', name: 'Zentrum', district: '01' }, polygon(square(13.4, 52.5))),
      feature({ key: '0120', name: 'Moabit' }, polygon(square(13.3, 52.5))),
    ]);
    const result = analyseFeatureCollection(input, { ...OPTS, parentKeyProperty: 'district' });
    expect(result.features[0]?.parentKey).toBe('01');
    expect(result.features[1]).not.toHaveProperty('parentKey');
  });

  it('reports only the first problem of a feature, in a fixed order', () => {
    // no key and no geometry: the key problem comes first
    const input = collection([validArea('A'), feature({ name: 'X' }, null), validArea('B')]);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.rejections.map((r) => r.code)).toEqual(['missing_key']);
    expect(analyseFeatureCollection(input, OPTS)).toEqual(result);
  });
});

describe('analyseFeatureCollection: normalisation', () => {
  it('rewinds to RFC 7946 (exterior counter-clockwise, holes clockwise)', () => {
    const exteriorClockwise = square(13.4, 52.5).reverse();
    const holeCounterClockwise = square(13.402, 52.502, 0.002);
    const input = collection([
      feature({ key: 'A', name: 'A' }, polygon(exteriorClockwise, holeCounterClockwise)),
    ]);
    const result = analyseFeatureCollection(input, OPTS);
    expect(result.rejections).toEqual([]);
    const [exterior, hole] = (result.features[0]?.geometry as Polygon | undefined)?.coordinates ?? [];
    expect(signedRingArea(exterior ?? [])).toBeGreaterThan(0);
    expect(signedRingArea(hole ?? [])).toBeLessThan(0);
  });

  it('leaves correctly wound rings untouched', () => {
    const ring = square(13.4, 52.5);
    const result = analyseFeatureCollection(
      collection([feature({ key: 'A', name: 'A' }, polygon(ring))]),
      OPTS,
    );
    expect(result.features[0]?.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
  });

  it('rounds to 7 decimals, drops altitude and keeps the geometry type and properties', () => {
    const ring = [
      [13.123456789, 52.987654321, 34],
      [13.2, 52.98765432],
      [13.2, 53.1],
      [13.123456789, 52.987654321, 34],
    ];
    const input = collection([
      feature({ key: 'A', name: 'A', extra: { a: 1 } }, { type: 'MultiPolygon', coordinates: [[ring]] }),
    ]);
    const [area] = analyseFeatureCollection(input, OPTS).features;
    expect(area?.geometry.type).toBe('MultiPolygon');
    expect(area?.geometry.coordinates).toEqual([
      [
        [
          [13.1234568, 52.9876543],
          [13.2, 52.9876543],
          [13.2, 53.1],
          [13.1234568, 52.9876543],
        ],
      ],
    ]);
    expect(area?.bbox).toEqual([13.1234568, 52.9876543, 13.2, 53.1]);
    expect(area?.properties).toEqual({ key: 'A', name: 'A', extra: { a: 1 } });
  });
});
