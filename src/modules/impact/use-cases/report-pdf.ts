// The annual report as a draft PDF (tagged: a document structure with headings, paragraphs and a
// table of the figures, so a screen reader reads it in order), from the report's view.
import type { TFunction } from 'i18next';
import PDFDocument from 'pdfkit';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { REPORT_SECTIONS } from '../schemas.ts';
import type { ReportView } from './reports.ts';

/** A number as people read it in the language (1.234,5). */
export const formatNumber = (n: number, lang: string) =>
  n.toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 2 });

export function formatPercent(p: number | null, lang: string, none: string): string {
  if (p === null) return none;
  return `${p > 0 ? '+' : ''}${formatNumber(p, lang)} %`;
}

export async function reportPdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  view: ReportView;
  now: Date;
}): Promise<Buffer> {
  const { t, lang, view } = o;
  const title = String(t('impact:report.pdfTitle', { area: view.area.name, year: view.year }));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang,
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: String(t('impact:report.title')) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  /** One tagged block: its text is marked content of a structure element of that type. */
  const block = (tag: string, text: string, size: number, o2: { bold?: boolean; gap?: number } = {}) => {
    root.add(
      doc.struct(tag, {}, [
        () => {
          writeText(doc, text, { size, x, width, bold: o2.bold });
        },
      ]),
    );
    doc.moveDown((o2.gap ?? 6) / 12);
  };
  block('P', o.tenantName, 10);
  block('H1', title, 18, { bold: true, gap: 4 });
  block(
    'P',
    String(
      view.final && view.report?.finalisedAt
        ? t('impact:report.finalOn', { date: formatDate(view.report.finalisedAt, lang) })
        : t('impact:report.draftOn', { date: formatDate(o.now, lang) }),
    ),
    10,
    { gap: 12 },
  );
  for (const s of REPORT_SECTIONS) {
    block('H2', String(t(`impact:sections.${s}`)), 14, { bold: true, gap: 4 });
    const text = view.texts[s]?.trim();
    for (const para of (text || String(t('impact:report.noText'))).split(/\n\s*\n/))
      block('P', para.trim(), 11, { gap: 8 });
  }
  block('H2', String(t('impact:report.figures', { year: view.year, previous: view.year - 1 })), 14, {
    bold: true,
    gap: 4,
  });
  // A table: one row per figure or indicator, header cells first.
  let cols = [0.46, 0.16, 0.16, 0.22].map((f) => f * width);
  let table = doc.struct('Table');
  root.add(table);
  const row = (cells: string[], header: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    const tr = doc.struct('TR');
    table.add(tr);
    let cx = x;
    let bottom = y;
    cells.forEach((cell, i) => {
      tr.add(
        doc.struct(header ? 'TH' : 'TD', {}, [
          () => {
            writeText(doc, cell, { size: 9.5, x: cx, y, width: cols[i] - 6, bold: header });
          },
        ]),
      );
      bottom = Math.max(bottom, doc.y);
      cx += cols[i];
    });
    tr.end();
    doc.y = bottom + 4;
  };
  row(
    [
      String(t('impact:dashboard.figure')),
      String(view.year),
      String(view.year - 1),
      String(t('impact:dashboard.change')),
    ],
    true,
  );
  for (const f of view.figures)
    row(
      [
        String(t(f.label)),
        formatNumber(f.current, lang),
        formatNumber(f.previous, lang),
        `${f.delta > 0 ? '+' : ''}${formatNumber(f.delta, lang)} (${formatPercent(f.percent, lang, '–')})`,
      ],
      false,
    );
  table.end();
  doc.moveDown(1);

  // The area's official statistics from its profile: latest value and the one before, with source.
  if (view.statistics.length > 0) {
    block('H2', String(t('impact:report.statistics')), 14, { bold: true, gap: 4 });
    block('P', String(t('impact:report.statisticsIntro', { year: view.year })), 10, { gap: 6 });
    cols = [0.34, 0.19, 0.19, 0.28].map((f) => f * width);
    table = doc.struct('Table');
    root.add(table);
    const value = (v: { period: string; value: number } | null) =>
      v ? `${formatNumber(v.value, lang)} (${v.period})` : '–';
    row(
      [
        String(t('impact:report.indicator')),
        String(t('impact:report.latest')),
        String(t('impact:report.before')),
        String(t('impact:report.source')),
      ],
      true,
    );
    for (const s of view.statistics)
      row(
        [
          `${(lang === 'en' && s.nameEn) || s.nameDe} (${String(t(`profiles:units.${s.unit}`))})`,
          value(s.latest),
          value(s.previous),
          [s.source, s.licence].filter(Boolean).join(' · ') || '–',
        ],
        false,
      );
    table.end();
  }
  root.end();
  doc.end();
  return done;
}
