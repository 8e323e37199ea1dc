// Reading indicator tables as statistical offices publish them (AREA-2): pure, no database.
// Wide tables (one column per indicator) and long tables (area, indicator, period, value); `,`, `;`
// or tab separated; decimal comma or point; thousands separated by spaces or the other mark;
// "." / "-" / empty for a missing value; UTF-8 with or without BOM, or Windows-1252.

import type { SkippedRow } from './vocab.ts';

export type Separator = ',' | ';' | '\t';
export type DecimalMark = ',' | '.';
export type Encoding = 'utf-8' | 'windows-1252';

export interface DetectedFormat {
  layout: 'wide' | 'long';
  separator: Separator;
  decimal: DecimalMark;
  encoding: Encoding;
  bom: boolean;
}

export interface RawRow {
  /** Line of the file where the record starts (1 = header). */
  line: number;
  cells: string[];
}

export interface RawTable {
  format: DetectedFormat;
  header: string[];
  rows: RawRow[];
}

/** Text of the file: UTF-8 when the bytes are valid UTF-8 (BOM removed), else Windows-1252. */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding; bom: boolean } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8', bom };
  } catch {
    // Not valid UTF-8: older exports of spreadsheet programs write Windows-1252 ("Stülerstraße" as 0xFC).
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', bom: false };
  }
}

/** The separator that splits the first lines into the same number of fields most consistently. */
export function sniffSeparator(text: string): Separator {
  const lines = splitLines(text).slice(0, 20);
  let best: Separator = ',';
  let bestScore = -1;
  for (const sep of [';', ',', '\t'] as const) {
    const counts = lines.map((l) => splitRecord(l, sep).length);
    const first = counts[0] ?? 1;
    if (first < 2) continue;
    const same = counts.filter((c) => c === first).length;
    // Consistent field counts win; more fields break ties (a ';' file whose numbers hold commas).
    const score = same * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = sep;
    }
  }
  return best;
}

/** Lines of the file, keeping line breaks inside quoted fields. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** One record split by the separator; quotes ("a;b", "say ""hi""") as in RFC 4180. */
function splitRecord(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells.map((c) => c.trim());
}

/** The records of the text with the line each starts on; empty lines are left out. */
export function splitRecords(text: string, sep: Separator): RawRow[] {
  const rows: RawRow[] = [];
  let line = 1;
  for (const l of splitLines(text)) {
    const start = line;
    line += 1 + (l.match(/\r\n|\n|\r/g)?.length ?? 0);
    if (l.trim() === '' || /^[;,\t\s]*$/.test(l)) continue;
    rows.push({ line: start, cells: splitRecord(l, sep) });
  }
  return rows;
}

const MISSING = new Set(['', '.', '-', '–', '—', '/', 'x', 'X', '...', '…', 'NA', 'n/a', 'k.A.', 'NaN']);
const SPACES = /[\s\u00a0\u202f\u2009']/g;

/**
 * A number as written in a statistics table: `null` when the cell marks a missing value, `undefined`
 * when it is not a number at all. With decimal comma "1.234,5" and "1 234,5" are 1234.5; with
 * decimal point "1,234.5" and "1 234.5" are. A trailing "%" is allowed.
 */
export function parseNumber(raw: string, decimal: DecimalMark): number | null | undefined {
  let s = raw.trim();
  if (MISSING.has(s)) return null;
  s = s.replace(/\s*%$/, '').replace(SPACES, '');
  const thousands = decimal === ',' ? '.' : ',';
  // The thousands mark only between groups of three digits.
  const grouped = new RegExp(`^[+-]?\\d{1,3}(\\${thousands}\\d{3})+(\\${decimal}\\d+)?$`);
  if (grouped.test(s)) s = s.split(thousands).join('');
  if (decimal === ',') s = s.replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Decimal comma or point, from the cells that can only be read one way ("4,22" vs "4.22594"). */
export function detectDecimal(rows: RawRow[], separator: Separator): DecimalMark {
  let comma = 0;
  let point = 0;
  for (const r of rows.slice(0, 200))
    for (const raw of r.cells) {
      const c = raw.replace(SPACES, '');
      if (/^[+-]?\d+,\d+$/.test(c) && !/^[+-]?\d{1,3},\d{3}$/.test(c)) comma++;
      else if (/^[+-]?\d+\.\d+$/.test(c) && !/^[+-]?\d{1,3}\.\d{3}$/.test(c)) point++;
      else if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(c)) comma++;
      else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(c)) point++;
    }
  if (comma !== point) return comma > point ? ',' : '.';
  return separator === ';' ? ',' : '.';
}

const LONG_INDICATOR = /^(indikator|indicator|merkmal|variable|kennzahl)$/i;
const LONG_VALUE = /^(wert|value|anzahl|count)$/i;
const PERIOD = /^(jahr|year|period|periode|zeitraum|stichtag|datum|date)$/i;
const KEY =
  /^(id|key|schl(ü|ue)ssel|nummer|nr|plr[-_ ]?id|plr|bzr[-_ ]?id|raum[-_ ]?id|gebiet|area|area[-_ ]?key|lor)$/i;
const NAME = /^(name|gebietsname|area[-_ ]?name|planungsraum|bezeichnung)$/i;

/** Reads the bytes of a file into header and records, detecting encoding, separator, decimal mark and layout. */
export function readTable(bytes: Uint8Array): RawTable {
  const { text, encoding, bom } = decode(bytes);
  const separator = sniffSeparator(text);
  const [head, ...rows] = splitRecords(text, separator);
  const header = head?.cells ?? [];
  const decimal = detectDecimal(rows, separator);
  const layout =
    header.some((h) => LONG_INDICATOR.test(h)) && header.some((h) => LONG_VALUE.test(h)) ? 'long' : 'wide';
  return { format: { layout, separator, decimal, encoding, bom }, header, rows };
}

/** What the preview suggests per column. */
export interface ColumnGuess {
  index: number;
  name: string;
  /** Share of the column's cells that are numbers or marked missing. */
  numeric: number;
  sample: string[];
  /** A suggested indicator key for a value column of a wide table (null: skip). */
  suggestedKey: string | null;
}

export interface TableGuess {
  keyColumn: number;
  /** Long tables: the columns naming the indicator, the period and the value. */
  indicatorColumn: number;
  periodColumn: number;
  valueColumn: number;
  columns: ColumnGuess[];
}

/** A stable indicator key from a column heading ("Einwohner insgesamt" → "einwohner_insgesamt"). */
export function keyFromHeading(h: string): string {
  const k = h
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return k || 'indicator';
}

/** Suggests the key column (and for long tables the indicator, period and value columns) and the value columns. */
export function guessColumns(table: RawTable): TableGuess {
  const { header, rows, format } = table;
  const columns: ColumnGuess[] = header.map((name, index) => {
    const cells = rows.map((r) => r.cells[index] ?? '');
    const readable = cells.filter((c) => parseNumber(c, format.decimal) !== undefined).length;
    return {
      index,
      name,
      numeric: cells.length ? readable / cells.length : 0,
      sample: cells.slice(0, 3),
      suggestedKey: null,
    };
  });
  const find = (re: RegExp) => header.findIndex((h) => re.test(h));
  let keyColumn = find(KEY);
  if (keyColumn < 0) {
    // The first column whose cells are mostly area keys (digits, unique).
    keyColumn = columns.findIndex((c) => {
      const cells = rows.map((r) => r.cells[c.index] ?? '');
      const keys = cells.filter((v) => /^\d{1,8}$/.test(v));
      return keys.length >= cells.length * 0.8 && new Set(keys).size === keys.length;
    });
  }
  if (keyColumn < 0) keyColumn = find(NAME);
  if (keyColumn < 0) keyColumn = 0;
  const indicatorColumn = find(LONG_INDICATOR);
  const periodColumn = find(PERIOD);
  const valueColumn = find(LONG_VALUE);
  if (format.layout === 'wide') {
    const seen = new Set<string>();
    for (const c of columns) {
      if (c.index === keyColumn || c.index === periodColumn || NAME.test(c.name) || c.numeric < 0.8) continue;
      const key = keyFromHeading(c.name);
      // A heading repeated in the file (the MSS tables repeat "inhabitants") is read once.
      if (seen.has(key)) continue;
      seen.add(key);
      c.suggestedKey = key;
    }
  }
  return { keyColumn, indicatorColumn, periodColumn, valueColumn, columns };
}

/** A period as stored: '2021', '2022-06' or '2022-06-30' (from "30.06.2022" too); null when not one. */
export function normalisePeriod(raw: string): string | null {
  const s = raw.trim();
  if (/^\d{4}$/.test(s)) return s;
  if (/^\d{4}\.0+$/.test(s)) return s.slice(0, 4);
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(s)) return s;
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (de) return `${de[3]}-${de[2].padStart(2, '0')}-${de[1].padStart(2, '0')}`;
  return null;
}

/** How the columns of a file become indicator values (chosen on the mapping screen, or guessed). */
export type Mapping =
  | {
      layout: 'wide';
      keyColumn: number;
      /** The period every value of the file belongs to. */
      period: string;
      columns: { index: number; indicatorKey: string }[];
    }
  | {
      layout: 'long';
      keyColumn: number;
      indicatorColumn: number;
      periodColumn: number;
      valueColumn: number;
      /** The period when the file has no period column (-1). */
      period?: string;
    };

/** One value read from the file, its area still as written. */
export interface Cell {
  line: number;
  area: string;
  indicatorKey: string;
  period: string;
  value: number;
}

/** The values of the file under a mapping, and every cell that could not be read and why. */
export function extractCells(table: RawTable, mapping: Mapping): { cells: Cell[]; skipped: SkippedRow[] } {
  const cells: Cell[] = [];
  const skipped: SkippedRow[] = [];
  const { decimal } = table.format;
  for (const row of table.rows) {
    const area = row.cells[mapping.keyColumn] ?? '';
    if (area === '') {
      skipped.push({ line: row.line, area, column: '', reason: 'unknownArea' });
      continue;
    }
    if (mapping.layout === 'wide') {
      for (const col of mapping.columns) {
        const raw = row.cells[col.index] ?? '';
        const column = table.header[col.index] ?? String(col.index + 1);
        const value = parseNumber(raw, decimal);
        if (value === null) skipped.push({ line: row.line, area, column, reason: 'missingValue', raw });
        else if (value === undefined)
          skipped.push({ line: row.line, area, column, reason: 'notANumber', raw });
        else
          cells.push({ line: row.line, area, indicatorKey: col.indicatorKey, period: mapping.period, value });
      }
      continue;
    }
    const indicator = (row.cells[mapping.indicatorColumn] ?? '').trim();
    const column = indicator;
    if (!indicator) {
      skipped.push({ line: row.line, area, column, reason: 'unknownIndicator' });
      continue;
    }
    const rawPeriod =
      mapping.periodColumn >= 0 ? (row.cells[mapping.periodColumn] ?? '') : (mapping.period ?? '');
    const period = normalisePeriod(rawPeriod);
    if (!period) {
      skipped.push({ line: row.line, area, column, reason: 'missingPeriod', raw: rawPeriod });
      continue;
    }
    const raw = row.cells[mapping.valueColumn] ?? '';
    const value = parseNumber(raw, decimal);
    if (value === null) skipped.push({ line: row.line, area, column, reason: 'missingValue', raw });
    else if (value === undefined) skipped.push({ line: row.line, area, column, reason: 'notANumber', raw });
    else cells.push({ line: row.line, area, indicatorKey: keyFromHeading(indicator), period, value });
  }
  return { cells, skipped };
}

/** The mapping the preview suggests (and the command line uses without a mapping screen). */
export function suggestMapping(table: RawTable, period: string | null): Mapping | null {
  const g = guessColumns(table);
  if (table.format.layout === 'long') {
    if (g.indicatorColumn < 0 || g.valueColumn < 0) return null;
    if (g.periodColumn < 0 && !period) return null;
    return {
      layout: 'long',
      keyColumn: g.keyColumn,
      indicatorColumn: g.indicatorColumn,
      periodColumn: g.periodColumn,
      valueColumn: g.valueColumn,
      period: period ?? undefined,
    };
  }
  if (!period) return null;
  return {
    layout: 'wide',
    keyColumn: g.keyColumn,
    period,
    columns: g.columns.flatMap((c) =>
      c.suggestedKey ? [{ index: c.index, indicatorKey: c.suggestedKey }] : [],
    ),
  };
}
