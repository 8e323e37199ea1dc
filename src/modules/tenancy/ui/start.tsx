import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { publicPage } from '../../../ui/page.tsx';
import { listTenants } from '../tenants.ts';

/**
 * The site's own start page (`/`) is public: an installation with one tenant shows that tenant's
 * public start page (a redirect, so its address stays the one to share), several tenants a list
 * linking to each. The staff sign-in is a link in the footer, never in the way.
 */
export function mountStartPage(root: Hono<AppEnv>) {
  root.get('/', async (c) => {
    const t = c.get('t');
    const tenants = await listTenants(c.get('services').db);
    if (tenants.length === 1) {
      // A chosen language (?lang=) goes along.
      const { search } = new URL(c.req.url);
      return c.redirect(`/${tenants[0].slug}${search}`, 302);
    }
    return publicPage(c, {
      title: t('tenancy:start.title'),
      description: t('tenancy:start.intro'),
      children: (
        <>
          <h1>{t('tenancy:start.title')}</h1>
          {tenants.length === 0 ? (
            <p>{t('tenancy:start.none')}</p>
          ) : (
            <>
              <p>{t('tenancy:start.intro')}</p>
              <ul className="q-cards">
                {tenants.map((x) => (
                  <li key={x.id} className="q-card">
                    <h2>
                      <a href={`/${x.slug}`}>{x.name}</a>
                    </h2>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ),
    });
  });
}
