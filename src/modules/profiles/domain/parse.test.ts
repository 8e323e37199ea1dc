import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveUp, nearestPeriod } from './aggregate.ts';
import { AreaIndex, carryOver, type LorMatches, oldPlrMappings } from './lor.ts';
import {
  decode,
  extractCells,
  guessColumns,
  normalisePeriod,
  parseNumber,
  readTable,
  suggestMapping,
} from './parse.ts';

const demo = (name: string) => new Uint8Array(readFileSync(new URL(`../demo-data/${name}`, import.meta.url)));
const enc = (s: string) => new TextEncoder().encode(s);
const cellValue = (
  cells: { area: string; indicatorKey: string; value: number }[],
  area: string,
  key: string,
) => cells.find((c) => c.area === area && c.indicatorKey === key)?.value;

describe('numbers as statistics tables write them', () => {
  it('reads decimal comma and point, thousands with spaces or the other mark, and missing marks', () => {
    expect(parseNumber('4,22594', ',')).toBe(4.22594);
    expect(parseNumber('4.22594', '.')).toBe(4.22594);
    expect(parseNumber('1.234,5', ',')).toBe(1234.5);
    expect(parseNumber('1 234,5', ',')).toBe(1234.5);
    expect(parseNumber('1\u00a0234 567', ',')).toBe(1234567);
    expect(parseNumber('1,234.5', '.')).toBe(1234.5);
    expect(parseNumber('-0.947429999999999', '.')).toBe(-0.947429999999999);
    expect(parseNumber('+3', '.')).toBe(3);
    expect(parseNumber('12,5 %', ',')).toBe(12.5);
    for (const m of ['.', '-', '', ' ', '–']) expect(parseNumber(m, ',')).toBeNull();
    expect(parseNumber('mittel', '.')).toBeUndefined();
    expect(parseNumber('SD: 1,48 %', '.')).toBeUndefined();
    expect(parseNumber('1,5', '.')).toBeUndefined();
  });

  it('normalises periods', () => {
    expect(normalisePeriod('2021')).toBe('2021');
    expect(normalisePeriod('30.06.2022')).toBe('2022-06-30');
    expect(normalisePeriod('2022-06-30')).toBe('2022-06-30');
    expect(normalisePeriod('Juni')).toBeNull();
  });
});

describe('encodings', () => {
  it('reads UTF-8 with BOM, without, and Windows-1252 (invalid UTF-8)', () => {
    const bom = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('a;b')]));
    expect(bom).toEqual({ text: 'a;b', encoding: 'utf-8', bom: true });
    expect(decode(enc('Stülerstraße')).encoding).toBe('utf-8');
    // "Stülerstraße" in Windows-1252: ü = 0xFC, ß = 0xDF.
    const cp = new Uint8Array([0x53, 0x74, 0xfc, 0x6c, 0x65, 0x72, 0x73, 0x74, 0x72, 0x61, 0xdf, 0x65]);
    expect(decode(cp)).toEqual({ text: 'Stülerstraße', encoding: 'windows-1252', bom: false });
  });
});

describe('the real files', () => {
  it('MSS 2021 planning areas: comma separated, decimal point, repeated headings read once', () => {
    const t = readTable(demo('mss-2021-planning-areas.csv'));
    expect(t.format).toEqual({ layout: 'wide', separator: ',', decimal: '.', encoding: 'utf-8', bom: false });
    // 534 of the 542 planning areas: the file leaves out areas with too few inhabitants.
    expect(t.rows).toHaveLength(534);
    const g = guessColumns(t);
    expect(t.header[g.keyColumn]).toBe('id');
    const keys = g.columns.flatMap((c) => (c.suggestedKey ? [c.suggestedKey] : []));
    expect(keys.filter((k) => k === 'inhabitants')).toHaveLength(1);
    // Text columns (classes) are not suggested.
    expect(keys).not.toContain('status_index_class');
    expect(keys).toContain('s1_percentage_unemployed');
    const m = suggestMapping(t, '2021');
    if (!m) throw new Error('no mapping');
    const { cells, skipped } = extractCells(t, m);
    expect(cellValue(cells, '01100101', 'inhabitants')).toBe(3419);
    expect(cellValue(cells, '01100101', 's1_percentage_unemployed')).toBe(4.22594);
    expect(cellValue(cells, '01100102', 'inhabitants')).toBe(1791);
    expect(cellValue(cells, '01100101', 'k13_balance_of_migration_of_children_below_6')).toBe(-4.83009);
    expect(skipped.every((s) => s.reason === 'missingValue' || s.reason === 'notANumber')).toBe(true);
  });

  it('MSS 2013 planning areas (old LOR keys): values and dashes', () => {
    const t = readTable(demo('mss-2013-planning-areas.csv'));
    const m = suggestMapping(t, '2013');
    if (!m) throw new Error('no mapping');
    const { cells } = extractCells(t, m);
    expect(cellValue(cells, '01011101', 'inhabitants')).toBe(2930);
    expect(cellValue(cells, '01011101', 's1_percentage_unemployed')).toBe(6.38298);
    expect(cellValue(cells, '01011101', 's4_percentage_transfer_payments_recipients_below_15_years')).toBe(
      20.1087,
    );
  });

  it('MSS 2021 districts: a second heading row is reported, the quoted "SD: 1,48 %" is not a number', () => {
    const t = readTable(demo('mss-2021-districts.csv'));
    const m = suggestMapping(t, '2021');
    if (m?.layout !== 'wide') throw new Error('no mapping');
    const { cells, skipped } = extractCells(t, m);
    expect(cellValue(cells, '01', 's1_percentage_unemployed')).toBe(6.68137);
    expect(cellValue(cells, '02', 'd3_percentage_transfer_payments_recipients')).toBe(-0.947429999999999);
    expect(skipped).toContainEqual({
      line: 2,
      area: 'Nummer',
      column: 's1_percentage_unemployed',
      reason: 'notANumber',
      raw: 'SD: 1,48 %',
    });
  });

  it('population 06/2022: UTF-8 with BOM, ";" separated, CRLF, key in the last column', () => {
    const t = readTable(demo('population-2022-06-plr.csv'));
    expect(t.format).toMatchObject({ separator: ';', encoding: 'utf-8', bom: true, layout: 'wide' });
    expect(t.header[0]).toBe('Gesamt');
    const g = guessColumns(t);
    expect(t.header[g.keyColumn]).toBe('PLR-ID');
    const m = suggestMapping(t, '2022-06-30');
    if (!m) throw new Error('no mapping');
    const { cells, skipped } = extractCells(t, m);
    expect(cellValue(cells, '01100101', 'gesamt')).toBe(3503);
    expect(cellValue(cells, '01100101', 'auslaender')).toBe(1509);
    expect(cellValue(cells, '01100102', 'weiblich')).toBe(932);
    // Two areas without inhabitants are marked "–" in every column.
    expect(cells.filter((c) => c.indicatorKey === 'gesamt')).toHaveLength(540);
    expect(skipped).toContainEqual({
      line: 117,
      area: '03400831',
      column: 'Gesamt',
      reason: 'missingValue',
      raw: '–',
    });
  });

  it('a long table in Windows-1252 with decimal comma, spaces as thousands and names as keys', () => {
    const text =
      'Gebiet;Indikator;Jahr;Wert\r\nStülerstraße;Einwohner;2020;3 412\r\n1100101;Arbeitslose;2020;4,5\r\nNirgendwo;Einwohner;2020;.\r\n01100102;Einwohner;;12\r\n';
    const bytes = new Uint8Array(
      [...text].map((ch) => (ch === 'ü' ? 0xfc : ch === 'ß' ? 0xdf : ch.charCodeAt(0))),
    );
    const t = readTable(bytes);
    expect(t.format).toEqual({
      layout: 'long',
      separator: ';',
      decimal: ',',
      encoding: 'windows-1252',
      bom: false,
    });
    const m = suggestMapping(t, null);
    if (!m) throw new Error('no mapping');
    const { cells, skipped } = extractCells(t, m);
    expect(cells).toEqual([
      { line: 2, area: 'Stülerstraße', indicatorKey: 'einwohner', period: '2020', value: 3412 },
      { line: 3, area: '1100101', indicatorKey: 'arbeitslose', period: '2020', value: 4.5 },
    ]);
    expect(skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, 'missingValue'],
      [5, 'missingPeriod'],
    ]);
  });
});

describe('areas by key or name', () => {
  const index = new AreaIndex([
    { id: 'p1', key: '01100101', name: 'Stülerstraße', kind: 'planungsraum' },
    { id: 'd1', key: '01', name: 'Mitte', kind: 'district' },
    { id: 'r1', key: '011001', name: 'Mitte', kind: 'bezirksregion' },
  ]);
  it('finds keys with or without leading zeros and unambiguous names', () => {
    expect(index.find('1100101')).toMatchObject({ id: 'p1' });
    expect(index.find('01100101')).toMatchObject({ id: 'p1' });
    expect(index.find('1')).toMatchObject({ id: 'd1' });
    expect(index.find(' stülerstraße ')).toMatchObject({ id: 'p1' });
    expect(index.find('Mitte')).toBe('ambiguous');
    expect(index.find('99999999')).toBeUndefined();
  });
});

describe('old LOR keys (until 2020) onto the 2021 planning areas', () => {
  const matches = JSON.parse(new TextDecoder().decode(demo('lor-matches-2020-2021.json'))) as LorMatches;
  const surfaceCsv = new TextDecoder().decode(demo('lor-2021-plr-surface.csv')).trim().split('\n').slice(1);
  const surface = new Map(surfaceCsv.map((l) => [l.split(',')[0], Number(l.split(',')[1])] as const));
  const mappings = oldPlrMappings(matches, new Set(surface.keys()), surface);

  it('maps one to one, split (shares by surface) and merged', () => {
    expect(mappings.get('01011101')).toEqual({
      oldKey: '01011101',
      kind: 'one_to_one',
      targets: [{ key: '01100101', share: 1 }],
    });
    const kinds = [...mappings.values()].reduce<Record<string, number>>((a, m) => {
      a[m.kind] = (a[m.kind] ?? 0) + 1;
      return a;
    }, {});
    expect(kinds.one_to_one).toBeGreaterThan(300);
    const split = [...mappings.values()].find((m) => m.kind === 'split');
    if (!split) throw new Error('no split');
    expect(split.targets.length).toBeGreaterThan(1);
    expect(split.targets.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 10);
    const s0 = split.targets[0];
    const total = split.targets.reduce((a, t) => a + (surface.get(t.key) ?? 0), 0);
    expect(s0.share).toBeCloseTo((surface.get(s0.key) ?? 0) / total, 10);
    const merged = [...mappings.values()].filter((m) => m.kind === 'merged');
    expect(merged.length).toBeGreaterThan(0);
    // Every target is a 2021 planning area; no old key is a 2021 key.
    for (const m of mappings.values()) {
      expect(surface.has(m.oldKey)).toBe(false);
      for (const t of m.targets) expect(surface.has(t.key)).toBe(true);
    }
  });

  it('carries counts by share, shares and indices as weighted means, and reports unmapped keys', () => {
    const m = new Map([
      [
        '10000001',
        {
          oldKey: '10000001',
          kind: 'split' as const,
          targets: [
            { key: 'A', share: 0.25 },
            { key: 'B', share: 0.75 },
          ],
        },
      ],
      ['10000002', { oldKey: '10000002', kind: 'merged' as const, targets: [{ key: 'B', share: 1 }] }],
    ]);
    const agg = (k: string) => (k === 'people' ? 'sum' : k === 'rate' ? 'weighted' : 'none');
    const cells = [
      { line: 2, oldKey: '10000001', indicatorKey: 'people', period: '2019', value: 400 },
      { line: 3, oldKey: '10000002', indicatorKey: 'people', period: '2019', value: 100 },
      { line: 2, oldKey: '10000001', indicatorKey: 'rate', period: '2019', value: 10 },
      { line: 3, oldKey: '10000002', indicatorKey: 'rate', period: '2019', value: 20 },
      { line: 2, oldKey: '10000001', indicatorKey: 'class', period: '2019', value: 1 },
      { line: 3, oldKey: '10000002', indicatorKey: 'class', period: '2019', value: 2 },
      { line: 4, oldKey: '10000003', indicatorKey: 'people', period: '2019', value: 7 },
    ];
    const { values, skipped } = carryOver(cells, m, agg);
    const v = (k: string, i: string) => values.find((x) => x.newKey === k && x.indicatorKey === i)?.value;
    expect(v('A', 'people')).toBe(100);
    expect(v('B', 'people')).toBe(400);
    expect(v('A', 'rate')).toBe(10);
    expect(v('B', 'rate')).toBeCloseTo((10 * 0.75 + 20) / 1.75, 10);
    expect(v('A', 'class')).toBe(1);
    expect(v('B', 'class')).toBeUndefined();
    expect(skipped).toEqual([
      { line: 4, area: '10000003', column: 'people', reason: 'oldKeyUnmapped' },
      { line: 2, area: 'B', column: 'class', reason: 'mergedNotAggregable' },
    ]);
  });
});

describe('derived values of higher levels', () => {
  const nodes = [
    { id: 'p1', kind: 'planungsraum', parentId: 'b1' },
    { id: 'p2', kind: 'planungsraum', parentId: 'b1' },
    { id: 'p3', kind: 'planungsraum', parentId: 'b2' },
    { id: 'b1', kind: 'bezirksregion', parentId: 'g1' },
    { id: 'b2', kind: 'bezirksregion', parentId: 'g1' },
    { id: 'g1', kind: 'prognoseraum', parentId: 'd1' },
    { id: 'd1', kind: 'district', parentId: null },
    { id: 'q1', kind: 'programme', parentId: 'b1' },
  ];
  it('sums counts only when every area below has one, and keeps imported values', () => {
    const known = new Map([
      ['p1', 10],
      ['p2', 20],
      ['p3', 5],
      ['g1', 100],
    ]);
    const d = deriveUp({ nodes, rootId: 'T', known, aggregation: 'sum' });
    expect(Object.fromEntries(d)).toEqual({ b1: 30, b2: 5, d1: 100, T: 100 });
    const partial = deriveUp({ nodes, rootId: 'T', known: new Map([['p1', 10]]), aggregation: 'sum' });
    expect(partial.has('b1')).toBe(false);
  });
  it('weights shares by the weight indicator, and derives nothing for "none"', () => {
    const known = new Map([
      ['p1', 10],
      ['p2', 40],
    ]);
    const weights = new Map([
      ['p1', 300],
      ['p2', 100],
      ['p3', 50],
    ]);
    const d = deriveUp({ nodes, rootId: 'T', known, aggregation: 'weighted', weights });
    expect(d.get('b1')).toBeCloseTo((10 * 300 + 40 * 100) / 400, 10);
    expect(d.has('b2')).toBe(false);
    expect(d.get('g1')).toBeCloseTo(17.5, 10);
    expect(d.get('T')).toBeCloseTo(17.5, 10);
    expect(deriveUp({ nodes, rootId: 'T', known, aggregation: 'none' }).size).toBe(0);
  });
  it('takes the weight of the nearest period', () => {
    expect(nearestPeriod('2021', ['2019', '2022-06-30'])).toBe('2022-06-30');
    expect(nearestPeriod('2013', ['2019', '2022-06-30'])).toBe('2019');
    expect(nearestPeriod('2019', ['2019'])).toBe('2019');
  });
});
