import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { tileOrigin, tilesFor } from './map-tiles.ts';

const TILES = { url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap' };
/**
 * Berlin-Mitte's extent (13.3–13.43 E, 52.49–52.56 N) in a 600 × 420 map, projected as the area maps
 * do: longitudes shrunk by the cosine of the middle latitude, one scale for both, centred.
 */
const kx = Math.cos((52.525 * Math.PI) / 180);
const scale = Math.min(584 / (0.13 * kx), 404 / 0.07);
const project = (lon: number, lat: number): [number, number] => [
  300 + (lon - 13.365) * kx * scale,
  210 - (lat - 52.525) * scale,
];

describe('background tiles for staff maps', () => {
  it('covers the whole map with tiles of one zoom, about one tile pixel per map unit', () => {
    const list = tilesFor(TILES, project, 600, 420);
    expect(list.length).toBeGreaterThan(1);
    expect(list.length).toBeLessThanOrEqual(30);
    const zooms = new Set(list.map((t) => /\/(\d+)\/\d+\/\d+\.png$/.exec(t.href)?.[1]));
    expect(zooms.size).toBe(1);
    const z = Number([...zooms][0]);
    expect(z).toBeGreaterThanOrEqual(12);
    expect(z).toBeLessThanOrEqual(14);
    // The union of the tiles reaches every edge of the map.
    expect(Math.min(...list.map((t) => t.x))).toBeLessThanOrEqual(0);
    expect(Math.min(...list.map((t) => t.y))).toBeLessThanOrEqual(0);
    expect(Math.max(...list.map((t) => t.x + t.width))).toBeGreaterThanOrEqual(600);
    expect(Math.max(...list.map((t) => t.y + t.height))).toBeGreaterThanOrEqual(420);
    // Neighbouring tiles meet without gaps (within the rounding of one decimal).
    const row = list.filter((t) => t.y === list[0]?.y).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++)
      expect(Math.abs(row[i - 1]!.x + row[i - 1]!.width - row[i]!.x)).toBeLessThan(0.2);
  });

  it('places the tile holding a known point under that point', () => {
    // Alexanderplatz (13.4132, 52.5219) lies in tile 4401/2686 at zoom 13 (x 4401.22, y 2686.54,
    // computed apart from this code).
    const list = tilesFor(TILES, project, 600, 420);
    const z = Number(/\/(\d+)\//.exec(list[0]!.href)![1]);
    const [px, py] = project(13.4132, 52.5219);
    const under = list.find((t) => px >= t.x && px < t.x + t.width && py >= t.y && py < t.y + t.height)!;
    const [, tx, ty] = /\/(\d+)\/(\d+)\.png$/.exec(under.href)!.map(Number) as [unknown, number, number];
    expect([tx, ty]).toEqual([Math.floor(4401 / 2 ** (13 - z)), Math.floor(2686 / 2 ** (13 - z))]);
  });

  it('reads MAP_TILE_URL (https, with {z} {x} {y}) and refuses anything else by name', () => {
    const ok = loadConfig({ MAP_TILE_URL: TILES.url } as NodeJS.ProcessEnv);
    expect(ok.mapTiles).toEqual({ url: TILES.url, attribution: 'tiles.example.org' });
    expect(tileOrigin(TILES.url)).toBe('https://tiles.example.org');
    expect(loadConfig({} as NodeJS.ProcessEnv).mapTiles).toBeUndefined();
    for (const bad of ['http://tiles.example.org/{z}/{x}/{y}.png', 'https://tiles.example.org/{z}/{x}.png'])
      expect(() => loadConfig({ MAP_TILE_URL: bad } as NodeJS.ProcessEnv)).toThrow(/MAP_TILE_URL/);
  });
});
