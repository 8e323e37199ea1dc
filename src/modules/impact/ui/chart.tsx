// A bar chart of the dashboard drawn on the server (inline SVG, no script): per figure its name, a
// bar for the period and one for the year before, each scaled to the larger of the two (figures
// have different units). Named by its title and described; the table beside it holds the values.
import { useId } from 'react';

export interface ChartRow {
  label: string;
  current: number;
  previous: number;
  currentText: string;
  previousText: string;
}

const WIDTH = 360;
const LABEL = 15;
const BAR = 11;
const GAP = 3;
const ROW = LABEL + 2 * BAR + GAP + 14;
const VALUE_ROOM = 90;
/** Colours with at least 3:1 contrast against white (non-text contrast), told apart by the legend. */
export const CURRENT_FILL = '#0b4f8a';
export const PREVIOUS_FILL = '#6f7f8f';

export function BarChart(p: {
  title: string;
  desc: string;
  rows: ChartRow[];
  legend: { current: string; previous: string };
}) {
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const top = 28;
  const height = top + p.rows.length * ROW;
  const room = WIDTH - VALUE_ROOM;
  return (
    <svg
      className="q-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      xmlns="http://www.w3.org/2000/svg"
      fontFamily="inherit"
    >
      <title id={`${id}-t`}>{p.title}</title>
      <desc id={`${id}-d`}>{p.desc}</desc>
      <g>
        <rect x={0} y={4} width={12} height={12} fill={CURRENT_FILL} />
        <text x={16} y={14} fontSize={11} fill="#1a1a1a">
          {p.legend.current}
        </text>
        <rect x={180} y={4} width={12} height={12} fill={PREVIOUS_FILL} />
        <text x={196} y={14} fontSize={11} fill="#1a1a1a">
          {p.legend.previous}
        </text>
        {p.rows.map((r, i) => {
          const y = top + i * ROW;
          const max = Math.max(r.current, r.previous, 0);
          const w = (v: number) => (max > 0 && v > 0 ? Math.max(2, (v / max) * room) : 0);
          return (
            <g key={r.label}>
              <text x={0} y={y + 11} fontSize={11} fill="#1a1a1a">
                {r.label.length > 58 ? `${r.label.slice(0, 56)}…` : r.label}
              </text>
              <rect x={0} y={y + LABEL} width={w(r.current)} height={BAR} fill={CURRENT_FILL} />
              <text x={w(r.current) + 4} y={y + LABEL + 9} fontSize={10} fill="#1a1a1a">
                {r.currentText}
              </text>
              <rect x={0} y={y + LABEL + BAR + GAP} width={w(r.previous)} height={BAR} fill={PREVIOUS_FILL} />
              <text x={w(r.previous) + 4} y={y + LABEL + BAR + GAP + 9} fontSize={10} fill="#1a1a1a">
                {r.previousText}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
