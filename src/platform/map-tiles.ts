/**
 * Background tiles for the server-drawn SVG maps (staff only, when MAP_TILE_URL is set): which
 * slippy-map tiles (Web Mercator, 256 px) cover a map, and where each sits in the map's own
 * coordinates. The maps use a linear lon/lat projection (src/modules/areas/geo/project.ts); at city
 * scale a tile drawn as the rectangle between its projected corners is off by under a pixel.
 */
import type { MapTiles } from './config.ts';

export interface TileImage {
  href: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The tile server's origin for the Content-Security-Policy (`https://tile.example.org`). */
export function tileOrigin(template: string): string {
  return new URL(template.replace(/\{[xyz]\}/g, '0')).origin;
}

const lonToX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const xToLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const yToLat = (y: number, z: number) =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** At most this many tiles per map: a coarser zoom is taken rather than more requests. */
const MAX_TILES = 30;

/**
 * The tiles under a map `width` × `height` whose projection is `project` (lon/lat → map units,
 * linear in each). The zoom gives about one tile pixel per map unit or a little more.
 */
export function tilesFor(
  tiles: MapTiles,
  project: (lon: number, lat: number) => [number, number],
  width: number,
  height: number,
): TileImage[] {
  // The projection is linear: two points give its inverse for the map's corners.
  const [x0, y0] = project(0, 0);
  const [x1, y1] = project(1, 1);
  const ax = x1 - x0;
  const ay = y1 - y0;
  if (!(ax > 0) || !(ay < 0)) return [];
  const lonAt = (x: number) => (x - x0) / ax;
  const latAt = (y: number) => (y - y0) / ay;
  const [west, east, north, south] = [lonAt(0), lonAt(width), latAt(0), latAt(height)];
  if (!(north < 85 && south > -85 && east - west < 360)) return [];
  let z = Math.min(19, Math.max(0, Math.ceil(Math.log2((width * 360) / (256 * (east - west))))));
  for (; z > 0; z--) {
    const n =
      (Math.floor(lonToX(east, z)) - Math.floor(lonToX(west, z)) + 1) *
      (Math.floor(latToY(south, z)) - Math.floor(latToY(north, z)) + 1);
    if (n <= MAX_TILES) break;
  }
  const out: TileImage[] = [];
  for (let ty = Math.floor(latToY(north, z)); ty <= Math.floor(latToY(south, z)); ty++) {
    for (let tx = Math.floor(lonToX(west, z)); tx <= Math.floor(lonToX(east, z)); tx++) {
      const [left, top] = project(xToLon(tx, z), yToLat(ty, z));
      const [right, bottom] = project(xToLon(tx + 1, z), yToLat(ty + 1, z));
      out.push({
        href: tiles.url.replace('{z}', String(z)).replace('{x}', String(tx)).replace('{y}', String(ty)),
        x: round(left),
        y: round(top),
        width: round(right - left),
        height: round(bottom - top),
      });
    }
  }
  return out;
}

const round = (v: number) => Math.round(v * 10) / 10;
