// Staff screen of a fund-year's report (per criterion and target group) and its year-end statement,
// with their downloads (CSV for German spreadsheets, the statement also as PDF). Figures only: no
// applicant and no group is named, so every reader of the fund may take them along.
import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatMoney, type TFunction } from '../../../platform/i18n/index.ts';
import { formatDate, formatDateTime, localParts } from '../../../platform/time/index.ts';
import { DataTable, KeyValueList } from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { type FundReport, fundReportFor, type ReportRow, yearStatementFor } from '../use-cases/reports.ts';
import { STATEMENT_COLUMNS, statementPdf } from '../use-cases/statement-pdf.ts';

const base = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/funds`;
const db = (c: Context<AppEnv>) => c.get('services').db;

function yearId(c: Context<AppEnv>): string {
  const id = c.req.param('yearId');
  if (!id || !isUuid(id)) throw new AppError(404, 'fund_year_not_found');
  return id;
}

/** An amount for German spreadsheets: `1234,50`. */
const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

const REPORT_COLUMNS = [
  'applications',
  'granted',
  'refused',
  'grantedAmount',
  'paidAmount',
  'expected',
  'actual',
] as const;

const cellsOf = (r: ReportRow) => [
  r.applications,
  r.granted,
  r.refused,
  euros(r.grantedCents),
  euros(r.paidCents),
  r.expectedParticipants,
  r.actualParticipants,
];

function ReportTable(p: { t: TFunction; lang: string; caption: string; first: string; rows: ReportRow[] }) {
  const { t } = p;
  const money = (cents: number) => formatMoney(cents, p.lang);
  return (
    <DataTable
      caption={p.caption}
      // The heading above says it; the caption still names the table for screen readers.
      hideCaption
      rows={p.rows}
      rowKey={(r) => r.key || '-'}
      emptyMessage={t('funds:report.empty')}
      stack
      columns={[
        {
          key: 'key',
          header: p.first,
          rowHeader: true,
          className: 'q-cell-wrap',
          cell: (r) => r.key || t('funds:report.none'),
        },
        {
          key: 'apps',
          header: t('funds:report.columns.applications'),
          numeric: true,
          cell: (r) => r.applications,
        },
        { key: 'granted', header: t('funds:report.columns.granted'), numeric: true, cell: (r) => r.granted },
        { key: 'refused', header: t('funds:report.columns.refused'), numeric: true, cell: (r) => r.refused },
        {
          key: 'grantedAmount',
          header: t('funds:report.columns.grantedAmount'),
          numeric: true,
          cell: (r) => money(r.grantedCents),
        },
        {
          key: 'paidAmount',
          header: t('funds:report.columns.paidAmount'),
          numeric: true,
          cell: (r) => money(r.paidCents),
        },
        {
          key: 'expected',
          header: t('funds:report.columns.expected'),
          numeric: true,
          cell: (r) => r.expectedParticipants,
        },
        {
          key: 'actual',
          header: t('funds:report.columns.actual'),
          numeric: true,
          cell: (r) => r.actualParticipants,
        },
      ]}
    />
  );
}

/** The report's CSV: one row per criterion, then per target group, then the total. */
function reportCsv(t: TFunction, r: FundReport): string {
  const rows = [
    ...r.byCriterion.map((x) => [
      String(t('funds:report.criterion')),
      x.key || String(t('funds:report.none')),
      ...cellsOf(x),
    ]),
    ...r.byTargetGroup.map((x) => [
      String(t('funds:report.targetGroup')),
      x.key || String(t('funds:report.none')),
      ...cellsOf(x),
    ]),
    [String(t('funds:report.total')), '', ...cellsOf(r.total)],
  ];
  return toCsv(
    [
      String(t('funds:report.dimension')),
      String(t('funds:report.value')),
      ...REPORT_COLUMNS.map((k) => String(t(`funds:report.csvColumns.${k}`))),
    ],
    rows,
  );
}

export function mountStaffReportPages(staff: Hono<AppEnv>) {
  staff.get('/funds/years/:yearId/report', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const actor = actorOf(c);
    const report = await fundReportFor(actor, db(c), yearId(c));
    const statement = await yearStatementFor(actor, db(c), report.fundYear.id);
    const yearUrl = `${base(c)}/years/${report.fundYear.id}`;
    const title = String(t('funds:report.title', { name: report.fund.name, year: report.fundYear.year }));
    const money = (cents: number) => formatMoney(cents, lang);
    const tot = report.total;
    return staffPage(c, {
      title,
      children: (
        <>
          <p>
            <a href={yearUrl}>
              {t('funds:staff.yearTitle', { name: report.fund.name, year: report.fundYear.year })}
            </a>
          </p>
          <h1>{title}</h1>
          <p>{t('funds:report.intro')}</p>
          <p>
            <a className="kern-btn kern-btn--secondary" href={`${yearUrl}/report.csv`} download>
              <span className="kern-label">{t('funds:report.csv')}</span>
            </a>
          </p>
          <h2>{t('funds:report.totalTitle')}</h2>
          <KeyValueList
            items={[
              { term: t('funds:report.columns.applications'), value: tot.applications },
              { term: t('funds:report.columns.granted'), value: tot.granted },
              { term: t('funds:report.columns.refused'), value: tot.refused },
              { term: t('funds:report.columns.grantedAmount'), value: money(tot.grantedCents) },
              { term: t('funds:report.columns.paidAmount'), value: money(tot.paidCents) },
              { term: t('funds:report.columns.expected'), value: tot.expectedParticipants },
              { term: t('funds:report.columns.actual'), value: tot.actualParticipants },
            ]}
          />
          <h2>{t('funds:report.byCriterion')}</h2>
          <p>{t('funds:report.severalHint')}</p>
          <ReportTable
            t={t}
            lang={lang}
            caption={String(t('funds:report.byCriterion'))}
            first={String(t('funds:report.criterion'))}
            rows={report.byCriterion}
          />
          <h2>{t('funds:report.byTargetGroup')}</h2>
          <ReportTable
            t={t}
            lang={lang}
            caption={String(t('funds:report.byTargetGroup'))}
            first={String(t('funds:report.targetGroup'))}
            rows={report.byTargetGroup}
          />
          <h2>{t('funds:statement.heading')}</h2>
          <p>
            {statement.fundYear.closedAt
              ? t('funds:statement.closedOn', { date: formatDateTime(statement.fundYear.closedAt, lang) })
              : t('funds:statement.stateOf', { date: formatDate(c.get('services').now(), lang) })}{' '}
            {t(`funds:statement.rule.${statement.fund.yearEndRule}`)}
          </p>
          <p>
            <a className="kern-btn kern-btn--secondary" href={`${yearUrl}/statement.pdf`}>
              <span className="kern-label">{t('funds:statement.pdf')}</span>
            </a>{' '}
            <a className="kern-btn kern-btn--secondary" href={`${yearUrl}/statement.csv`} download>
              <span className="kern-label">{t('funds:statement.csv')}</span>
            </a>
          </p>
          <DataTable
            caption={t('funds:statement.caption', { year: statement.fundYear.year })}
            rows={statement.lines}
            rowKey={(l) => l.fundYear.id}
            emptyMessage={t('funds:report.empty')}
            stack
            columns={[
              {
                key: 'name',
                header: t('funds:staff.name'),
                rowHeader: true,
                className: 'q-cell-wrap',
                cell: (l) => l.fund.name,
              },
              ...STATEMENT_COLUMNS.map((k) => ({
                key: k,
                header: t(`funds:statement.columns.${k}`),
                numeric: true,
                cell: (l: (typeof statement.lines)[number]) => money(l.balances[k]),
              })),
            ]}
          />
        </>
      ),
    });
  });

  staff.get('/funds/years/:yearId/report.csv', async (c) => {
    const report = await fundReportFor(actorOf(c), db(c), yearId(c));
    return csvResponse(reportCsv(c.get('t'), report), `foerderbericht-${report.fundYear.year}.csv`);
  });

  staff.get('/funds/years/:yearId/statement.csv', async (c) => {
    const t = c.get('t');
    const s = await yearStatementFor(actorOf(c), db(c), yearId(c));
    const csv = toCsv(
      [
        String(t('funds:staff.name')),
        String(t('funds:fields.year')),
        ...STATEMENT_COLUMNS.map((k) => String(t(`funds:statement.csvColumns.${k}`))),
        String(t('funds:statement.closedColumn')),
      ],
      s.lines.map((l) => [
        l.fund.name,
        l.fundYear.year,
        ...STATEMENT_COLUMNS.map((k) => euros(l.balances[k])),
        l.fundYear.closedAt ? localParts(l.fundYear.closedAt).date : '',
      ]),
    );
    return csvResponse(csv, `jahresabschluss-${s.fundYear.year}.csv`);
  });

  staff.get('/funds/years/:yearId/statement.pdf', async (c) => {
    const s = await yearStatementFor(actorOf(c), db(c), yearId(c));
    const lang = c.get('lang') === 'en' ? 'en' : 'de';
    const pdf = await statementPdf({
      t: c.get('services').i18n.t(lang, 'funds'),
      lang,
      tenantName: c.get('tenant')!.name,
      statement: s,
      now: c.get('services').now(),
    });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="jahresabschluss-${s.fundYear.year}.pdf"`,
        'Cache-Control': 'private, no-store',
      },
    });
  });
}
