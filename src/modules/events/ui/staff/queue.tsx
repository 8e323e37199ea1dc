import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { formatRange } from '../../../../platform/time/index.ts';
import { DataTable } from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { listQueueFor } from '../../use-cases/manage.ts';

/** The moderation queue: submissions and revisions waiting for review. */
export function mountModerationQueuePage(staff: Hono<AppEnv>) {
  staff.get('/events/queue', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    // The area chosen in the switcher narrows the queue, as it narrows the start page's count.
    const current = c.get('currentAreaId');
    const { items } = await listQueueFor(actorOf(c), c.get('services').db, {
      when: 'all',
      areaIds: current && isUuid(current) ? [current] : null,
      limit: 200,
    });
    return staffPage(c, {
      title: t('events:queue.title'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:queue.title')}</h1>
          <p>{t('events:queue.intro')}</p>
          <DataTable
            caption={t('events:queue.caption', { count: items.length })}
            rows={items}
            rowKey={(r) => r.id}
            emptyMessage={t('events:queue.empty')}
            columns={[
              {
                key: 'title',
                header: t('events:fields.title'),
                rowHeader: true,
                cell: (r) => <a href={`/staff/${tenant.slug}/events/${r.id}/moderate`}>{r.title}</a>,
              },
              {
                key: 'when',
                header: t('events:fields.when'),
                cell: (r) => formatRange(r.startsAt, r.endsAt, lang, r.allDay),
              },
              {
                key: 'what',
                header: t('events:queue.what'),
                cell: (r) => (r.revision ? t('events:queue.revision') : t('events:queue.new')),
              },
              {
                key: 'received',
                header: t('events:queue.received'),
                cell: (r) => formatRange(r.createdAt, r.createdAt, lang).split(',')[0],
              },
            ]}
          />
        </>
      ),
    });
  });
}
