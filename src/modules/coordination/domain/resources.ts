// Resources per area (COORD-3), the rules without a database: the kinds of money, how a source is
// matched, the table areas × sources with its sums, and how a CSV file of budget lines is read and
// checked row by row (each problem named by line and field).
import { parse } from 'csv-parse/sync';
import { parseEuroCents, rangeMessage } from '../../../platform/forms/index.ts';
import { withParams } from '../../../platform/i18n/index.ts';

/** A department's regular funds, or a funding programme (Sozialer Zusammenhalt, Stadtumbau, Aktionsfonds …). */
export const BUDGET_KINDS = ['regular', 'programme'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];

/** The years a budget line or an assessment may name. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;
/** The largest amount of one line: a billion euros, in cents. */
export const AMOUNT_MAX_EUROS = 1_000_000_000;

/** A source's name as matched: spaces collapsed, without regard to case ("sozialer  Zusammenhalt"). */
export const sourceKey = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

export interface BudgetAmount {
  areaId: string;
  source: string;
  kind: BudgetKind;
  amountCents: number;
}

export interface ResourceTable {
  /** The sources as columns: regular funds first, then programmes, each by name; with their totals. */
  sources: { name: string; kind: BudgetKind; totalCents: number }[];
  /** The areas as rows, in the order given; each with its amount per source (by name) and total. */
  areas: { id: string; name: string; cells: Record<string, number>; totalCents: number }[];
  totalCents: number;
}

/** The table areas × sources of the lines given (one year), with the sums per area, per source and in all. */
export function resourceTable(
  lines: readonly BudgetAmount[],
  areas: readonly { id: string; name: string }[],
): ResourceTable {
  const sources = new Map<string, { name: string; kind: BudgetKind; totalCents: number }>();
  const rows = new Map<string, ResourceTable['areas'][number]>();
  for (const a of areas) rows.set(a.id, { id: a.id, name: a.name, cells: {}, totalCents: 0 });
  let total = 0;
  for (const l of lines) {
    const s = sources.get(l.source) ?? { name: l.source, kind: l.kind, totalCents: 0 };
    s.totalCents += l.amountCents;
    sources.set(l.source, s);
    const row = rows.get(l.areaId);
    if (!row) continue;
    row.cells[l.source] = (row.cells[l.source] ?? 0) + l.amountCents;
    row.totalCents += l.amountCents;
    total += l.amountCents;
  }
  return {
    sources: [...sources.values()].sort(
      (a, b) =>
        BUDGET_KINDS.indexOf(a.kind) - BUDGET_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'de'),
    ),
    areas: [...rows.values()].filter((r) => Object.keys(r.cells).length > 0),
    totalCents: total,
  };
}

/** The columns of an import file, each with the header names it is known by (German and English). */
export const IMPORT_FIELDS = ['area', 'year', 'source', 'kind', 'amount', 'reference'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const HEADERS: Record<ImportField | 'areaName', readonly string[]> = {
  area: ['gebiet', 'area', 'gebietsschlüssel', 'gebietskennung', 'schlüssel', 'code', 'key'],
  areaName: ['gebietsname', 'area name', 'name'],
  year: ['jahr', 'year', 'haushaltsjahr'],
  source: ['quelle', 'source', 'mittelgeber', 'programm', 'programme', 'fördergeber'],
  kind: ['art', 'kind', 'mittelart', 'typ', 'type'],
  amount: [
    'betrag',
    'amount',
    'betrag (eur)',
    'betrag in euro',
    'betrag (€)',
    'amount (eur)',
    'euro',
    'eur',
    'summe',
  ],
  reference: [
    'bezug',
    'reference',
    'quelle/bezug',
    'haushaltstitel',
    'titel',
    'referenz',
    'anmerkung',
    'note',
  ],
};
/** The columns a file must have (the reference may be left out). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['area', 'year', 'source', 'kind', 'amount'];

/** The words for the kinds, German and English, as a spreadsheet may hold them. */
const KIND_WORDS: Record<string, BudgetKind> = {
  regular: 'regular',
  'regular funds': 'regular',
  regelmittel: 'regular',
  regelfinanzierung: 'regular',
  regelhaushalt: 'regular',
  programme: 'programme',
  program: 'programme',
  'funding programme': 'programme',
  'funding program': 'programme',
  förderprogramm: 'programme',
  fördermittel: 'programme',
  foerderprogramm: 'programme',
  foerdermittel: 'programme',
  programmmittel: 'programme',
};
export const kindOf = (s: string): BudgetKind | undefined => KIND_WORDS[s.trim().toLocaleLowerCase('de')];

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/** A problem with the file as a whole (a translation key; the use case raises it at the field `file`). */
export class ImportFileError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** The file's text: UTF-8 (with or without byte order mark), else Windows-1252 as older spreadsheets write it. */
export function decodeFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface RawRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  /** The cells of the known columns, as written (trimmed). */
  cells: Record<ImportField, string>;
  /** Has the file a reference column? Without one, a line's reference stays as it is. */
  referenceGiven: boolean;
}

/**
 * The rows of a CSV file of budget lines: `;`, tab or `,` between cells (whichever the header row
 * uses most), the columns found by their header names in any order; other columns are left aside.
 * Blank rows are skipped. Throws ImportFileError for an empty file, missing columns or too many rows.
 */
export function readBudgetCsv(text: string): RawRow[] {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new ImportFileError('coordination:budget.errors.empty');
  const head = body.split(/\r?\n/, 1)[0];
  const count = (c: string) => head.split(c).length - 1;
  const delimiter = [';', '\t', ','].reduce((best, c) => (count(c) > count(best) ? c : best), ';');
  let records: string[][];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      bom: true,
    }) as string[][];
  } catch {
    throw new ImportFileError('coordination:budget.errors.unreadable');
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLocaleLowerCase('de'));
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const at: Partial<Record<ImportField, number>> = {};
  for (const f of IMPORT_FIELDS) {
    const i = find(HEADERS[f]);
    if (i >= 0) at[f] = i;
  }
  if (at.area === undefined) {
    const i = find(HEADERS.areaName);
    if (i >= 0) at.area = i;
  }
  if (REQUIRED_FIELDS.some((f) => at[f] === undefined))
    throw new ImportFileError('coordination:budget.errors.columns');
  const rows: RawRow[] = [];
  records.slice(1).forEach((r, i) => {
    if (r.every((c) => !c.trim())) return;
    const cells = Object.fromEntries(
      IMPORT_FIELDS.map((f) => [f, at[f] === undefined ? '' : asWritten((r[at[f] as number] ?? '').trim())]),
    ) as Record<ImportField, string>;
    rows.push({ line: i + 2, cells, referenceGiven: at.reference !== undefined });
  });
  if (rows.length === 0) throw new ImportFileError('coordination:budget.errors.empty');
  if (rows.length > MAX_IMPORT_ROWS) throw new ImportFileError('coordination:budget.errors.tooMany');
  return rows;
}

/** A cell our CSV download neutralised against formulas ("'=…") as it was written ("=…"). */
const asWritten = (cell: string): string =>
  /^'\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? cell.slice(1) : cell;

/** How an area named in a file is found: by its code, else by its name (unknown, or several of that name). */
export type AreaLookup = (text: string) => { id: string; name: string } | 'unknown' | 'ambiguous';

export interface CheckedRow {
  line: number;
  cells: Record<ImportField, string>;
  /** The line as it would be stored; absent when a field is wrong. */
  value?: {
    /** null: the file has no reference column (the stored reference stays). */
    reference: string | null;
    areaId: string;
    areaName: string;
    year: number;
    source: string;
    kind: BudgetKind;
    amountCents: number;
  };
  /** Field → message (a translation key, perhaps with parameters). */
  errors: Partial<Record<ImportField, string>>;
}

const yearMessage = rangeMessage(
  'validation.numberRange',
  String(YEAR_MIN),
  String(YEAR_MAX),
  'coordination:budget.year',
);

/**
 * Checks each row: the area known to the tenant, a year, a source, the kind, an amount in euros
 * ("12.500,50", "12500,5", "12500.50", with or without €) from 0 to a billion, a reference of at most
 * 300 characters; the same area, year and source twice in one file is refused at the second line.
 */
export function checkBudgetRows(rows: readonly RawRow[], areaOf: AreaLookup): CheckedRow[] {
  const seen = new Map<string, number>();
  return rows.map(({ line, cells, referenceGiven }) => {
    const errors: CheckedRow['errors'] = {};
    let area: { id: string; name: string } | undefined;
    if (!cells.area) errors.area = 'validation.required';
    else {
      const found = areaOf(cells.area);
      if (found === 'unknown') errors.area = 'coordination:budget.errors.areaUnknown';
      else if (found === 'ambiguous') errors.area = 'coordination:budget.errors.areaAmbiguous';
      else area = found;
    }
    const year = /^\d{4}$/.test(cells.year) ? Number(cells.year) : Number.NaN;
    if (!cells.year) errors.year = 'validation.required';
    else if (!(year >= YEAR_MIN && year <= YEAR_MAX)) errors.year = yearMessage;
    const source = cells.source.replace(/\s+/g, ' ');
    if (!source) errors.source = 'validation.required';
    else if (source.length > 200) errors.source = 'coordination:budget.errors.sourceLong';
    const kind = kindOf(cells.kind);
    if (!cells.kind) errors.kind = 'validation.required';
    else if (!kind) errors.kind = 'coordination:budget.errors.kind';
    const cents = parseEuroCents(cells.amount);
    if (cents === null) errors.amount = 'validation.required';
    else if (Number.isNaN(cents)) errors.amount = 'coordination:budget.errors.amount';
    else if (cents < 0 || cents > AMOUNT_MAX_EUROS * 100)
      errors.amount = rangeMessage(
        'validation.decimalRange',
        0,
        AMOUNT_MAX_EUROS,
        'coordination:budget.amount',
      );
    if (cells.reference.length > 300) errors.reference = 'coordination:budget.errors.referenceLong';
    if (area && !errors.year && source && !errors.source) {
      const key = `${area.id}|${year}|${sourceKey(source)}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.source = withParams('coordination:budget.errors.duplicate', { line: String(first) });
      else seen.set(key, line);
    }
    if (Object.keys(errors).length > 0 || !area || !kind || cents === null) return { line, cells, errors };
    return {
      line,
      cells,
      errors,
      value: {
        areaId: area.id,
        areaName: area.name,
        year,
        source,
        kind,
        amountCents: cents,
        reference: referenceGiven ? cells.reference : null,
      },
    };
  });
}

/** An amount for a CSV cell: euros with a decimal comma and two places, no thousands separator ("12500,50"). */
export const csvEuros = (cents: number): string =>
  `${Math.trunc(cents / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
