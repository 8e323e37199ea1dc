import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of every export (the only csv-stringify user): German spreadsheet conventions —
 * `;` between cells, CRLF between rows, UTF-8 with a byte order mark so Excel reads umlauts — and no
 * formula injection. A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (also after
 * spaces, also the full-width forms), or with a tab or carriage return, as a formula:
 * `=HYPERLINK("http://x","y")` typed into a public form would become a link in the staff's
 * spreadsheet. Such text cells get a leading `'` (OWASP's advice), which spreadsheets show as text.
 *
 * Numbers stay numbers: a cell passed as a JS number is written as it is (`-3`), and so is a text
 * cell that is nothing but a plain decimal number (`-12,50`, as the exports format amounts), which
 * no spreadsheet reads as a formula. Everything else that is text is checked.
 */

export type CsvCell = string | number | bigint | boolean | null | undefined;

/** Text a spreadsheet would evaluate: formula characters after optional white space, or a leading tab/CR. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/** A text cell as a spreadsheet may safely read it: formula-like text gets a leading `'`. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function cell(v: CsvCell): string | number | bigint {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return neutraliseCell(v);
}

/** A whole CSV file (BOM, header row, rows) for German spreadsheets, with formula-like text neutralised. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const body = stringify([header.map(cell), ...rows.map((r) => r.map(cell))], {
    delimiter: ';',
    record_delimiter: '\r\n',
    // Numbers are written in JavaScript's form (`.` as the decimal point); callers format decimals
    // for German spreadsheets themselves (`12,50`), as text.
    cast: { number: (n) => String(n), bigint: (n) => String(n) },
  });
  return `\uFEFF${body}`;
}

/** The media type of every CSV download, for API documents that describe one (OpenAPI `content`). */
export const CSV_MEDIA_TYPE = 'text/csv';

/** A CSV download: the file name (ASCII), never cached, never sniffed. */
export function csvResponse(csv: string, filename: string): Response {
  const name = filename.replace(/[^\w.-]+/g, '_');
  return new Response(csv, {
    headers: {
      'Content-Type': `${CSV_MEDIA_TYPE}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
