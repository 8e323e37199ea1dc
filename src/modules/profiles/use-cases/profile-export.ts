/**
 * The area profile as a file: CSV (one row per indicator and period, the area beside its district
 * and the city, with unit, source and licence) and PDF (tagged: headings, paragraphs and one table
 * per indicator, each with its source and licence; a small vector line chart as a figure with its
 * alternative text).
 */
import type { TFunction } from 'i18next';
import PDFDocument from 'pdfkit';
import { toCsv } from '../../../platform/csv/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate, intlLocale } from '../../../platform/time/index.ts';
import type { Indicator } from '../queries.ts';
import type { AreaProfile, ProfileIndicator } from './profile.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A value as people read it in the language: at most two decimals, Latin digits. */
export function formatValue(value: number, lang: string): string {
  const locale = `${intlLocale(lang)}-u-nu-latn`;
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numberFormats.set(locale, f);
  }
  return f.format(value);
}

/** The indicator's name in the language (German for German and easy German, else English if given). */
export const indicatorName = (i: Indicator, lang: string) =>
  lang === 'de' || lang === 'de-x-ls' ? i.nameDe : i.nameEn || i.nameDe;

/** "1.234,5" for a German spreadsheet, "1234.5" otherwise: numbers as the reader's spreadsheet reads them. */
const csvNumber = (v: number | undefined, lang: string) =>
  v === undefined ? '' : lang === 'en' ? String(v) : String(v).replace('.', ',');

/** The profile as CSV: one row per indicator and period. */
export function profileCsv(p: AreaProfile, t: TFunction, lang: string): string {
  const header = [
    String(t('profiles:profile.indicator')),
    String(t('profiles:profile.unit', { unit: '' })).replace(/[:：]\s*$/, ''),
    String(t('profiles:profile.period')),
    p.area.name,
    p.district?.name ?? '',
    String(t('profiles:profile.city')),
    String(t('profiles:profile.derived')),
    String(t('profiles:profile.source', { source: '' })).replace(/[:：]\s*$/, ''),
    String(t('profiles:profile.licence', { licence: '' })).replace(/[:：]\s*$/, ''),
  ];
  const rows = p.indicators.flatMap((x) =>
    x.periods.map((period) => [
      indicatorName(x.indicator, lang),
      String(t(`profiles:profile.units.${x.indicator.unit}`)),
      period,
      csvNumber(x.area.get(period), lang),
      csvNumber(x.district.get(period), lang),
      csvNumber(x.city.get(period), lang),
      x.derived.has(period) ? String(t('profiles:profile.derived')) : '',
      x.indicator.source,
      x.indicator.licence,
    ]),
  );
  return toCsv(header, rows);
}

/** The profile as a tagged PDF. */
export async function profilePdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  profile: AreaProfile;
  now: Date;
}): Promise<Buffer> {
  const { t, lang, profile: p } = o;
  const rtl = lang === 'ar';
  const title = String(t('profiles:profile.title', { area: p.area.name }));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    tagged: true,
    lang: lang === 'de-x-ls' ? 'de' : lang,
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const block = (tag: string, text: string, size: number, o2: { bold?: boolean; gap?: number } = {}) => {
    if (doc.y > bottom() - size * 2) doc.addPage();
    root.add(doc.struct(tag, {}, [() => void writeText(doc, text, { size, x, width, bold: o2.bold, rtl })]));
    doc.moveDown((o2.gap ?? 6) / 12);
  };
  block('P', o.tenantName, 10);
  block('H1', title, 18, { bold: true, gap: 4 });
  block('P', String(t('profiles:profile.intro', { area: p.area.name })), 11);
  block('P', String(t('profiles:profile.generated', { date: formatDate(o.now, lang) })), 9, { gap: 12 });
  if (p.indicators.length === 0) block('P', String(t('profiles:profile.none')), 11);
  const names = [p.area.name, ...(p.district ? [p.district.name] : []), String(t('profiles:profile.city'))];
  for (const x0 of p.indicators) {
    const name = indicatorName(x0.indicator, lang);
    // Keep a heading with its chart and the first rows of its table.
    if (doc.y > bottom() - 220) doc.addPage();
    block('H2', name, 13, { bold: true, gap: 2 });
    block(
      'P',
      String(t('profiles:profile.unit', { unit: t(`profiles:profile.units.${x0.indicator.unit}`) })),
      9,
      {
        gap: 2,
      },
    );
    chart(doc, root, x0, x, width, names, name, lang);
    table(doc, root, x0, x, width, names, t, lang, rtl);
    const sourceLine = [
      x0.indicator.source && String(t('profiles:profile.source', { source: x0.indicator.source })),
      x0.indicator.licence && String(t('profiles:profile.licence', { licence: x0.indicator.licence })),
    ]
      .filter(Boolean)
      .join(' · ');
    if (sourceLine) block('P', sourceLine, 9, { gap: 14 });
    else doc.moveDown(1);
  }
  if (p.indicators.some((i) => i.derived.size > 0)) block('P', String(t('profiles:profile.derivedNote')), 9);
  root.end();
  doc.end();
  return done;
}

const PDF_COLOURS = ['#0b4f9c', '#a34f00', '#4d4d4d'];
const PDF_DASH: (number | undefined)[] = [undefined, 4, 1.5];

/** A small line chart drawn as vectors: a figure whose alternative text names the indicator and the last values. */
function chart(
  doc: PDFKit.PDFDocument,
  root: PDFKit.PDFStructureElement,
  x0: ProfileIndicator,
  x: number,
  width: number,
  names: string[],
  indicator: string,
  lang: string,
) {
  const lines = names.length === 2 ? [x0.area, x0.city] : [x0.area, x0.district, x0.city];
  const all = lines.flatMap((m) => [...m.values()]);
  if (all.length === 0 || x0.periods.length < 2) return;
  const h = 90;
  const w = Math.min(width, 300);
  const top = doc.y;
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) [min, max] = [min - 1, max + 1];
  const px = (i: number) => x + 40 + (i * (w - 50)) / (x0.periods.length - 1);
  const py = (v: number) => top + 6 + (1 - (v - min) / (max - min)) * (h - 20);
  const last = (m: Map<string, number>) => {
    const period = [...x0.periods].reverse().find((q) => m.has(q));
    return period ? `${formatValue(m.get(period)!, lang)} (${period})` : '–';
  };
  // As the page's chart: what it shows first, then the values (read aloud out of the heading's context).
  const alt = `${indicator}: ${lines.map((m, i) => `${names[i]}: ${last(m)}`).join('; ')}`;
  root.add(
    doc.struct('Figure', { alt }, [
      () => {
        doc.save();
        doc.lineWidth(0.5).strokeColor('#999999');
        doc
          .moveTo(x + 40, top + h - 14)
          .lineTo(x + w, top + h - 14)
          .stroke();
        doc.font('Body').fontSize(7).fillColor('#333333');
        doc.text(formatValue(max, lang), x, py(max) - 3, { width: 36, align: 'right', lineBreak: false });
        doc.text(formatValue(min, lang), x, py(min) - 3, { width: 36, align: 'right', lineBreak: false });
        doc.text(x0.periods[0], px(0) - 20, top + h - 10, { width: 40, align: 'center', lineBreak: false });
        const n = x0.periods.length - 1;
        doc.text(x0.periods[n], px(n) - 20, top + h - 10, { width: 40, align: 'center', lineBreak: false });
        lines.forEach((m, k) => {
          doc.lineWidth(k === 0 ? 2 : 1.2).strokeColor(PDF_COLOURS[k]);
          const dash = PDF_DASH[k];
          if (dash) doc.dash(dash, { space: dash });
          else doc.undash();
          let open = false;
          x0.periods.forEach((q, i) => {
            const v = m.get(q);
            if (v === undefined) {
              if (open) doc.stroke();
              open = false;
              return;
            }
            if (open) doc.lineTo(px(i), py(v));
            else doc.moveTo(px(i), py(v));
            open = true;
          });
          if (open) doc.stroke();
          doc.undash();
          // Legend beside the chart: the line's sample and its name.
          const ly = top + 8 + k * 14;
          doc.lineWidth(k === 0 ? 2 : 1.2).strokeColor(PDF_COLOURS[k]);
          if (dash) doc.dash(dash, { space: dash });
          doc
            .moveTo(x + w + 12, ly + 4)
            .lineTo(x + w + 32, ly + 4)
            .stroke();
          doc.undash();
          doc
            .fillColor('#1a1a1a')
            .fontSize(8)
            .text(names[k], x + w + 36, ly, { lineBreak: false });
        });
        doc.restore();
      },
    ]),
  );
  doc.fillColor('#000000');
  doc.x = x;
  doc.y = top + h + 4;
}

/** The values as a tagged table: one row per period, the area, its district and the city. */
function table(
  doc: PDFKit.PDFDocument,
  root: PDFKit.PDFStructureElement,
  x0: ProfileIndicator,
  x: number,
  width: number,
  names: string[],
  t: TFunction,
  lang: string,
  rtl: boolean,
) {
  const maps = names.length === 2 ? [x0.area, x0.city] : [x0.area, x0.district, x0.city];
  const colW = width / (names.length + 1);
  const tbl = doc.struct('Table');
  root.add(tbl);
  const row = (cells: string[], header: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    const tr = doc.struct('TR');
    tbl.add(tr);
    let low = y;
    cells.forEach((cell, i) => {
      const cx = rtl ? x + width - (i + 1) * colW : x + i * colW;
      tr.add(
        doc.struct(header || i === 0 ? 'TH' : 'TD', {}, [
          () => void writeText(doc, cell, { size: 9, x: cx, y, width: colW - 6, bold: header, rtl }),
        ]),
      );
      low = Math.max(low, doc.y);
    });
    tr.end();
    doc.y = low + 2;
  };
  row([String(t('profiles:profile.period')), ...names], true);
  for (const period of x0.periods)
    row(
      [
        period,
        ...maps.map((m, i) => {
          const v = m.get(period);
          if (v === undefined) return '–';
          return i === 0 && x0.derived.has(period)
            ? `${formatValue(v, lang)} (${String(t('profiles:profile.derived'))})`
            : formatValue(v, lang);
        }),
      ],
      false,
    );
  tbl.end();
  doc.x = x;
  doc.moveDown(0.4);
}
