import { parse } from 'node-html-parser';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../../areas/index.ts';
import { classColours, MISSING_FILL } from '../domain/classes.ts';
import { Choropleth, type ChoroplethArea, type ChoroplethLabels, LineChart, niceTicks } from './charts.tsx';

const square = (lon: number, lat: number, size = 0.01): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

const fmt = (v: number) => v.toLocaleString('de-DE', { maximumFractionDigits: 1 });

const labels: ChoroplethLabels = {
  title: 'Arbeitslosigkeit 2021 in den Planungsräumen',
  description: 'Fünf Klassen nach Quantilen; ein Gebiet ohne Wert.',
  legendHeading: 'Legende',
  legendNote: 'Dunkler: ungünstiger',
  classLabel: (c, f) =>
    c.lower === null
      ? `unter ${f(c.upper!)}`
      : c.upper === null
        ? `ab ${f(c.lower)}`
        : `${f(c.lower)} bis unter ${f(c.upper)}`,
  count: (n) => `${n} Gebiete`,
  missing: 'kein Wert',
  programmeAreas: 'Programmgebiete',
  tableCaption: 'Werte aller Gebiete',
  areaHeader: 'Gebiet',
  valueHeader: 'Wert',
  classHeader: 'Klasse',
  derived: 'abgeleitet',
  emptyMessage: 'Keine Gebiete',
};

// A 3 × 3 grid of areas with values 1…8 and one without a value.
const areas: ChoroplethArea[] = Array.from({ length: 9 }, (_, i) => ({
  id: `a${i}`,
  name: `Gebiet ${String.fromCharCode(73 - i)}`,
  geometry: square(13.4 + (i % 3) * 0.01, 52.5 + Math.floor(i / 3) * 0.01),
  value: i === 4 ? null : i + 1,
  href: `/t/areas/a${i}/profile`,
}));

function render(el: React.ReactElement) {
  return parse(renderToStaticMarkup(el));
}

describe('choropleth', () => {
  const doc = render(
    <Choropleth
      areas={areas}
      outlines={[{ id: 'qm', name: 'QM Nord', geometry: square(13.4, 52.5, 0.02) }]}
      classing={{ method: 'quantile', classes: 4 }}
      direction="higher_worse"
      formatValue={fmt}
      labels={labels}
    />,
  );

  it('draws one path per area, filled by class, the missing one hatched, and the outline on top', () => {
    const paths = doc.querySelectorAll('.q-choropleth__areas path');
    expect(paths).toHaveLength(9);
    const colours = classColours(4, 'higher_worse');
    const byArea = new Map(paths.map((p) => [p.getAttribute('data-area'), p]));
    expect(byArea.get('a0')!.getAttribute('fill')).toBe(colours[0]);
    expect(byArea.get('a8')!.getAttribute('fill')).toBe(colours[3]);
    const hatch = byArea.get('a4')!.getAttribute('fill')!;
    expect(hatch).toMatch(/^url\(#.+\)$/);
    const pattern = doc.querySelector(`pattern#${hatch.slice(5, -1)}`)!;
    expect(pattern.querySelector('rect')!.getAttribute('fill')).toBe(MISSING_FILL);
    expect(doc.querySelectorAll('.q-choropleth__outlines [data-outline="qm"] path')).toHaveLength(2);
    expect(paths.every((p) => /^M[\d. ]+Z/.test(p.getAttribute('d')!))).toBe(true);
  });

  it('makes each area a named link and names the map', () => {
    const svg = doc.querySelector('svg[role="group"]')!;
    expect(svg.querySelector('title')!.text).toBe(labels.title);
    expect(svg.querySelector('desc')!.text).toBe(labels.description);
    const links = svg.querySelectorAll('a');
    expect(links).toHaveLength(9);
    expect(
      links.find((a) => a.getAttribute('href') === '/t/areas/a4/profile')!.getAttribute('aria-label'),
    ).toBe('Gebiet E: kein Wert');
  });

  it('lists the classes with bounds and counts, the missing values and the outlines in the legend', () => {
    // Values 1,2,3,4,6,7,8,9 in four quantile classes: bounds 3, 6, 8.
    const items = doc.querySelectorAll('.q-choropleth__classes li').map((li) => li.text.trim());
    expect(items).toEqual([
      'unter 3 (2 Gebiete)',
      '3 bis unter 6 (2 Gebiete)',
      '6 bis unter 8 (2 Gebiete)',
      'ab 8 (2 Gebiete)',
      'kein Wert (1 Gebiete)',
      'Programmgebiete',
    ]);
    expect(doc.querySelector('.q-choropleth__legend p')!.text).toBe('Dunkler: ungünstiger');
  });

  it('gives a table row for every area, sorted by name, with its value and class', () => {
    const rows = doc.querySelectorAll('table tbody tr');
    expect(rows).toHaveLength(9);
    const cells = rows.map((r) => r.querySelectorAll('th, td').map((c) => c.text.trim()));
    expect(cells[0]).toEqual(['Gebiet A', '9', 'ab 8']);
    expect(cells.find((c) => c[0] === 'Gebiet E')).toEqual(['Gebiet E', '–', 'kein Wert']);
    expect(doc.querySelector('table caption')!.text).toBe('Werte aller Gebiete');
  });

  it('shows set breaks with an empty class and leaves out the map when no area has a boundary', () => {
    const d = render(
      <Choropleth
        areas={areas.map((a) => ({ ...a, geometry: null, href: undefined }))}
        classing={{ method: 'breaks', breaks: [5, 100] }}
        direction="higher_better"
        formatValue={fmt}
        labels={labels}
      />,
    );
    expect(d.querySelector('svg[role]')).toBeNull();
    expect(d.querySelectorAll('.q-choropleth__classes li').map((li) => li.text.trim())).toEqual([
      'unter 5 (4 Gebiete)',
      '5 bis unter 100 (4 Gebiete)',
      'ab 100 (0 Gebiete)',
      'kein Wert (1 Gebiete)',
    ]);
    expect(d.querySelectorAll('table tbody tr')).toHaveLength(9);
  });
});

describe('line chart', () => {
  const periods = ['2017', '2019', '2021'];
  const doc = render(
    <LineChart
      title="Arbeitslosigkeit"
      description="Im Gebiet von 9 auf 7 gefallen."
      periods={periods}
      series={[
        {
          key: 'area',
          label: 'Gebiet',
          values: new Map([
            ['2017', 9],
            ['2021', 7],
          ]),
        },
        {
          key: 'district',
          label: 'Bezirk',
          values: new Map([
            ['2017', 6],
            ['2019', 5.5],
            ['2021', 5],
          ]),
        },
        {
          key: 'city',
          label: 'Berlin',
          values: new Map([
            ['2017', 5],
            ['2019', 4.5],
            ['2021', 4],
          ]),
        },
      ]}
      formatValue={fmt}
      tableCaption="Werte"
      periodHeader="Jahr"
      emptyMessage="Keine Werte"
    />,
  );

  it('is one named image with a line per series and a gap where the area has no value', () => {
    const svg = doc.querySelector('svg[role="img"]')!;
    const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(svg.querySelector(`#${titleId}`)!.text).toBe('Arbeitslosigkeit');
    expect(svg.querySelector(`#${descId}`)!.text).toBe('Im Gebiet von 9 auf 7 gefallen.');
    const line = (k: string) => svg.querySelectorAll(`[data-series="${k}"] polyline`);
    // 2019 is missing for the area: two single points, no line drawn across the gap.
    expect(line('area')).toHaveLength(0);
    expect(svg.querySelectorAll('[data-series="area"] circle')).toHaveLength(2);
    expect(line('district')).toHaveLength(1);
    expect(line('district')[0].getAttribute('points')!.split(' ')).toHaveLength(3);
    expect(line('city')[0].getAttribute('stroke-dasharray')).toBe('2 3');
  });

  it('puts the higher value higher on the chart', () => {
    const pts = (k: string) =>
      doc
        .querySelector(`[data-series="${k}"] polyline`)!
        .getAttribute('points')!
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
    const district = pts('district');
    const city = pts('city');
    expect(district[0]).toBeLessThan(city[0]);
    expect(district[0]).toBeLessThan(district[2]);
  });

  it('says the same in a table: one row per period, one column per series', () => {
    const rows = doc
      .querySelectorAll('table tbody tr')
      .map((r) => r.querySelectorAll('th, td').map((c) => c.text));
    expect(doc.querySelectorAll('table thead th').map((c) => c.text)).toEqual([
      'Jahr',
      'Gebiet',
      'Bezirk',
      'Berlin',
    ]);
    expect(rows).toEqual([
      ['2017', '9', '6', '5'],
      ['2019', '–', '5,5', '4,5'],
      ['2021', '7', '5', '4'],
    ]);
  });

  it('draws no chart without values, but still the table with its message', () => {
    const d = render(
      <LineChart
        title="x"
        description="y"
        periods={[]}
        series={[{ key: 'area', label: 'Gebiet', values: new Map() }]}
        formatValue={fmt}
        tableCaption="Werte"
        periodHeader="Jahr"
        emptyMessage="Keine Werte"
      />,
    );
    expect(d.querySelector('svg[role="img"]')).toBeNull();
    expect(d.querySelector('table tbody')!.text).toContain('Keine Werte');
  });
});

describe('axis ticks', () => {
  it('covers the values in round steps', () => {
    expect(niceTicks(4, 9)).toEqual([4, 6, 8, 10]);
    expect(niceTicks(0.12, 0.31)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(5, 5)[0]).toBeLessThan(5);
    expect(niceTicks(5, 5).at(-1)).toBeGreaterThan(5);
  });
});
