import type { MapTiles } from '../../../platform/config.ts';
import { tilesFor } from '../../../platform/map-tiles.ts';
import { SvgMap } from '../../../ui/index.ts';
import type { AreaGeometry } from '../db/schema.ts';
import { bboxOf, type Position, type SvgPaths, toSvgPaths } from '../geo/index.ts';

/** A place drawn as a numbered marker with its name (a venue, a community house). */
export interface MapMarker {
  key: string;
  name: string;
  lon: number;
  lat: number;
  kind: 'venue' | 'house';
}

/** A marker placed on the map: its number (the list below the map uses the same) and its label. */
export interface PlacedMarker extends MapMarker {
  number: number;
  x: number;
  y: number;
  /** Where the name goes, or undefined when it would cover another label (the number stays). */
  label?: { x: number; y: number; anchor: 'start' | 'end' | 'middle' };
}

const FONT = 13;
const RADIUS = 9;

type Box = [number, number, number, number];
const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Places each marker's name beside it — right, left, above or below, the first spot that covers
 * no other label or marker and stays inside the map; a name that fits nowhere is left out (its
 * number and the list below the map still name it). Text width is estimated from the characters.
 */
export function placeLabels(
  markers: readonly (MapMarker & { x: number; y: number })[],
  width: number,
  height: number,
): PlacedMarker[] {
  const taken: Box[] = markers.map((m) => [m.x - RADIUS, m.y - RADIUS, m.x + RADIUS, m.y + RADIUS]);
  return markers.map((m, i) => {
    const w = Math.min(m.name.length, 40) * FONT * 0.56;
    const gap = RADIUS + 4;
    const options: { box: Box; label: NonNullable<PlacedMarker['label']> }[] = [
      {
        box: [m.x + gap, m.y - FONT / 2 - 2, m.x + gap + w, m.y + FONT / 2 + 2],
        label: { x: m.x + gap, y: m.y + FONT / 3, anchor: 'start' },
      },
      {
        box: [m.x - gap - w, m.y - FONT / 2 - 2, m.x - gap, m.y + FONT / 2 + 2],
        label: { x: m.x - gap, y: m.y + FONT / 3, anchor: 'end' },
      },
      {
        box: [m.x - w / 2, m.y - gap - FONT - 2, m.x + w / 2, m.y - gap],
        label: { x: m.x, y: m.y - gap - 2, anchor: 'middle' },
      },
      {
        box: [m.x - w / 2, m.y + gap, m.x + w / 2, m.y + gap + FONT + 2],
        label: { x: m.x, y: m.y + gap + FONT, anchor: 'middle' },
      },
    ];
    const fits = options.find(
      (o) =>
        o.box[0] >= 0 &&
        o.box[1] >= 0 &&
        o.box[2] <= width &&
        o.box[3] <= height &&
        taken.every((t, j) => j === i || !overlaps(o.box, t)),
    );
    if (fits) taken.push(fits.box);
    return { ...m, number: i + 1, label: fits?.label };
  });
}

export interface MapFeature {
  key: string;
  name: string;
  geometry: AreaGeometry;
  href?: string;
  highlighted?: boolean;
  /** Bold outline without fill: the current area drawn over its linked sub-areas. */
  outline?: boolean;
}

const WIDTH = 600;
const HEIGHT = 420;

function segmentDistanceSq([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

/** Douglas–Peucker on one closed ring, split at the vertex farthest from the start. */
function simplifyRing(ring: Position[], tol: number): Position[] {
  const n = ring.length;
  if (n <= 5) return ring;
  const keep = new Uint8Array(n);
  let far = 0;
  let farSq = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2;
    if (d > farSq) {
      farSq = d;
      far = i;
    }
  }
  keep[0] = keep[far] = keep[n - 1] = 1;
  const tolSq = tol * tol;
  const stack: [number, number][] = [
    [0, far],
    [far, n - 1],
  ];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let best = -1;
    let bestSq = tolSq;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistanceSq(ring[i], ring[a], ring[b]);
      if (d > bestSq) {
        bestSq = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  const out = ring.filter((_, i) => keep[i] === 1);
  return out.length >= 4 ? out : ring;
}

/**
 * Drops detail below half a pixel at the map's scale, so full-resolution boundaries (a few MB
 * after an import) do not bloat the page. Rings are simplified one by one (fast); any gap this
 * opens between neighbours stays below half a pixel, hidden by the outline.
 */
function forDisplay(geometries: AreaGeometry[]): AreaGeometry[] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const g of geometries) {
    const [a, b, c, d] = bboxOf(g);
    minLon = Math.min(minLon, a);
    minLat = Math.min(minLat, b);
    maxLon = Math.max(maxLon, c);
    maxLat = Math.max(maxLat, d);
  }
  const tol = Math.max((maxLon - minLon) / WIDTH, (maxLat - minLat) / HEIGHT) / 2;
  if (!(tol > 0)) return geometries;
  return geometries.map((g) =>
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((r) => simplifyRing(r, tol)) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => simplifyRing(r, tol))) },
  );
}

/**
 * The areas projected and simplified for a map 600 × 420 wide — the one fit every map of areas
 * uses (this map, its markers, the profiles' choropleth), so they draw the same shapes.
 */
export function displayPaths(features: readonly { key: string; geometry: AreaGeometry }[]): SvgPaths {
  const shapes = forDisplay(features.map((f) => f.geometry));
  return toSvgPaths(
    features.map((f, i) => ({ key: f.key, geometry: shapes[i] })),
    WIDTH,
    HEIGHT,
    8,
  );
}

/** Server-rendered SVG map of area boundaries; links make each area reachable by keyboard. */
export function AreaMap({
  features,
  title,
  description,
  markers = [],
  tiles,
}: {
  features: MapFeature[];
  title: string;
  description?: string;
  /** Background tiles (staff pages, when the operator set MAP_TILE_URL); public maps never pass them. */
  tiles?: MapTiles;
  /** Places drawn on top, numbered in the order given (see placeMarkers for the list beside the map). */
  markers?: readonly PlacedMarker[];
}) {
  if (features.length === 0) return null;
  const svg = displayPaths(features);
  const byKey = new Map(features.map((f) => [f.key, f]));
  const images = tiles ? tilesFor(tiles, svg.project, svg.width, svg.height) : [];
  return (
    <SvgMap
      viewBox={svg.viewBox}
      title={title}
      description={description}
      caption={images.length ? tiles?.attribution : undefined}
      underlay={
        images.length ? (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group takes no focus; the tiles are decoration under the named areas
          <g className="q-map__tiles" aria-hidden="true">
            {images.map((i) => (
              <image key={i.href} href={i.href} x={i.x} y={i.y} width={i.width} height={i.height} />
            ))}
          </g>
        ) : undefined
      }
      overlay={
        markers.length > 0 ? (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group takes no focus; the page lists the same places below the map
          <g className="q-map__markers" aria-hidden="true">
            {markers.map((m) => (
              <g key={m.key} className={`q-map__marker q-map__marker--${m.kind}`}>
                <circle cx={m.x} cy={m.y} r={RADIUS} />
                <text x={m.x} y={m.y + 4} textAnchor="middle" className="q-map__marker-number">
                  {m.number}
                </text>
                {m.label ? (
                  <text x={m.label.x} y={m.label.y} textAnchor={m.label.anchor} className="q-map__label">
                    {m.name}
                  </text>
                ) : null}
              </g>
            ))}
          </g>
        ) : undefined
      }
      paths={svg.paths.map((p) => {
        const f = byKey.get(p.key)!;
        return {
          key: p.key,
          d: p.d,
          label: f.name,
          href: f.href,
          highlighted: f.highlighted,
          outline: f.outline,
        };
      })}
    />
  );
}

/**
 * Projects places onto the map of these features (the same fit as AreaMap) and places their
 * labels; places outside the map are left out. The page lists the result with the same numbers.
 */
export function placeMarkers(features: MapFeature[], markers: readonly MapMarker[]): PlacedMarker[] {
  if (features.length === 0) return [];
  const svg = displayPaths(features);
  const inside = markers
    .map((m) => {
      const [x, y] = svg.project(m.lon, m.lat);
      return { ...m, x, y };
    })
    .filter((m) => m.x >= 0 && m.y >= 0 && m.x <= WIDTH && m.y <= HEIGHT)
    // Top to bottom, then left to right: numbers read like text.
    .sort((a, b) => a.y - b.y || a.x - b.x);
  return placeLabels(inside, WIDTH, HEIGHT);
}
