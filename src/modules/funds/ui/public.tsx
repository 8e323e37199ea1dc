// Public pages of funds (no account, no script): the calls of the funds that take applications, one
// fund's call page, the application form (FUND-2), and the applicant's page behind the private link
// (status in plain words with its history, what happens next, edit, submit, withdraw, the decision
// and its letter). Interface in five languages; the funds' own texts stay as staff wrote them.
import type { Context, Hono } from 'hono';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enforceLimit, honeypotFilled } from '../../../platform/http/public-form.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { Honeypot } from '../../../ui/components/Honeypot.tsx';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  FormFrame,
  KeyValueList,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { publicAreaChoices } from '../../areas/index.ts';
import { editableByApplicant } from '../domain/status.ts';
import { COST_KINDS, type CostKind } from '../domain/vocab.ts';
import type { Fund } from '../queries.ts';
import {
  applicationByToken,
  decisionLetterByToken,
  startApplication,
  submitApplicationByToken,
  updateApplicationByToken,
  withdrawApplicationByToken,
} from '../use-cases/applications.ts';
import {
  APPLY_LIMIT,
  applicantRuleProblems,
  LINK_LIMIT,
  openCalls,
  type PublicCall,
  publicCall,
  type RuleProblem,
  ruleProblemMessages,
} from '../use-cases/public.ts';
import {
  checkApplicationForm,
  type FormValues,
  formErrorsOf,
  formFieldOf,
  listValue,
  ROWS_MORE,
  ROWS_START,
  readApplicationForm,
  rowsOf,
  valuesOfApplication,
} from './public-form.ts';

type C = Context<AppEnv>;

export { APPLY_LIMIT, LINK_LIMIT };

/** A private page: only the applicant's own browser keeps it, no search engine lists it. */
function privateHeaders(c: C) {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

const money = (c: C, cents: number) => formatMoney(cents, c.get('lang'));
const day = (c: C, d: string | Date) => formatDate(d, c.get('lang'));

/** What the rules look at, from a form that passed its own checks. */
const parsedFacts = (r: ReturnType<typeof readApplicationForm>) => ({
  costLines: r.input.costLines ?? [],
  ownMoneyCents: r.input.ownMoneyCents ?? 0,
  volunteerHours: r.input.volunteerHours ?? 0,
  startsOn: r.input.startsOn ?? null,
});

/** The fund's rules the project does not meet, as messages at the form's fields (before sending). */
function ruleMessages(c: C, problems: RuleProblem[], rowOf: number[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ruleProblemMessages(problems, c.get('lang'))).map(([f, key]) => [
      formFieldOf(f, rowOf),
      key,
    ]),
  );
}

function paragraphs(text: string) {
  return text
    .split(/\n{2,}|\n/)
    .filter((p) => p.trim())
    .map((p, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: static text
      <p key={i} dir="auto">
        {p}
      </p>
    ));
}

function Breadcrumb({ c, fund, here }: { c: C; fund?: Pick<Fund, 'id' | 'name'>; here: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <nav aria-label={t('funds:public.breadcrumb')} className="q-breadcrumb">
      <ol>
        <li>
          <a href={`/${tenant.slug}`}>{tenant.name}</a>
        </li>
        <li>
          <a href={`/${tenant.slug}/funds`}>{t('funds:public.title')}</a>
        </li>
        {fund ? (
          <li>
            <a href={`/${tenant.slug}/funds/${fund.id}`} dir="auto">
              {fund.name}
            </a>
          </li>
        ) : null}
        <li aria-current="page" dir="auto">
          {here}
        </li>
      </ol>
    </nav>
  );
}

/** The rules of a fund in words: amounts, cost kinds, own contribution, start. */
function RulesList({ c, call }: { c: C; call: PublicCall }) {
  const t = c.get('t');
  const f = call.fund;
  const items = [
    {
      term: t('funds:public.amounts'),
      value: f.capCents ? t('funds:public.upTo', { amount: money(c, f.capCents) }) : t('funds:public.noCap'),
    },
    {
      term: t('funds:public.costKinds'),
      value: f.allowedCostKinds.length
        ? f.allowedCostKinds.map((k) => t(`funds:vocab.costKind.${k}`)).join(', ')
        : t('funds:public.allCostKinds'),
    },
    {
      term: t('funds:public.ownContribution'),
      value:
        f.ownContributionPercent > 0
          ? [
              t('funds:public.ownShare', { percent: f.ownContributionPercent }),
              f.volunteerHourRateCents
                ? t('funds:public.hoursCount', { rate: money(c, f.volunteerHourRateCents) })
                : '',
            ]
              .filter(Boolean)
              .join(' ')
          : t('funds:public.noOwnShare'),
    },
    {
      term: t('funds:public.start'),
      value: f.noStartBeforeDecision ? t('funds:public.startAfterDecision') : t('funds:public.startAny'),
    },
  ];
  if (call.availableCents !== null)
    items.push({ term: t('funds:public.available'), value: money(c, call.availableCents) });
  return <KeyValueList items={items} />;
}

function Deadlines({ c, call }: { c: C; call: PublicCall }) {
  const t = c.get('t');
  if (!call.year) return <p>{t('funds:public.closed')}</p>;
  if (!call.fund.decidingBodyId || call.fund.deadlineDaysBeforeSession === null)
    return <p>{t('funds:public.anytime')}</p>;
  if (call.deadlines.length === 0) return <p>{t('funds:public.noSessions')}</p>;
  return (
    <ul>
      {call.deadlines.map((d) => (
        <li key={d.session.id}>
          {t('funds:public.deadlineLine', { deadline: day(c, d.deadline), session: day(c, d.date) })}
        </li>
      ))}
    </ul>
  );
}

async function listPage(c: C) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const calls = await openCalls(c.get('services').db, tenant.id);
  return publicPage(c, {
    title: t('funds:public.title'),
    description: t('funds:public.intro'),
    children: (
      <>
        <h1>{t('funds:public.title')}</h1>
        <p className="q-prose">{t('funds:public.intro')}</p>
        {calls.length === 0 ? (
          <p>{t('funds:public.none')}</p>
        ) : (
          <ul className="q-cards">
            {calls.map((call) => (
              <li key={call.fund.id} className="q-card">
                <h2 className="kern-heading-small" dir="auto">
                  <a href={`/${tenant.slug}/funds/${call.fund.id}`}>{call.fund.name}</a>
                </h2>
                <p className="q-meta">
                  {t(`funds:vocab.kind.${call.fund.kind}`)}
                  {call.areaName ? <span dir="auto"> · {call.areaName}</span> : null}
                </p>
                {call.fund.capCents ? (
                  <p>
                    {t('funds:public.amounts')}:{' '}
                    {t('funds:public.upTo', { amount: money(c, call.fund.capCents) })}
                  </p>
                ) : null}
                {call.deadlines[0] ? (
                  <p>{t('funds:public.nextDeadline', { date: day(c, call.deadlines[0].deadline) })}</p>
                ) : null}
                {call.availableCents !== null ? (
                  <p>
                    {t('funds:public.available')}: {money(c, call.availableCents)}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  });
}

async function callPage(c: C, id: string) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const call = await publicCall(c.get('services').db, tenant.id, id);
  const f = call.fund;
  // The guideline's goals, one per line.
  const goals = f.goals
    .split('\n')
    .map((g) => g.trim())
    .filter(Boolean);
  return publicPage(c, {
    title: f.name,
    description: t('funds:public.callIntro', { name: f.name }),
    children: (
      <>
        <Breadcrumb c={c} here={f.name} />
        <h1 dir="auto">{f.name}</h1>
        <p className="q-meta">
          {t(`funds:vocab.kind.${f.kind}`)}
          {call.areaName ? <span dir="auto"> · {call.areaName}</span> : null}
          {f.fundingSource ? <span dir="auto"> · {f.fundingSource}</span> : null}
        </p>
        <section aria-labelledby="purpose">
          <h2 id="purpose">{t('funds:public.purpose')}</h2>
          <p>{t(`funds:public.kindPurpose.${f.kind}`)}</p>
          {goals.length > 1 ? (
            <>
              <p>{t('funds:public.goals')}</p>
              <ul>
                {goals.map((g) => (
                  <li key={g} dir="auto">
                    {g}
                  </li>
                ))}
              </ul>
            </>
          ) : goals.length === 1 ? (
            <p dir="auto">{goals[0]}</p>
          ) : null}
          {f.criteria.length ? (
            <>
              <p>{t('funds:public.criteria')}</p>
              <ul>
                {f.criteria.map((k) => (
                  <li key={k} dir="auto">
                    {k}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section aria-labelledby="who">
          <h2 id="who">{t('funds:public.who')}</h2>
          <p>{t('funds:public.whoText')}</p>
        </section>
        <section aria-labelledby="rules">
          <h2 id="rules">{t('funds:public.rules')}</h2>
          <RulesList c={c} call={call} />
        </section>
        <section aria-labelledby="deadlines">
          <h2 id="deadlines">{t('funds:public.deadlines')}</h2>
          <Deadlines c={c} call={call} />
        </section>
        <section aria-labelledby="how">
          <h2 id="how">{t('funds:public.how')}</h2>
          <ol>
            <li>{t('funds:public.step1')}</li>
            <li>{t('funds:public.step2')}</li>
            <li>{t('funds:public.step3')}</li>
            <li>{t('funds:public.step4')}</li>
          </ol>
          {call.year ? (
            <p>
              <a className="kern-btn kern-btn--primary" href={`/${tenant.slug}/funds/${f.id}/apply`}>
                <span className="kern-label">{t('funds:public.apply')}</span>
              </a>
            </p>
          ) : (
            <p>{t('funds:public.closed')}</p>
          )}
        </section>
        <section aria-labelledby="funded">
          <h2 id="funded">{t('funds:public.funded')}</h2>
          {call.funded.length === 0 ? (
            <p>{t('funds:public.noneFunded')}</p>
          ) : (
            <ul>
              {call.funded.map((p) => (
                <li key={p.id}>
                  <strong dir="auto">{p.title}</strong> · {money(c, p.grantedCents)}
                  {p.areaName ? <span dir="auto"> · {p.areaName}</span> : null}
                  {p.year ? <span className="q-meta"> · {p.year}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </>
    ),
  });
}

// ── The application form ──────────────────────────────────────────────────────────────────────

interface FormProps {
  c: C;
  fund: Fund;
  action: string;
  values: FormValues;
  errors: Record<string, string>;
  areas: { value: string; label: string }[];
  /** The applicant's edit page has no consent box (given at the start) and says "save changes". */
  edit?: boolean;
  /** The next session of the deciding body that an application sent today reaches, with its deadline. */
  next: { date: string; deadline: string } | null;
}

function ApplicationForm({ c, fund, action, values, errors, areas, edit, next }: FormProps) {
  const t = c.get('t');
  const v = (k: string) => values[k] ?? '';
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  const optional = t('funds:public.optional');
  const rows = rowsOf(values);
  const kinds: readonly CostKind[] = fund.allowedCostKinds.length ? fund.allowedCostKinds : COST_KINDS;
  // The fund's rules beside the fields they concern: the next decision at the dates, cap and cost
  // kinds at the cost plan.
  const nextDecision = next
    ? t('funds:form.nextDecision', { session: day(c, next.date), deadline: day(c, next.deadline) })
    : '';
  const startHint = [fund.noStartBeforeDecision ? t('funds:public.startAfterDecision') : '', nextDecision]
    .filter(Boolean)
    .join(' ');
  const shown = Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, t(key)]));
  return (
    <FormFrame action={action} csrf={csrfTokenFor(c)} errors={shown} errorTitle={t('errorSummaryTitle')}>
      <Honeypot label={t('honeypot')} />
      {/* Enter in a field sends the form (the browser takes the first button): not "more rows". */}
      <div className="q-visually-hidden" aria-hidden="true">
        <button type="submit" name="intent" value="submit" tabIndex={-1}>
          {edit ? t('funds:form.saveAndSubmit') : t('funds:form.submit')}
        </button>
      </div>
      <input type="hidden" name="rows" value={String(rows)} />
      <h2>{t('funds:form.who')}</h2>
      <RadioGroup
        name="applicantKind"
        label={t('funds:form.applicantKind')}
        value={v('applicantKind') || 'person'}
        options={[
          { value: 'person', label: t('funds:form.person') },
          { value: 'group', label: t('funds:form.group') },
        ]}
        error={err('applicantKind')}
      />
      <TextField
        name="applicantName"
        label={t('funds:form.applicantName')}
        value={v('applicantName')}
        error={err('applicantName')}
        autoComplete="name"
        maxLength={200}
        required
      />
      <TextField
        name="groupName"
        label={t('funds:form.groupName')}
        hint={t('funds:form.groupHint')}
        value={v('groupName')}
        error={err('groupName')}
        maxLength={200}
        optionalText={optional}
      />
      <TextField
        name="email"
        type="email"
        label={t('funds:form.email')}
        hint={t('funds:form.emailHint')}
        value={v('email')}
        error={err('email')}
        autoComplete="email"
        maxLength={320}
        required
      />
      <TextField
        name="phone"
        type="tel"
        label={t('funds:form.phone')}
        value={v('phone')}
        error={err('phone')}
        autoComplete="tel"
        maxLength={40}
        optionalText={optional}
      />
      <h2>{t('funds:form.project')}</h2>
      <TextField
        name="title"
        label={t('funds:form.title')}
        value={v('title')}
        error={err('title')}
        maxLength={300}
        required
      />
      <TextArea
        name="description"
        label={t('funds:form.description')}
        hint={t('funds:form.descriptionHint')}
        value={v('description')}
        error={err('description')}
        rows={6}
        maxLength={20000}
        optionalText={optional}
      />
      {areas.length > 1 ? (
        <SelectField
          name="areaId"
          label={t('funds:form.area')}
          value={v('areaId')}
          placeholder={t('funds:form.chooseArea')}
          options={areas}
          error={err('areaId')}
          optionalText={optional}
        />
      ) : null}
      <TextField
        name="startsOn"
        type="date"
        label={t('funds:form.startsOn')}
        hint={startHint || undefined}
        value={v('startsOn')}
        error={err('startsOn')}
        width={10}
        optionalText={optional}
      />
      <TextField
        name="endsOn"
        type="date"
        label={t('funds:form.endsOn')}
        value={v('endsOn')}
        error={err('endsOn')}
        width={10}
        optionalText={optional}
      />
      <TextField
        name="expectedParticipants"
        inputMode="numeric"
        label={t('funds:form.participants')}
        value={v('expectedParticipants')}
        error={err('expectedParticipants')}
        width={10}
        optionalText={optional}
      />
      {fund.targetGroups.length ? (
        <CheckboxGroup
          name="targetGroups"
          label={t('funds:form.targetGroups')}
          hint={t('funds:form.severalHint')}
          options={fund.targetGroups.map((g) => ({ value: g, label: g }))}
          values={listValue(values.targetGroups)}
          error={err('targetGroups')}
          optionalText={optional}
        />
      ) : null}
      {fund.criteria.length ? (
        <CheckboxGroup
          name="criteria"
          label={t('funds:form.criteria')}
          hint={t('funds:form.severalHint')}
          options={fund.criteria.map((k) => ({ value: k, label: k }))}
          values={listValue(values.criteria)}
          error={err('criteria')}
          optionalText={optional}
        />
      ) : null}
      <h2>{t('funds:form.costPlan')}</h2>
      <p>{t('funds:form.costPlanHint')}</p>
      <ul className="q-rules" aria-label={t('funds:public.rules')}>
        <li>
          {t('funds:public.amounts')}:{' '}
          {fund.capCents
            ? t('funds:public.upTo', { amount: money(c, fund.capCents) })
            : t('funds:public.noCap')}
        </li>
        <li>
          {t('funds:public.costKinds')}:{' '}
          {fund.allowedCostKinds.length
            ? fund.allowedCostKinds.map((k) => t(`funds:vocab.costKind.${k}`)).join(', ')
            : t('funds:public.allCostKinds')}
        </li>
      </ul>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        <fieldset key={i} className="kern-fieldset">
          <legend className="kern-label">{t('funds:form.line', { n: i + 1 })}</legend>
          <div className="kern-fieldset__body">
            <TextField
              name={`item_${i}`}
              label={`${t('funds:form.item')} – ${t('funds:form.line', { n: i + 1 })}`}
              value={v(`item_${i}`)}
              error={err(`item_${i}`)}
              maxLength={300}
            />
            <SelectField
              name={`kind_${i}`}
              label={`${t('funds:form.costKind')} – ${t('funds:form.line', { n: i + 1 })}`}
              value={v(`kind_${i}`) || kinds[0]}
              options={kinds.map((k) => ({ value: k, label: t(`funds:vocab.costKind.${k}`) }))}
              error={err(`kind_${i}`)}
            />
            <TextField
              name={`amount_${i}`}
              inputMode="decimal"
              label={`${t('funds:form.amount')} – ${t('funds:form.line', { n: i + 1 })}`}
              hint={i === 0 ? t('funds:form.amountHint') : undefined}
              value={v(`amount_${i}`)}
              error={err(`amount_${i}`)}
              width={10}
            />
          </div>
        </fieldset>
      ))}
      <p>
        <Button type="submit" name="intent" value="more" variant="secondary">
          {t('funds:form.moreRows', { n: ROWS_MORE })}
        </Button>
      </p>
      <h2>{t('funds:form.ownContribution')}</h2>
      {fund.ownContributionPercent > 0 ? (
        <p>{t('funds:public.ownShare', { percent: fund.ownContributionPercent })}</p>
      ) : null}
      <TextField
        name="ownMoney"
        inputMode="decimal"
        label={t('funds:form.ownMoney')}
        hint={t('funds:form.amountHint')}
        value={v('ownMoney')}
        error={err('ownMoney')}
        width={10}
        optionalText={optional}
      />
      <TextField
        name="volunteerHours"
        inputMode="numeric"
        label={t('funds:form.volunteerHours')}
        hint={
          fund.volunteerHourRateCents
            ? t('funds:public.hoursCount', { rate: money(c, fund.volunteerHourRateCents) })
            : undefined
        }
        value={v('volunteerHours')}
        error={err('volunteerHours')}
        width={10}
        optionalText={optional}
      />
      {edit ? (
        <input type="hidden" name="consent" value="yes" />
      ) : (
        <>
          <h2>{t('funds:form.privacyTitle')}</h2>
          <p className="q-prose">{t('funds:form.privacyText')}</p>
          <CheckboxField
            name="consent"
            value="yes"
            label={t('funds:form.consent')}
            checked={v('consent') === 'yes'}
            error={err('consent')}
          />
        </>
      )}
      <div className="q-form__actions">
        <Button type="submit" name="intent" value="submit">
          {edit ? t('funds:form.saveAndSubmit') : t('funds:form.submit')}
        </Button>
        <Button type="submit" name="intent" value="save" variant="secondary">
          {edit ? t('funds:form.saveChanges') : t('funds:form.saveDraft')}
        </Button>
      </div>
    </FormFrame>
  );
}

async function areasOf(c: C, fund: Fund) {
  const list = await publicAreaChoices(
    c.get('services').db,
    c.get('tenant')!.id,
    fund.areaId ? [fund.areaId] : null,
  );
  return list.map((a) => ({ value: a.value, label: a.label }));
}

async function applyPage(
  c: C,
  call: PublicCall,
  values: FormValues,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const f = call.fund;
  return publicPage(c, {
    title: t('funds:form.pageTitle', { name: f.name }),
    status,
    children: (
      <>
        <Breadcrumb c={c} fund={f} here={t('funds:public.apply')} />
        <h1>{t('funds:form.pageTitle', { name: f.name })}</h1>
        <p className="q-prose">{t('funds:form.intro')}</p>
        {errors.fundId || errors.status ? (
          <Alert variant="error" title={t(errors.fundId ?? errors.status)} />
        ) : null}
        <ApplicationForm
          c={c}
          fund={f}
          action={`/${tenant.slug}/funds/${f.id}/apply`}
          values={values}
          errors={errors}
          areas={await areasOf(c, f)}
          next={call.deadlines[0] ?? null}
        />
      </>
    ),
  });
}

function thanksPage(c: C, fund: Pick<Fund, 'id' | 'name'>, email: string, submitted: boolean) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const title = submitted ? t('funds:form.thanksSubmitted') : t('funds:form.thanksSaved');
  return publicPage(c, {
    title,
    children: (
      <>
        <h1>{title}</h1>
        <Alert variant="success" title={title} role="status">
          {t('funds:form.thanksMail', { email })}
        </Alert>
        <p>{t('funds:form.thanksNext')}</p>
        <p>
          <a href={`/${tenant.slug}/funds/${fund.id}`}>{t('funds:form.back', { name: fund.name })}</a>
        </p>
      </>
    ),
  });
}

// ── The applicant's page behind the private link ──────────────────────────────────────────────

type ByToken = Awaited<ReturnType<typeof applicationByToken>>;

async function statusPage(c: C, token: string, notice?: string, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const view: ByToken = await applicationByToken(c.get('services').db, tenant.id, token);
  const a = view.application;
  const base = `/${tenant.slug}/funds/applications/${token}`;
  const editable = editableByApplicant(a.status);
  const withdrawable = ['draft', 'submitted', 'in_review', 'changes_requested', 'on_agenda'].includes(
    a.status,
  );
  const decided = a.decidedAt && ['granted', 'refused', 'settlement', 'settled', 'closed'].includes(a.status);
  const lastNote = [...view.history].reverse().find((h) => h.status === 'changes_requested')?.note;
  return publicPage(c, {
    title: t('funds:status.title', { title: a.title }),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1 dir="auto">{t('funds:status.title', { title: a.title })}</h1>
        <p className="q-meta" dir="auto">
          {view.fund.name}
        </p>
        {notice ? (
          <Alert variant="success" title={t(`funds:status.notices.${notice}`)} role="status" />
        ) : null}
        {Object.values(errors).map((key) => (
          <Alert key={key} variant="error" title={t(key)} />
        ))}
        <h2>{t('funds:status.now')}</h2>
        <p>
          <strong>{t(`funds:vocab.status.${a.status}`)}</strong> – {t(`funds:status.explain.${a.status}`)}
        </p>
        {a.status === 'changes_requested' && lastNote ? (
          <Alert variant="warning" title={t('funds:status.changesNote')}>
            <span dir="auto">{lastNote}</span>
          </Alert>
        ) : null}
        <h2>{t('funds:status.next')}</h2>
        <p>{t(`funds:status.nextStep.${a.status}`)}</p>
        {a.status === 'on_agenda' && view.sessionAt ? (
          <p>{t('funds:status.sessionOn', { date: day(c, view.sessionAt) })}</p>
        ) : null}
        {decided ? (
          <section aria-labelledby="decision">
            <h2 id="decision">{t('funds:status.decision')}</h2>
            {a.grantedCents !== null && a.status !== 'refused' ? (
              <>
                <p>{t('funds:status.grantedText', { amount: money(c, a.grantedCents) })}</p>
                {a.conditions.trim() ? (
                  <>
                    <h3>{t('funds:letter.conditions')}</h3>
                    {paragraphs(a.conditions)}
                  </>
                ) : null}
              </>
            ) : (
              <>
                <p>{t('funds:status.refusedText')}</p>
                {a.refusalReasons.trim() ? (
                  <>
                    <h3>{t('funds:letter.reasons')}</h3>
                    {paragraphs(a.refusalReasons)}
                  </>
                ) : null}
              </>
            )}
            <p>
              <a href={`${base}/letter.pdf`}>{t('funds:status.letter')}</a>
            </p>
          </section>
        ) : null}
        {a.grantedCents !== null && ['granted', 'settlement', 'settled', 'closed'].includes(a.status) ? (
          <p>
            <a className="kern-btn kern-btn--primary" href={`${base}/settlement`}>
              <span className="kern-label">{t('funds:settlement.open')}</span>
            </a>
          </p>
        ) : null}
        {editable || withdrawable ? (
          <div className="q-actions">
            {editable ? (
              <a className="kern-btn kern-btn--secondary" href={`${base}/edit`}>
                <span className="kern-label">{t('funds:status.edit')}</span>
              </a>
            ) : null}
            {editable ? (
              <form method="post" action={`${base}/submit`}>
                <CsrfField token={csrfTokenFor(c)} />
                <Button type="submit">{t('funds:status.submit')}</Button>
              </form>
            ) : null}
          </div>
        ) : null}
        <h2>{t('funds:status.history')}</h2>
        <ol>
          {view.history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history is in order
            <li key={i}>
              {day(c, h.at)}: {t(`funds:vocab.status.${h.status}`)}
            </li>
          ))}
        </ol>
        <h2>{t('funds:status.content')}</h2>
        <KeyValueList
          items={[
            {
              term: t('funds:form.applicantName'),
              value: [a.applicantName, a.groupName].filter(Boolean).join(', '),
            },
            { term: t('funds:form.title'), value: a.title },
            { term: t('funds:form.description'), value: a.description },
            { term: t('funds:form.email'), value: a.email },
            { term: t('funds:form.phone'), value: a.phone },
            {
              term: t('funds:form.startsOn'),
              value: a.startsOn ? day(c, a.startsOn) + (a.endsOn ? ` – ${day(c, a.endsOn)}` : '') : '',
            },
            {
              term: t('funds:form.participants'),
              value: a.expectedParticipants === null ? '' : String(a.expectedParticipants),
            },
            { term: t('funds:status.total'), value: money(c, a.totalCents) },
            { term: t('funds:status.requested'), value: money(c, a.requestedCents) },
          ]}
        />
        {view.costLines.length ? <h3>{t('funds:form.costPlan')}</h3> : null}
        {view.costLines.length ? (
          <ul>
            {view.costLines.map((l) => (
              <li key={l.id}>
                <span dir="auto">{l.item}</span> ({t(`funds:vocab.costKind.${l.costKind}`)}):{' '}
                {money(c, l.amountCents)}
              </li>
            ))}
          </ul>
        ) : null}
        {withdrawable ? (
          <form method="post" action={`${base}/withdraw`} className="q-form">
            <CsrfField token={csrfTokenFor(c)} />
            <h2>{t('funds:status.withdrawTitle')}</h2>
            <CheckboxField name="confirm" value="yes" label={t('funds:status.withdrawConfirm')} />
            <Button type="submit" variant="secondary">
              {t('funds:status.withdraw')}
            </Button>
          </form>
        ) : null}
        <p className="q-meta">{t('funds:status.keepLink')}</p>
      </>
    ),
  });
}

async function editPage(
  c: C,
  token: string,
  view: ByToken,
  { fund, next }: { fund: Fund; next: { date: string; deadline: string } | null },
  values: FormValues,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const base = `/${tenant.slug}/funds/applications/${token}`;
  return publicPage(c, {
    title: t('funds:status.editTitle', { title: view.application.title }),
    status,
    children: (
      <>
        <h1 dir="auto">{t('funds:status.editTitle', { title: view.application.title })}</h1>
        <p>
          <a href={base}>{t('funds:status.backToStatus')}</a>
        </p>
        {errors.status ? <Alert variant="error" title={t(errors.status)} /> : null}
        <ApplicationForm
          c={c}
          fund={fund}
          action={`${base}/edit`}
          values={values}
          errors={errors}
          areas={await areasOf(c, fund)}
          next={next}
          edit
        />
      </>
    ),
  });
}

export function mountPublicFundPages(pub: Hono<AppEnv>): void {
  const db = (c: C) => c.get('services').db;
  const tenantOf = (c: C) => c.get('tenant')!;
  const tokenOf = (c: C) => c.req.param('token') ?? '';
  const linkLimit = (c: C) => enforceLimit(c, 'funds-link', LINK_LIMIT.perIp, LINK_LIMIT.windowSeconds);

  pub.get('/funds', (c) => listPage(c));

  // ── The applicant's private link (before /funds/:id, which takes only a fund's id) ──
  pub.get('/funds/applications/:token', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const notice = c.req.query('done');
    return statusPage(c, tokenOf(c), notice && /^\w{1,20}$/.test(notice) ? notice : undefined);
  });

  pub.get('/funds/applications/:token/letter.pdf', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const pdf = await decisionLetterByToken(db(c), tenantOf(c).id, tokenOf(c));
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', 'inline; filename="bescheid.pdf"');
    return c.body(new Uint8Array(pdf));
  });

  const editView = async (c: C) => {
    const view = await applicationByToken(db(c), tenantOf(c).id, tokenOf(c));
    const call = await publicCall(db(c), tenantOf(c).id, view.fund.id).catch(() => null);
    if (!call) throw new AppError(404, 'application_not_found');
    return { view, fund: call.fund, call: { fund: call.fund, next: call.deadlines[0] ?? null } };
  };

  pub.get('/funds/applications/:token/edit', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const { view, call } = await editView(c);
    if (!editableByApplicant(view.application.status))
      return c.redirect(c.req.path.replace(/\/edit$/, ''), 303);
    return editPage(c, tokenOf(c), view, call, valuesOfApplication(view.application, view.costLines), {});
  });

  pub.post('/funds/applications/:token/edit', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const { view, fund, call } = await editView(c);
    const body = await formData(c);
    const intent = body.intent === 'more' ? 'more' : body.intent === 'submit' ? 'submit' : 'save';
    const r = readApplicationForm(body);
    if (intent === 'more') {
      r.values.rows = String(rowsOf(r.values) + ROWS_MORE);
      return editPage(c, tokenOf(c), view, call, r.values, {});
    }
    const errors = checkApplicationForm(r);
    if (!Object.keys(errors).length && intent === 'submit')
      Object.assign(
        errors,
        ruleMessages(c, await applicantRuleProblems(db(c), tenantOf(c).id, fund, parsedFacts(r)), r.rowOf),
      );
    if (Object.keys(errors).length) return editPage(c, tokenOf(c), view, call, r.values, errors, 422);
    try {
      await updateApplicationByToken(db(c), tenantOf(c).id, tokenOf(c), r.input);
      if (intent === 'submit') await submitApplicationByToken(db(c), tenantOf(c).id, tokenOf(c));
    } catch (err) {
      return editPage(c, tokenOf(c), view, call, r.values, formErrorsOf(err, r.rowOf), 422);
    }
    const base = `/${tenantOf(c).slug}/funds/applications/${tokenOf(c)}`;
    return c.redirect(`${base}?done=${intent === 'submit' ? 'submitted' : 'saved'}`, 303);
  });

  pub.post('/funds/applications/:token/submit', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const { view, fund } = await editView(c);
    const problems = await applicantRuleProblems(db(c), tenantOf(c).id, fund, {
      ...view.application,
      costLines: view.costLines,
    });
    if (problems.length)
      return statusPage(
        c,
        tokenOf(c),
        undefined,
        ruleMessages(
          c,
          problems,
          view.costLines.map((_, i) => i),
        ),
      );
    try {
      await submitApplicationByToken(db(c), tenantOf(c).id, tokenOf(c));
    } catch (err) {
      return statusPage(c, tokenOf(c), undefined, formErrorsOf(err, []));
    }
    return c.redirect(`/${tenantOf(c).slug}/funds/applications/${tokenOf(c)}?done=submitted`, 303);
  });

  pub.post('/funds/applications/:token/withdraw', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const body = await formData(c);
    if (body.confirm !== 'yes')
      return statusPage(c, tokenOf(c), undefined, { confirm: 'funds:errors.confirmWithdraw' });
    try {
      await withdrawApplicationByToken(db(c), tenantOf(c).id, tokenOf(c));
    } catch (err) {
      return statusPage(c, tokenOf(c), undefined, formErrorsOf(err, []));
    }
    return c.redirect(`/${tenantOf(c).slug}/funds/applications/${tokenOf(c)}?done=withdrawn`, 303);
  });

  // ── Calls and the application form ──
  const callOf = async (c: C) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw new AppError(404, 'fund_not_found');
    return publicCall(db(c), tenantOf(c).id, id);
  };

  pub.get('/funds/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'fund_not_found');
    return callPage(c, id);
  });

  pub.get('/funds/:id/apply', async (c) => {
    const call = await callOf(c);
    if (!call.year) return c.redirect(`/${tenantOf(c).slug}/funds/${call.fund.id}`, 303);
    // The form carries this visitor's CSRF token: kept by the browser only.
    c.header('Cache-Control', 'private, no-store');
    return applyPage(c, call, { rows: String(ROWS_START), applicantKind: 'person' }, {});
  });

  pub.post('/funds/:id/apply', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const services = c.get('services');
    const tenant = tenantOf(c);
    const call = await callOf(c);
    const body = await formData(c);
    const intent = body.intent === 'more' ? 'more' : body.intent === 'save' ? 'save' : 'submit';
    const r = readApplicationForm(body);
    if (intent === 'more') {
      r.values.rows = String(rowsOf(r.values) + ROWS_MORE);
      return applyPage(c, call, r.values, {});
    }
    await enforceLimit(c, 'funds-apply', APPLY_LIMIT.perIp, APPLY_LIMIT.windowSeconds);
    // Honeypot filled: answer as if all went well, keep nothing.
    if (honeypotFilled(body)) {
      services.log.info({ tenant: tenant.slug }, 'funds: honeypot triggered, application dropped');
      return thanksPage(c, call.fund, r.values.email, intent === 'submit');
    }
    const errors = checkApplicationForm(r);
    if (!Object.keys(errors).length && intent === 'submit')
      Object.assign(
        errors,
        ruleMessages(
          c,
          await applicantRuleProblems(services.db, tenant.id, call.fund, parsedFacts(r)),
          r.rowOf,
        ),
      );
    if (Object.keys(errors).length) return applyPage(c, call, r.values, errors, 422);
    await enforceLimit(
      c,
      'funds-apply-mail',
      APPLY_LIMIT.perEmail,
      APPLY_LIMIT.windowSeconds * 24,
      r.values.email,
    );
    try {
      await startApplication(services.db, tenant.id, call.fund.id, r.input, {
        lang: c.get('lang'),
        submit: intent === 'submit',
        linkOf: (token) => `${services.config.baseUrl}/${tenant.slug}/funds/applications/${token}`,
      });
    } catch (err) {
      return applyPage(c, call, r.values, formErrorsOf(err, r.rowOf), 422);
    }
    return thanksPage(c, call.fund, r.values.email, intent === 'submit');
  });
}
