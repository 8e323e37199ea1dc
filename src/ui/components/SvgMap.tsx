import { type ReactNode, useId } from 'react';

export interface SvgMapPath {
  /** Stable key (e.g. area id). */
  key: string;
  /** SVG path data in viewBox coordinates. */
  d: string;
  /** Name of the area; the link's accessible name. */
  label: string;
  /** Makes the area a keyboard-focusable link. */
  href?: string;
  /** Emphasised area (e.g. the current one). Colour is not the only cue: say so in `description`. */
  highlighted?: boolean;
  /** Drawn as a bold outline only (e.g. the current area over its linked sub-areas). */
  outline?: boolean;
}

export interface SvgMapProps {
  viewBox: string;
  paths: readonly SvgMapPath[];
  /** Accessible name of the map, e.g. "Karte der Quartiere in Neustadt". */
  title: string;
  /** Longer text alternative (what is shown, which area is highlighted). */
  description?: string;
  /** Visible caption under the map. */
  caption?: string;
  id?: string;
  className?: string;
  /** Drawn over the areas (markers and their labels); decorative when the page lists the same. */
  overlay?: ReactNode;
  /** Drawn under the areas (background map tiles); decorative. */
  underlay?: ReactNode;
}

/**
 * Inline, server-rendered SVG map — no JavaScript.
 * - Without links: one image (`role="img"`, named by <title>/<desc>).
 * - With links: a named group whose areas are `<a href>` elements with `aria-label`, reachable with
 *   Tab and announced as links. (role="img" would hide the links from assistive technology.)
 * Pages should still offer the same links as a list/table next to the map.
 */
export function SvgMap(p: SvgMapProps) {
  const autoId = useId();
  const base = p.id ?? `map-${autoId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const titleId = `${base}-title`;
  const descId = `${base}-desc`;
  const hasLinks = p.paths.some((x) => x.href);
  const labelledBy = p.description ? `${titleId} ${descId}` : titleId;
  const areaClass = (x: SvgMapPath) =>
    x.outline
      ? 'q-map__area q-map__area--outline'
      : x.highlighted
        ? 'q-map__area q-map__area--highlighted'
        : 'q-map__area';

  return (
    <figure
      className={['q-map', p.underlay ? 'q-map--underlay' : '', p.className].filter(Boolean).join(' ')}
      id={p.id}
    >
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={p.viewBox}
        role={hasLinks ? 'group' : 'img'}
        aria-labelledby={hasLinks ? titleId : labelledBy}
        aria-describedby={hasLinks && p.description ? descId : undefined}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{p.title}</title>
        {p.description ? <desc id={descId}>{p.description}</desc> : null}
        {p.underlay}
        {p.paths.map((x) =>
          x.href ? (
            <a key={x.key} href={x.href} aria-label={x.label}>
              <path className={areaClass(x)} d={x.d} />
            </a>
          ) : (
            <path key={x.key} className={areaClass(x)} d={x.d} aria-hidden={hasLinks ? 'true' : undefined} />
          ),
        )}
        {p.overlay}
      </svg>
      {p.caption ? <figcaption>{p.caption}</figcaption> : null}
    </figure>
  );
}
