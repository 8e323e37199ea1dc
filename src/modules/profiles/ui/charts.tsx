/**
 * Server-rendered SVG charts of the area profile: a small line chart of one indicator over time
 * (the area against its district and the city) and a choropleth map of one indicator over all areas
 * of a level. No script, no stylesheet rules of their own: colours are SVG presentation attributes
 * (the page's CSP allows no inline styles), and each chart comes with a table that says the same.
 */
import { type ReactNode, useId } from 'react';
import { DataTable } from '../../../ui/index.ts';
import { type AreaGeometry, displayPaths } from '../../areas/index.ts';
import {
  type Classification,
  classColours,
  classify,
  type Direction,
  MISSING_FILL,
  MISSING_HATCH,
  type ValueClass,
} from '../domain/classes.ts';

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '');
/** One decimal is below a pixel at these sizes. */
const round = (n: number) => Math.round(n * 10) / 10;

/** Formats a value for people (the page's language, the indicator's decimals). */
export type FormatValue = (value: number) => string;

// ── Line chart ──────────────────────────────────────────────────────────────────────────────────

export interface LineSeries {
  key: string;
  /** Who the line is (the area, its district, the city): legend and table column. */
  label: string;
  /** Value per period; a period without a value leaves a gap in the line. */
  values: ReadonlyMap<string, number>;
}

export interface LineChartProps {
  /** Accessible name of the chart (e.g. "Arbeitslosigkeit 2013–2021"). */
  title: string;
  /** What the lines show, said in words (trend, last values). */
  description: string;
  /** Periods in order (oldest first). */
  periods: readonly string[];
  /** The first series is the area itself (drawn strongest). At most three are told apart. */
  series: readonly LineSeries[];
  formatValue: FormatValue;
  formatPeriod?: (period: string) => string;
  /** Caption of the table alternative; its first column header. */
  tableCaption: ReactNode;
  periodHeader: string;
  emptyMessage: string;
}

/**
 * Lines differ by colour (blue, orange, grey: apart for every colour-vision type), by dash pattern
 * and by marker shape, so none of them depends on colour alone.
 */
export const LINE_STYLES = [
  { stroke: '#0b4f9c', dash: undefined, width: 3, marker: 'circle' },
  { stroke: '#a34f00', dash: '6 4', width: 2, marker: 'square' },
  { stroke: '#4d4d4d', dash: '2 3', width: 2, marker: 'diamond' },
] as const;

const CHART_W = 360;
const CHART_H = 180;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/** Round numbers for the value axis: about three steps of 1, 2 or 5 × 10ⁿ covering min…max. */
export function niceTicks(min: number, max: number, count = 3): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const from = Math.floor(min / step) * step;
  const to = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 does not become 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = from; v <= to + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

function Marker({ shape, x, y, colour }: { shape: string; x: number; y: number; colour: string }) {
  if (shape === 'square') return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={colour} />;
  if (shape === 'diamond')
    return <path d={`M${x} ${y - 4.5}L${x + 4.5} ${y}L${x} ${y + 4.5}L${x - 4.5} ${y}Z`} fill={colour} />;
  return <circle cx={x} cy={y} r={4} fill={colour} />;
}

/** A legend swatch of one line: its colour, dash and marker. */
function LineSwatch({ index }: { index: number }) {
  const s = LINE_STYLES[index % LINE_STYLES.length];
  return (
    <svg width="32" height="12" viewBox="0 0 32 12" aria-hidden="true" focusable="false">
      <line x1="1" y1="6" x2="31" y2="6" stroke={s.stroke} strokeWidth={s.width} strokeDasharray={s.dash} />
      <Marker shape={s.marker} x={16} y={6} colour={s.stroke} />
    </svg>
  );
}

/** A small line chart with its legend and a table of the same values. */
export function LineChart(p: LineChartProps) {
  const base = `chart-${safeId(useId())}`;
  const fmtPeriod = p.formatPeriod ?? ((x: string) => x);
  const all = p.series.flatMap((s) => p.periods.map((x) => s.values.get(x)).filter((v) => v !== undefined));
  const hasData = all.length > 0 && p.periods.length > 0;
  const ticks = hasData ? niceTicks(Math.min(...all), Math.max(...all)) : [];
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const innerW = CHART_W - PAD.left - PAD.right;
  const innerH = CHART_H - PAD.top - PAD.bottom;
  const xOf = (i: number) =>
    PAD.left + (p.periods.length === 1 ? innerW / 2 : (i * innerW) / (p.periods.length - 1));
  const yOf = (v: number) => round(PAD.top + innerH - ((v - yMin) / (yMax - yMin || 1)) * innerH);
  // Label every period when they fit, else every second or third (the table names them all).
  const every = Math.max(1, Math.ceil(p.periods.length / 6));

  return (
    <figure className="q-profile-chart">
      {hasData ? (
        <>
          <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox={`0 0 ${CHART_W} ${CHART_H}`}
            width="100%"
            role="img"
            aria-labelledby={`${base}-title ${base}-desc`}
            preserveAspectRatio="xMidYMid meet"
            className="q-profile-chart__svg"
          >
            <title id={`${base}-title`}>{p.title}</title>
            <desc id={`${base}-desc`}>{p.description}</desc>
            <g fontSize="11" fill="#1a1a1a">
              {ticks.map((t) => (
                <g key={t}>
                  <line x1={PAD.left} x2={CHART_W - PAD.right} y1={yOf(t)} y2={yOf(t)} stroke="#c8c8c8" />
                  <text x={PAD.left - 6} y={yOf(t) + 4} textAnchor="end">
                    {p.formatValue(t)}
                  </text>
                </g>
              ))}
              {p.periods.map((x, i) =>
                i % every === 0 || i === p.periods.length - 1 ? (
                  <text key={x} x={xOf(i)} y={CHART_H - 8} textAnchor="middle">
                    {fmtPeriod(x)}
                  </text>
                ) : null,
              )}
            </g>
            {[...p.series].reverse().map((s) => {
              const index = p.series.indexOf(s);
              const style = LINE_STYLES[index % LINE_STYLES.length];
              // Split at missing periods: a gap, never a line across a year without data.
              const runs: [number, number][][] = [[]];
              p.periods.forEach((x, i) => {
                const v = s.values.get(x);
                if (v === undefined) runs.push([]);
                else runs[runs.length - 1].push([xOf(i), yOf(v)]);
              });
              return (
                <g key={s.key} className="q-profile-chart__line" data-series={s.key}>
                  {runs
                    .filter((r) => r.length > 1)
                    .map((r) => (
                      <polyline
                        key={`${r[0][0]}`}
                        points={r.map(([x, y]) => `${round(x)},${round(y)}`).join(' ')}
                        fill="none"
                        stroke={style.stroke}
                        strokeWidth={style.width}
                        strokeDasharray={style.dash}
                        strokeLinejoin="round"
                      />
                    ))}
                  {runs.flat().map(([x, y]) => (
                    <Marker
                      key={`${x}`}
                      shape={style.marker}
                      x={round(x)}
                      y={round(y)}
                      colour={style.stroke}
                    />
                  ))}
                </g>
              );
            })}
          </svg>
          <ul className="q-profile-chart__legend" aria-hidden="true">
            {p.series.map((s, i) =>
              // A series without a value in these periods draws nothing: no legend entry either.
              p.periods.some((x) => s.values.has(x)) ? (
                <li key={s.key}>
                  <LineSwatch index={i} /> {s.label}
                </li>
              ) : null,
            )}
          </ul>
        </>
      ) : null}
      <DataTable
        caption={p.tableCaption}
        small
        columns={[
          { key: 'period', header: p.periodHeader, rowHeader: true, cell: (x: string) => fmtPeriod(x) },
          ...p.series.map((s) => ({
            key: s.key,
            header: s.label,
            numeric: true,
            cell: (x: string) => {
              const v = s.values.get(x);
              return v === undefined ? '–' : p.formatValue(v);
            },
          })),
        ]}
        rows={p.periods}
        rowKey={(x) => x}
        emptyMessage={p.emptyMessage}
      />
    </figure>
  );
}

// ── Choropleth ──────────────────────────────────────────────────────────────────────────────────

export interface ChoroplethArea {
  id: string;
  name: string;
  geometry: AreaGeometry | null;
  value: number | null;
  /** Computed from the areas below (said in the table). */
  derived?: boolean;
  /** The area's profile: the map area and the table row link there. */
  href?: string;
}

export interface ChoroplethLabels {
  /** Accessible name of the map. */
  title: string;
  /** What the map shows, in words (indicator, period, level, how many areas have no value). */
  description: string;
  legendHeading: string;
  /** "Darker: less favourable" and the like, for the direction. */
  legendNote: string;
  /** A class's label from its bounds: "3,1 to under 7,4". */
  classLabel: (c: ValueClass, format: FormatValue) => string;
  /** "12 areas". */
  count: (n: number) => string;
  missing: string;
  programmeAreas: string;
  tableCaption: string;
  areaHeader: string;
  valueHeader: string;
  classHeader: string;
  derived: string;
  emptyMessage: string;
}

export interface ChoroplethProps {
  areas: readonly ChoroplethArea[];
  /** Programme areas drawn as outlines over the classes. */
  outlines?: readonly { id: string; name: string; geometry: AreaGeometry }[];
  classing: { method: 'quantile'; classes: number } | { method: 'breaks'; breaks: readonly number[] };
  direction: Direction;
  formatValue: FormatValue;
  labels: ChoroplethLabels;
}

/** The classes of the map's values, with their colours (exported for the legend of the PDF). */
export function choroplethClasses(
  values: readonly (number | null)[],
  classing: ChoroplethProps['classing'],
  direction: Direction,
): { classification: Classification; colours: string[] } {
  const classification = classify(values, classing);
  return { classification, colours: classColours(classification.classes.length, direction) };
}

function Swatch({ fill, hatchId, outline }: { fill?: string; hatchId?: string; outline?: boolean }) {
  return (
    <svg width="28" height="18" viewBox="0 0 28 18" aria-hidden="true" focusable="false">
      {hatchId ? (
        <defs>
          <pattern
            id={hatchId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill={MISSING_FILL} />
            <line x1="0" y1="0" x2="0" y2="6" stroke={MISSING_HATCH} strokeWidth="2" />
          </pattern>
        </defs>
      ) : null}
      {outline ? (
        <>
          <rect x="3" y="3" width="22" height="12" fill="#ffffff" stroke="#ffffff" strokeWidth="5" />
          <rect x="3" y="3" width="22" height="12" fill="#ffffff" stroke="#000000" strokeWidth="2.5" />
        </>
      ) : (
        <rect
          x="1"
          y="1"
          width="26"
          height="16"
          fill={hatchId ? `url(#${hatchId})` : fill}
          stroke="#333333"
          strokeWidth="1"
        />
      )}
    </svg>
  );
}

/**
 * A map of one indicator over the areas of a level: each area filled with its class's colour,
 * areas without a value grey and hatched, programme areas outlined; the legend (classes with their
 * bounds and counts, missing values, outlines) and a table of every area's value and class.
 */
export function Choropleth(p: ChoroplethProps) {
  const base = `choropleth-${safeId(useId())}`;
  const hatchId = `${base}-hatch`;
  const { classification, colours } = choroplethClasses(
    p.areas.map((a) => a.value),
    p.classing,
    p.direction,
  );
  const drawn = p.areas.filter((a) => a.geometry);
  const outlines = p.outlines ?? [];
  const svg =
    drawn.length > 0
      ? displayPaths([
          ...drawn.map((a) => ({ key: `a:${a.id}`, geometry: a.geometry! })),
          ...outlines.map((o) => ({ key: `o:${o.id}`, geometry: o.geometry })),
        ])
      : null;
  const pathOf = new Map(svg?.paths.map((x) => [x.key, x.d]));
  const fillOf = (a: ChoroplethArea) => {
    const k = classification.classOf(a.value);
    return k === null ? `url(#${hatchId})` : colours[k];
  };
  const classText = (a: ChoroplethArea) => {
    const k = classification.classOf(a.value);
    return k === null ? p.labels.missing : p.labels.classLabel(classification.classes[k], p.formatValue);
  };
  const hasLinks = drawn.some((a) => a.href);
  const rows = [...p.areas].sort((a, b) => a.name.localeCompare(b.name, 'de'));

  return (
    <div className="q-choropleth">
      {svg ? (
        <figure className="q-choropleth__map">
          <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox={svg.viewBox}
            width="100%"
            role={hasLinks ? 'group' : 'img'}
            aria-labelledby={hasLinks ? `${base}-title` : `${base}-title ${base}-desc`}
            aria-describedby={hasLinks ? `${base}-desc` : undefined}
            preserveAspectRatio="xMidYMid meet"
          >
            <title id={`${base}-title`}>{p.labels.title}</title>
            <desc id={`${base}-desc`}>{p.labels.description}</desc>
            <defs>
              <pattern
                id={hatchId}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill={MISSING_FILL} />
                <line x1="0" y1="0" x2="0" y2="6" stroke={MISSING_HATCH} strokeWidth="1.5" />
              </pattern>
            </defs>
            <g className="q-choropleth__areas" stroke="#333333" strokeWidth="0.6" strokeLinejoin="round">
              {drawn.map((a) => {
                const path = (
                  <path
                    key="shape"
                    d={pathOf.get(`a:${a.id}`)}
                    fill={fillOf(a)}
                    vectorEffect="non-scaling-stroke"
                    data-area={a.id}
                    data-class={classification.classOf(a.value) ?? 'missing'}
                  />
                );
                return a.href ? (
                  <a key={a.id} href={a.href} aria-label={`${a.name}: ${classText(a)}`}>
                    {path}
                  </a>
                ) : (
                  <g key={a.id} aria-hidden={hasLinks ? 'true' : undefined}>
                    {path}
                  </g>
                );
              })}
            </g>
            {outlines.length > 0 ? (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain group takes no focus; the legend names the outlines
              <g className="q-choropleth__outlines" fill="none" aria-hidden="true" pointerEvents="none">
                {outlines.map((o) => (
                  <g key={o.id} data-outline={o.id}>
                    <path
                      d={pathOf.get(`o:${o.id}`)}
                      stroke="#ffffff"
                      strokeWidth="5"
                      vectorEffect="non-scaling-stroke"
                    />
                    <path
                      d={pathOf.get(`o:${o.id}`)}
                      stroke="#000000"
                      strokeWidth="2.5"
                      vectorEffect="non-scaling-stroke"
                    />
                  </g>
                ))}
              </g>
            ) : null}
          </svg>
        </figure>
      ) : null}
      <section className="q-choropleth__legend" aria-labelledby={`${base}-legend`}>
        <h3 id={`${base}-legend`} className="kern-heading-small">
          {p.labels.legendHeading}
        </h3>
        <p>{p.labels.legendNote}</p>
        <ul className="q-choropleth__classes">
          {classification.classes.map((c, k) => (
            <li key={c.index} data-class={k}>
              <Swatch fill={colours[k]} /> {p.labels.classLabel(c, p.formatValue)} ({p.labels.count(c.count)})
            </li>
          ))}
          {classification.missing > 0 ? (
            <li data-class="missing">
              <Swatch hatchId={`${hatchId}-legend`} /> {p.labels.missing} (
              {p.labels.count(classification.missing)})
            </li>
          ) : null}
          {outlines.length > 0 ? (
            <li data-class="outline">
              <Swatch outline /> {p.labels.programmeAreas}
            </li>
          ) : null}
        </ul>
      </section>
      <DataTable
        caption={p.labels.tableCaption}
        small
        stack
        columns={[
          {
            key: 'area',
            header: p.labels.areaHeader,
            rowHeader: true,
            cell: (a: ChoroplethArea) => (a.href ? <a href={a.href}>{a.name}</a> : a.name),
          },
          {
            key: 'value',
            header: p.labels.valueHeader,
            numeric: true,
            cell: (a: ChoroplethArea) =>
              a.value === null || !Number.isFinite(a.value)
                ? '–'
                : `${p.formatValue(a.value)}${a.derived ? ` (${p.labels.derived})` : ''}`,
          },
          { key: 'class', header: p.labels.classHeader, cell: classText },
        ]}
        rows={rows}
        rowKey={(a) => a.id}
        emptyMessage={p.labels.emptyMessage}
      />
    </div>
  );
}
