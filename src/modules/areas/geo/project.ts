import { bboxOf } from './contains.ts';
import type { AreaGeometry, BBox, Position } from './types.ts';

export interface SvgPath {
  key: string;
  d: string;
}

export interface SvgPaths {
  viewBox: string;
  width: number;
  height: number;
  paths: SvgPath[];
  /** Maps lon/lat to the same SVG coordinates (e.g. to place venue markers). */
  project: (lon: number, lat: number) => [number, number];
}

/**
 * Equirectangular projection with longitudes shrunk by cos(mid-latitude) and
 * fitted (aspect kept, centred) into width × height minus padding. At city
 * scale this is visually indistinguishable from Mercator and needs no
 * winding-order care, unlike d3-geo's spherical polygons.
 */
export function fitProjection(
  bbox: BBox,
  width: number,
  height: number,
  padding = 0,
): (lon: number, lat: number) => [number, number] {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLon - minLon) * kx;
  const spanY = maxLat - minLat;
  const innerWidth = Math.max(0, width - 2 * padding);
  const innerHeight = Math.max(0, height - 2 * padding);
  const scales = [spanX > 0 ? innerWidth / spanX : Infinity, spanY > 0 ? innerHeight / spanY : Infinity];
  const fitted = Math.min(...scales);
  const scale = Number.isFinite(fitted) ? fitted : 1; // a single point: any scale will do
  const offsetX = padding + (innerWidth - spanX * scale) / 2;
  const offsetY = padding + (innerHeight - spanY * scale) / 2;
  return (lon, lat) => [offsetX + (lon - minLon) * kx * scale, offsetY + (maxLat - lat) * scale];
}

function formatNumber(value: number): string {
  // One decimal is sub-pixel at typical map sizes; `+ 0` avoids "-0".
  return String(Math.round(value * 10) / 10 + 0);
}

function ringPath(
  ring: readonly Position[],
  project: (lon: number, lat: number) => [number, number],
): string {
  const points: string[] = [];
  let previous = '';
  // The closing position is implied by "Z".
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon, lat] = ring[i] as [number, number];
    const [x, y] = project(lon, lat);
    const point = `${formatNumber(x)} ${formatNumber(y)}`;
    if (point !== previous) points.push(point);
    previous = point;
  }
  while (points.length > 1 && points[points.length - 1] === points[0]) points.pop();
  // Rings that collapse below a triangle at this scale would draw nothing.
  if (points.length < 3) return '';
  // After "M" further coordinate pairs are implicit line-tos.
  return `M${points.join(' ')}Z`;
}

function unionBBox(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null;
  return boxes.reduce<BBox>(
    (acc, b) => [
      Math.min(acc[0], b[0]),
      Math.min(acc[1], b[1]),
      Math.max(acc[2], b[2]),
      Math.max(acc[3], b[3]),
    ],
    [...(boxes[0] as BBox)],
  );
}

/**
 * Renders areas as SVG path data fitted into a width × height viewport. Pass
 * `bbox` to use a fixed frame (e.g. the whole district while drawing one area).
 */
export function toSvgPaths(
  features: readonly { key: string; geometry: AreaGeometry }[],
  width: number,
  height: number,
  padding = 0,
  options: { bbox?: BBox } = {},
): SvgPaths {
  const bbox = options.bbox ?? unionBBox(features.map((f) => bboxOf(f.geometry))) ?? [0, 0, 0, 0];
  const project = fitProjection(bbox, width, height, padding);
  const paths = features.map(({ key, geometry }) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const d = polygons
      .flatMap((polygon) => polygon.map((ring) => ringPath(ring, project)))
      .filter((part) => part !== '')
      .join('');
    return { key, d };
  });
  return { viewBox: `0 0 ${formatNumber(width)} ${formatNumber(height)}`, width, height, paths, project };
}
