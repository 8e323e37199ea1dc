import { SvgMap } from '../../../ui/index.ts';
import type { AreaGeometry } from '../db/schema.ts';
import { toSvgPaths } from '../geo/index.ts';

export interface MapFeature {
  key: string;
  name: string;
  geometry: AreaGeometry;
  href?: string;
  highlighted?: boolean;
}

/** Server-rendered SVG map of area boundaries; links make each area reachable by keyboard. */
export function AreaMap({ features, title, description }: { features: MapFeature[]; title: string; description?: string }) {
  if (features.length === 0) return null;
  const svg = toSvgPaths(
    features.map((f) => ({ key: f.key, geometry: f.geometry })),
    600,
    420,
    8,
  );
  const byKey = new Map(features.map((f) => [f.key, f]));
  return (
    <SvgMap
      viewBox={svg.viewBox}
      title={title}
      description={description}
      paths={svg.paths.map((p) => {
        const f = byKey.get(p.key)!;
        return { key: p.key, d: p.d, label: f.name, href: f.href, highlighted: f.highlighted };
      })}
    />
  );
}
