// Staff screens of volunteering: needs and calls (post, change, close), a need with its matches (the
// volunteer's contact once both agreed), suggestions ranked by fit with their reasons and a button to
// propose; volunteers of the member's areas, the seen extended certificate, thanks; certificate
// requests to sign off; initiatives. Parse → use case → render; no rules here.
import type { Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm, parseFields } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate, localParts, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  FormFrame,
  KeyValueList,
  Pagination,
  RadioGroup,
  SearchFilters,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { validUntil } from '../domain/safeguarding.ts';
import {
  DAY_PARTS,
  JOIN_MODES,
  LANGUAGES,
  NEED_KINDS,
  NEED_STATUSES,
  SCHEDULES,
  SKILLS,
  WEEKDAYS,
} from '../domain/vocab.ts';
import { MANAGE } from '../policies.ts';
import { getCertificate, getMatch, type Need } from '../queries.ts';
import { initiativeFields, NEED_FORM, needFields } from '../schemas.ts';
import { signupsOf } from '../use-cases/calls.ts';
import { certificateRequestsFor, signCertificate, thankVolunteer } from '../use-cases/certificates.ts';
import { formChoices, listChoices } from '../use-cases/choices.ts';
import { suggestHours } from '../use-cases/hours.ts';
import {
  createInitiative,
  initiativeFor,
  listInitiativesFor,
  updateInitiative,
} from '../use-cases/initiatives.ts';
import { confirmMatch, endMatch, matchesOfNeed, proposeMatch, suggestionsFor } from '../use-cases/matches.ts';
import {
  createNeed,
  exportNeeds,
  listNeedsFor,
  type NeedListItem,
  needFor,
  setNeedStatus,
  updateNeed,
} from '../use-cases/needs.ts';
import { DEFAULT_SETTINGS, type VolunteeringSettings } from '../use-cases/shared.ts';
import {
  exportVolunteers,
  listVolunteersFor,
  recordCertificateSeen,
  type VolunteerCard,
  volunteerViewFor,
} from '../use-cases/volunteers.ts';
import {
  type C,
  type Errors,
  errorOf,
  hoursText,
  list,
  options,
  reasonText,
  refusal,
  shownErrors,
  type Values,
} from './shared.tsx';

const base = (c: C) => `/staff/${c.get('tenant')!.slug}/volunteering`;
const db = (c: C) => c.get('services').db;
const day = (c: C, d: string | Date) => formatDate(d, c.get('lang'));
/** A date in a list's column or a CSV cell: "07.12.2026". */
const shortDay = (c: C, d: string | Date) =>
  formatDate(d, c.get('lang'), { weekday: undefined, day: '2-digit', month: '2-digit' });
const settings = (c: C): VolunteeringSettings =>
  (c.get('services').config.modules?.volunteering as VolunteeringSettings | undefined) ?? DEFAULT_SETTINGS;

function idParam(c: C, name = 'id'): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, 'not_found');
  return id;
}

function SubNav({ c }: { c: C }) {
  const t = c.get('t');
  return (
    <nav aria-label={t('volunteering:staff.sections')}>
      <ul className="q-inline-list">
        <li>
          <a href={base(c)}>{t('volunteering:staff.needs')}</a>
        </li>
        <li>
          <a href={`${base(c)}/volunteers`}>{t('volunteering:staff.volunteers')}</a>
        </li>
        <li>
          <a href={`${base(c)}/initiatives`}>{t('volunteering:staff.initiatives')}</a>
        </li>
      </ul>
    </nav>
  );
}

// ── Needs ──

/** Rows of a staff list page. */
const PAGE = 50;

const pick = <T extends string>(raw: string | undefined, codes: readonly T[]): T | undefined =>
  (codes as readonly string[]).includes(raw ?? '') ? (raw as T) : undefined;

/** The list's filter from its address; an area only among those the member reads (the area switcher as default). */
function areaParam(c: C, areas: { value: string }[]): string | undefined {
  const raw = c.req.query('area') ?? c.get('currentAreaId') ?? '';
  return areas.some((a) => a.value === raw) ? raw : undefined;
}

/** The list's address with its filter and a page (or the CSV). */
function listHref(path: string, filter: Record<string, string | undefined>, extra: Record<string, string>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const query = q.toString();
  return query ? `${path}?${query}` : path;
}

const NEED_CSV = [
  'title',
  'kind',
  'status',
  'area',
  'organisation',
  'place',
  'when',
  'peopleNeeded',
  'agreed',
  'skills',
  'languages',
  'safeguarding',
  'postedOn',
  'link',
] as const;

/** When a need is: its date or period, or its weekdays and times of day. */
function whenOf(c: C, n: Need): string {
  const dates = n.startsOn
    ? n.endsOn && n.endsOn !== n.startsOn
      ? `${shortDay(c, n.startsOn)} – ${shortDay(c, n.endsOn)}`
      : shortDay(c, n.startsOn)
    : '';
  return [dates, list(c, 'weekday', n.weekdays), list(c, 'dayPart', n.dayParts), n.scheduleNote]
    .filter(Boolean)
    .join(', ');
}

async function needsPage(c: C) {
  const t = c.get('t');
  const actor = actorOf(c);
  const choices = await listChoices(actor, db(c));
  const filter = {
    q: (c.req.query('q') ?? '').trim().slice(0, 200) || undefined,
    status: pick(c.req.query('status'), NEED_STATUSES),
    kind: pick(c.req.query('kind'), NEED_KINDS),
    area: areaParam(c, choices.areas),
    skill: pick(c.req.query('skill'), SKILLS),
  };
  const f = { ...filter, areaId: filter.area };
  if (c.req.query('format') === 'csv') {
    const all = await exportNeeds(actor, db(c), f);
    const link = `${c.get('services').config.baseUrl}${base(c)}/needs/`;
    const yes = t('volunteering:staff.yes');
    return csvResponse(
      toCsv(
        NEED_CSV.map((k) => t(`volunteering:staff.csvColumns.${k}`)),
        all.map((n) => [
          n.title,
          t(`volunteering:vocab.kind.${n.kind}`),
          t(`volunteering:vocab.needStatus.${n.status}`),
          choices.names.get(n.areaId) ?? '',
          n.organisation,
          n.place,
          whenOf(c, n),
          n.peopleNeeded,
          n.agreed,
          list(c, 'skill', n.skills),
          list(c, 'language', n.languages),
          n.safeguarding ? yes : '',
          localParts(n.createdAt).date,
          `${link}${n.id}`,
        ]),
      ),
      'engagement-gesuche.csv',
    );
  }
  const page = pageNumber(c.req.query('page'));
  const { items, total } = await listNeedsFor(actor, db(c), {
    ...f,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  const requests = await certificateRequestsFor(actor, db(c));
  const all = t('volunteering:staff.all');
  const filtered = Object.values(filter).some(Boolean);
  return staffPage(c, {
    title: t('volunteering:staff.title'),
    children: (
      <>
        <h1>{t('volunteering:staff.title')}</h1>
        <SubNav c={c} />
        {can(actor, MANAGE) ? (
          <p className="q-actions">
            <a className="kern-btn kern-btn--primary" href={`${base(c)}/needs/new`}>
              <span className="kern-label">{t('volunteering:staff.newNeed')}</span>
            </a>
            <a className="kern-btn kern-btn--secondary" href={`${base(c)}/needs/new?kind=call`}>
              <span className="kern-label">{t('volunteering:staff.newCall')}</span>
            </a>
          </p>
        ) : null}
        {requests.length ? (
          <section aria-labelledby="requests">
            <h2 id="requests">{t('volunteering:staff.certificateRequests')}</h2>
            <ul>
              {requests.map((r) => (
                <li key={r.certificate.id}>
                  <a href={`${base(c)}/volunteers/${r.volunteerId}`} dir="auto">
                    {r.name}
                  </a>{' '}
                  · {day(c, r.certificate.requestedAt)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <h2>{t('volunteering:staff.needsAndCalls')}</h2>
        <SearchFilters
          action={base(c)}
          search={{ label: t('volunteering:staff.search'), value: filter.q ?? '' }}
          searchButton={t('search')}
          more={{
            summary: t('volunteering:staff.moreFilters'),
            all,
            button: t('volunteering:staff.show'),
            selects: [
              {
                name: 'status',
                label: t('volunteering:staff.status'),
                value: filter.status ?? '',
                options: options(c, 'needStatus', NEED_STATUSES),
              },
              {
                name: 'kind',
                label: t('volunteering:fields.kind'),
                value: filter.kind ?? '',
                options: options(c, 'kind', NEED_KINDS),
              },
              {
                name: 'area',
                label: t('volunteering:fields.area'),
                value: filter.area ?? '',
                options: choices.areas,
              },
              {
                name: 'skill',
                label: t('volunteering:staff.skill'),
                value: filter.skill ?? '',
                options: options(c, 'skill', SKILLS),
              },
            ],
          }}
        />
        <DataTable
          caption={t('volunteering:staff.needsCount', { count: total })}
          rows={items}
          rowKey={(n) => n.id}
          stack
          emptyMessage={filtered ? t('volunteering:staff.noneFound') : t('volunteering:staff.noNeeds')}
          columns={[
            {
              key: 'title',
              header: t('volunteering:fields.title'),
              rowHeader: true,
              className: 'q-cell-wrap',
              cell: (n: NeedListItem) => (
                <a href={`${base(c)}/needs/${n.id}`} dir="auto">
                  {n.title}
                </a>
              ),
            },
            {
              key: 'kind',
              header: t('volunteering:fields.kind'),
              cell: (n: NeedListItem) =>
                `${t(`volunteering:vocab.kind.${n.kind}`)}${n.safeguarding ? ` · ${t('volunteering:staff.safeguardingShort')}` : ''}`,
            },
            {
              key: 'status',
              header: t('volunteering:staff.status'),
              cell: (n: NeedListItem) => t(`volunteering:vocab.needStatus.${n.status}`),
            },
            {
              key: 'area',
              header: t('volunteering:fields.area'),
              cell: (n: NeedListItem) => (
                <>
                  {choices.names.get(n.areaId) ?? ''}
                  {n.organisation ? <span dir="auto"> · {n.organisation}</span> : null}
                </>
              ),
            },
            {
              key: 'agreed',
              header: t('volunteering:staff.agreed'),
              numeric: true,
              cell: (n: NeedListItem) =>
                t('volunteering:staff.agreedOf', { agreed: n.agreed, needed: n.peopleNeeded }),
            },
            {
              key: 'posted',
              header: t('volunteering:staff.postedOn'),
              numeric: true,
              cell: (n: NeedListItem) => shortDay(c, n.createdAt),
            },
          ]}
        />
        <Pagination
          page={page}
          totalPages={Math.ceil(total / PAGE)}
          href={(p) => listHref(base(c), filter, { page: String(p) })}
          label={t('volunteering:staff.pages')}
          previousLabel={t('previous')}
          nextLabel={t('next')}
        />
        {total ? (
          <p>
            <a href={listHref(base(c), filter, { format: 'csv' })} download>
              {t('volunteering:staff.needsCsv', { count: total })}
            </a>
          </p>
        ) : null}
      </>
    ),
  });
}

const needValues = (n: Need): Values => ({
  kind: n.kind,
  title: n.title,
  description: n.description,
  forWhom: n.forWhom,
  areaId: n.areaId,
  actorId: n.actorId ?? '',
  organisation: n.organisation,
  place: n.place,
  schedule: n.schedule,
  startsOn: n.startsOn ?? '',
  endsOn: n.endsOn ?? '',
  weekdays: n.weekdays,
  dayParts: n.dayParts,
  scheduleNote: n.scheduleNote,
  peopleNeeded: String(n.peopleNeeded),
  skills: n.skills,
  languages: n.languages,
  safeguarding: n.safeguarding ? 'on' : '',
  contactName: n.contactName,
  contactEmail: n.contactEmail,
  contactPhone: n.contactPhone,
});

async function needFormPage(c: C, id: string | null, values: Values, errors: Errors = {}) {
  const t = c.get('t');
  const choices = await formChoices(actorOf(c), db(c));
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const vs = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const err = errorOf(c, errors);
  const optional = t('volunteering:form.optional');
  const title = id ? t('volunteering:staff.editNeed') : t('volunteering:staff.newNeed');
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{title}</h1>
        <p>
          <a href={id ? `${base(c)}/needs/${id}` : base(c)}>{t('volunteering:staff.back')}</a>
        </p>
        <FormFrame
          action={id ? `${base(c)}/needs/${id}/edit` : `${base(c)}/needs/new`}
          csrf={csrfTokenFor(c)}
          errors={shownErrors(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          <RadioGroup
            name="kind"
            label={t('volunteering:fields.kind')}
            value={v('kind') || 'need'}
            options={options(c, 'kind', NEED_KINDS)}
            error={err('kind')}
            inline
          />
          <TextField
            name="title"
            label={t('volunteering:fields.title')}
            value={v('title')}
            error={err('title')}
            maxLength={200}
            required
          />
          <TextArea
            name="description"
            label={t('volunteering:fields.description')}
            value={v('description')}
            error={err('description')}
            rows={4}
            maxLength={5000}
            optionalText={optional}
          />
          <TextField
            name="forWhom"
            label={t('volunteering:fields.forWhom')}
            value={v('forWhom')}
            error={err('forWhom')}
            maxLength={300}
            optionalText={optional}
          />
          <SelectField
            name="areaId"
            label={t('volunteering:fields.area')}
            value={v('areaId')}
            placeholder={t('volunteering:staff.chooseArea')}
            options={choices.areas}
            error={err('areaId')}
            required
          />
          <SelectField
            name="actorId"
            label={t('volunteering:fields.actor')}
            hint={t('volunteering:staff.actorHint')}
            value={v('actorId')}
            placeholder={t('volunteering:staff.ownTeam')}
            options={choices.organisations}
            error={err('actorId')}
            optionalText={optional}
          />
          <TextField
            name="organisation"
            label={t('volunteering:fields.organisation')}
            hint={t('volunteering:staff.organisationHint')}
            value={v('organisation')}
            error={err('organisation')}
            maxLength={200}
            optionalText={optional}
          />
          <TextField
            name="place"
            label={t('volunteering:fields.place')}
            value={v('place')}
            error={err('place')}
            maxLength={300}
            optionalText={optional}
          />
          <RadioGroup
            name="schedule"
            label={t('volunteering:fields.schedule')}
            value={v('schedule') || 'regular'}
            options={options(c, 'schedule', SCHEDULES)}
            error={err('schedule')}
            inline
          />
          <TextField
            name="startsOn"
            type="date"
            label={t('volunteering:fields.startsOn')}
            hint={t('volunteering:staff.startsOnHint')}
            value={v('startsOn')}
            error={err('startsOn')}
            width={10}
            optionalText={optional}
          />
          <TextField
            name="endsOn"
            type="date"
            label={t('volunteering:fields.endsOn')}
            value={v('endsOn')}
            error={err('endsOn')}
            width={10}
            optionalText={optional}
          />
          <CheckboxGroup
            name="weekdays"
            label={t('volunteering:form.weekdays')}
            values={vs('weekdays')}
            options={options(c, 'weekday', WEEKDAYS)}
            error={err('weekdays')}
            inline
            optionalText={optional}
          />
          <CheckboxGroup
            name="dayParts"
            label={t('volunteering:form.dayParts')}
            values={vs('dayParts')}
            options={options(c, 'dayPart', DAY_PARTS)}
            error={err('dayParts')}
            inline
            optionalText={optional}
          />
          <TextField
            name="scheduleNote"
            label={t('volunteering:fields.scheduleNote')}
            value={v('scheduleNote')}
            error={err('scheduleNote')}
            maxLength={300}
            optionalText={optional}
          />
          <TextField
            name="peopleNeeded"
            inputMode="numeric"
            label={t('volunteering:fields.peopleNeeded')}
            value={v('peopleNeeded') || '1'}
            error={err('peopleNeeded')}
            width={10}
          />
          <CheckboxGroup
            name="skills"
            label={t('volunteering:fields.skills')}
            values={vs('skills')}
            options={options(c, 'skill', SKILLS)}
            error={err('skills')}
            optionalText={optional}
          />
          <CheckboxGroup
            name="languages"
            label={t('volunteering:form.languages')}
            values={vs('languages')}
            options={options(c, 'language', LANGUAGES)}
            error={err('languages')}
            inline
            optionalText={optional}
          />
          <CheckboxField
            name="safeguarding"
            label={t('volunteering:fields.safeguarding')}
            hint={t('volunteering:staff.safeguardingHint')}
            checked={v('safeguarding') === 'on'}
            error={err('safeguarding')}
          />
          <h2>{t('volunteering:staff.contactTitle')}</h2>
          <p>{t('volunteering:staff.contactText')}</p>
          <TextField
            name="contactName"
            label={t('volunteering:fields.contactName')}
            value={v('contactName')}
            error={err('contactName')}
            maxLength={200}
            optionalText={optional}
          />
          <TextField
            name="contactEmail"
            type="email"
            label={t('volunteering:fields.contactEmail')}
            value={v('contactEmail')}
            error={err('contactEmail')}
            maxLength={254}
            optionalText={optional}
          />
          <TextField
            name="contactPhone"
            type="tel"
            label={t('volunteering:fields.contactPhone')}
            value={v('contactPhone')}
            error={err('contactPhone')}
            maxLength={40}
            optionalText={optional}
          />
          <Button type="submit">{t('volunteering:staff.save')}</Button>
        </FormFrame>
      </>
    ),
  });
}

function readNeedForm(body: Record<string, string | string[] | File>) {
  const { input, values } = fromForm(body, NEED_FORM);
  const i = input as Record<string, unknown>;
  if (!i.actorId) i.actorId = null;
  if (!i.startsOn) i.startsOn = null;
  if (!i.endsOn) i.endsOn = null;
  for (const k of [
    'contactEmail',
    'contactPhone',
    'description',
    'forWhom',
    'organisation',
    'place',
    'scheduleNote',
    'contactName',
  ])
    if (i[k] === undefined) i[k] = '';
  const { errors } = parseFields(needFields, i);
  return { input: i as never, values, errors: errors as Errors };
}

async function needPage(c: C, notice?: string, errors: Errors = {}, needId?: string) {
  const t = c.get('t');
  const actor = actorOf(c);
  const need = await needFor(actor, db(c), needId ?? idParam(c));
  const ms = await matchesOfNeed(actor, db(c), need.id);
  const mayManage = can(actor, MANAGE, need.areaIds);
  const suggestions =
    mayManage && need.status === 'open' && need.kind === 'need'
      ? await suggestionsFor(actor, db(c), need.id)
      : [];
  const sups = need.kind === 'call' ? await signupsOf(actor, db(c), need.id) : [];
  const csrf = csrfTokenFor(c);
  return staffPage(c, {
    title: need.title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={base(c)}>{t('volunteering:staff.back')}</a>
        </p>
        <h1 dir="auto">{need.title}</h1>
        <p className="q-meta">
          {t(`volunteering:vocab.kind.${need.kind}`)} · {t(`volunteering:vocab.needStatus.${need.status}`)}
        </p>
        {notice ? (
          <Alert variant="success" title={t(`volunteering:staff.notices.${notice}`)} role="status" />
        ) : null}
        {Object.entries(errors).map(([k, key]) => (
          <Alert key={k} variant="error" title={t(key)} />
        ))}
        <KeyValueList
          items={[
            { term: t('volunteering:fields.description'), value: need.description },
            { term: t('volunteering:fields.forWhom'), value: need.forWhom },
            { term: t('volunteering:fields.organisation'), value: need.organisation },
            { term: t('volunteering:fields.place'), value: need.place },
            { term: t('volunteering:fields.startsOn'), value: need.startsOn ? day(c, need.startsOn) : '' },
            { term: t('volunteering:form.weekdays'), value: list(c, 'weekday', need.weekdays) },
            { term: t('volunteering:form.dayParts'), value: list(c, 'dayPart', need.dayParts) },
            { term: t('volunteering:fields.peopleNeeded'), value: String(need.peopleNeeded) },
            { term: t('volunteering:fields.skills'), value: list(c, 'skill', need.skills) },
            { term: t('volunteering:form.languages'), value: list(c, 'language', need.languages) },
            {
              term: t('volunteering:fields.safeguarding'),
              value: need.safeguarding ? t('volunteering:staff.yes') : '',
            },
            {
              term: t('volunteering:fields.contactName'),
              value: [need.contactName, need.contactEmail, need.contactPhone].filter(Boolean).join(', '),
            },
          ].filter((i) => i.value)}
        />
        {mayManage ? (
          <div className="q-actions">
            <a className="kern-btn kern-btn--secondary" href={`${base(c)}/needs/${need.id}/edit`}>
              <span className="kern-label">{t('volunteering:staff.edit')}</span>
            </a>
            <form method="post" action={`${base(c)}/needs/${need.id}/status`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="status" value={need.status === 'open' ? 'closed' : 'open'} />
              <Button type="submit" variant="secondary">
                {need.status === 'open' ? t('volunteering:staff.close') : t('volunteering:staff.reopen')}
              </Button>
            </form>
          </div>
        ) : null}
        <section aria-labelledby="matches">
          <h2 id="matches">{t('volunteering:staff.matches')}</h2>
          {ms.length === 0 ? <p>{t('volunteering:staff.noMatches')}</p> : null}
          {ms.map((m) => (
            <article key={m.match.id} className="q-card" id={`match-${m.match.id}`}>
              <h3 className="kern-heading-small" dir="auto">
                <a href={`${base(c)}/volunteers/${m.volunteer.id}`}>{m.volunteer.name}</a>
              </h3>
              <p className="q-meta">
                {t(`volunteering:vocab.matchStatus.${m.match.status}`)} ·{' '}
                {t('volunteering:staff.score', { score: m.match.score })}
              </p>
              {m.contact ? (
                <p>
                  {t('volunteering:staff.contact')}:{' '}
                  {[m.contact.email, m.contact.phone].filter(Boolean).join(', ')}
                </p>
              ) : (
                <p>{t('volunteering:staff.contactHidden')}</p>
              )}
              {need.safeguarding ? (
                <p>
                  {t('volunteering:staff.certificate')}:{' '}
                  {t(`volunteering:vocab.certificateState.${m.volunteer.certificateState}`)}
                </p>
              ) : null}
              {m.minutes ? (
                <p>{t('volunteering:staff.hoursConfirmed', { hours: hoursText(c, m.minutes) })}</p>
              ) : null}
              {mayManage && m.match.status === 'accepted' ? (
                <form method="post" action={`${base(c)}/matches/${m.match.id}/confirm`}>
                  <CsrfField token={csrf} />
                  <Button type="submit">{t('volunteering:staff.confirm')}</Button>
                </form>
              ) : null}
              {mayManage && (m.match.status === 'accepted' || m.match.status === 'confirmed') ? (
                <>
                  <form
                    method="post"
                    action={`${base(c)}/matches/${m.match.id}/hours`}
                    className="q-form"
                    noValidate
                  >
                    <CsrfField token={csrf} />
                    <h4>{t('volunteering:staff.suggestHours')}</h4>
                    <p className="q-meta">{t('volunteering:staff.suggestHoursHint')}</p>
                    <TextField
                      id={`day-${m.match.id}`}
                      name="day"
                      type="date"
                      label={t('volunteering:fields.day')}
                      value={todayLocal()}
                      width={10}
                    />
                    <TextField
                      id={`hours-${m.match.id}`}
                      name="hours"
                      inputMode="decimal"
                      label={t('volunteering:fields.hours')}
                      width={10}
                    />
                    <Button type="submit" variant="secondary">
                      {t('volunteering:staff.suggest')}
                    </Button>
                  </form>
                  <form method="post" action={`${base(c)}/matches/${m.match.id}/end`}>
                    <CsrfField token={csrf} />
                    <Button type="submit" variant="secondary">
                      {t('volunteering:staff.end')}
                    </Button>
                  </form>
                </>
              ) : null}
            </article>
          ))}
        </section>
        {need.kind === 'call' ? (
          <section aria-labelledby="signups">
            <h2 id="signups">{t('volunteering:staff.signups', { count: sups.length })}</h2>
            <ul>
              {sups.map((s) => (
                <li key={s.id} dir="auto">
                  {s.name} · {s.email}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {suggestions.length ? (
          <section aria-labelledby="suggestions">
            <h2 id="suggestions">{t('volunteering:staff.suggestions')}</h2>
            <p>{t('volunteering:staff.suggestionsText')}</p>
            {suggestions.map((s) => (
              <article key={s.volunteer.id} className="q-card">
                <h3 className="kern-heading-small" dir="auto">
                  {s.volunteer.name}
                  {s.volunteer.organisation ? ` (${s.volunteer.organisation})` : ''}
                </h3>
                <p className="q-meta">{t('volunteering:staff.score', { score: s.score })}</p>
                <ul>
                  {s.reasons.map((r) => (
                    <li key={r.key}>{reasonText(c, r)}</li>
                  ))}
                </ul>
                <form method="post" action={`${base(c)}/needs/${need.id}/propose`} className="q-form">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="volunteerId" value={s.volunteer.id} />
                  <TextField
                    id={`message-${s.volunteer.id}`}
                    name="message"
                    label={t('volunteering:staff.message')}
                    maxLength={2000}
                    optionalText={t('volunteering:form.optional')}
                  />
                  <Button type="submit">{t('volunteering:staff.propose')}</Button>
                </form>
              </article>
            ))}
          </section>
        ) : null}
      </>
    ),
  });
}

// ── Volunteers ──

const VOLUNTEER_CSV = [
  'name',
  'volunteerOrganisation',
  'status',
  'skills',
  'weekdays',
  'dayParts',
  'areas',
  'languages',
  'certificate',
  'certificateIssuedOn',
  'since',
  'link',
] as const;

async function volunteersPage(c: C) {
  const t = c.get('t');
  const actor = actorOf(c);
  const choices = await listChoices(actor, db(c));
  const filter = {
    q: (c.req.query('q') ?? '').trim().slice(0, 200) || undefined,
    status: pick(c.req.query('status'), ['active', 'paused'] as const),
    area: areaParam(c, choices.areas),
    skill: pick(c.req.query('skill'), SKILLS),
    language: pick(c.req.query('language'), LANGUAGES),
  };
  const f = { ...filter, areaId: filter.area, o: settings(c) };
  const path = `${base(c)}/volunteers`;
  const areaNames = (ids: string[]) =>
    ids
      .map((id) => choices.names.get(id))
      .filter(Boolean)
      .join(', ');
  if (c.req.query('format') === 'csv') {
    // Every volunteer the filter finds in the member's areas, without contact; the download is audited.
    const all = await exportVolunteers(actor, db(c), f);
    const link = `${c.get('services').config.baseUrl}${path}/`;
    return csvResponse(
      toCsv(
        VOLUNTEER_CSV.map((k) => t(`volunteering:staff.csvColumns.${k}`)),
        all.map((v) => [
          v.name,
          v.organisation,
          t(`volunteering:vocab.volunteerStatus.${v.status}`),
          list(c, 'skill', v.skills),
          list(c, 'weekday', v.weekdays),
          list(c, 'dayPart', v.dayParts),
          areaNames(v.chosenAreaIds),
          list(c, 'language', v.languages),
          t(`volunteering:vocab.certificateState.${v.certificateState}`),
          v.certificateIssuedOn ?? '',
          localParts(v.createdAt).date,
          `${link}${v.id}`,
        ]),
      ),
      'freiwillige.csv',
    );
  }
  const page = pageNumber(c.req.query('page'));
  const { items, total } = await listVolunteersFor(actor, db(c), {
    ...f,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  const all = t('volunteering:staff.all');
  const filtered = Object.values(filter).some(Boolean);
  return staffPage(c, {
    title: t('volunteering:staff.volunteers'),
    children: (
      <>
        <h1>{t('volunteering:staff.volunteers')}</h1>
        <SubNav c={c} />
        <p>{t('volunteering:staff.volunteersText')}</p>
        <SearchFilters
          action={path}
          search={{ label: t('volunteering:staff.searchVolunteers'), value: filter.q ?? '' }}
          searchButton={t('search')}
          more={{
            summary: t('volunteering:staff.moreFilters'),
            all,
            button: t('volunteering:staff.show'),
            selects: [
              {
                name: 'status',
                label: t('volunteering:staff.status'),
                value: filter.status ?? '',
                options: options(c, 'volunteerStatus', ['active', 'paused']),
              },
              {
                name: 'area',
                label: t('volunteering:fields.area'),
                value: filter.area ?? '',
                options: choices.areas,
              },
              {
                name: 'skill',
                label: t('volunteering:staff.skill'),
                value: filter.skill ?? '',
                options: options(c, 'skill', SKILLS),
              },
              {
                name: 'language',
                label: t('volunteering:staff.language'),
                value: filter.language ?? '',
                options: options(c, 'language', LANGUAGES),
              },
            ],
          }}
        />
        <DataTable
          caption={t('volunteering:staff.volunteersCount', { count: total })}
          rows={items}
          rowKey={(v) => v.id}
          stack
          emptyMessage={filtered ? t('volunteering:staff.noneFound') : t('volunteering:staff.noVolunteers')}
          columns={[
            {
              key: 'name',
              header: t('volunteering:staff.name'),
              rowHeader: true,
              className: 'q-cell-wrap',
              cell: (v: VolunteerCard) => (
                <>
                  <a href={`${path}/${v.id}`} dir="auto">
                    {v.name}
                  </a>
                  {v.organisation ? <span dir="auto"> ({v.organisation})</span> : null}
                </>
              ),
            },
            {
              key: 'status',
              header: t('volunteering:staff.status'),
              cell: (v: VolunteerCard) => t(`volunteering:vocab.volunteerStatus.${v.status}`),
            },
            {
              key: 'skills',
              header: t('volunteering:staff.skills'),
              cell: (v: VolunteerCard) => list(c, 'skill', v.skills),
            },
            {
              key: 'areas',
              header: t('volunteering:staff.areas'),
              cell: (v: VolunteerCard) => areaNames(v.chosenAreaIds),
            },
            {
              key: 'since',
              header: t('volunteering:staff.since'),
              numeric: true,
              cell: (v: VolunteerCard) => shortDay(c, v.createdAt),
            },
          ]}
        />
        <Pagination
          page={page}
          totalPages={Math.ceil(total / PAGE)}
          href={(p) => listHref(path, filter, { page: String(p) })}
          label={t('volunteering:staff.pages')}
          previousLabel={t('previous')}
          nextLabel={t('next')}
        />
        {total ? (
          <p>
            <a href={listHref(path, filter, { format: 'csv' })} download>
              {t('volunteering:staff.volunteersCsv', { count: total })}
            </a>
          </p>
        ) : null}
      </>
    ),
  });
}

async function volunteerPage(
  c: C,
  notice?: string,
  errors: Errors = {},
  values: Values = {},
  volunteerId?: string,
) {
  const t = c.get('t');
  const actor = actorOf(c);
  const { card: v, contact } = await volunteerViewFor(actor, db(c), volunteerId ?? idParam(c), settings(c));
  const requests = (await certificateRequestsFor(actor, db(c))).filter((r) => r.volunteerId === v.id);
  const err = errorOf(c, errors);
  const csrf = csrfTokenFor(c);
  const mayManage = can(actor, MANAGE, v.areaIds);
  return staffPage(c, {
    title: v.name,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={`${base(c)}/volunteers`}>{t('volunteering:staff.back')}</a>
        </p>
        <h1 dir="auto">{v.name}</h1>
        {notice ? (
          <Alert variant="success" title={t(`volunteering:staff.notices.${notice}`)} role="status" />
        ) : null}
        <KeyValueList
          items={[
            { term: t('volunteering:form.organisation'), value: v.organisation },
            { term: t('volunteering:form.skills'), value: list(c, 'skill', v.skills) },
            { term: t('volunteering:form.about'), value: v.about },
            { term: t('volunteering:form.weekdays'), value: list(c, 'weekday', v.weekdays) },
            { term: t('volunteering:form.dayParts'), value: list(c, 'dayPart', v.dayParts) },
            { term: t('volunteering:form.languages'), value: list(c, 'language', v.languages) },
            {
              term: t('volunteering:staff.contact'),
              value: contact
                ? [contact.email, contact.phone].filter(Boolean).join(', ')
                : t('volunteering:staff.contactHidden'),
            },
          ].filter((i) => i.value)}
        />
        <section aria-labelledby="certificate">
          <h2 id="certificate">{t('volunteering:staff.certificateTitle')}</h2>
          <p>{t('volunteering:staff.certificateText', { years: settings(c).certificateYears })}</p>
          <p>
            <strong>{t(`volunteering:vocab.certificateState.${v.certificateState}`)}</strong>
            {v.certificateIssuedOn
              ? ` – ${t('volunteering:staff.issuedOn', { date: day(c, v.certificateIssuedOn), until: day(c, validUntil(v.certificateIssuedOn, settings(c).certificateYears)) })}`
              : ''}
          </p>
          {mayManage ? (
            <FormFrame
              action={`${base(c)}/volunteers/${v.id}/certificate`}
              csrf={csrf}
              errors={errors.issuedOn ? shownErrors(c, { issuedOn: errors.issuedOn }) : {}}
              errorTitle={t('errorSummaryTitle')}
            >
              <TextField
                name="issuedOn"
                type="date"
                label={t('volunteering:fields.issuedOn')}
                hint={t('volunteering:staff.issuedOnHint')}
                value={str(values.issuedOn)}
                error={err('issuedOn')}
                width={10}
                required
              />
              <Button type="submit" variant="secondary">
                {t('volunteering:staff.recordSeen')}
              </Button>
            </FormFrame>
          ) : null}
        </section>
        {requests.length && mayManage ? (
          <section aria-labelledby="sign">
            <h2 id="sign">{t('volunteering:staff.signTitle')}</h2>
            {errors.certificate ? <Alert variant="error" title={t(errors.certificate)} /> : null}
            {requests.map((r) => (
              <form
                key={r.certificate.id}
                method="post"
                action={`${base(c)}/certificates/${r.certificate.id}/sign`}
                className="q-form"
                noValidate
              >
                <CsrfField token={csrf} />
                <p>{t('volunteering:staff.requestedOn', { date: day(c, r.certificate.requestedAt) })}</p>
                <TextField
                  name="signerName"
                  label={t('volunteering:fields.signerName')}
                  value={str(values.signerName) || c.get('user')?.name}
                  error={err('signerName')}
                  maxLength={200}
                  required
                />
                <Button type="submit">{t('volunteering:staff.sign')}</Button>
              </form>
            ))}
          </section>
        ) : null}
        {mayManage ? (
          <section aria-labelledby="thanks">
            <h2 id="thanks">{t('volunteering:staff.thanksTitle')}</h2>
            <form method="post" action={`${base(c)}/volunteers/${v.id}/thanks`} className="q-form" noValidate>
              <CsrfField token={csrf} />
              <TextArea
                name="text"
                label={t('volunteering:staff.thanksText')}
                value={str(values.text)}
                error={err('text')}
                rows={3}
                maxLength={2000}
                required
              />
              <Button type="submit" variant="secondary">
                {t('volunteering:staff.sendThanks')}
              </Button>
            </form>
          </section>
        ) : null}
      </>
    ),
  });
}

// ── Initiatives ──

async function initiativesPage(c: C) {
  const t = c.get('t');
  const actor = actorOf(c);
  const list_ = await listInitiativesFor(actor, db(c));
  return staffPage(c, {
    title: t('volunteering:staff.initiatives'),
    children: (
      <>
        <h1>{t('volunteering:staff.initiatives')}</h1>
        <SubNav c={c} />
        {can(actor, MANAGE) ? (
          <p>
            <a className="kern-btn kern-btn--primary" href={`${base(c)}/initiatives/new`}>
              <span className="kern-label">{t('volunteering:staff.newInitiative')}</span>
            </a>
          </p>
        ) : null}
        <ul>
          {list_.map((i) => (
            <li key={i.id}>
              <a href={`${base(c)}/initiatives/${i.id}`} dir="auto">
                {i.name}
              </a>
              {i.published ? '' : ` (${t('volunteering:staff.unpublished')})`}
            </li>
          ))}
        </ul>
      </>
    ),
  });
}

const INITIATIVE_FORM = {
  actorId: 'text',
  areaId: 'text',
  activities: 'text',
  meets: 'text',
  place: 'text',
  joinMode: 'text',
  published: 'checkbox',
} as const;

async function initiativeFormPage(c: C, id: string | null, values: Values, errors: Errors = {}) {
  const t = c.get('t');
  const choices = await formChoices(actorOf(c), db(c));
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const err = errorOf(c, errors);
  const optional = t('volunteering:form.optional');
  const title = id ? t('volunteering:staff.editInitiative') : t('volunteering:staff.newInitiative');
  const orgs = choices.organisations.filter((o) => o.initiative || o.value === v('actorId'));
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{title}</h1>
        <p>
          <a href={`${base(c)}/initiatives`}>{t('volunteering:staff.back')}</a>
        </p>
        <FormFrame
          action={id ? `${base(c)}/initiatives/${id}` : `${base(c)}/initiatives/new`}
          csrf={csrfTokenFor(c)}
          errors={shownErrors(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          <SelectField
            name="actorId"
            label={t('volunteering:fields.initiative')}
            hint={t('volunteering:staff.initiativeHint')}
            value={v('actorId')}
            placeholder={t('volunteering:staff.choose')}
            options={orgs}
            error={err('actorId')}
            required
          />
          <SelectField
            name="areaId"
            label={t('volunteering:fields.area')}
            value={v('areaId')}
            placeholder={t('volunteering:staff.chooseArea')}
            options={choices.areas}
            error={err('areaId')}
            required
          />
          <TextArea
            name="activities"
            label={t('volunteering:public.activities')}
            value={v('activities')}
            error={err('activities')}
            rows={4}
            maxLength={3000}
            optionalText={optional}
          />
          <TextField
            name="meets"
            label={t('volunteering:public.meets')}
            value={v('meets')}
            error={err('meets')}
            maxLength={300}
            optionalText={optional}
          />
          <TextField
            name="place"
            label={t('volunteering:fields.place')}
            value={v('place')}
            error={err('place')}
            maxLength={300}
            optionalText={optional}
          />
          <RadioGroup
            name="joinMode"
            label={t('volunteering:public.join')}
            value={v('joinMode') || 'contact'}
            options={options(c, 'joinMode', JOIN_MODES)}
            error={err('joinMode')}
          />
          <CheckboxField
            name="published"
            label={t('volunteering:fields.published')}
            checked={v('published') !== ''}
          />
          <Button type="submit">{t('volunteering:staff.save')}</Button>
        </FormFrame>
      </>
    ),
  });
}

function readInitiativeForm(body: Record<string, string | string[] | File>) {
  const { input, values } = fromForm(body, INITIATIVE_FORM);
  const i = input as Record<string, unknown>;
  for (const k of ['activities', 'meets', 'place']) if (i[k] === undefined) i[k] = '';
  const { errors } = parseFields(initiativeFields, i);
  return { input: i as never, values, errors: errors as Errors };
}

export function mountStaffVolunteeringPages(staff: Hono<AppEnv>): void {
  staff.get('/volunteering', (c) => needsPage(c));

  staff.get('/volunteering/needs/new', (c) =>
    needFormPage(c, null, { kind: c.req.query('kind') === 'call' ? 'call' : 'need' }),
  );
  staff.post('/volunteering/needs/new', async (c) => {
    const r = readNeedForm(await formData(c));
    if (Object.keys(r.errors).length) return needFormPage(c, null, r.values, r.errors);
    try {
      const need = await createNeed(actorOf(c), db(c), r.input);
      return c.redirect(`${base(c)}/needs/${need.id}?done=saved`, 303);
    } catch (err) {
      return needFormPage(c, null, r.values, refusal(err));
    }
  });

  staff.get('/volunteering/needs/:id', (c) => {
    const notice = c.req.query('done');
    return needPage(c, notice && /^\w{1,20}$/.test(notice) ? notice : undefined);
  });
  staff.get('/volunteering/needs/:id/edit', async (c) => {
    const need = await needFor(actorOf(c), db(c), idParam(c), MANAGE);
    return needFormPage(c, need.id, needValues(need));
  });
  staff.post('/volunteering/needs/:id/edit', async (c) => {
    const id = idParam(c);
    await needFor(actorOf(c), db(c), id, MANAGE);
    const r = readNeedForm(await formData(c));
    if (Object.keys(r.errors).length) return needFormPage(c, id, r.values, r.errors);
    try {
      await updateNeed(actorOf(c), db(c), id, r.input);
    } catch (err) {
      return needFormPage(c, id, r.values, refusal(err));
    }
    return c.redirect(`${base(c)}/needs/${id}?done=saved`, 303);
  });
  staff.post('/volunteering/needs/:id/status', async (c) => {
    const body = await formData(c);
    await setNeedStatus(actorOf(c), db(c), idParam(c), body.status === 'closed' ? 'closed' : 'open');
    return c.redirect(`${base(c)}/needs/${idParam(c)}?done=status`, 303);
  });
  staff.post('/volunteering/needs/:id/propose', async (c) => {
    const body = await formData(c);
    try {
      await proposeMatch(actorOf(c), db(c), idParam(c), str(body.volunteerId), {
        message: str(body.message),
      });
    } catch (err) {
      return needPage(c, undefined, refusal(err));
    }
    return c.redirect(`${base(c)}/needs/${idParam(c)}?done=proposed`, 303);
  });

  const matchStep = (path: string, run: (c: C, id: string) => Promise<{ needId: string }>, notice: string) =>
    staff.post(`/volunteering/matches/:id/${path}`, async (c) => {
      const id = idParam(c);
      try {
        const m = await run(c, id);
        return c.redirect(`${base(c)}/needs/${m.needId}?done=${notice}`, 303);
      } catch (err) {
        const fields = refusal(err);
        const m = await getMatch(db(c), c.get('tenant')!.id, id);
        if (!m) throw new AppError(404, 'match_not_found');
        return needPage(c, undefined, fields, m.needId);
      }
    });
  matchStep('confirm', (c, id) => confirmMatch(actorOf(c), db(c), id, settings(c)), 'confirmed');
  matchStep('end', (c, id) => endMatch(actorOf(c), db(c), id), 'ended');
  matchStep(
    'hours',
    async (c, id) => {
      const body = await formData(c);
      const h = Number(str(body.hours).replace(',', '.'));
      await suggestHours(actorOf(c), db(c), id, {
        day: str(body.day),
        hours: str(body.hours) === '' || Number.isNaN(h) ? (undefined as never) : h,
      });
      return (await getMatch(db(c), c.get('tenant')!.id, id))!;
    },
    'hoursSuggested',
  );

  staff.get('/volunteering/volunteers', (c) => volunteersPage(c));
  staff.get('/volunteering/volunteers/:id', (c) => {
    const notice = c.req.query('done');
    return volunteerPage(c, notice && /^\w{1,20}$/.test(notice) ? notice : undefined);
  });
  staff.post('/volunteering/volunteers/:id/certificate', async (c) => {
    const body = await formData(c);
    const values = { issuedOn: str(body.issuedOn) };
    try {
      await recordCertificateSeen(actorOf(c), db(c), idParam(c), values);
    } catch (err) {
      return volunteerPage(c, undefined, refusal(err), values);
    }
    return c.redirect(`${base(c)}/volunteers/${idParam(c)}?done=certificate`, 303);
  });
  staff.post('/volunteering/volunteers/:id/thanks', async (c) => {
    const body = await formData(c);
    const values = { text: str(body.text) };
    try {
      await thankVolunteer(actorOf(c), db(c), idParam(c), values);
    } catch (err) {
      return volunteerPage(c, undefined, refusal(err), values);
    }
    return c.redirect(`${base(c)}/volunteers/${idParam(c)}?done=thanked`, 303);
  });
  staff.post('/volunteering/certificates/:id/sign', async (c) => {
    const body = await formData(c);
    const values = { signerName: str(body.signerName) };
    const cert = await getCertificate(db(c), c.get('tenant')!.id, idParam(c));
    if (!cert) throw new AppError(404, 'certificate_not_found');
    try {
      await signCertificate(actorOf(c), db(c), cert.id, values.signerName);
    } catch (err) {
      const fields = refusal(err);
      return volunteerPage(c, undefined, fields, values, cert.volunteerId);
    }
    return c.redirect(`${base(c)}/volunteers/${cert.volunteerId}?done=signed`, 303);
  });

  staff.get('/volunteering/initiatives', (c) => initiativesPage(c));
  staff.get('/volunteering/initiatives/new', (c) => initiativeFormPage(c, null, { published: 'on' }));
  staff.post('/volunteering/initiatives/new', async (c) => {
    const r = readInitiativeForm(await formData(c));
    if (Object.keys(r.errors).length) return initiativeFormPage(c, null, r.values, r.errors);
    try {
      await createInitiative(actorOf(c), db(c), r.input);
    } catch (err) {
      return initiativeFormPage(c, null, r.values, refusal(err));
    }
    return c.redirect(`${base(c)}/initiatives`, 303);
  });
  staff.get('/volunteering/initiatives/:id', async (c) => {
    const i = await initiativeFor(actorOf(c), db(c), idParam(c), MANAGE);
    return initiativeFormPage(c, i.id, {
      actorId: i.actorId,
      areaId: i.areaId,
      activities: i.activities,
      meets: i.meets,
      place: i.place,
      joinMode: i.joinMode,
      published: i.published ? 'on' : '',
    });
  });
  staff.post('/volunteering/initiatives/:id', async (c) => {
    const id = idParam(c);
    await initiativeFor(actorOf(c), db(c), id, MANAGE);
    const r = readInitiativeForm(await formData(c));
    if (Object.keys(r.errors).length) return initiativeFormPage(c, id, r.values, r.errors);
    try {
      await updateInitiative(actorOf(c), db(c), id, r.input);
    } catch (err) {
      return initiativeFormPage(c, id, r.values, refusal(err));
    }
    return c.redirect(`${base(c)}/initiatives`, 303);
  });
}
