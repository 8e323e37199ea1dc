import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvResponse, neutraliseCell, toCsv } from './index.ts';

const read = (csv: string): string[][] => parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';' });

describe('CSV writer', () => {
  it('writes for German spreadsheets: BOM, semicolons, CRLF, quoting where needed', () => {
    const csv = toCsv(
      ['Name', 'Anzahl'],
      [
        ['Müller; Sohn', 3],
        ['Zeile\neins "zwei"', null],
      ],
    );
    expect(csv.startsWith('\uFEFFName;Anzahl\r\n')).toBe(true);
    expect(csv).toContain('"Müller; Sohn";3\r\n');
    expect(read(csv)).toEqual([
      ['Name', 'Anzahl'],
      ['Müller; Sohn', '3'],
      ['Zeile\neins "zwei"', ''],
    ]);
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+SUM(1;2)', `'+SUM(1;2)`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['\tplain', `'\tplain`],
    ['   =1+1', `'   =1+1`],
    ['\u00a0=1+1', `'\u00a0=1+1`],
    ['\n=1+1', `'\n=1+1`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
    ['\uFF0B1', `'\uFF0B1`],
    ['\uFF0D1', `'\uFF0D1`],
    ['\uFF20SUM(A1)', `'\uFF20SUM(A1)`],
    ['+49 30 1234567', `'+49 30 1234567`],
  ])('neutralises the formula-like text %j', (input, out) => {
    expect(neutraliseCell(input)).toBe(out);
    const [[cell]] = read(toCsv(['x'], [[input]])).slice(1);
    expect(cell).toBe(out);
  });

  it.each(['Anna Schmidt', 'a=b', 'x-y', 'name@example.org', "'already", '12,50', '-12,50', '-3', '0', ''])(
    'leaves %j as it is',
    (input) => {
      expect(neutraliseCell(input)).toBe(input);
    },
  );

  it('keeps numbers numeric, negative ones too, and writes empty cells for nothing', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e'], [[-3, 2.5, null, undefined, Number.NaN]]);
    expect(csv.split('\r\n')[1]).toBe('-3;2.5;;;');
  });

  it('neutralises the header row too', () => {
    expect(read(toCsv(['=cmd'], []))[0]).toEqual(["'=cmd"]);
  });

  it('answers as a download that is never cached', async () => {
    const res = csvResponse(toCsv(['a'], [['b']]), 'anmeldungen 2025/06.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="anmeldungen_2025_06.csv"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
