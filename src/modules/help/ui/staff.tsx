// Staff screens of the help directory: the list of services with the ones not checked for their
// review period flagged (all, or only those), and "checked today" for one. parse → use case → render.
import type { Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { MANAGE } from '../policies.ts';
import { listServices, markServiceChecked } from '../use-cases/services.ts';

export function mountStaffHelpPages(staff: Hono<AppEnv>): void {
  staff.get('/help', async (c) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const base = `/staff/${c.get('tenant')!.slug}/help`;
    const dueOnly = c.req.query('due') === '1';
    const items = await listServices(actor, c.get('services').db, { dueOnly });
    const manage = can(actor, MANAGE);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: String(t('help:staff.title')),
      children: (
        <>
          <h1>{t('help:staff.title')}</h1>
          <p>
            {dueOnly ? (
              <a href={base}>{t('help:staff.all')}</a>
            ) : (
              <a href={`${base}?due=1`}>{t('help:staff.dueOnly')}</a>
            )}
          </p>
          <p className="q-meta">{t('help:staff.count', { count: items.length })}</p>
          <table className="kern-table">
            <thead>
              <tr>
                <th scope="col">{t('help:staff.name')}</th>
                <th scope="col">{t('help:staff.provider')}</th>
                <th scope="col">{t('help:staff.checked')}</th>
                {manage ? <th scope="col">{t('help:staff.action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td dir="auto">{s.name}</td>
                  <td dir="auto">{s.providerName}</td>
                  <td>
                    {s.reviewedAt ? formatDate(s.reviewedAt, lang) : t('help:staff.never')}
                    {s.reviewDue ? (
                      <strong> · {t('help:staff.due', { months: s.reviewMonths })}</strong>
                    ) : null}
                  </td>
                  {manage ? (
                    <td>
                      <form method="post" action={`${base}/${s.id}/checked`}>
                        <CsrfField token={csrf} />
                        <button className="kern-btn kern-btn--secondary" type="submit">
                          <span className="kern-label">{t('help:staff.markChecked')}</span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ),
    });
  });

  staff.post('/help/:id/checked', async (c) => {
    await markServiceChecked(actorOf(c), c.get('services').db, c.req.param('id'));
    return c.redirect(`/staff/${c.get('tenant')!.slug}/help`, 303);
  });
}
