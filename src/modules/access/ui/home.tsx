import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { staffPage } from '../../../ui/page.tsx';

/** Staff start page: where am I, what may I do, where do I go next. */
export function mountStaffHome(staff: Hono<AppEnv>) {
  staff.get('/', (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const principal = c.get('principal')!;
    const user = c.get('user')!;
    const nav = c.get('staffNav') ?? [];
    const areaNames = new Map((c.get('areaOptions') ?? []).map((o) => [o.value, o.label]));
    return staffPage(c, {
      title: t('access:home.title'),
      children: (
        <>
          <h1>{t('access:home.greeting', { name: user.name })}</h1>
          <p>{t('access:home.intro', { tenant: tenant.name })}</p>
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
