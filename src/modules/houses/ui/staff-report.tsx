import type { Context, Hono } from 'hono';
import { actorOf, authorize } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  isDate,
  monthStart,
  todayLocal,
} from '../../../platform/time/index.ts';
import {
  Button,
  DataTable,
  type DataTableColumn,
  KeyValueList,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { formatDay } from '../domain/format.ts';
import type { Metrics, UtilisationReport } from '../domain/utilisation.ts';
import { listAreaIds, READ } from '../policies.ts';
import { listHouses } from '../queries.ts';
import { utilisationReport } from '../use-cases/report.ts';
import { BarChart } from './charts.tsx';
import { num, percent } from './common.tsx';
import { staffBase } from './staff-common.ts';

const MAX_REPORT_DAYS = 732;

async function load(c: Context<AppEnv>) {
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const scope = await listAreaIds(actorOf(c), c.get('services').db, READ, c.get('currentAreaId'));
  // Deleted houses too: what happened in them before still counts.
  const houses = await listHouses(db, tenant.id, { areaIds: scope, includeArchived: true });
  const today = todayLocal();
  const qFrom = c.req.query('from') ?? '';
  const qTo = c.req.query('to') ?? '';
  // Default: the last twelve whole months up to today.
  let from = isDate(qFrom) ? qFrom : monthStart(addMonths(today, -11));
  let to = isDate(qTo) ? qTo : today;
  if (to < from) [from, to] = [to, from];
  if (daysBetween(from, to) > MAX_REPORT_DAYS) from = addDays(to, -MAX_REPORT_DAYS);
  const houseParam = c.req.query('house') ?? '';
  const selected = houseParam ? houses.filter((h) => h.id === houseParam) : houses;
  const report = await utilisationReport(db, tenant.id, selected, from, to);
  return { houses, houseParam, from, to, report };
}

type Row = Metrics & { label: string };

function metricColumns(t: TFunction, lang: string, o: { open?: boolean } = {}): DataTableColumn<Row>[] {
  return [
    { key: 'label', header: t('houses:report.item'), rowHeader: true, cell: (r) => r.label },
    ...(o.open === false
      ? []
      : [
          {
            key: 'open',
            header: t('houses:report.openHours'),
            numeric: true,
            cell: (r: Row) => num(r.openHours, lang),
          },
        ]),
    {
      key: 'booked',
      header: t('houses:report.bookedHours'),
      numeric: true,
      cell: (r) => num(r.bookedHours, lang),
    },
    ...(o.open === false
      ? []
      : [
          {
            key: 'util',
            header: t('houses:report.utilisation'),
            numeric: true,
            cell: (r: Row) => percent(r.utilisation, lang),
          },
        ]),
    {
      key: 'evening',
      header: t('houses:report.eveningShare'),
      numeric: true,
      cell: (r) => percent(r.eveningShare, lang),
    },
    { key: 'groups', header: t('houses:report.groups'), numeric: true, cell: (r) => r.groups },
    {
      key: 'div',
      header: t('houses:report.diversity'),
      numeric: true,
      cell: (r) => (r.bookedHours > 0 ? num(r.diversity.effective, lang, 2) : '–'),
    },
  ];
}

/** Every dimension of the report as labelled rows (for tables and the CSV). */
function dimensions(t: TFunction, lang: string, r: UtilisationReport) {
  return {
    house: r.byHouse.map((x) => ({ ...x, key: x.id, label: x.name })),
    room: r.byRoom.map((x) => ({
      ...x,
      key: x.id,
      label: `${x.name} (${r.byHouse.find((h) => h.id === x.houseId)?.name ?? ''})`,
    })),
    weekday: r.byWeekday.map((x) => ({
      ...x,
      key: String(x.weekday),
      label: String(t(`houses:weekdaysLong.${x.weekday}`)),
    })),
    band: r.byBand.map((x) => ({ ...x, key: x.band, label: String(t(`houses:bands.${x.band}`)) })),
    month: r.byMonth.map((x) => ({
      ...x,
      key: x.month,
      label: formatDay(`${x.month}-01`, lang, { weekday: undefined, day: undefined, month: 'short' }),
    })),
    category: r.byCategory.map((x) => ({
      ...x,
      key: x.category,
      label: String(t(`houses:categories.${x.category}`)),
    })),
  };
}

export function mountStaffReportPages(staff: Hono<AppEnv>) {
  staff.get('/houses/utilisation', async (c) => {
    authorize(actorOf(c), READ);
    const t = c.get('t');
    const lang = c.get('lang');
    const { houses, houseParam, from, to, report } = await load(c);
    const d = dimensions(t, lang, report);
    const tot = report.total;
    const base = staffBase(c);
    const qs = new URLSearchParams({ from, to, ...(houseParam ? { house: houseParam } : {}) }).toString();
    const utilBars = (rows: Row[]) =>
      rows.map((x) => ({ label: x.label, value: x.utilisation ?? 0, text: percent(x.utilisation, lang) }));
    const cols = metricColumns(t, lang);
    return staffPage(c, {
      title: t('houses:report.title'),
      children: (
        <>
          <p>
            <a href={base}>{t('houses:staff.title')}</a>
          </p>
          <h1>{t('houses:report.title')}</h1>
          <p>{t('houses:report.intro')}</p>
          <form method="get" className="q-filter">
            <SelectField
              name="house"
              id="report-house"
              label={t('houses:requests.filterHouse')}
              value={houseParam}
              options={[
                { value: '', label: t('houses:requests.allHouses') },
                ...houses
                  .filter((h) => h.kind === 'own')
                  .map((h) => ({
                    value: h.id,
                    label: h.archivedAt ? t('houses:delete.deletedName', { name: h.name }) : h.name,
                  })),
              ]}
            />
            <TextField
              name="from"
              id="report-from"
              type="date"
              label={t('houses:staff.fromDate')}
              value={from}
              width={20}
            />
            <TextField
              name="to"
              id="report-to"
              type="date"
              label={t('houses:staff.toDate')}
              value={to}
              width={20}
            />
            <Button type="submit" variant="secondary">
              {t('houses:report.show')}
            </Button>
          </form>
          <p>
            <a href={`${base}/utilisation.csv?${qs}`} download>
              {t('houses:report.csv')}
            </a>
          </p>
          <h2>{t('houses:report.summary', { from: formatDay(from, lang), to: formatDay(to, lang) })}</h2>
          <KeyValueList
            items={[
              { key: 'open', term: t('houses:report.openHours'), value: num(tot.openHours, lang) },
              { key: 'booked', term: t('houses:report.bookedHours'), value: num(tot.bookedHours, lang) },
              { key: 'util', term: t('houses:report.utilisation'), value: percent(tot.utilisation, lang) },
              {
                key: 'evening',
                term: t('houses:report.eveningShare'),
                value: percent(tot.eveningShare, lang),
              },
              { key: 'groups', term: t('houses:report.groups'), value: String(tot.groups) },
              { key: 'bookings', term: t('houses:report.bookings'), value: String(tot.bookings) },
              {
                key: 'div',
                term: t('houses:report.diversity'),
                value:
                  tot.bookedHours > 0
                    ? t('houses:report.diversityValue', {
                        effective: num(tot.diversity.effective, lang, 2),
                        evenness: percent(tot.diversity.evenness, lang),
                      })
                    : '–',
              },
            ]}
          />
          <details>
            <summary>{t('houses:report.howTitle')}</summary>
            <p className="q-prose">{t('houses:report.how')}</p>
          </details>

          <h2>{t('houses:report.byHouse')}</h2>
          <BarChart
            id="chart-house"
            title={t('houses:report.chartUtil', { what: t('houses:report.byHouse') })}
            description={t('houses:report.chartDesc')}
            bars={utilBars(d.house)}
            max={1}
          />
          <DataTable
            caption={t('houses:report.byHouse')}
            hideCaption
            rows={d.house}
            rowKey={(x) => x.key}
            emptyMessage={t('houses:report.empty')}
            columns={cols}
            small
          />

          <h2>{t('houses:report.byRoom')}</h2>
          <DataTable
            caption={t('houses:report.byRoom')}
            hideCaption
            rows={d.room}
            rowKey={(x) => x.key}
            emptyMessage={t('houses:report.empty')}
            columns={cols}
            small
          />

          <h2>{t('houses:report.byWeekday')}</h2>
          <BarChart
            id="chart-weekday"
            title={t('houses:report.chartUtil', { what: t('houses:report.byWeekday') })}
            description={t('houses:report.chartDesc')}
            bars={utilBars(d.weekday)}
            max={1}
          />
          <DataTable
            caption={t('houses:report.byWeekday')}
            hideCaption
            rows={d.weekday}
            rowKey={(x) => x.key}
            emptyMessage=""
            columns={cols}
            small
          />

          <h2>{t('houses:report.byBand')}</h2>
          <BarChart
            id="chart-band"
            title={t('houses:report.chartUtil', { what: t('houses:report.byBand') })}
            description={t('houses:report.chartDesc')}
            bars={utilBars(d.band)}
            max={1}
          />
          <DataTable
            caption={t('houses:report.byBand')}
            hideCaption
            rows={d.band}
            rowKey={(x) => x.key}
            emptyMessage=""
            columns={cols}
            small
          />

          <h2>{t('houses:report.byMonth')}</h2>
          <BarChart
            id="chart-month"
            title={t('houses:report.chartUtil', { what: t('houses:report.byMonth') })}
            description={t('houses:report.chartDesc')}
            bars={utilBars(d.month)}
            max={1}
          />
          <DataTable
            caption={t('houses:report.byMonth')}
            hideCaption
            rows={d.month}
            rowKey={(x) => x.key}
            emptyMessage=""
            columns={cols}
            small
          />

          <h2>{t('houses:report.byCategory')}</h2>
          <BarChart
            id="chart-category"
            title={t('houses:report.chartShare')}
            description={t('houses:report.chartShareDesc')}
            bars={d.category.map((x) => ({
              label: x.label,
              value: x.share ?? 0,
              text: percent(x.share, lang),
            }))}
            max={1}
          />
          <DataTable
            caption={t('houses:report.byCategory')}
            hideCaption
            rows={d.category}
            rowKey={(x) => x.key}
            emptyMessage=""
            small
            columns={[
              ...metricColumns(t, lang, { open: false }).slice(0, 2),
              {
                key: 'share',
                header: t('houses:report.share'),
                numeric: true,
                cell: (x) => percent((x as (typeof d.category)[number]).share, lang),
              },
              ...metricColumns(t, lang, { open: false }).slice(2, 4),
              { key: 'count', header: t('houses:report.bookings'), numeric: true, cell: (x) => x.bookings },
            ]}
          />
        </>
      ),
    });
  });

  staff.get('/houses/utilisation.csv', async (c) => {
    authorize(actorOf(c), READ);
    const t = c.get('t');
    const lang = c.get('lang');
    const { report } = await load(c);
    const d = dimensions(t, lang, report);
    const rows: (string | number | null)[][] = [];
    const fmt = (v: number | null, digits = 4) => (v === null ? '' : v.toFixed(digits).replace('.', ','));
    const add = (dim: string, list: (Row & { key: string; share?: number | null })[]) => {
      for (const x of list) {
        rows.push([
          dim,
          x.key,
          x.label,
          fmt(x.openHours, 2),
          fmt(x.bookedHours, 2),
          fmt(x.utilisation),
          fmt(x.eveningShare),
          x.groups,
          x.bookings,
          fmt(x.share ?? null),
          fmt(x.bookedHours > 0 ? x.diversity.effective : null),
          fmt(x.bookedHours > 0 ? x.diversity.evenness : null),
        ]);
      }
    };
    add('total', [{ ...report.total, key: 'total', label: String(t('houses:report.total')) }]);
    for (const [dim, list] of Object.entries(d)) add(dim, list);
    const csv = toCsv(
      [
        'dimension',
        'key',
        'label',
        'open_hours',
        'booked_hours',
        'utilisation',
        'evening_share',
        'groups',
        'bookings',
        'share',
        'diversity_effective',
        'evenness',
      ],
      rows,
    );
    return csvResponse(csv, `auslastung-${report.from}-${report.to}.csv`);
  });
}
