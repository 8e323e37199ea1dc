// The area website's list of funded projects per year (no script, five languages): a map of the area
// and its sub-areas (those with funded projects highlighted and named in the text too), then each
// project with its title, a short description, the amount, the fund and its photos shown with consent.
import type { Context, Hono } from 'hono';
import { servePublishedImage } from '../../../platform/files/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { AreaMap, areaPageContext, getPublicAreaBySlug } from '../../areas/index.ts';
import { fundedProjectsOf, publishedPhoto } from '../use-cases/funded-projects.ts';

type C = Context<AppEnv>;

async function projectsPage(c: C) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const area = await getPublicAreaBySlug(db, tenant.id, c.req.param('slug') ?? '');
  if (!area) throw new AppError(404, 'area_not_found');
  const asked = Number(c.req.query('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : null;
  const list = await fundedProjectsOf(db, tenant.id, area.id, year);
  const ctx = await areaPageContext(db, tenant.id, tenant.slug, area);
  const base = `/${tenant.slug}/areas`;
  const withProjects = new Set(list.projects.map((p) => p.areaId));
  const slugOf = new Map(ctx.children.map((a) => [a.id, a.slug]));
  // The sub-areas link to their own list of the same year; those with projects are highlighted.
  const features = ctx.features.map((feature) => {
    const f = feature as typeof feature & { href?: string; highlighted?: boolean; outline?: boolean };
    return {
      ...f,
      href: slugOf.has(f.key)
        ? `${base}/${slugOf.get(f.key)}/funded-projects${list.year ? `?year=${list.year}` : ''}`
        : f.href,
      highlighted: f.highlighted || (withProjects.has(f.key) && !f.outline),
    };
  });
  const total = list.projects.reduce((s, p) => s + p.grantedCents, 0);
  const placed = [...new Set(list.projects.map((p) => p.areaName).filter(Boolean))].join(', ');
  const title = String(t('funds:projects.title', { area: area.name, year: list.year ?? '' }));
  return publicPage(c, {
    title,
    children: (
      <>
        <nav aria-label={t('funds:projects.breadcrumb')} className="q-breadcrumb">
          <ol>
            <li>
              <a href={`/${tenant.slug}`}>{tenant.name}</a>
            </li>
            <li>
              <a href={`${base}/${area.slug}`}>{area.name}</a>
            </li>
            <li aria-current="page">{t('funds:projects.short')}</li>
          </ol>
        </nav>
        <h1 dir="auto">{title}</h1>
        <p>{t('funds:projects.intro')}</p>
        {list.years.length > 1 ? (
          <nav aria-label={t('funds:projects.years')}>
            <ul>
              {list.years.map((y) => (
                <li key={y}>
                  {y === list.year ? (
                    <strong aria-current="page">{y}</strong>
                  ) : (
                    <a href={`${base}/${area.slug}/funded-projects?year=${y}`}>{y}</a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {list.projects.length ? (
          <p>
            {t('funds:projects.total', { count: list.projects.length, amount: formatMoney(total, lang) })}
          </p>
        ) : (
          <p>{t('funds:projects.none')}</p>
        )}
        <AreaMap
          features={features}
          title={String(t('funds:projects.mapTitle', { area: area.name }))}
          description={String(
            list.projects.length
              ? t('funds:projects.mapDescription', { areas: placed || area.name })
              : t('funds:projects.mapEmpty'),
          )}
        />
        <ul className="q-cards">
          {list.projects.map((p) => (
            <li key={p.id} className="q-card">
              <h2 dir="auto">{p.title}</h2>
              <p className="q-meta">
                {formatMoney(p.grantedCents, lang)} · <span dir="auto">{p.fundName}</span>
                {p.areaName ? (
                  <>
                    {' '}
                    · <span dir="auto">{p.areaName}</span>
                  </>
                ) : null}
              </p>
              {p.description ? <p dir="auto">{p.description}</p> : null}
              {p.photos.map((ph) => (
                <figure key={ph.file}>
                  <img
                    src={`/${tenant.slug}/funds/photos/${ph.file}`}
                    alt={ph.caption || String(t('funds:projects.photoOf', { title: p.title }))}
                    loading="lazy"
                    width={320}
                  />
                  {ph.caption ? <figcaption dir="auto">{ph.caption}</figcaption> : null}
                </figure>
              ))}
            </li>
          ))}
        </ul>
      </>
    ),
  });
}

export function mountFundedProjectPages(pub: Hono<AppEnv>): void {
  pub.get('/areas/:slug{[a-z0-9-]+}/funded-projects', (c) => projectsPage(c));
  pub.get('/funds/photos/:file', async (c) => {
    const tenantId = c.get('tenant')!.id;
    const res = await servePublishedImage(c, {
      storageDir: c.get('services').config.storageDir,
      tenantId,
      file: c.req.param('file'),
      owner: (id) => publishedPhoto(c.get('services').db, tenantId, id),
    });
    if (!res) throw new AppError(404, 'file_not_found');
    return res;
  });
}
