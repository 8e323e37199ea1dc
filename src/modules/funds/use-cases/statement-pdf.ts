// The year-end statement of a fund-year as PDF (tagged: a document with a heading, paragraphs and a
// table of the balances per fund-year, so a screen reader reads it in order). Figures only.
import PDFDocument from 'pdfkit';
import { formatMoney, type TFunction } from '../../../platform/i18n/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate, formatDateTime } from '../../../platform/time/index.ts';
import type { YearStatement } from './reports.ts';

/** The columns of the statement, in the order of the CSV and the PDF (balances' fields). */
export const STATEMENT_COLUMNS = [
  'budgetCents',
  'carriedInCents',
  'committedCents',
  'paidCents',
  'returnedCents',
  'lapsedCents',
  'carriedOutCents',
  'availableCents',
] as const;

export async function statementPdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  statement: YearStatement;
  now: Date;
}): Promise<Buffer> {
  const { t, lang, statement: s } = o;
  const title = String(t('funds:statement.title', { name: s.fund.name, year: s.fundYear.year }));
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 48,
    tagged: true,
    lang: lang === 'en' ? 'en' : 'de',
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: String(t('funds:statement.subject')) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const block = (tag: string, text: string, size: number, bold = false, gap = 6) => {
    root.add(doc.struct(tag, {}, [() => void writeText(doc, text, { size, x, width, bold })]));
    doc.moveDown(gap / 12);
  };
  block('P', o.tenantName, 10);
  block('H1', title, 18, true, 4);
  block(
    'P',
    String(
      s.fundYear.closedAt
        ? t('funds:statement.closedOn', { date: formatDateTime(s.fundYear.closedAt, lang) })
        : t('funds:statement.stateOf', { date: formatDate(o.now, lang) }),
    ),
    10,
    false,
    4,
  );
  block('P', String(t(`funds:statement.rule.${s.fund.yearEndRule}`)), 10, false, 12);

  // One row per fund-year: the name first, then the amounts.
  const first = 0.2 * width;
  const rest = (width - first) / STATEMENT_COLUMNS.length;
  const cols = [first, ...STATEMENT_COLUMNS.map(() => rest)];
  const table = doc.struct('Table');
  root.add(table);
  const row = (cells: string[], header: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    const tr = doc.struct('TR');
    table.add(tr);
    let cx = x;
    let bottom = y;
    cells.forEach((cell, i) => {
      tr.add(
        doc.struct(header ? 'TH' : 'TD', {}, [
          () => void writeText(doc, cell, { size: 9, x: cx, y, width: cols[i] - 6, bold: header }),
        ]),
      );
      bottom = Math.max(bottom, doc.y);
      cx += cols[i];
    });
    tr.end();
    doc.y = bottom + 5;
  };
  row(
    [
      String(t('funds:staff.name')),
      ...STATEMENT_COLUMNS.map((k) => String(t(`funds:statement.columns.${k}`))),
    ],
    true,
  );
  for (const l of s.lines)
    row([l.fund.name, ...STATEMENT_COLUMNS.map((k) => formatMoney(l.balances[k], lang))], false);
  table.end();
  root.end();
  doc.end();
  return done;
}
