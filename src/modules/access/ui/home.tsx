import type { Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import type { InboxItem } from '../../../platform/modules.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';

/**
 * Staff start page: what waits for me (each module's inbox, counted where I may act on it and in the
 * area chosen in the switcher, each line linking to the list of exactly these records), then where I
 * am and where I go next.
 */
export function mountStaffHome(staff: Hono<AppEnv>) {
  staff.get('/', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const principal = c.get('principal')!;
    const user = c.get('user')!;
    const services = c.get('services');
    const actor = actorOf(c);
    const nav = c.get('staffNav') ?? [];
    const areaNames = new Map((c.get('areaOptions') ?? []).map((o) => [o.value, o.label]));
    const currentAreaId = c.get('currentAreaId') || null;
    const now = services.now();
    const query = { currentAreaId, today: todayLocal(now), now };
    const lines: (InboxItem & { ns: string })[] = (
      await Promise.all(
        services.modules.map(async (m) =>
          m.inbox ? (await m.inbox(services, actor, query)).map((i) => ({ ...i, ns: m.name })) : [],
        ),
      )
    )
      .flat()
      // What waits comes first; otherwise the modules' order.
      .sort((a, b) => Number(b.count > 0) - Number(a.count > 0));
    const base = `/staff/${tenant.slug}`;
    const areaName = currentAreaId ? areaNames.get(currentAreaId) : undefined;
    return staffPage(c, {
      title: t('access:home.title'),
      children: (
        <>
          <h1>{t('access:home.greeting', { name: user.name })}</h1>
          <p>{t('access:home.intro', { tenant: tenant.name })}</p>
          {lines.length > 0 ? (
            <section aria-labelledby="inbox" className="q-inbox">
              <h2 id="inbox">{t('access:home.inbox')}</h2>
              <p>{areaName ? t('access:home.inboxArea', { area: areaName }) : t('access:home.inboxAll')}</p>
              {lines.every((l) => l.count === 0) ? <p>{t('access:home.inboxEmpty')}</p> : null}
              <ul className="q-inbox__list">
                {lines.map((l) => (
                  <li
                    key={l.key}
                    data-inbox={l.key}
                    data-count={l.count}
                    className={l.count > 0 ? 'q-inbox__item q-inbox__item--waiting' : 'q-inbox__item'}
                  >
                    <a href={`${base}${l.href}`}>{t(`${l.ns}:${l.label}`, { count: l.count })}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <h2>{t('access:home.yourRoles')}</h2>
          <ul>
            {principal.grants.map((g) => (
              <li key={`${g.role}:${g.scopeAreaId ?? ''}`}>
                {t(`access:roles.${g.role}`)} –{' '}
                {g.scopeAreaId
                  ? (areaNames.get(g.scopeAreaId) ?? t('access:home.scopedArea'))
                  : t('access:scopeTenant')}
              </li>
            ))}
          </ul>
          <h2>{t('access:home.modules')}</h2>
          <ul className="q-cards">
            {nav.map((n) => (
              <li key={n.path} className="q-card">
                <a href={`/staff/${tenant.slug}${n.path}`}>{n.label}</a>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });
}
