// Public pages of volunteering, "Mitmachen" (no account, no script, five languages): open needs and
// calls with a filter by area and skill, the initiatives with how to join, the offer form, the
// volunteer's page behind the private link (proposals to accept or decline, the organisation's
// contact once both agreed, hours, certificate, pause, change, export, delete), the sign-up for a call.
import type { Hono } from 'hono';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enforceLimit, honeypotFilled } from '../../../platform/http/public-form.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate, todayLocal } from '../../../platform/time/index.ts';
import { Honeypot } from '../../../ui/components/Honeypot.tsx';
import {
  Alert,
  Button,
  CheckboxField,
  FormFrame,
  KeyValueList,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { publicAreaChoices, TEAM_AREA_KINDS } from '../../areas/index.ts';
import { NEED_KINDS, SKILLS } from '../domain/vocab.ts';
import type { Initiative, Volunteer } from '../queries.ts';
import { cancelSignup, signUpForCall, signupByToken } from '../use-cases/calls.ts';
import {
  certificatePdfByToken,
  certificatesOfVolunteer,
  requestCertificateByToken,
  thanksOfVolunteer,
} from '../use-cases/certificates.ts';
import { answerHoursByToken, hoursOfVolunteer, recordHoursByToken } from '../use-cases/hours.ts';
import { contactInitiative, publicInitiative, publicInitiatives } from '../use-cases/initiatives.ts';
import { answerByToken, matchesOfVolunteer } from '../use-cases/matches.ts';
import { type PublicNeed, publicNeed, publicNeeds } from '../use-cases/needs.ts';
import {
  deleteByToken,
  exportByToken,
  offerHelp,
  pauseByToken,
  resendLink,
  updateOfferByToken,
  volunteerByToken,
} from '../use-cases/volunteers.ts';
import {
  type C,
  type Errors,
  errorOf,
  hoursText,
  list,
  OfferFields,
  options,
  readOfferForm,
  reasonText,
  refusal,
  shownErrors,
  type Values,
} from './shared.tsx';

/** Offers per client address and per e-mail address (the link goes by mail). */
export const OFFER_LIMIT = { perIp: 10, perEmail: 5, windowSeconds: 3600 };
/** Private-link pages per client address: enough for a volunteer, too few to guess links. */
export const LINK_LIMIT = { perIp: 60, windowSeconds: 600 };
/** Contact messages and sign-ups per client address. */
export const CONTACT_LIMIT = { perIp: 10, windowSeconds: 3600 };

/** The public area kinds offered in the filter and the offer form. */
const PUBLIC_AREA_KINDS = [...TEAM_AREA_KINDS, 'stadtteil' as const];

function privateHeaders(c: C) {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

const day = (c: C, d: string | Date) => formatDate(d, c.get('lang'));
const base = (c: C) => `/${c.get('tenant')!.slug}/volunteering`;

async function areasOf(c: C) {
  return (await publicAreaChoices(c.get('services').db, c.get('tenant')!.id, null, PUBLIC_AREA_KINDS)).map(
    (a) => ({
      value: a.value,
      label: a.label,
    }),
  );
}

function Breadcrumb({ c, here }: { c: C; here?: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <nav aria-label={t('volunteering:public.breadcrumb')} className="q-breadcrumb">
      <ol>
        <li>
          <a href={`/${tenant.slug}`}>{tenant.name}</a>
        </li>
        {here ? (
          <>
            <li>
              <a href={base(c)}>{t('volunteering:public.title')}</a>
            </li>
            <li aria-current="page" dir="auto">
              {here}
            </li>
          </>
        ) : (
          <li aria-current="page">{t('volunteering:public.title')}</li>
        )}
      </ol>
    </nav>
  );
}

/** When a need is: its date(s) for a one-off, its weekdays and times for a regular one. */
function when(
  c: C,
  n: Pick<PublicNeed, 'schedule' | 'startsOn' | 'endsOn' | 'weekdays' | 'dayParts' | 'scheduleNote'>,
) {
  const t = c.get('t');
  const parts: string[] = [];
  if (n.schedule === 'once' && n.startsOn)
    parts.push(
      n.endsOn && n.endsOn !== n.startsOn
        ? `${day(c, n.startsOn)} – ${day(c, n.endsOn)}`
        : day(c, n.startsOn),
    );
  else {
    parts.push(t('volunteering:vocab.schedule.regular'));
    if (n.weekdays.length) parts.push(list(c, 'weekday', n.weekdays));
  }
  if (n.dayParts.length) parts.push(list(c, 'dayPart', n.dayParts));
  if (n.scheduleNote) parts.push(n.scheduleNote);
  return parts.join(' · ');
}

function NeedCard({ c, n }: { c: C; n: PublicNeed }) {
  const t = c.get('t');
  return (
    <li className="q-card">
      <h3 className="kern-heading-small" dir="auto">
        <a href={`${base(c)}/needs/${n.id}`}>{n.title}</a>
      </h3>
      <p className="q-meta">
        {t(`volunteering:vocab.kind.${n.kind}`)}
        {n.organisation ? <span dir="auto"> · {n.organisation}</span> : null}
      </p>
      <p>{when(c, n)}</p>
      {n.skills.length ? (
        <p>
          {t('volunteering:public.skillsWanted')}: {list(c, 'skill', n.skills)}
        </p>
      ) : null}
    </li>
  );
}

async function startPage(c: C) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const areas = await areasOf(c);
  const areaId = c.req.query('area') ?? '';
  const skill = c.req.query('skill') ?? '';
  const filter = {
    areaId: areas.some((a) => a.value === areaId) ? areaId : undefined,
    skill: (SKILLS as readonly string[]).includes(skill) ? skill : undefined,
  };
  const all = await publicNeeds(db, tenant.id, filter);
  const byKind = Object.fromEntries(NEED_KINDS.map((k) => [k, all.filter((n) => n.kind === k)]));
  const inis = await publicInitiatives(db, tenant.id, { areaId: filter.areaId });
  return publicPage(c, {
    title: t('volunteering:public.title'),
    description: t('volunteering:public.intro'),
    children: (
      <>
        <Breadcrumb c={c} />
        <h1>{t('volunteering:public.title')}</h1>
        <p className="q-prose">{t('volunteering:public.intro')}</p>
        <p className="q-actions">
          <a className="kern-btn kern-btn--primary" href={`${base(c)}/offer`}>
            <span className="kern-label">{t('volunteering:public.offer')}</span>
          </a>
          <a href={`${base(c)}/link`}>{t('volunteering:public.lostLink')}</a>
        </p>
        <form
          method="get"
          action={base(c)}
          className="q-form q-filter"
          role="search"
          aria-label={t('volunteering:public.filter')}
        >
          {areas.length > 1 ? (
            <SelectField
              name="area"
              label={t('volunteering:public.area')}
              value={filter.areaId ?? ''}
              placeholder={t('volunteering:public.allAreas')}
              options={areas}
            />
          ) : null}
          <SelectField
            name="skill"
            label={t('volunteering:public.skill')}
            value={filter.skill ?? ''}
            placeholder={t('volunteering:public.allSkills')}
            options={options(c, 'skill', SKILLS)}
          />
          <Button type="submit" variant="secondary">
            {t('volunteering:public.show')}
          </Button>
        </form>
        <section aria-labelledby="needs">
          <h2 id="needs">{t('volunteering:public.needs')}</h2>
          {byKind.need.length === 0 ? (
            <p>{t('volunteering:public.noNeeds')}</p>
          ) : (
            <ul className="q-cards">
              {byKind.need.map((n) => (
                <NeedCard key={n.id} c={c} n={n} />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="calls">
          <h2 id="calls">{t('volunteering:public.calls')}</h2>
          {byKind.call.length === 0 ? (
            <p>{t('volunteering:public.noCalls')}</p>
          ) : (
            <ul className="q-cards">
              {byKind.call.map((n) => (
                <NeedCard key={n.id} c={c} n={n} />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="initiatives">
          <h2 id="initiatives">{t('volunteering:public.initiatives')}</h2>
          {inis.length === 0 ? (
            <p>{t('volunteering:public.noInitiatives')}</p>
          ) : (
            <ul className="q-cards">
              {inis.map((i) => (
                <li key={i.id} className="q-card">
                  <h3 className="kern-heading-small" dir="auto">
                    <a href={`${base(c)}/initiatives/${i.id}`}>{i.name}</a>
                  </h3>
                  {i.meets ? <p dir="auto">{i.meets}</p> : null}
                  <p className="q-meta">{t(`volunteering:vocab.joinMode.${i.joinMode}`)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </>
    ),
  });
}

async function needPage(c: C, id: string, values: Values = {}, errors: Errors = {}, done = false) {
  const t = c.get('t');
  const n = await publicNeed(c.get('services').db, c.get('tenant')!.id, id);
  const err = errorOf(c, errors);
  const items = [
    { term: t('volunteering:public.what'), value: n.description },
    { term: t('volunteering:public.forWhom'), value: n.forWhom },
    { term: t('volunteering:public.where'), value: n.place },
    { term: t('volunteering:public.when'), value: when(c, n) },
    { term: t('volunteering:public.people'), value: String(n.peopleNeeded) },
    { term: t('volunteering:public.skillsWanted'), value: list(c, 'skill', n.skills) },
    { term: t('volunteering:public.languages'), value: list(c, 'language', n.languages) },
  ].filter((i) => i.value);
  return publicPage(c, {
    title: n.title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <Breadcrumb c={c} here={n.title} />
        <h1 dir="auto">{n.title}</h1>
        <p className="q-meta">
          {t(`volunteering:vocab.kind.${n.kind}`)}
          {n.organisation ? <span dir="auto"> · {n.organisation}</span> : null}
        </p>
        <KeyValueList items={items} />
        {n.safeguarding ? <Alert variant="info" title={t('volunteering:public.safeguarding')} /> : null}
        {n.kind === 'call' ? (
          done ? (
            <Alert variant="success" title={t('volunteering:public.signedUp')} role="status">
              {t('volunteering:public.signedUpText')}
            </Alert>
          ) : (
            <section aria-labelledby="signup">
              <h2 id="signup">{t('volunteering:public.signup')}</h2>
              <FormFrame
                action={`${base(c)}/needs/${n.id}/signup`}
                csrf={csrfTokenFor(c)}
                errors={shownErrors(c, errors)}
                errorTitle={t('errorSummaryTitle')}
              >
                <Honeypot label={t('honeypot')} />
                <TextField
                  name="name"
                  label={t('volunteering:form.name')}
                  value={str(values.name)}
                  error={err('name')}
                  autoComplete="name"
                  maxLength={200}
                  required
                />
                <TextField
                  name="email"
                  type="email"
                  label={t('volunteering:form.email')}
                  hint={t('volunteering:public.signupHint')}
                  value={str(values.email)}
                  error={err('email')}
                  autoComplete="email"
                  maxLength={254}
                  required
                />
                <Button type="submit">{t('volunteering:public.signupButton')}</Button>
              </FormFrame>
            </section>
          )
        ) : (
          <section aria-labelledby="how">
            <h2 id="how">{t('volunteering:public.howTitle')}</h2>
            <p>{t('volunteering:public.howText')}</p>
            <p>
              <a className="kern-btn kern-btn--primary" href={`${base(c)}/offer`}>
                <span className="kern-label">{t('volunteering:public.offer')}</span>
              </a>
            </p>
          </section>
        )}
      </>
    ),
  });
}

async function initiativePage(c: C, ini: Initiative, values: Values = {}, errors: Errors = {}, sent = false) {
  const t = c.get('t');
  const err = errorOf(c, errors);
  const items = [
    { term: t('volunteering:public.activities'), value: ini.activities },
    { term: t('volunteering:public.meets'), value: ini.meets },
    { term: t('volunteering:public.where'), value: ini.place },
  ].filter((i) => i.value);
  return publicPage(c, {
    title: ini.name,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <Breadcrumb c={c} here={ini.name} />
        <h1 dir="auto">{ini.name}</h1>
        <KeyValueList items={items} />
        <h2>{t('volunteering:public.join')}</h2>
        {ini.joinMode === 'come_by' ? (
          <p>{t('volunteering:public.comeBy')}</p>
        ) : sent ? (
          <Alert variant="success" title={t('volunteering:public.sent')} role="status">
            {t('volunteering:public.sentText')}
          </Alert>
        ) : (
          <>
            <p>{t('volunteering:public.contactText')}</p>
            <FormFrame
              action={`${base(c)}/initiatives/${ini.id}/contact`}
              csrf={csrfTokenFor(c)}
              errors={shownErrors(c, errors)}
              errorTitle={t('errorSummaryTitle')}
            >
              <Honeypot label={t('honeypot')} />
              <TextField
                name="name"
                label={t('volunteering:form.name')}
                value={str(values.name)}
                error={err('name')}
                autoComplete="name"
                maxLength={200}
                required
              />
              <TextField
                name="email"
                type="email"
                label={t('volunteering:form.email')}
                value={str(values.email)}
                error={err('email')}
                autoComplete="email"
                maxLength={254}
                required
              />
              <TextArea
                name="message"
                label={t('volunteering:public.message')}
                value={str(values.message)}
                error={err('message')}
                rows={5}
                maxLength={3000}
                required
              />
              <Button type="submit">{t('volunteering:public.send')}</Button>
            </FormFrame>
          </>
        )}
      </>
    ),
  });
}

async function offerPage(c: C, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const err = errorOf(c, errors);
  return publicPage(c, {
    title: t('volunteering:form.title'),
    status,
    children: (
      <>
        <Breadcrumb c={c} here={t('volunteering:form.title')} />
        <h1>{t('volunteering:form.title')}</h1>
        <p className="q-prose">{t('volunteering:form.intro')}</p>
        <FormFrame
          action={`${base(c)}/offer`}
          csrf={csrfTokenFor(c)}
          errors={shownErrors(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          <Honeypot label={t('honeypot')} />
          <OfferFields c={c} values={values} errors={errors} areas={await areasOf(c)} />
          <h2>{t('volunteering:form.privacyTitle')}</h2>
          <p className="q-prose">{t('volunteering:form.privacyText')}</p>
          <CheckboxField
            name="consent"
            value="yes"
            label={t('volunteering:form.consent')}
            checked={values.consent === 'yes'}
            error={err('consent')}
          />
          <Button type="submit">{t('volunteering:form.submit')}</Button>
        </FormFrame>
      </>
    ),
  });
}

function thanksPage(c: C, email: string) {
  const t = c.get('t');
  return publicPage(c, {
    title: t('volunteering:form.thanks'),
    children: (
      <>
        <h1>{t('volunteering:form.thanks')}</h1>
        <Alert variant="success" title={t('volunteering:form.thanks')} role="status">
          {t('volunteering:form.thanksMail', { email })}
        </Alert>
        <p>
          <a href={base(c)}>{t('volunteering:public.back')}</a>
        </p>
      </>
    ),
  });
}

function linkPage(c: C, values: Values, errors: Errors, sent = false) {
  const t = c.get('t');
  const err = errorOf(c, errors);
  return publicPage(c, {
    title: t('volunteering:public.lostLink'),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <Breadcrumb c={c} here={t('volunteering:public.lostLink')} />
        <h1>{t('volunteering:public.lostLink')}</h1>
        {sent ? (
          <Alert variant="success" title={t('volunteering:public.linkSent')} role="status" />
        ) : (
          <>
            <p>{t('volunteering:public.lostLinkText')}</p>
            <FormFrame
              action={`${base(c)}/link`}
              csrf={csrfTokenFor(c)}
              errors={shownErrors(c, errors)}
              errorTitle={t('errorSummaryTitle')}
            >
              <Honeypot label={t('honeypot')} />
              <TextField
                name="email"
                type="email"
                label={t('volunteering:form.email')}
                value={str(values.email)}
                error={err('email')}
                autoComplete="email"
                maxLength={254}
                required
              />
              <Button type="submit">{t('volunteering:public.sendLink')}</Button>
            </FormFrame>
          </>
        )}
      </>
    ),
  });
}

// ── The volunteer's page behind the private link ──────────────────────────────────────────────

async function mePage(
  c: C,
  token: string,
  v: Volunteer,
  notice?: string,
  errors: Errors = {},
  values: Values = {},
) {
  const t = c.get('t');
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const me = `${base(c)}/me/${token}`;
  const ms = await matchesOfVolunteer(db, tenantId, v);
  const hs = await hoursOfVolunteer(db, tenantId, v.id);
  const certs = await certificatesOfVolunteer(db, tenantId, v.id);
  const ths = await thanksOfVolunteer(db, tenantId, v.id);
  const err = errorOf(c, errors);
  const proposals = ms.filter((m) => m.match.status === 'proposed');
  const agreed = ms.filter((m) => m.contact);
  const pending = hs.filter((h) => !h.confirmedAt);
  const csrf = csrfTokenFor(c);
  const hasConfirmed = ms.some((m) => m.match.confirmedAt);
  const openRequest = certs.find((x) => x.status === 'requested');
  return publicPage(c, {
    title: t('volunteering:me.title'),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{t('volunteering:me.title')}</h1>
        <p dir="auto">{t('volunteering:me.hello', { name: v.name })}</p>
        {notice ? (
          <Alert variant="success" title={t(`volunteering:me.notices.${notice}`)} role="status" />
        ) : null}
        {Object.entries(errors)
          .filter(([k]) => !k.startsWith('hours_'))
          .map(([k, key]) => (
            <Alert key={k} variant="error" title={t(key)} />
          ))}
        <p>
          <strong>{t(`volunteering:vocab.volunteerStatus.${v.status}`)}</strong> –{' '}
          {t(`volunteering:me.status.${v.status}`)}
        </p>
        <section aria-labelledby="proposals">
          <h2 id="proposals">{t('volunteering:me.proposals')}</h2>
          {proposals.length === 0 ? <p>{t('volunteering:me.noProposals')}</p> : null}
          {proposals.map((m) => (
            <article key={m.match.id} className="q-card">
              <h3 className="kern-heading-small" dir="auto">
                {m.need.title}
              </h3>
              <p className="q-meta" dir="auto">
                {m.need.organisation}
                {m.need.place ? ` · ${m.need.place}` : ''}
              </p>
              {m.need.description ? <p dir="auto">{m.need.description}</p> : null}
              {m.match.message ? <p dir="auto">„{m.match.message}“</p> : null}
              <p>{t('volunteering:me.why')}</p>
              <ul>
                {m.match.reasons.map((r) => (
                  <li key={r}>{reasonText(c, { key: r as never })}</li>
                ))}
              </ul>
              {m.need.safeguarding ? <p>{t('volunteering:public.safeguarding')}</p> : null}
              <p className="q-meta">{t('volunteering:me.answerBy', { date: day(c, m.match.expiresAt) })}</p>
              <form method="post" action={`${me}/matches/${m.match.id}/answer`} className="q-actions">
                <CsrfField token={csrf} />
                <Button type="submit" name="answer" value="accept">
                  {t('volunteering:me.accept')}
                </Button>
                <Button type="submit" name="answer" value="decline" variant="secondary">
                  {t('volunteering:me.decline')}
                </Button>
              </form>
            </article>
          ))}
        </section>
        <section aria-labelledby="agreed">
          <h2 id="agreed">{t('volunteering:me.agreed')}</h2>
          {agreed.length === 0 ? <p>{t('volunteering:me.noAgreed')}</p> : null}
          {agreed.map((m) => (
            <article key={m.match.id} className="q-card">
              <h3 className="kern-heading-small" dir="auto">
                {m.need.title}
              </h3>
              <p className="q-meta">{t(`volunteering:vocab.matchStatus.${m.match.status}`)}</p>
              <KeyValueList
                items={[
                  { term: t('volunteering:me.organisation'), value: m.need.organisation },
                  { term: t('volunteering:me.contactName'), value: m.contact!.name },
                  { term: t('volunteering:me.contactEmail'), value: m.contact!.email },
                  { term: t('volunteering:me.contactPhone'), value: m.contact!.phone },
                  { term: t('volunteering:public.where'), value: m.need.place },
                  {
                    term: t('volunteering:me.hoursSoFar'),
                    value: t('volunteering:me.hoursValue', { hours: hoursText(c, m.minutes) }),
                  },
                ].filter((i) => i.value)}
              />
              <form method="post" action={`${me}/matches/${m.match.id}/hours`} className="q-form" noValidate>
                <CsrfField token={csrf} />
                <h4>{t('volunteering:me.recordHours')}</h4>
                <TextField
                  id={`day-${m.match.id}`}
                  name="day"
                  type="date"
                  label={t('volunteering:fields.day')}
                  value={values.matchId === m.match.id ? str(values.day) : todayLocal()}
                  error={values.matchId === m.match.id ? err('hours_day') : undefined}
                  width={10}
                />
                <TextField
                  id={`hours-${m.match.id}`}
                  name="hours"
                  inputMode="decimal"
                  label={t('volunteering:fields.hours')}
                  hint={t('volunteering:me.hoursHint')}
                  value={values.matchId === m.match.id ? str(values.hours) : ''}
                  error={values.matchId === m.match.id ? err('hours_hours') : undefined}
                  width={10}
                />
                <TextField
                  id={`note-${m.match.id}`}
                  name="note"
                  label={t('volunteering:fields.note')}
                  value={values.matchId === m.match.id ? str(values.note) : ''}
                  maxLength={300}
                  optionalText={t('volunteering:form.optional')}
                />
                <Button type="submit" variant="secondary">
                  {t('volunteering:me.saveHours')}
                </Button>
              </form>
            </article>
          ))}
        </section>
        {pending.length ? (
          <section aria-labelledby="pending">
            <h2 id="pending">{t('volunteering:me.pendingHours')}</h2>
            <p>{t('volunteering:me.pendingText')}</p>
            <ul>
              {pending.map((h) => (
                <li key={h.id}>
                  {day(c, h.day)}: {t('volunteering:me.hoursValue', { hours: hoursText(c, h.minutes) })}{' '}
                  {h.note ? <span dir="auto">({h.note})</span> : null}
                  <form method="post" action={`${me}/hours/${h.id}`} className="q-actions">
                    <CsrfField token={csrf} />
                    <Button type="submit" name="answer" value="confirm" variant="secondary">
                      {t('volunteering:me.confirmHours')}
                    </Button>
                    <Button type="submit" name="answer" value="remove" variant="secondary">
                      {t('volunteering:me.removeHours')}
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby="certificate">
          <h2 id="certificate">{t('volunteering:me.certificate')}</h2>
          <p>{t('volunteering:me.certificateText')}</p>
          {certs
            .filter((x) => x.status === 'signed')
            .map((x) => (
              <p key={x.id}>
                <a href={`${me}/certificates/${x.id}/pdf`}>
                  {t('volunteering:me.certificateLink', { date: day(c, x.signedAt!) })}
                </a>
              </p>
            ))}
          {openRequest ? (
            <p>{t('volunteering:me.certificateRequested', { date: day(c, openRequest.requestedAt) })}</p>
          ) : hasConfirmed ? (
            <form method="post" action={`${me}/certificates`}>
              <CsrfField token={csrf} />
              <Button type="submit" variant="secondary">
                {t('volunteering:me.requestCertificate')}
              </Button>
            </form>
          ) : (
            <p>{t('volunteering:me.certificateLater')}</p>
          )}
        </section>
        {ths.length ? (
          <section aria-labelledby="thanks">
            <h2 id="thanks">{t('volunteering:me.thanks')}</h2>
            {ths.map((x) => (
              <blockquote key={x.id} dir="auto">
                {x.text}
                <footer className="q-meta">{day(c, x.createdAt)}</footer>
              </blockquote>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="entry">
          <h2 id="entry">{t('volunteering:me.entry')}</h2>
          <KeyValueList
            items={[
              { term: t('volunteering:form.skills'), value: list(c, 'skill', v.skills) },
              { term: t('volunteering:form.about'), value: v.about },
              { term: t('volunteering:form.weekdays'), value: list(c, 'weekday', v.weekdays) },
              { term: t('volunteering:form.dayParts'), value: list(c, 'dayPart', v.dayParts) },
              { term: t('volunteering:form.languages'), value: list(c, 'language', v.languages) },
              { term: t('volunteering:form.email'), value: v.email },
              { term: t('volunteering:form.phone'), value: v.phone },
            ].filter((i) => i.value)}
          />
          <div className="q-actions">
            <a className="kern-btn kern-btn--secondary" href={`${me}/edit`}>
              <span className="kern-label">{t('volunteering:me.edit')}</span>
            </a>
            <form method="post" action={`${me}/${v.status === 'paused' ? 'resume' : 'pause'}`}>
              <CsrfField token={csrf} />
              <Button type="submit" variant="secondary">
                {v.status === 'paused' ? t('volunteering:me.resume') : t('volunteering:me.pause')}
              </Button>
            </form>
            <a href={`${me}/export.json`} download="engagement.json">
              {t('volunteering:me.export')}
            </a>
          </div>
        </section>
        <form method="post" action={`${me}/delete`} className="q-form">
          <CsrfField token={csrf} />
          <h2>{t('volunteering:me.deleteTitle')}</h2>
          <p>{t('volunteering:me.deleteText')}</p>
          <CheckboxField
            name="confirm"
            value="yes"
            label={t('volunteering:me.deleteConfirm')}
            error={err('confirm')}
          />
          <Button type="submit" variant="secondary">
            {t('volunteering:me.delete')}
          </Button>
        </form>
        <p className="q-meta">{t('volunteering:me.keepLink')}</p>
      </>
    ),
  });
}

async function editPage(c: C, token: string, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const me = `${base(c)}/me/${token}`;
  return publicPage(c, {
    title: t('volunteering:me.edit'),
    status,
    children: (
      <>
        <h1>{t('volunteering:me.edit')}</h1>
        <p>
          <a href={me}>{t('volunteering:me.back')}</a>
        </p>
        <FormFrame
          action={`${me}/edit`}
          csrf={csrfTokenFor(c)}
          errors={shownErrors(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          <OfferFields c={c} values={values} errors={errors} areas={await areasOf(c)} />
          <Button type="submit">{t('volunteering:me.save')}</Button>
        </FormFrame>
      </>
    ),
  });
}

const valuesOf = (v: Volunteer): Values => ({
  name: v.name,
  email: v.email,
  phone: v.phone,
  organisation: v.organisation,
  about: v.about,
  skills: v.skills,
  weekdays: v.weekdays,
  dayParts: v.dayParts,
  areaIds: v.chosenAreaIds,
  languages: v.languages,
});

export function mountPublicVolunteeringPages(pub: Hono<AppEnv>): void {
  const db = (c: C) => c.get('services').db;
  const tenantId = (c: C) => c.get('tenant')!.id;
  const tokenOf = (c: C) => c.req.param('token') ?? '';
  const linkLimit = (c: C) =>
    enforceLimit(c, 'volunteering-link', LINK_LIMIT.perIp, LINK_LIMIT.windowSeconds);
  const linkOf = (c: C) => (token: string) => `${c.get('services').config.baseUrl}${base(c)}/me/${token}`;
  const idOf = (c: C, name = 'id') => {
    const id = c.req.param(name) ?? '';
    if (!isUuid(id)) throw new AppError(404, 'not_found');
    return id;
  };

  pub.get('/volunteering', (c) => startPage(c));

  pub.get('/volunteering/needs/:id', (c) => needPage(c, idOf(c)));

  pub.post('/volunteering/needs/:id/signup', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const id = idOf(c);
    const body = await formData(c);
    const values = { name: str(body.name), email: str(body.email) };
    await enforceLimit(c, 'volunteering-contact', CONTACT_LIMIT.perIp, CONTACT_LIMIT.windowSeconds);
    if (honeypotFilled(body)) return needPage(c, id, {}, {}, true);
    try {
      await signUpForCall(db(c), tenantId(c), id, values, {
        lang: c.get('lang'),
        linkOf: (token) => `${c.get('services').config.baseUrl}${base(c)}/signups/${token}`,
      });
    } catch (err) {
      return needPage(c, id, values, refusal(err));
    }
    return needPage(c, id, {}, {}, true);
  });

  pub.get('/volunteering/signups/:token', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    const t = c.get('t');
    const s = await signupByToken(db(c), tenantId(c), tokenOf(c));
    return publicPage(c, {
      title: t('volunteering:public.cancelTitle'),
      children: (
        <>
          <h1>{t('volunteering:public.cancelTitle')}</h1>
          <p dir="auto">
            {s.title}
            {s.startsOn ? ` · ${day(c, s.startsOn)}` : ''}
          </p>
          <form method="post" action={`${base(c)}/signups/${tokenOf(c)}`}>
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit">{t('volunteering:public.cancel')}</Button>
          </form>
        </>
      ),
    });
  });

  pub.post('/volunteering/signups/:token', async (c) => {
    privateHeaders(c);
    await linkLimit(c);
    await cancelSignup(db(c), tenantId(c), tokenOf(c));
    const t = c.get('t');
    return publicPage(c, {
      title: t('volunteering:public.cancelled'),
      children: <Alert variant="success" title={t('volunteering:public.cancelled')} role="status" />,
    });
  });

  pub.get('/volunteering/initiatives/:id', async (c) =>
    initiativePage(c, await publicInitiative(db(c), tenantId(c), idOf(c))),
  );

  pub.post('/volunteering/initiatives/:id/contact', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const ini = await publicInitiative(db(c), tenantId(c), idOf(c));
    const body = await formData(c);
    const values = { name: str(body.name), email: str(body.email), message: str(body.message) };
    await enforceLimit(c, 'volunteering-contact', CONTACT_LIMIT.perIp, CONTACT_LIMIT.windowSeconds);
    if (honeypotFilled(body)) return initiativePage(c, ini, {}, {}, true);
    try {
      await contactInitiative(db(c), tenantId(c), ini.id, values);
    } catch (err) {
      return initiativePage(c, ini, values, refusal(err));
    }
    return initiativePage(c, ini, {}, {}, true);
  });

  pub.get('/volunteering/offer', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return offerPage(c, {}, {});
  });

  pub.post('/volunteering/offer', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const body = await formData(c);
    const r = readOfferForm(body);
    r.values.consent = str(body.consent);
    await enforceLimit(c, 'volunteering-offer', OFFER_LIMIT.perIp, OFFER_LIMIT.windowSeconds);
    if (honeypotFilled(body)) return thanksPage(c, str(r.values.email));
    if (body.consent !== 'yes') r.errors.consent = 'volunteering:errors.consent';
    if (Object.keys(r.errors).length) return offerPage(c, r.values, r.errors, 422);
    await enforceLimit(
      c,
      'volunteering-offer-mail',
      OFFER_LIMIT.perEmail,
      OFFER_LIMIT.windowSeconds * 24,
      str(r.values.email),
    );
    try {
      await offerHelp(
        db(c),
        tenantId(c),
        { ...r.input, consent: true },
        { lang: c.get('lang'), linkOf: linkOf(c) },
      );
    } catch (err) {
      return offerPage(c, r.values, refusal(err), 422);
    }
    return thanksPage(c, str(r.values.email));
  });

  pub.get('/volunteering/link', (c) => {
    c.header('Cache-Control', 'private, no-store');
    return linkPage(c, {}, {});
  });

  pub.post('/volunteering/link', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const body = await formData(c);
    const email = str(body.email);
    await enforceLimit(c, 'volunteering-resend', CONTACT_LIMIT.perIp, CONTACT_LIMIT.windowSeconds);
    if (honeypotFilled(body)) return linkPage(c, {}, {}, true);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return linkPage(c, { email }, { email: 'validation.email' });
    await enforceLimit(c, 'volunteering-resend-mail', 3, 3600, email);
    await resendLink(db(c), tenantId(c), email, linkOf(c));
    return linkPage(c, {}, {}, true);
  });

  // ── The private link ──
  const me = (c: C) => `${base(c)}/me/${tokenOf(c)}`;
  const guard = async (c: C) => {
    privateHeaders(c);
    await linkLimit(c);
  };

  pub.get('/volunteering/me/:token', async (c) => {
    await guard(c);
    const v = await volunteerByToken(db(c), tenantId(c), tokenOf(c));
    const notice = c.req.query('done');
    return mePage(c, tokenOf(c), v, notice && /^\w{1,20}$/.test(notice) ? notice : undefined);
  });

  pub.get('/volunteering/me/:token/edit', async (c) => {
    await guard(c);
    const v = await volunteerByToken(db(c), tenantId(c), tokenOf(c));
    return editPage(c, tokenOf(c), valuesOf(v), {});
  });

  pub.post('/volunteering/me/:token/edit', async (c) => {
    await guard(c);
    await volunteerByToken(db(c), tenantId(c), tokenOf(c));
    const r = readOfferForm(await formData(c));
    if (Object.keys(r.errors).length) return editPage(c, tokenOf(c), r.values, r.errors, 422);
    try {
      await updateOfferByToken(db(c), tenantId(c), tokenOf(c), r.input);
    } catch (err) {
      return editPage(c, tokenOf(c), r.values, refusal(err), 422);
    }
    return c.redirect(`${me(c)}?done=saved`, 303);
  });

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const)
    pub.post(`/volunteering/me/:token/${path}`, async (c) => {
      await guard(c);
      await pauseByToken(db(c), tenantId(c), tokenOf(c), paused);
      return c.redirect(`${me(c)}?done=${path}d`, 303);
    });

  pub.get('/volunteering/me/:token/export.json', async (c) => {
    await guard(c);
    const data = await exportByToken(db(c), tenantId(c), tokenOf(c));
    c.header('Content-Disposition', 'attachment; filename="engagement.json"');
    return c.json(data);
  });

  pub.post('/volunteering/me/:token/delete', async (c) => {
    await guard(c);
    const body = await formData(c);
    const v = await volunteerByToken(db(c), tenantId(c), tokenOf(c));
    if (body.confirm !== 'yes')
      return mePage(c, tokenOf(c), v, undefined, { confirm: 'volunteering:errors.confirmDelete' });
    await deleteByToken(db(c), tenantId(c), tokenOf(c));
    const t = c.get('t');
    return publicPage(c, {
      title: t('volunteering:me.deleted'),
      children: (
        <>
          <h1>{t('volunteering:me.deleted')}</h1>
          <Alert variant="success" title={t('volunteering:me.deleted')} role="status">
            {t('volunteering:me.deletedText')}
          </Alert>
          <p>
            <a href={base(c)}>{t('volunteering:public.back')}</a>
          </p>
        </>
      ),
    });
  });

  pub.post('/volunteering/me/:token/matches/:matchId/answer', async (c) => {
    await guard(c);
    const body = await formData(c);
    const answer = body.answer === 'accept' ? 'accept' : 'decline';
    try {
      await answerByToken(db(c), tenantId(c), tokenOf(c), idOf(c, 'matchId'), answer);
    } catch (err) {
      const v = await volunteerByToken(db(c), tenantId(c), tokenOf(c));
      return mePage(c, tokenOf(c), v, undefined, refusal(err));
    }
    return c.redirect(`${me(c)}?done=${answer === 'accept' ? 'accepted' : 'declined'}`, 303);
  });

  pub.post('/volunteering/me/:token/matches/:matchId/hours', async (c) => {
    await guard(c);
    const matchId = idOf(c, 'matchId');
    const body = await formData(c);
    const values = { matchId, day: str(body.day), hours: str(body.hours), note: str(body.note) };
    const hours = Number(values.hours.replace(',', '.'));
    try {
      await recordHoursByToken(db(c), tenantId(c), tokenOf(c), matchId, {
        day: values.day,
        hours: values.hours === '' || Number.isNaN(hours) ? (undefined as never) : hours,
        note: values.note,
      });
    } catch (err) {
      const fields = refusal(err);
      const v = await volunteerByToken(db(c), tenantId(c), tokenOf(c));
      const errors = Object.fromEntries(
        Object.entries(fields).map(([k, m]) => [k === 'day' || k === 'hours' ? `hours_${k}` : k, m]),
      );
      return mePage(c, tokenOf(c), v, undefined, errors, values);
    }
    return c.redirect(`${me(c)}?done=hours`, 303);
  });

  pub.post('/volunteering/me/:token/hours/:hoursId', async (c) => {
    await guard(c);
    const body = await formData(c);
    const answer = body.answer === 'confirm' ? 'confirm' : 'remove';
    await answerHoursByToken(db(c), tenantId(c), tokenOf(c), idOf(c, 'hoursId'), answer);
    return c.redirect(`${me(c)}?done=${answer === 'confirm' ? 'hoursConfirmed' : 'hoursRemoved'}`, 303);
  });

  pub.post('/volunteering/me/:token/certificates', async (c) => {
    await guard(c);
    await requestCertificateByToken(db(c), tenantId(c), tokenOf(c));
    return c.redirect(`${me(c)}?done=requested`, 303);
  });

  pub.get('/volunteering/me/:token/certificates/:certId/pdf', async (c) => {
    await guard(c);
    const pdf = await certificatePdfByToken(db(c), tenantId(c), tokenOf(c), idOf(c, 'certId'));
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', 'inline; filename="engagementnachweis.pdf"');
    return c.body(new Uint8Array(pdf));
  });
}
