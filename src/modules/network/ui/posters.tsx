import type { Hono } from 'hono';
import { actorOf, authorize, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { Button, RadioGroup, SelectField } from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { getArea } from '../../areas/index.ts';
import { FormReader, translateErrors } from '../forms.ts';
import { PERMS } from '../policies.ts';
import { loadSeries } from '../use-cases/consultation.ts';
import { areaPosterPdf, POSTER_LANGS, type PosterLang } from '../use-cases/poster.ts';
import { areaChoices, base, type C, Errors, Section } from './common.tsx';

type Values = Record<string, string | string[] | undefined>;
const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** NET-7: posters to print — for an area (German + English or Turkish) and for each consultation hour. */
async function postersPage(c: C, o: { values: Values; errors: Record<string, string>; status?: 200 | 422 }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const scope = scopeOf(actorOf(c), PERMS.read);
  const [areas, bundles] = await Promise.all([
    areaChoices(c, scope),
    loadSeries(c.get('services').db, tenant.id, { scope, publishedOnly: true }),
  ]);
  const b = base(c);
  const langs = POSTER_LANGS.map((l) => ({ value: l, label: t(`network:vocab.languages.${l}`) }));
  return staffPage(c, {
    title: t('network:posters.title'),
    status: o.status,
    children: (
      <>
        <p className="q-breadcrumb">
          <a href={`${b}/consultation-hours`}>{t('network:series.title')}</a>
        </p>
        <h1>{t('network:posters.title')}</h1>
        <p>{t('network:posters.intro')}</p>
        <Errors c={c} errors={o.errors} />
        <Section id="area-poster" title={t('network:posters.areaTitle')}>
          <p>{t('network:posters.areaIntro')}</p>
          {/* GET: the answer is the PDF itself, so the browser can open or save it. */}
          <form method="get" action={`${b}/posters/area.pdf`} className="q-form" noValidate>
            <SelectField
              name="area"
              label={t('network:place.area')}
              value={s(o.values.area)}
              placeholder={t('network:choose')}
              options={areas}
              required
              error={o.errors.area}
            />
            <RadioGroup
              name="with"
              label={t('network:posters.language')}
              hint={t('network:posters.languageHint')}
              value={s(o.values.with) || 'en'}
              options={langs}
              required
              inline
              error={o.errors.with}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('network:posters.create')}</Button>
            </div>
          </form>
        </Section>
        <Section id="series-posters" title={t('network:posters.seriesTitle')}>
          {bundles.length === 0 ? <p>{t('network:series.empty')}</p> : null}
          <ul>
            {bundles.map((x) => (
              <li key={x.series.id}>
                {x.series.title}:{' '}
                {POSTER_LANGS.map((l, i) => (
                  <span key={l}>
                    {i > 0 ? ' · ' : null}
                    <a href={`/${tenant.slug}/consultation-hours/${x.series.id}/poster.pdf?with=${l}`}>
                      {t('network:posters.germanAnd', { lang: t(`network:vocab.languages.${l}`) })}
                    </a>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Section>
      </>
    ),
  });
}

export function mountPosterPages(staff: Hono<AppEnv>) {
  staff.get('/network/posters', (c) => {
    authorize(actorOf(c), PERMS.read);
    return postersPage(c, { values: { area: c.get('currentAreaId') ?? '' }, errors: {} });
  });

  staff.get('/network/posters/area.pdf', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const f = new FormReader(c.req.query());
    const areaId = f.uuid('area');
    const lang = f.choice('with', POSTER_LANGS, { required: true });
    if (!areaId) f.fail('area', 'validation.required');
    const allowed = await areaChoices(c, scopeOf(actorOf(c), PERMS.read));
    if (areaId && !allowed.some((a) => a.value === areaId)) f.fail('area', 'validation.choice');
    const area = f.ok && areaId ? await getArea(services.db, tenant.id, areaId) : undefined;
    if (!f.ok || !area || !lang)
      return postersPage(c, {
        values: f.values,
        errors: translateErrors(c.get('t'), f.errors),
        status: 422,
      });
    const pdf = await areaPosterPdf(
      { db: services.db, i18n: services.i18n, baseUrl: services.config.baseUrl },
      tenant,
      area,
      lang as PosterLang,
    );
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `inline; filename="aushang-${area.slug}-${lang}.pdf"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(pdf));
  });
}
