// The dashboard, the areas side by side and the report as rows of a table: the screens, the CSV
// downloads and the API show the same columns. Amounts are kept in cents by the modules and shown in euros.
import type { TFunction } from 'i18next';
import type { CsvCell } from '../../platform/csv/index.ts';
import { formatDate } from '../../platform/time/index.ts';
import { lastDay, type Period } from './domain/period.ts';
import type { Dashboard, FigureInfo, SideBySide } from './use-cases/dashboard.ts';
import type { ReportView } from './use-cases/reports.ts';

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'de-DE');

/** A figure's value in its unit for people: euros from cents, at most two decimals. */
export const shownValue = (v: number, unit: FigureInfo['unit']) => (unit === 'cents' ? v / 100 : v);

export function formatValue(v: number, unit: FigureInfo['unit'], lang: string): string {
  const n = shownValue(v, unit);
  return unit === 'cents'
    ? n.toLocaleString(locale(lang), { style: 'currency', currency: 'EUR' })
    : n.toLocaleString(locale(lang), { maximumFractionDigits: 2 });
}

export function formatSigned(v: number, unit: FigureInfo['unit'], lang: string): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatValue(Math.abs(v), unit, lang)}`;
}

export function formatChangePercent(p: number | null, lang: string): string {
  if (p === null) return '–';
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toLocaleString(locale(lang), { maximumFractionDigits: 1 })} %`;
}

/** The period in words: "2026", "Q2 2026", "Mai 2026", "1.1.2026 bis 15.3.2026". */
export function periodLabel(p: Period, lang: string, t: TFunction): string {
  if (p.kind === 'year') return p.from.slice(0, 4);
  if (p.kind === 'quarter') return `Q${(Number(p.from.slice(5, 7)) + 2) / 3} ${p.from.slice(0, 4)}`;
  if (p.kind === 'month')
    return new Date(`${p.from}T12:00:00Z`).toLocaleDateString(locale(lang), {
      month: 'long',
      year: 'numeric',
    });
  return String(
    t('impact:dashboard.range', { from: formatDate(p.from, lang), to: formatDate(lastDay(p), lang) }),
  );
}

/** Numbers in a CSV for German spreadsheets: decimals with a comma (as text), whole numbers as numbers. */
const csvNumber = (n: number): CsvCell => (Number.isInteger(n) ? n : String(n).replace('.', ','));
const csvPercent = (p: number | null): CsvCell => (p === null ? '' : csvNumber(p));
const unitName = (t: TFunction, f: FigureInfo) => String(t(`impact:units.${f.unit}`));

export function dashboardCsv(
  d: Dashboard,
  t: TFunction,
  lang: string,
): { header: string[]; rows: CsvCell[][] } {
  return {
    header: [
      'key',
      String(t('impact:dashboard.figure')),
      String(t('impact:dashboard.module')),
      String(t('impact:dashboard.unit')),
      periodLabel(d.period, lang, t),
      periodLabel(d.previous, lang, t),
      String(t('impact:dashboard.change')),
      String(t('impact:dashboard.changePercent')),
    ],
    rows: d.rows.map((r) => [
      r.key,
      String(t(r.label)),
      String(t(`impact:modules.${r.module}`, { defaultValue: r.module })),
      unitName(t, r),
      csvNumber(shownValue(r.current, r.unit)),
      csvNumber(shownValue(r.previous, r.unit)),
      csvNumber(shownValue(r.delta, r.unit)),
      csvPercent(r.percent),
    ]),
  };
}

export function sideBySideCsv(s: SideBySide, t: TFunction): { header: string[]; rows: CsvCell[][] } {
  return {
    header: [
      String(t('impact:dashboard.areaColumn')),
      ...s.figures.map((f) => `${t(f.label)} (${unitName(t, f)})`),
    ],
    rows: [
      ...s.areas.map((a) => [a.name, ...a.values.map((v, i) => csvNumber(shownValue(v, s.figures[i].unit)))]),
      [
        String(t('impact:dashboard.total')),
        ...s.total.map((v, i) => csvNumber(shownValue(v, s.figures[i].unit))),
      ],
    ],
  };
}

export function reportCsv(v: ReportView, t: TFunction): { header: string[]; rows: CsvCell[][] } {
  const q = [1, 2, 3, 4].map((n) => `${v.year} ${t('impact:report.q', { n })}`);
  return {
    header: [
      'key',
      String(t('impact:dashboard.figure')),
      String(t('impact:dashboard.unit')),
      ...q,
      String(v.year),
      String(v.year - 1),
      String(t('impact:dashboard.change')),
      String(t('impact:dashboard.changePercent')),
    ],
    rows: v.figures.map((f) => [
      f.key,
      String(t(f.label)),
      String(t(`impact:units.${f.unit}`)),
      ...f.quarters.map((x) => csvNumber(shownValue(x, f.unit as FigureInfo['unit']))),
      csvNumber(shownValue(f.current, f.unit as FigureInfo['unit'])),
      csvNumber(shownValue(f.previous, f.unit as FigureInfo['unit'])),
      csvNumber(shownValue(f.delta, f.unit as FigureInfo['unit'])),
      csvPercent(f.percent),
    ]),
  };
}
