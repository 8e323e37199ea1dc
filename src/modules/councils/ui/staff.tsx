// Staff screens of bodies and members: parse the form → call the use case → render. No rules here:
// a refused input comes back as the use case's field messages, with everything typed.
import type { Context, Hono } from 'hono';
import { actorOf, authorize, can, scopeOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate, formatTime, todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { areaChoices, getArea } from '../../areas/index.ts';
import { listMembers as listAccounts } from '../../identity/index.ts';
import { compositionWarnings, inTermOn } from '../domain/members.ts';
import { MANAGE, READ } from '../policies.ts';
import type { Body } from '../queries.ts';
import { bodyFor, createBody, listBodiesFor, updateBody } from '../use-cases/bodies.ts';
import { circulationsFor } from '../use-cases/circulation.ts';
import { meetingsFor } from '../use-cases/meetings.ts';
import { addMember, endMemberTerm, memberRoster, membersFor, resignMember } from '../use-cases/members.ts';
import { dueWorkFor, TERM_NOTICE_DAYS } from '../use-cases/reminders.ts';
import {
  BODY_FIELDS,
  bodyInputOf,
  bodyValues,
  END_FIELDS,
  endInputOf,
  type FormValues,
  MEMBER_FIELDS,
  memberInputOf,
  valuesOf,
} from './forms.ts';
import { mountStaffMeetingPages } from './meetings.tsx';
import { nameOf } from './view-helpers.ts';
import { BodyFormView, BodyListView, BodyPageView, DueView, EndTermView, MemberFormView } from './views.tsx';

const base = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/councils`;
const db = (c: Context<AppEnv>) => c.get('services').db;
const MEETINGS_PER_PAGE = 20;

/** The use case's field messages, or rethrow what is not a refusal of the input. */
function fieldsOf(err: unknown): Record<string, string> {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** The body of the route for this permission (404 for a malformed or unknown id). */
function routeBody(c: Context<AppEnv>, permission: typeof READ | typeof MANAGE): Promise<Body> {
  const id = c.req.param('id');
  if (!isUuid(id)) throw new AppError(404, 'body_not_found');
  return bodyFor(actorOf(c), db(c), id, permission);
}

/** The areas the member may put a body into (display only: the use case decides on saving). */
async function bodyAreaChoices(c: Context<AppEnv>) {
  const scope = scopeOf(actorOf(c), MANAGE);
  const areas = await areaChoices(db(c), c.get('tenant')!.id, scope);
  return { areas: areas.map(({ value, label }) => ({ value, label })), tenantWide: scope === null };
}

async function areaNames(c: Context<AppEnv>, ids: (string | null)[]) {
  const names = new Map<string, string>();
  for (const id of new Set(ids))
    if (id) names.set(id, (await getArea(db(c), c.get('tenant')!.id, id))?.name ?? '–');
  const t = c.get('t');
  return (id: string | null) => (id ? (names.get(id) ?? '–') : String(t('councils:body.wholeTenant')));
}

async function bodyForm(
  c: Context<AppEnv>,
  o: { body?: Body; values: FormValues; errors: Record<string, string> },
) {
  const t = c.get('t');
  const { areas, tenantWide } = await bodyAreaChoices(c);
  // The body's own area stays choosable on its edit form.
  if (o.body?.areaId && !areas.some((a) => a.value === o.body?.areaId))
    areas.push({ value: o.body.areaId, label: (await areaNames(c, [o.body.areaId]))(o.body.areaId) });
  return staffPage(c, {
    title: o.body
      ? String(t('councils:staff.editBody', { name: o.body.name }))
      : String(t('councils:staff.newBody')),
    status: Object.keys(o.errors).length ? 422 : 200,
    children: (
      <BodyFormView
        t={t}
        base={base(c)}
        csrf={csrfTokenFor(c)}
        body={o.body}
        values={o.values}
        errors={o.errors}
        areas={areas}
        tenantWide={tenantWide}
      />
    ),
  });
}

async function memberForm(
  c: Context<AppEnv>,
  body: Body,
  values: FormValues,
  errors: Record<string, string>,
) {
  const t = c.get('t');
  const seen = new Set<string>();
  const accounts = (await listAccounts(db(c), c.get('tenant')!.id))
    .filter((a) => !a.disabled && !seen.has(a.userId) && seen.add(a.userId))
    .map((a) => ({ value: a.userId, label: `${a.name} (${a.email})` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
  return staffPage(c, {
    title: String(t('councils:staff.addMemberTo', { name: body.name })),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <MemberFormView
        t={t}
        base={base(c)}
        csrf={csrfTokenFor(c)}
        body={body}
        values={values}
        errors={errors}
        accounts={accounts}
      />
    ),
  });
}

/** The resignation's field names as the end-of-term form shows them. */
const END_FIELD_OF: Record<string, string> = {
  resignedOn: 'endedOn',
  'successor.name': 'successorName',
  'successor.email': 'successorEmail',
  'successor.role': 'successorName',
};

export function mountStaffCouncilPages(staff: Hono<AppEnv>) {
  mountStaffMeetingPages(staff);
  staff.get('/councils', async (c) => {
    const actor = actorOf(c);
    authorize(actor, READ);
    const t = c.get('t');
    const bodies = await listBodiesFor(actor, db(c));
    return staffPage(c, {
      title: String(t('councils:staff.title')),
      children: (
        <BodyListView
          t={t}
          base={base(c)}
          bodies={bodies}
          manage={can(actor, MANAGE)}
          areaName={
            await areaNames(
              c,
              bodies.map((b) => b.areaId),
            )
          }
        />
      ),
    });
  });

  // What is due in the bodies the member manages (the start page's inbox links here).
  staff.get('/councils/due', async (c) => {
    const t = c.get('t');
    const now = c.get('services').now();
    const due = await dueWorkFor(actorOf(c), db(c), {
      currentAreaId: c.get('currentAreaId') || null,
      now,
      today: todayLocal(now),
    });
    return staffPage(c, {
      title: String(t('councils:due.title')),
      children: (
        <DueView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          termNoticeDays={TERM_NOTICE_DAYS}
          invitations={due.invitations}
          terms={due.terms}
        />
      ),
    });
  });

  staff.get('/councils/new', async (c) => {
    authorize(actorOf(c), MANAGE);
    return bodyForm(c, { values: bodyValues(), errors: {} });
  });
  staff.post('/councils/new', async (c) => {
    authorize(actorOf(c), MANAGE);
    const values = valuesOf(await formData(c), BODY_FIELDS);
    try {
      const body = await createBody(actorOf(c), db(c), bodyInputOf(values));
      return c.redirect(`${base(c)}/${body.id}?saved=1`, 303);
    } catch (err) {
      return bodyForm(c, { values, errors: fieldsOf(err) });
    }
  });

  staff.get('/councils/:id/edit', async (c) => {
    const body = await routeBody(c, MANAGE);
    return bodyForm(c, { body, values: bodyValues(body), errors: {} });
  });
  staff.post('/councils/:id/edit', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf(await formData(c), BODY_FIELDS);
    try {
      await updateBody(actorOf(c), db(c), body.id, bodyInputOf(values));
      return c.redirect(`${base(c)}/${body.id}?saved=1`, 303);
    } catch (err) {
      return bodyForm(c, { body, values, errors: fieldsOf(err) });
    }
  });

  staff.get('/councils/:id/members/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    return memberForm(
      c,
      body,
      { ...valuesOf({}, MEMBER_FIELDS), kind: 'resident', termFrom: todayLocal() },
      {},
    );
  });
  staff.post('/councils/:id/members/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf(await formData(c), MEMBER_FIELDS);
    try {
      await addMember(actorOf(c), db(c), body.id, memberInputOf(values));
      return c.redirect(`${base(c)}/${body.id}?saved=1#members`, 303);
    } catch (err) {
      return memberForm(c, body, values, fieldsOf(err));
    }
  });

  const endPage = async (c: Context<AppEnv>, values?: FormValues, errors: Record<string, string> = {}) => {
    const body = await routeBody(c, MANAGE);
    const member = (await membersFor(actorOf(c), db(c), body.id, { history: true })).find(
      (m) => m.id === c.req.param('memberId') && !m.endedOn,
    );
    if (!member) throw new AppError(404, 'member_not_found');
    const t = c.get('t');
    const page = (v: FormValues, e: Record<string, string>) =>
      staffPage(c, {
        title: String(
          t('councils:staff.endTermOf', { name: member.name || t('councils:staff.erasedMember') }),
        ),
        status: Object.keys(e).length ? 422 : 200,
        children: (
          <EndTermView
            t={t}
            base={base(c)}
            csrf={csrfTokenFor(c)}
            body={body}
            member={member}
            values={v}
            errors={e}
          />
        ),
      });
    return {
      body,
      member,
      page,
      values: values ?? { ...valuesOf({}, END_FIELDS), how: 'end', endedOn: todayLocal() },
      errors,
    };
  };
  staff.get('/councils/:id/members/:memberId/end', async (c) => {
    const p = await endPage(c);
    return p.page(p.values, p.errors);
  });
  staff.post('/councils/:id/members/:memberId/end', async (c) => {
    const p = await endPage(c);
    const values = valuesOf(await formData(c), END_FIELDS);
    const input = endInputOf(values, p.member);
    try {
      if (input.resign) await resignMember(actorOf(c), db(c), p.member.id, input.resign);
      else await endMemberTerm(actorOf(c), db(c), p.member.id, input.end!);
      return c.redirect(`${base(c)}/${p.body.id}?saved=1#members`, 303);
    } catch (err) {
      const fields = Object.fromEntries(
        Object.entries(fieldsOf(err)).map(([k, v]) => [END_FIELD_OF[k] ?? k, v]),
      );
      return p.page(values, fields);
    }
  });

  // Downloads of a body's lists: every member (current and former) and every meeting, not only
  // the page on screen.
  staff.get('/councils/:id/members.csv', async (c) => {
    const body = await routeBody(c, READ);
    const t = c.get('t');
    const lang = c.get('lang');
    const list = await memberRoster(actorOf(c), db(c), body.id);
    const contact = can(actorOf(c), MANAGE, body.areaIds);
    const columns = ['name', 'kind', 'organisation', 'role', 'voting', 'from', 'to', 'endReason'] as const;
    return csvResponse(
      toCsv(
        [
          ...columns.map((k) => t(`councils:csv.members.${k}`)),
          ...(contact ? [t('councils:member.email')] : []),
        ],
        list.map((m) => {
          const ended = m.endedOn && (!m.termTo || m.endedOn < m.termTo) ? m.endedOn : m.termTo;
          return [
            nameOf(t, m),
            t(`councils:vocab.memberKind.${m.kind}`),
            m.organisation || m.department,
            t(`councils:vocab.role.${m.role}`),
            t(m.voting ? 'councils:body.yes' : 'councils:body.no'),
            formatDate(m.termFrom, lang),
            ended ? formatDate(ended, lang) : '',
            m.endReason ? t(`councils:vocab.endReason.${m.endReason}`) : '',
            ...(contact ? [m.email] : []),
          ];
        }),
      ),
      `mitglieder-${body.slug}.csv`,
    );
  });

  staff.get('/councils/:id/meetings.csv', async (c) => {
    const body = await routeBody(c, READ);
    const t = c.get('t');
    const lang = c.get('lang');
    const list = await meetingsFor(actorOf(c), db(c), body.id);
    const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
    const columns = ['date', 'time', 'title', 'place', 'status', 'public', 'link'] as const;
    return csvResponse(
      toCsv(
        columns.map((k) => t(`councils:csv.meetings.${k}`)),
        list.map((m) => [
          formatDate(m.startsAt, lang),
          formatTime(m.startsAt, lang),
          m.title,
          m.locationName || (m.onlineUrl ? t('councils:meeting.online') : ''),
          t(`councils:vocab.meetingStatus.${m.status}`),
          t(m.public ? 'councils:body.yes' : 'councils:body.no'),
          `${origin}${base(c)}/meetings/${m.id}`,
        ]),
      ),
      `sitzungen-${body.slug}.csv`,
    );
  });

  // After every `/councils/<word>` route.
  staff.get('/councils/:id', async (c) => {
    const body = await routeBody(c, READ);
    const actor = actorOf(c);
    const t = c.get('t');
    const today = todayLocal();
    const all = await membersFor(actor, db(c), body.id, { history: true });
    const manage = can(actor, MANAGE, body.areaIds);
    // Newest first, so the first page holds what comes next and what just happened.
    const meetings = (await meetingsFor(actor, db(c), body.id)).sort(
      (a, b) => b.startsAt.getTime() - a.startsAt.getTime(),
    );
    const pages = Math.max(1, Math.ceil(meetings.length / MEETINGS_PER_PAGE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    return staffPage(c, {
      title: body.name,
      children: (
        <BodyPageView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          body={body}
          areaName={(await areaNames(c, [body.areaId]))(body.areaId)}
          members={all.filter((m) => inTermOn(m, today) || m.termFrom > today)}
          former={all.filter((m) => !inTermOn(m, today) && m.termFrom <= today)}
          meetings={meetings.slice((page - 1) * MEETINGS_PER_PAGE, page * MEETINGS_PER_PAGE)}
          meetingCount={meetings.length}
          meetingPages={{ page, pages }}
          circulations={await circulationsFor(actor, db(c), body.id)}
          manage={manage}
          contact={manage}
          warnings={compositionWarnings(body.compositionRule, all, today)}
          saved={c.req.query('saved') === '1'}
        />
      ),
    });
  });
}
