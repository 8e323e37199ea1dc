import { useId } from 'react';
import type { AreaGeometry } from '../../areas/index.ts';

export interface MapArea {
  key: string;
  name: string;
  geometry: AreaGeometry;
}

export interface MapPoint {
  key: string;
  label: string;
  lon: number;
  lat: number;
  href?: string;
  /** Multipliers and seismographs get a second ring (the list says so in words, too). */
  emphasis?: boolean;
}

/**
 * Server-rendered SVG map of area outlines with the actors as points (links, reachable by
 * keyboard). Equirectangular with longitude shrunk by cos(latitude): at city scale as good as
 * Mercator. Colours are SVG attributes, so the page's CSP needs no inline styles.
 */
export function NetworkMap({
  title,
  description,
  areas,
  points,
  width = 640,
  height = 460,
}: {
  title: string;
  description?: string;
  areas: MapArea[];
  points: MapPoint[];
  width?: number;
  height?: number;
}) {
  const id = `nmap-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const coords: [number, number][] = [];
  for (const a of areas) {
    const polys = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) for (const p of ring) coords.push([p[0], p[1]]);
  }
  for (const p of points) coords.push([p.lon, p.lat]);
  if (coords.length === 0) return null;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of coords) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const pad = 12;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-4);
  const spanY = Math.max(maxY - minY, 1e-4);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = pad + (width - 2 * pad - spanX * scale) / 2;
  const offY = pad + (height - 2 * pad - spanY * scale) / 2;
  const proj = (lon: number, lat: number): [number, number] => [
    offX + (lon - minX) * k * scale,
    offY + (maxY - lat) * scale,
  ];
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const pathOf = (g: AreaGeometry) => {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polys
      .flatMap((poly) =>
        poly.map((ring) => {
          const pts = ring.map(([lon, lat]) => proj(lon, lat)).map(([x, y]) => `${r1(x)} ${r1(y)}`);
          return `M${pts.join(' ')}Z`;
        }),
      )
      .join('');
  };
  return (
    <figure className="q-map">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        role="group"
        aria-labelledby={`${id}-t`}
        aria-describedby={description ? `${id}-d` : undefined}
      >
        <title id={`${id}-t`}>{title}</title>
        {description ? <desc id={`${id}-d`}>{description}</desc> : null}
        <g>
          {areas.map((a) => (
            <path
              key={a.key}
              d={pathOf(a.geometry)}
              fill="#eef3f8"
              stroke="#6b7b8c"
              strokeWidth="0.8"
              fillRule="evenodd"
            />
          ))}
        </g>
        {points.map((p) => {
          const [x, y] = proj(p.lon, p.lat);
          const dot = (
            <>
              {p.emphasis ? (
                <circle cx={r1(x)} cy={r1(y)} r="8" fill="none" stroke="#b3261e" strokeWidth="2" />
              ) : null}
              <circle cx={r1(x)} cy={r1(y)} r="5" fill="#0b4f8a" stroke="#ffffff" strokeWidth="1.5" />
            </>
          );
          return p.href ? (
            <a key={p.key} href={p.href} aria-label={p.label}>
              {dot}
            </a>
          ) : (
            <g key={p.key}>
              <title>{p.label}</title>
              {dot}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
