// Public pages of integrated action plans (no account, no script): the adopted plans by area, and one
// plan as its last adopted version says, with where each measure stands now and the latest measured
// value of each indicator, the versions with the body that adopted them and what changed. Interface
// in five languages; the plans' own texts stay as staff wrote them. No person is named: measures
// name a department or an organisation.
import type { Context, Hono } from 'hono';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatDate, todayLocal } from '../../../platform/time/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { listAreas } from '../../areas/index.ts';
import {
  milestoneOverdue,
  planRollUp,
  progressPercent,
  type RollUp,
  type SnapshotGoal,
} from '../domain/plans.ts';
import { planPdf } from '../use-cases/plan-pdf.ts';
import {
  type PublicPlan,
  type PublicPlanSummary,
  publicPlan,
  publicPlans,
  rollUpText,
} from '../use-cases/public-plans.ts';

type C = Context<AppEnv>;

const day = (c: C, d: string | null) => (d ? formatDate(d, c.get('lang')) : '–');
const num = (c: C, n: number) =>
  new Intl.NumberFormat(c.get('lang') === 'de-x-ls' ? 'de' : c.get('lang')).format(n);

async function publishedAreaNames(c: C, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const list = await listAreas(c.get('services').db, c.get('tenant')!.id, { ids: wanted, published: true });
  return new Map(list.map((a) => [a.id, a.name]));
}

function Breadcrumb({ c, here }: { c: C; here?: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <nav aria-label={t('coordination:public.breadcrumb')} className="q-breadcrumb">
      <ol>
        <li>
          <a href={`/${tenant.slug}`}>{tenant.name}</a>
        </li>
        {here ? (
          <>
            <li>
              <a href={`/${tenant.slug}/plans`}>{t('coordination:public.title')}</a>
            </li>
            <li aria-current="page" dir="auto">
              {here}
            </li>
          </>
        ) : (
          <li aria-current="page">{t('coordination:public.title')}</li>
        )}
      </ol>
    </nav>
  );
}

async function listPage(c: C) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const plans = await publicPlans(c.get('services').db, tenant.id);
  const names = await publishedAreaNames(
    c,
    plans.map((p) => p.areaId),
  );
  // A plan of an area not yet published is not shown either.
  const shown = plans.filter((p) => names.has(p.areaId));
  return publicPage(c, {
    title: t('coordination:public.title'),
    description: t('coordination:public.intro'),
    children: (
      <>
        <Breadcrumb c={c} />
        <h1>{t('coordination:public.title')}</h1>
        <p className="q-prose">{t('coordination:public.intro')}</p>
        {shown.length === 0 ? (
          <p>{t('coordination:public.none')}</p>
        ) : (
          <ul className="q-cards">
            {shown.map((p) => (
              <li key={p.id} className="q-card">
                <h2 className="kern-heading-small" dir="auto">
                  <a href={`/${tenant.slug}/plans/${p.id}`}>{p.title}</a>
                </h2>
                <p className="q-meta">
                  <span dir="auto">{names.get(p.areaId)}</span> ·{' '}
                  {t('coordination:public.period', { from: day(c, p.periodFrom), to: day(c, p.periodTo) })}
                </p>
                <p>
                  {t('coordination:public.adopted', {
                    version: p.version,
                    date: day(c, p.adoptedOn),
                    body: p.adoptedBy,
                  })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  });
}

function Progress({ c, r }: { c: C; r: RollUp | undefined }) {
  const text = rollUpText(c.get('t'), r);
  return text ? <p className="q-meta">{text}</p> : null;
}

function Goal({ c, plan, g, r }: { c: C; plan: PublicPlan; g: SnapshotGoal; r: RollUp | undefined }) {
  const t = c.get('t');
  const today = todayLocal();
  return (
    <section className="q-goal" aria-labelledby={`goal-${g.id}`}>
      <h3 id={`goal-${g.id}`} dir="auto">
        {t('coordination:public.goal', { title: g.title })}
      </h3>
      {g.description ? <p dir="auto">{g.description}</p> : null}
      <Progress c={c} r={r} />
      {g.indicators.length > 0 ? (
        <>
          <h4>{t('coordination:public.indicators')}</h4>
          <ul>
            {g.indicators.map((i) => {
              const l = plan.latest.get(i.id);
              const pct = l ? progressPercent(i, l.value) : null;
              const unit = i.unit ? ` ${i.unit}` : '';
              return (
                <li key={i.id}>
                  <strong dir="auto">{i.name}</strong>:{' '}
                  {t('coordination:public.fromTo', {
                    baseline: `${num(c, i.baseline)}${unit}`,
                    target: `${num(c, i.target)}${unit}`,
                  })}
                  {'. '}
                  {l
                    ? t('coordination:public.measured', {
                        value: `${num(c, l.value)}${unit}`,
                        date: day(c, l.measuredOn),
                        percent: pct ?? 0,
                      })
                    : t('coordination:public.notMeasured')}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {g.measures.length > 0 ? (
        <>
          <h4>{t('coordination:public.measures')}</h4>
          <ul className="q-plain-list">
            {g.measures.map((m) => {
              const status = plan.statuses.get(m.id);
              return (
                <li key={m.id} className="q-measure">
                  <strong dir="auto">{m.title}</strong>
                  {status ? ` (${t(`coordination:vocab.measure.${status}`)})` : ''}
                  {m.description ? <p dir="auto">{m.description}</p> : null}
                  <p className="q-meta">
                    {[
                      [m.department, m.responsible].filter(Boolean).length
                        ? t('coordination:public.responsible', {
                            who: [m.department, m.responsible].filter(Boolean).join(', '),
                          })
                        : '',
                      m.startsOn || m.endsOn
                        ? t('coordination:public.schedule', {
                            from: day(c, m.startsOn),
                            to: day(c, m.endsOn),
                          })
                        : '',
                      m.fundingKind
                        ? t('coordination:public.funding', {
                            kind: t(`coordination:vocab.funding.${m.fundingKind}`),
                          })
                        : '',
                      m.budgetLine || m.budgetCents !== null
                        ? t('coordination:public.budget', {
                            line: [
                              m.budgetLine,
                              m.budgetCents !== null ? formatMoney(m.budgetCents, c.get('lang')) : '',
                            ]
                              .filter(Boolean)
                              .join(': '),
                          })
                        : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  {m.budgetYears?.length ? (
                    <p className="q-meta">
                      {t('coordination:public.budgetYears', {
                        years: m.budgetYears
                          .map((b) => `${b.year}: ${formatMoney(b.amountCents, c.get('lang'))}`)
                          .join(', '),
                      })}
                    </p>
                  ) : null}
                  {m.milestones?.length ? (
                    <>
                      <h5>{t('coordination:public.milestones')}</h5>
                      <ul>
                        {m.milestones.map((x) => {
                          const reached = plan.milestonesDone.get(x.id);
                          return (
                            <li key={x.id}>
                              <span dir="auto">{x.title}</span> –{' '}
                              {reached
                                ? t('coordination:public.reachedOn', { date: day(c, reached) })
                                : t('coordination:public.dueOn', { date: day(c, x.dueOn) })}
                              {!reached && milestoneOverdue({ dueOn: x.dueOn, doneOn: null }, today)
                                ? ` (${t('coordination:public.overdue')})`
                                : ''}
                            </li>
                          );
                        })}
                      </ul>
                    </>
                  ) : null}
                  {m.steps?.length ? (
                    <>
                      <h5>{t('coordination:public.steps')}</h5>
                      <ul>
                        {m.steps.map((x) => (
                          <li key={x.id} dir="auto">
                            {t('coordination:public.step', {
                              date: day(c, x.takesPlaceOn),
                              what: x.what,
                              who: x.withWhom,
                            })}
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                  {m.continuation ? (
                    <p>
                      {t('coordination:public.continuation')}: <span dir="auto">{m.continuation}</span>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}

async function planPage(c: C, id: string) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const plan = isUuid(id) ? await publicPlan(c.get('services').db, tenant.id, id) : null;
  const areaName = plan ? (await publishedAreaNames(c, [plan.areaId])).get(plan.areaId) : undefined;
  if (!plan || !areaName) throw new AppError(404, 'plan_not_found');
  const s = plan.snapshot;
  const rollup = planRollUp(s.fields, plan.statuses, plan.latest);
  return publicPage(c, {
    title: s.title,
    description: t('coordination:public.planIntro', { area: areaName }),
    children: (
      <>
        <Breadcrumb c={c} here={s.title} />
        <h1 dir="auto">{s.title}</h1>
        <p className="q-meta">
          <span dir="auto">{areaName}</span> ·{' '}
          {t('coordination:public.period', { from: day(c, s.periodFrom), to: day(c, s.periodTo) })}
        </p>
        <p>
          {t('coordination:public.adopted', {
            version: plan.version,
            date: day(c, plan.adoptedOn),
            body: plan.adoptedBy,
          })}
        </p>
        {plan.revising ? <p className="q-notice">{t('coordination:public.revising')}</p> : null}
        <Progress c={c} r={rollup.plan} />
        <p>
          <a href={`/${tenant.slug}/plans/${plan.id}/plan.pdf`}>{t('coordination:public.pdf')}</a>
        </p>
        {s.summary ? (
          <p className="q-prose" dir="auto">
            {s.summary}
          </p>
        ) : null}
        {s.fields.map((f) => (
          <section key={f.id} aria-labelledby={`field-${f.id}`}>
            <h2 id={`field-${f.id}`} dir="auto">
              {t('coordination:public.field', { name: f.name })}
            </h2>
            {f.description ? <p dir="auto">{f.description}</p> : null}
            <Progress c={c} r={rollup.fields.get(f.id)} />
            {f.goals.map((g) => (
              <Goal key={g.id} c={c} plan={plan} g={g} r={rollup.goals.get(g.id)} />
            ))}
          </section>
        ))}
        {s.continuation ? (
          <section aria-labelledby="continuation">
            <h2 id="continuation">{t('coordination:public.continuationTitle')}</h2>
            <p className="q-prose" dir="auto">
              {s.continuation}
            </p>
          </section>
        ) : null}
        <section aria-labelledby="versions">
          <h2 id="versions">{t('coordination:public.versions')}</h2>
          <ul>
            {plan.versions.map((v) => (
              <li key={v.version}>
                {t('coordination:public.adopted', {
                  version: v.version,
                  date: day(c, v.adoptedOn),
                  body: v.adoptedBy,
                })}
                {v.changeNote ? (
                  <>
                    {' – '}
                    {t('coordination:public.changed')}: <span dir="auto">{v.changeNote}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </>
    ),
  });
}

/** The adopted version as PDF: the plan's page in print (public and staff; 404 without one adopted). */
export async function planPdfResponse(c: C, id: string, o: { publishedOnly: boolean }) {
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const plan = isUuid(id) ? await publicPlan(db, tenant.id, id) : null;
  const areaName = plan
    ? o.publishedOnly
      ? (await publishedAreaNames(c, [plan.areaId])).get(plan.areaId)
      : ((await listAreas(db, tenant.id, { ids: [plan.areaId] }))[0]?.name ?? '')
    : undefined;
  if (!plan || areaName === undefined) throw new AppError(404, 'plan_not_found');
  const pdf = await planPdf({
    t: c.get('t'),
    lang: c.get('lang'),
    tenantName: tenant.name,
    areaName,
    plan,
    today: todayLocal(),
  });
  const name = `handlungskonzept-v${plan.version}.pdf`;
  return c.body(new Uint8Array(pdf), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${name}"`,
  });
}

/**
 * The section of the public area page (website module) about the area's adopted plan: its title, when
 * it was adopted and a link to it. Nothing when the area has none.
 */
export function PlanAreaSection(p: { c: C; plans: PublicPlanSummary[] }) {
  const { c } = p;
  const t = c.get('t');
  const slug = c.get('tenant')!.slug;
  if (p.plans.length === 0) return null;
  return (
    <section aria-labelledby="action-plan">
      <h2 id="action-plan">{t('coordination:public.areaHeading')}</h2>
      {p.plans.map((x) => (
        <div key={x.id}>
          <p>{t('coordination:public.areaText', { to: day(c, x.periodTo), date: day(c, x.adoptedOn) })}</p>
          <p>
            <a href={`/${slug}/plans/${x.id}`} dir="auto">
              {t('coordination:public.areaLink', { title: x.title })}
            </a>
          </p>
        </div>
      ))}
    </section>
  );
}

export function mountPublicPlanPages(pub: Hono<AppEnv>) {
  pub.get('/plans', (c) => listPage(c));
  pub.get('/plans/:planId', (c) => planPage(c, c.req.param('planId')));
  pub.get('/plans/:planId/plan.pdf', (c) =>
    planPdfResponse(c, c.req.param('planId'), { publishedOnly: true }),
  );
}
