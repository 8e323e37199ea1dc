// Staff screens of a body's recommendations to the administration (BODY-3): the list with status and
// the departments' answers, the carried resolutions a recommendation can come from, and the form that
// addresses one to departments. Parse → call the use case → render; the rules are in the use cases
// (councils: body, item and vote; coordination: departments, area, routing).
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { addDays, formatDate, formatDateTime, todayLocal } from '../../../platform/time/index.ts';
import {
  Button,
  CheckboxGroup,
  FormFrame,
  KeyValueList,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import {
  type Department,
  departmentsFor,
  departmentWorksIn,
  type NeedSummary,
  TOPICS,
} from '../../coordination/index.ts';
import { MANAGE } from '../policies.ts';
import type { AgendaItem, Body, Meeting, Vote } from '../queries.ts';
import {
  carriedResolutionsFor,
  type RecommendationFields,
  recommendationsFor,
  recommendToAdministration,
  resolutionFor,
} from '../use-cases/recommendations.ts';

type C = Context<AppEnv>;
type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/councils`;
const db = (c: C) => c.get('services').db;
/** How long the departments have by default (six weeks, a usual answer period of a district office). */
const DEFAULT_DAYS = 42;

function idParam(c: C, name: string, missing: string): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, missing);
  return id;
}

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');

/** A recommendation with its status and each department's answer (department names, no people). */
export function RecommendationCard(p: { t: TFunction; lang: string; n: NeedSummary }) {
  const { t, n } = p;
  return (
    <article className="q-recommendation" aria-labelledby={`rec-${n.id}`}>
      <h3 id={`rec-${n.id}`} dir="auto">
        {n.title}
      </h3>
      <KeyValueList
        items={[
          { term: t('councils:recommendation.status'), value: t(`coordination:vocab.status.${n.status}`) },
          { term: t('councils:recommendation.sentOn'), value: formatDateTime(n.createdAt, p.lang) },
          ...n.routings.map((r) => ({
            term: r.department.name,
            value: (
              <>
                {t(`coordination:vocab.status.${r.status}`)}
                {r.overdue ? ` – ${t('coordination:staff.overdue')}` : ''} ·{' '}
                {t('councils:recommendation.deadline', { date: formatDate(r.deadline, p.lang) })}
                {r.answer ? <p dir="auto">{r.answer}</p> : null}
              </>
            ),
          })),
        ]}
      />
    </article>
  );
}

function ListView(p: {
  t: TFunction;
  lang: string;
  base: string;
  body: Body;
  recommendations: NeedSummary[];
  resolutions: { meeting: Meeting; item: AgendaItem; vote: Vote }[];
  manage: boolean;
}) {
  const { t } = p;
  const done = new Set(p.recommendations.map((r) => r.sourceItemId));
  return (
    <>
      <p>
        <a href={`${p.base}/${p.body.id}`}>{p.body.name}</a>
      </p>
      <h1>{t('councils:recommendation.heading')}</h1>
      <p>{t('councils:recommendation.intro')}</p>
      {p.recommendations.length === 0 ? <p>{t('councils:recommendation.none')}</p> : null}
      {p.recommendations.map((n) => (
        <RecommendationCard key={n.id} t={t} lang={p.lang} n={n} />
      ))}
      {p.manage ? (
        <section aria-labelledby="carried">
          <h2 id="carried">{t('councils:recommendation.carried')}</h2>
          {p.resolutions.length === 0 ? <p>{t('councils:recommendation.noCarried')}</p> : null}
          <ul className="q-links">
            {p.resolutions.map(({ meeting, item, vote }) => (
              <li key={vote.id}>
                <span dir="auto">{item.title}</span> ({formatDate(meeting.startsAt, p.lang)})
                {vote.resolution ? <p dir="auto">{vote.resolution}</p> : null}{' '}
                {done.has(item.id) ? (
                  <span>{t('councils:recommendation.alreadySent')}</span>
                ) : (
                  <a href={`${p.base}/items/${item.id}/recommendation`}>
                    {t('councils:recommendation.create')}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function FormView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  body: Body;
  item: AgendaItem;
  meeting: Meeting;
  vote: Vote;
  departments: Department[];
  values: Values;
  errors: Errors;
}) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  const chosen = Array.isArray(v.departmentIds) ? v.departmentIds : v.departmentIds ? [v.departmentIds] : [];
  return (
    <>
      <p>
        <a href={`${p.base}/${p.body.id}/recommendations`}>{t('councils:recommendation.heading')}</a>
      </p>
      <h1>{t('councils:recommendation.create')}</h1>
      <KeyValueList
        items={[
          { term: t('councils:recommendation.body'), value: p.body.name },
          {
            term: t('councils:recommendation.resolution'),
            value: `${p.item.title} (${formatDate(p.meeting.startsAt, p.lang)})`,
          },
        ]}
      />
      <p>{t('councils:recommendation.formIntro')}</p>
      <FormFrame
        action={`${p.base}/items/${p.item.id}/recommendation`}
        csrf={p.csrf}
        errorTitle={t('councils:recommendation.errorTitle')}
        errors={Object.fromEntries(Object.entries(e).map(([k, m]) => [k, String(t(m))]))}
      >
        <TextField
          name="title"
          label={t('coordination:fields.title')}
          value={str(v, 'title')}
          error={err('title')}
          maxLength={200}
        />
        <TextArea
          name="description"
          label={t('councils:recommendation.text')}
          hint={t('coordination:form.noPersonalData')}
          value={str(v, 'description')}
          error={err('description')}
        />
        <SelectField
          name="topic"
          label={t('coordination:fields.topic')}
          value={str(v, 'topic')}
          placeholder={t('coordination:form.choose')}
          options={TOPICS.map((x) => ({ value: x, label: String(t(`coordination:vocab.topic.${x}`)) }))}
          error={err('topic')}
        />
        <CheckboxGroup
          name="departmentIds"
          label={t('councils:recommendation.departments')}
          values={chosen}
          options={p.departments.map((d) => ({ value: d.id, label: d.name }))}
          error={err('departmentIds')}
        />
        <TextField
          type="date"
          name="deadline"
          label={t('coordination:fields.deadline')}
          value={str(v, 'deadline')}
          error={err('deadline')}
          width={10}
        />
        <Button>{t('councils:recommendation.submit')}</Button>
      </FormFrame>
    </>
  );
}

async function formPage(c: C, values?: Values, errors: Errors = {}) {
  const actor = actorOf(c);
  const { item, meeting, body, vote } = await resolutionFor(
    actor,
    db(c),
    idParam(c, 'itemId', 'agenda_item_not_found'),
  );
  const departments = (await departmentsFor(actor, db(c))).filter((d) => departmentWorksIn(d, body));
  return staffPage(c, {
    title: String(c.get('t')('councils:recommendation.create')),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <FormView
        t={c.get('t')}
        lang={c.get('lang')}
        base={base(c)}
        csrf={csrfTokenFor(c)}
        body={body}
        item={item}
        meeting={meeting}
        vote={vote}
        departments={departments}
        values={
          values ?? {
            title: item.title,
            description: vote.resolution || item.text,
            deadline: addDays(todayLocal(), DEFAULT_DAYS),
          }
        }
        errors={errors}
      />
    ),
  });
}

export function mountRecommendationPages(staff: Hono<AppEnv>) {
  staff.get('/councils/:id/recommendations', async (c) => {
    const actor = actorOf(c);
    const { body, recommendations } = await recommendationsFor(
      actor,
      db(c),
      idParam(c, 'id', 'body_not_found'),
    );
    const manage = can(actor, MANAGE, body.areaIds);
    return staffPage(c, {
      title: String(c.get('t')('councils:recommendation.heading')),
      children: (
        <ListView
          t={c.get('t')}
          lang={c.get('lang')}
          base={base(c)}
          body={body}
          recommendations={recommendations}
          resolutions={manage ? await carriedResolutionsFor(actor, db(c), body.id) : []}
          manage={manage}
        />
      ),
    });
  });

  staff.get('/councils/items/:itemId/recommendation', (c) => formPage(c));
  staff.post('/councils/items/:itemId/recommendation', async (c) => {
    const itemId = idParam(c, 'itemId', 'agenda_item_not_found');
    const { input, values } = fromForm(await formData(c), {
      title: 'text',
      description: 'text',
      topic: 'text',
      departmentIds: 'list',
      deadline: 'text',
    });
    try {
      const need = await recommendToAdministration(
        actorOf(c),
        db(c),
        itemId,
        input as unknown as RecommendationFields,
      );
      return c.redirect(`${base(c)}/${need.sourceBodyId}/recommendations`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return formPage(c, values, err.fields);
      throw err;
    }
  });
}
