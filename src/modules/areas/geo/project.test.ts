import { describe, expect, it } from 'vitest';
import { fitProjection, toSvgPaths } from './project.ts';
import { square } from './test-fixtures.ts';
import type { Polygon } from './types.ts';

const area = (key: string, lon: number, lat: number, size: number) => ({
  key,
  geometry: { type: 'Polygon', coordinates: [square(lon, lat, size)] } satisfies Polygon,
});

describe('fitProjection', () => {
  it('fits the bbox into the padded viewport, north up, aspect kept', () => {
    // At 60° N a degree of longitude is half a degree of latitude.
    const project = fitProjection([10, 59.5, 12, 60.5], 200, 100, 10);
    expect(project(10, 60.5)[0]).toBeCloseTo(60, 0); // centred horizontally: (180 - 80) / 2 + 10
    expect(project(10, 60.5)[1]).toBeCloseTo(10, 6);
    expect(project(12, 59.5)[0]).toBeCloseTo(140, 0);
    expect(project(12, 59.5)[1]).toBeCloseTo(90, 6);
  });
});

describe('toSvgPaths', () => {
  it('returns compact closed paths with one decimal and a viewBox', () => {
    const result = toSvgPaths([area('a', 13.4, 52.5, 0.01), area('b', 13.41, 52.5, 0.01)], 400, 300, 10);
    expect(result.viewBox).toBe('0 0 400 300');
    expect(result.paths.map((p) => p.key)).toEqual(['a', 'b']);
    for (const { d } of result.paths) {
      expect(d).toMatch(/^M[\d. ]+Z$/);
      for (const n of d.slice(1, -1).split(' ')) expect(n).toMatch(/^\d+(\.\d)?$/);
      expect(d.slice(1, -1).split(' ')).toHaveLength(8); // 4 corners, closing point implied by Z
    }
    // shared edge: a's right edge equals b's left edge
    const [xs] = [result.paths.map((p) => p.d.slice(1, -1).split(' ').map(Number))];
    expect(xs[0]?.[2]).toBe(xs[1]?.[0]);
    // everything stays within the padded viewport
    const all = xs.flat();
    expect(Math.min(...all)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...all)).toBeLessThanOrEqual(390);
  });

  it('writes holes and MultiPolygon parts as subpaths', () => {
    const geometry = {
      type: 'MultiPolygon' as const,
      coordinates: [[square(0, 0, 1), square(0.25, 0.25, 0.5).reverse()], [square(2, 0, 1)]],
    };
    const [path] = toSvgPaths([{ key: 'x', geometry }], 300, 100).paths;
    expect(path?.d.match(/M/g)).toHaveLength(3);
  });

  it('drops rings that shrink below a triangle at this scale and copes with no features', () => {
    const tiny = area('tiny', 13.5, 52.5, 0.0000001);
    const result = toSvgPaths([area('big', 13, 52, 1), tiny], 100, 100);
    expect(result.paths[1]).toEqual({ key: 'tiny', d: '' });
    expect(toSvgPaths([], 100, 100).paths).toEqual([]);
  });

  it('can draw inside a fixed frame', () => {
    const result = toSvgPaths([area('a', 13.4, 52.5, 0.01)], 100, 100, 0, { bbox: [13.3, 52.4, 13.5, 52.6] });
    const numbers = (result.paths[0]?.d.slice(1, -1).split(' ') ?? []).map(Number);
    expect(Math.min(...numbers)).toBeGreaterThan(40);
    expect(Math.max(...numbers)).toBeLessThan(60);
  });
});
