import type { Hono } from 'hono';
import { auditEntityTypes, listAudit } from '../../../platform/audit/index.ts';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { Button, CheckboxField, DataTable, SelectField } from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { listMemberships } from '../../access/index.ts';
import { getUser } from '../../identity/index.ts';
import { PERMS } from '../policies.ts';
import { formatDateTime } from './format.ts';

const PAGE_SIZE = 50;
const KNOWN_ACTIONS = new Set(['read', 'create', 'update', 'delete', 'export', 'erase', 'login', 'import']);

type Entry = Awaited<ReturnType<typeof listAudit>>[number];

export function mountAuditScreen(staff: Hono<AppEnv>) {
  staff.get('/admin/audit', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.read);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db } = c.get('services');

    const [types, members] = await Promise.all([
      auditEntityTypes(db, tenant.id),
      listMemberships(db, tenant.id),
    ]);
    const people = new Map<string, string>();
    for (const u of await Promise.all(
      [...new Set(members.map((m) => m.userId))].map((id) => getUser(db, id)),
    )) {
      if (u) people.set(u.id, u.name || u.email);
    }

    // Unknown filter values are ignored rather than answered with an error: these are links people share.
    const entityTypeParam = (c.req.query('entityType') ?? '').slice(0, 100);
    const entityType = types.includes(entityTypeParam) ? entityTypeParam : undefined;
    const actorParam = c.req.query('actor');
    const actor = isUuid(actorParam) ? actorParam : undefined;
    const personalOnly = c.req.query('personal') === '1';
    const beforeParam = c.req.query('before');
    const before = isUuid(beforeParam) ? beforeParam : undefined;

    const list = await listAudit(db, tenant.id, {
      entityType,
      actorUserId: actor,
      personalOnly,
      before,
      limit: PAGE_SIZE,
    });
    const base = `/staff/${tenant.slug}/admin/audit`;
    const link = (extra: Record<string, string>) => {
      const p = new URLSearchParams({
        ...(entityType ? { entityType } : {}),
        ...(actor ? { actor } : {}),
        ...(personalOnly ? { personal: '1' } : {}),
        ...extra,
      });
      const s = p.toString();
      return s ? `${base}?${s}` : base;
    };
    const actorName = (e: Entry) =>
      e.actorUserId
        ? (people.get(e.actorUserId) ?? e.actorLabel ?? e.actorUserId.slice(0, 8))
        : (e.actorLabel ?? t('admin:audit.system'));
    const actionLabel = (a: string) => (KNOWN_ACTIONS.has(a) ? t(`admin:audit.actions.${a}`) : a);
    const actorOptions = [...people]
      .sort((a, b) => a[1].localeCompare(b[1], lang))
      .map(([value, label]) => ({ value, label }));

    return staffPage(c, {
      title: t('admin:audit.title'),
      children: (
        <>
          <h1>{t('admin:audit.title')}</h1>
          <p>{t('admin:audit.intro')}</p>
          <form method="get" action={base} className="q-filter">
            <SelectField
              id="audit-entity-type"
              name="entityType"
              label={t('admin:audit.entityType')}
              value={entityType ?? ''}
              options={[
                { value: '', label: t('admin:audit.allTypes') },
                ...types.map((x) => ({ value: x, label: x })),
              ]}
            />
            <SelectField
              id="audit-actor"
              name="actor"
              label={t('admin:audit.actor')}
              value={actor ?? ''}
              options={[{ value: '', label: t('admin:audit.allActors') }, ...actorOptions]}
            />
            <CheckboxField
              id="audit-personal"
              name="personal"
              value="1"
              label={t('admin:audit.personalOnly')}
              checked={personalOnly}
            />
            <Button type="submit" variant="secondary">
              {t('admin:filter')}
            </Button>
          </form>
          <DataTable
            caption={before ? t('admin:audit.captionOlder') : t('admin:audit.caption')}
            rows={list}
            rowKey={(e) => e.id}
            emptyMessage={t('admin:audit.empty')}
            small
            columns={[
              { key: 'at', header: t('admin:audit.at'), cell: (e: Entry) => formatDateTime(lang, e.at) },
              { key: 'actor', header: t('admin:audit.actor'), cell: actorName },
              { key: 'action', header: t('admin:audit.action'), cell: (e: Entry) => actionLabel(e.action) },
              { key: 'type', header: t('admin:audit.entityType'), cell: (e: Entry) => e.entityType },
              { key: 'entity', header: t('admin:audit.entityId'), cell: (e: Entry) => e.entityId ?? '' },
              {
                key: 'personal',
                header: t('admin:audit.personal'),
                cell: (e: Entry) => (e.personal === 'yes' ? t('yes') : t('no')),
              },
              {
                key: 'details',
                header: t('admin:audit.details'),
                cell: (e: Entry) =>
                  e.details && Object.keys(e.details).length ? JSON.stringify(e.details).slice(0, 200) : '',
              },
              { key: 'ip', header: t('admin:audit.ip'), cell: (e: Entry) => e.ip ?? '' },
            ]}
          />
          <p className="q-actions">
            {before ? <a href={link({})}>{t('admin:newest')}</a> : null}
            {list.length === PAGE_SIZE ? (
              <a href={link({ before: list[list.length - 1].id })}>{t('admin:older')}</a>
            ) : null}
          </p>
        </>
      ),
    });
  });
}
