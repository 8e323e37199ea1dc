import type { Context, Hono } from 'hono';
import {
  AUDIT_MAX_ROWS,
  type AuditQuery,
  auditEntityTypes,
  countAudit,
  listAudit,
  writeAudit,
} from '../../../platform/audit/index.ts';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { clientIp } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { addDays, dayStart, isDate } from '../../../platform/time/index.ts';
import { Button, CheckboxField, DataTable, Pagination, SelectField, TextField } from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { listMemberships } from '../../access/index.ts';
import { listAreas } from '../../areas/index.ts';
import { getUser } from '../../identity/index.ts';
import { PERMS } from '../policies.ts';
import { actionLabel, describeDetails, entityHref, entityTypeLabel, type Names } from './audit-words.ts';
import { formatDateTime } from './format.ts';

const PAGE_SIZE = 50;

type C = Context<AppEnv>;
type Entry = Awaited<ReturnType<typeof listAudit>>[number];

interface Filter {
  query: AuditQuery;
  /** The filter as typed (for the form and the links), only what was understood. */
  params: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * The filter of the screen and of the CSV export, from the query string. Unknown values are left
 * out rather than refused (these are links people share); a date that is not one, or a "to" before
 * "from", is said next to its field.
 */
async function readFilter(c: C): Promise<Filter> {
  const tenant = c.get('tenant')!;
  const { db } = c.get('services');
  const types = await auditEntityTypes(db, tenant.id);
  const q = (k: string) => (c.req.query(k) ?? '').trim().slice(0, 100);
  const params: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const query: AuditQuery = {};
  if (types.includes(q('entityType'))) query.entityType = params.entityType = q('entityType');
  if (isUuid(q('actor'))) query.actorUserId = params.actor = q('actor');
  if (q('personal') === '1') {
    query.personalOnly = true;
    params.personal = '1';
  }
  for (const k of ['from', 'to'] as const) {
    const v = q(k);
    if (!v) continue;
    params[k] = v;
    if (!isDate(v)) errors[k] = 'admin:audit.badDate';
  }
  if (!errors.from && !errors.to && params.from && params.to && params.to < params.from)
    errors.to = 'admin:audit.toBeforeFrom';
  // Local days in Berlin: "to" includes its whole day.
  if (params.from && !errors.from) query.from = dayStart(params.from);
  if (params.to && !errors.to) query.to = dayStart(addDays(params.to, 1));
  return { query, params, errors };
}

/** Names of the people (members of the tenant) and areas that entries point to. */
async function loadNames(c: C): Promise<Names> {
  const tenant = c.get('tenant')!;
  const { db } = c.get('services');
  const [members, areas] = await Promise.all([listMemberships(db, tenant.id), listAreas(db, tenant.id)]);
  const people = new Map<string, string>();
  for (const u of await Promise.all(
    [...new Set(members.map((m) => m.userId))].map((id) => getUser(db, id)),
  )) {
    if (u) people.set(u.id, u.name || u.email);
  }
  return { people, areas: new Map(areas.map((a) => [a.id, a.name])) };
}

function actorName(t: TFunction, names: Names, e: Entry): string {
  if (!e.actorUserId) return e.actorLabel ?? t('admin:audit.system');
  return names.people.get(e.actorUserId) ?? e.actorLabel ?? t('admin:audit.formerMember');
}

const url = (base: string, params: Record<string, string>) => {
  const s = new URLSearchParams(params).toString();
  return s ? `${base}?${s}` : base;
};

export function mountAuditScreen(staff: Hono<AppEnv>) {
  staff.get('/admin/audit', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.read);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db } = c.get('services');
    const [filter, names, types] = await Promise.all([
      readFilter(c),
      loadNames(c),
      auditEntityTypes(db, tenant.id),
    ]);
    const total = await countAudit(db, tenant.id, filter.query);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    const list = await listAudit(db, tenant.id, {
      ...filter.query,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const base = `/staff/${tenant.slug}/admin/audit`;
    const actorOptions = [...names.people]
      .sort((a, b) => a[1].localeCompare(b[1], lang))
      .map(([value, label]) => ({ value, label }));
    const typeOptions = types
      .map((x) => ({ value: x, label: entityTypeLabel(t, x) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
    const err = (k: string) => (filter.errors[k] ? t(filter.errors[k]) : undefined);

    return staffPage(c, {
      title: t('admin:audit.title'),
      children: (
        <>
          <h1>{t('admin:audit.title')}</h1>
          <p>{t('admin:audit.intro')}</p>
          <form method="get" action={base} className="q-filter" noValidate>
            <SelectField
              id="audit-entity-type"
              name="entityType"
              label={t('admin:audit.entityType')}
              value={filter.params.entityType ?? ''}
              options={[{ value: '', label: t('admin:audit.allTypes') }, ...typeOptions]}
            />
            <SelectField
              id="audit-actor"
              name="actor"
              label={t('admin:audit.actor')}
              value={filter.params.actor ?? ''}
              options={[{ value: '', label: t('admin:audit.allActors') }, ...actorOptions]}
            />
            <TextField
              id="audit-from"
              name="from"
              type="date"
              label={t('admin:audit.from')}
              value={filter.params.from ?? ''}
              error={err('from')}
            />
            <TextField
              id="audit-to"
              name="to"
              type="date"
              label={t('admin:audit.to')}
              value={filter.params.to ?? ''}
              error={err('to')}
            />
            <CheckboxField
              id="audit-personal"
              name="personal"
              value="1"
              label={t('admin:audit.personalOnly')}
              checked={!!filter.query.personalOnly}
            />
            <Button type="submit" variant="secondary">
              {t('admin:filter')}
            </Button>
          </form>
          <p className="q-actions">
            <span role="status">{t('admin:audit.count', { count: total })}</span>
            {total > 0 ? (
              <a href={url(`${base}.csv`, filter.params)} download>
                {t('admin:audit.csv')}
              </a>
            ) : null}
          </p>
          <DataTable
            caption={pages > 1 ? t('admin:audit.captionPage', { page, pages }) : t('admin:audit.caption')}
            rows={list}
            rowKey={(e) => e.id}
            emptyMessage={t('admin:audit.empty')}
            small
            stack
            className="q-audit"
            columns={[
              {
                key: 'at',
                header: t('admin:audit.at'),
                cell: (e: Entry) => formatDateTime(lang, e.at),
              },
              { key: 'actor', header: t('admin:audit.actor'), cell: (e: Entry) => actorName(t, names, e) },
              {
                key: 'action',
                header: t('admin:audit.action'),
                cell: (e: Entry) => actionLabel(t, e.action),
              },
              {
                key: 'entity',
                header: t('admin:audit.entity'),
                cell: (e: Entry) => {
                  const href = entityHref(tenant.slug, e.entityType, e.entityId, e.details ?? {});
                  const id = e.entityId ? (isUuid(e.entityId) ? `…${e.entityId.slice(-8)}` : e.entityId) : '';
                  return (
                    <>
                      {entityTypeLabel(t, e.entityType)}
                      {id ? ' ' : null}
                      {id && href ? (
                        <a href={href} title={e.entityId ?? undefined} className="q-audit__id">
                          {id}
                        </a>
                      ) : id ? (
                        <span title={e.entityId ?? undefined} className="q-audit__id">
                          {id}
                        </span>
                      ) : null}
                      {e.personal === 'yes' ? (
                        <span className="q-audit__personal"> · {t('admin:audit.personalShort')}</span>
                      ) : null}
                    </>
                  );
                },
              },
              {
                key: 'details',
                header: t('admin:audit.details'),
                cell: (e: Entry) => {
                  const items = describeDetails(t, e.details, names);
                  return items.length ? (
                    <ul className="q-audit__details">
                      {items.map((d) => (
                        <li key={d.label}>
                          <span className="q-audit__field">{d.label}:</span> {d.value}
                        </li>
                      ))}
                    </ul>
                  ) : null;
                },
              },
              { key: 'ip', header: t('admin:audit.ip'), cell: (e: Entry) => e.ip ?? '' },
            ]}
          />
          <Pagination
            page={page}
            totalPages={pages}
            href={(n) => url(base, { ...filter.params, ...(n > 1 ? { page: String(n) } : {}) })}
            label={t('admin:audit.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  // The same entries as a spreadsheet (all pages, at most AUDIT_MAX_ROWS); the export is logged too.
  staff.get('/admin/audit.csv', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.read);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    const [filter, names] = await Promise.all([readFilter(c), loadNames(c)]);
    const list = await listAudit(db, tenant.id, { ...filter.query, limit: AUDIT_MAX_ROWS });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: c.get('user')?.id,
      action: 'export',
      entityType: 'audit_log',
      details: { ...filter.params, rows: list.length },
      ip: clientIp(c, config.trustProxy),
    });
    const csv = toCsv(
      [
        t('admin:audit.at'),
        t('admin:audit.actor'),
        t('admin:audit.action'),
        t('admin:audit.entityType'),
        t('admin:audit.entityId'),
        t('admin:audit.personal'),
        t('admin:audit.details'),
        t('admin:audit.ip'),
      ],
      list.map((e) => [
        formatDateTime(lang, e.at),
        actorName(t, names, e),
        actionLabel(t, e.action),
        entityTypeLabel(t, e.entityType),
        e.entityId ?? '',
        e.personal === 'yes' ? t('yes') : t('no'),
        describeDetails(t, e.details, names)
          .map((d) => `${d.label}: ${d.value}`)
          .join('; '),
        e.ip ?? '',
      ]),
    );
    const span = [filter.params.from, filter.params.to].filter(Boolean).join('_');
    return csvResponse(csv, `protokoll-${tenant.slug}${span ? `-${span}` : ''}.csv`);
  });
}
