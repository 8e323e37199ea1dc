export interface Bar {
  label: string;
  value: number;
  /** Text at the end of the bar, e.g. "42 %". */
  text: string;
}

/**
 * A horizontal bar chart drawn on the server as SVG: no script, scales with the page, readable on a
 * phone. It is an image with a text alternative; the same numbers are always in a table next to it.
 */
export function BarChart(p: { id: string; title: string; description: string; bars: Bar[]; max?: number }) {
  const labelW = 150;
  const barW = 300;
  const textW = 90;
  const rowH = 26;
  const width = labelW + barW + textW;
  const height = p.bars.length * rowH + 8;
  const max = p.max ?? Math.max(0, ...p.bars.map((b) => b.value));
  return (
    <figure className="q-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{p.description}</desc>
        {p.bars.map((b, i) => {
          const y = 4 + i * rowH;
          const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * barW : 0;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + rowH / 2 + 5} textAnchor="end" fontSize="13" fill="#1b1b1b">
                {b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 3} width={barW} height={rowH - 8} fill="#e8eef6" />
              <rect x={labelW} y={y + 3} width={w} height={rowH - 8} fill="#0b5394" />
              <text x={labelW + barW + 6} y={y + rowH / 2 + 5} fontSize="13" fill="#1b1b1b">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="q-meta">{p.title}</figcaption>
    </figure>
  );
}
