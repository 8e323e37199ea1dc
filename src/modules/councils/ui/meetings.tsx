// Staff screens of meetings, agendas, attendance, conflicts of interest, votes and circulation
// votes: parse the form → call the use case → render. No rules here: a refused input comes back as
// the use case's field messages, with everything typed.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays, formatDate, instantToLocal, localDate, todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { listVenues } from '../../network/index.ts';
import { MANAGE, READ } from '../policies.ts';
import type { Body, Member } from '../queries.ts';
import {
  addAgendaItem,
  agendaItemFor,
  moveAgendaItem,
  removeAgendaItem,
  updateAgendaItem,
} from '../use-cases/agenda.ts';
import { recordAttendance } from '../use-cases/attendance.ts';
import { bodyFor } from '../use-cases/bodies.ts';
import { circulationFor, closeCirculation, openCirculation } from '../use-cases/circulation.ts';
import { declareConflict } from '../use-cases/conflicts.ts';
import { addItemFile, itemFileFor, removeItemFile } from '../use-cases/item-files.ts';
import { type MeetingView, meetingFor, scheduleMeeting, setMeetingStatus } from '../use-cases/meetings.ts';
import { membersFor } from '../use-cases/members.ts';
import {
  circulateMinutes,
  draftMinutes,
  meetingPaperFor,
  saveMinutes,
  sendInvitations,
} from '../use-cases/minutes.ts';
import {
  restorePaperLink,
  withdrawAllPaperLinks,
  withdrawnPaperLinks,
  withdrawPaperLink,
} from '../use-cases/paper-links.ts';
import type { PaperRead, PaperReadVia } from '../use-cases/paper-reads.ts';
import { recordVote } from '../use-cases/votes.ts';
import {
  attendanceInputOf,
  attendanceValues,
  CIRCULATION_FIELD_OF,
  CIRCULATION_FIELDS,
  CONFLICT_FIELDS,
  circulationInputOf,
  type FormValues,
  ITEM_FIELDS,
  itemInputOf,
  itemValues,
  MEETING_FIELD_OF,
  MEETING_FIELDS,
  meetingInputOf,
  renameFields,
  STATUS_FIELDS,
  VOTE_FIELD_OF,
  valuesOf,
  voteInputOf,
  voteValues,
} from './forms.ts';
import {
  AttendanceFormView,
  CirculationFormView,
  CirculationPageView,
  ConflictFormView,
  ItemFormView,
  MeetingFormView,
  MeetingPageView,
  MinutesPageView,
  meetingName,
  VoteFormView,
} from './meeting-views.tsx';
import { nameOf, pdfDownload } from './view-helpers.ts';

type Errors = Record<string, string>;
const base = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/councils`;
const db = (c: Context<AppEnv>) => c.get('services').db;
/** The audit's note of a page or PDF that may show closed papers (`use-cases/paper-reads.ts`). */
const readOf = (c: Context<AppEnv>, via: PaperReadVia): PaperRead => ({
  via,
  ip: clientIp(c, c.get('services').config.trustProxy),
});
const status = (errors: Errors) => (Object.keys(errors).length ? 422 : 200);

/** The use case's field messages, or rethrow what is not a refusal of the input. */
function fieldsOf(err: unknown): Errors {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** The route's id parameter, or 404 for a malformed one. */
function param(c: Context<AppEnv>, name: string, what: string): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, `${what}_not_found`);
  return id;
}

const routeBody = (c: Context<AppEnv>, permission: typeof READ | typeof MANAGE): Promise<Body> =>
  bodyFor(actorOf(c), db(c), param(c, 'id', 'body'), permission);

/** The network's venues in the body's area (display only: the use case checks the one chosen). */
async function venueChoices(c: Context<AppEnv>, body: Body) {
  const venues = await listVenues(db(c), c.get('tenant')!.id, {
    scope: null,
    areaId: body.areaId ?? undefined,
    limit: 300,
  });
  return venues
    .map((v) => ({ value: v.id, label: v.name }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
}

export function mountStaffMeetingPages(staff: Hono<AppEnv>) {
  // ── Scheduling ──────────────────────────────────────────────────────────────────────────────
  const meetingForm = async (c: Context<AppEnv>, body: Body, values: FormValues, errors: Errors) => {
    const t = c.get('t');
    return staffPage(c, {
      title: String(t('councils:meetingForm.title', { name: body.name })),
      status: status(errors),
      children: (
        <MeetingFormView
          t={t}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          body={body}
          values={values}
          errors={errors}
          venues={await venueChoices(c, body)}
        />
      ),
    });
  };
  staff.get('/councils/:id/meetings/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf({}, MEETING_FIELDS);
    values.startsOn = addDays(todayLocal(), body.invitationDays + 7);
    values.startTime = '18:00';
    values.endTime = '20:00';
    return meetingForm(c, body, values, {});
  });
  staff.post('/councils/:id/meetings/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf(await formData(c), MEETING_FIELDS);
    try {
      const made = await scheduleMeeting(actorOf(c), db(c), body.id, meetingInputOf(values));
      const late = made.warnings.length ? '&late=1' : '';
      return c.redirect(`${base(c)}/meetings/${made.meetings[0].id}?saved=scheduled${late}`, 303);
    } catch (err) {
      return meetingForm(c, body, values, renameFields(fieldsOf(err), MEETING_FIELD_OF));
    }
  });

  // ── The meeting page ────────────────────────────────────────────────────────────────────────
  const meetingPage = async (
    c: Context<AppEnv>,
    o: {
      view?: MeetingView;
      itemValues?: FormValues;
      statusValues?: FormValues;
      errors?: Errors;
      errorsOf?: 'item' | 'status' | 'agenda';
      read?: boolean;
    } = {},
  ) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const view =
      o.view ??
      (await meetingFor(
        actor,
        db(c),
        param(c, 'meetingId', 'meeting'),
        o.read ? readOf(c, 'meeting_page') : undefined,
      ));
    const errors = o.errors ?? {};
    const saved = c.req.query('saved');
    return staffPage(c, {
      title: `${meetingName(t, view.meeting, c.get('lang'))} – ${view.body.name}`,
      status: status(errors),
      children: (
        <MeetingPageView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          view={view}
          members={await membersFor(actor, db(c), view.body.id, { history: true })}
          manage={can(actor, MANAGE, view.body.areaIds)}
          withdrawn={
            can(actor, MANAGE, view.body.areaIds)
              ? await withdrawnPaperLinks(db(c), actor.tenantId, view.meeting.id)
              : undefined
          }
          itemValues={o.itemValues ?? { ...valuesOf({}, ITEM_FIELDS), kind: 'discussion' }}
          statusValues={o.statusValues ?? { status: view.meeting.status, reason: '' }}
          errors={errors}
          errorsOf={o.errorsOf}
          notice={
            saved && /^[a-z]+$/.test(saved)
              ? c.req.query('late') === '1'
                ? 'councils:meetingPage.savedLate'
                : `councils:meetingPage.saved.${saved === 'scheduled' || saved === 'invited' || saved === 'invitedlate' ? saved : 'changed'}`
              : undefined
          }
        />
      ),
    });
  };
  staff.get('/councils/meetings/:meetingId', (c) => meetingPage(c, { read: true }));

  staff.post('/councils/meetings/:meetingId/status', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    const values = valuesOf(await formData(c), STATUS_FIELDS);
    try {
      await setMeetingStatus(actorOf(c), db(c), id, {
        status: values.status as 'planned',
        reason: values.reason,
      });
      return c.redirect(`${base(c)}/meetings/${id}?saved=status`, 303);
    } catch (err) {
      return meetingPage(c, { statusValues: values, errors: fieldsOf(err), errorsOf: 'status' });
    }
  });

  staff.post('/councils/meetings/:meetingId/invite', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    try {
      const r = await sendInvitations(actorOf(c), c.get('services'), id, c.get('tenant')!.name);
      return c.redirect(`${base(c)}/meetings/${id}?saved=${r.late ? 'invitedlate' : 'invited'}`, 303);
    } catch (err) {
      const fields: Errors = {};
      for (const v of Object.values(fieldsOf(err))) fields.invitation ??= v;
      return meetingPage(c, { errors: fields, errorsOf: 'status' });
    }
  });

  staff.post('/councils/meetings/:meetingId/items', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    const values = valuesOf(await formData(c), ITEM_FIELDS);
    try {
      const { kind, ...rest } = itemInputOf(values);
      if (kind === 'approval_of_minutes') throw new ValidationError({ kind: 'validation.choice' });
      await addAgendaItem(actorOf(c), db(c), id, { ...rest, kind });
      return c.redirect(`${base(c)}/meetings/${id}?saved=item#agenda`, 303);
    } catch (err) {
      return meetingPage(c, { itemValues: values, errors: fieldsOf(err), errorsOf: 'item' });
    }
  });

  // ── Minutes ─────────────────────────────────────────────────────────────────────────────────
  const minutesPage = async (c: Context<AppEnv>, values: FormValues, errors: Errors, read = false) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const view = await meetingFor(
      actor,
      db(c),
      param(c, 'meetingId', 'meeting'),
      read ? readOf(c, 'minutes_page') : undefined,
    );
    const saved = c.req.query('saved');
    return staffPage(c, {
      title: String(t('councils:minutes.title', { date: formatDate(view.meeting.startsAt, c.get('lang')) })),
      status: status(errors),
      children: (
        <MinutesPageView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          view={view}
          members={await membersFor(actor, db(c), view.body.id, { history: true })}
          manage={can(actor, MANAGE, view.body.areaIds)}
          values={values}
          errors={errors}
          notice={
            saved === 'draft' || saved === 'saved' || saved === 'circulated'
              ? `councils:minutes.notice.${saved}`
              : undefined
          }
        />
      ),
    });
  };
  staff.get('/councils/meetings/:meetingId/minutes', (c) => minutesPage(c, {}, {}, true));
  staff.post('/councils/meetings/:meetingId/minutes/draft', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    try {
      await draftMinutes(actorOf(c), db(c), id);
      return c.redirect(`${base(c)}/meetings/${id}/minutes?saved=draft`, 303);
    } catch (err) {
      return minutesPage(c, {}, fieldsOf(err));
    }
  });
  staff.post('/councils/meetings/:meetingId/minutes', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    const form = await formData(c);
    const values: FormValues = {};
    for (const [k, v] of Object.entries(form))
      if (k.startsWith('minutes.') && typeof v === 'string') values[k] = v.trim();
    const items = Object.entries(values).map(([k, minutes]) => ({
      itemId: k.slice('minutes.'.length),
      minutes,
    }));
    try {
      await saveMinutes(actorOf(c), db(c), id, { items });
      return c.redirect(`${base(c)}/meetings/${id}/minutes?saved=saved`, 303);
    } catch (err) {
      const fields: Errors = {};
      for (const [k, v] of Object.entries(fieldsOf(err))) {
        const n = /^items\.(\d+)/.exec(k);
        fields[n ? `minutes.${items[Number(n[1])]?.itemId}` : k] ??= v;
      }
      return minutesPage(c, values, fields);
    }
  });
  staff.post('/councils/meetings/:meetingId/minutes/circulate', async (c) => {
    const id = param(c, 'meetingId', 'meeting');
    try {
      await circulateMinutes(actorOf(c), c.get('services'), id, c.get('tenant')!.name);
      return c.redirect(`${base(c)}/meetings/${id}/minutes?saved=circulated`, 303);
    } catch (err) {
      return minutesPage(c, {}, fieldsOf(err));
    }
  });
  const paper = (kind: 'agenda' | 'minutes') => async (c: Context<AppEnv>) => {
    const id = param(c, 'meetingId', 'meeting');
    const pdf = await meetingPaperFor(actorOf(c), c.get('services'), id, {
      kind,
      lang: c.get('lang'),
      tenantName: c.get('tenant')!.name,
      ip: readOf(c, 'agenda_pdf').ip,
    });
    c.header('Content-Type', 'application/pdf');
    c.header(
      'Content-Disposition',
      `inline; filename="${kind === 'agenda' ? 'einladung' : 'protokoll'}.pdf"`,
    );
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(pdf));
  };
  staff.get('/councils/meetings/:meetingId/agenda.pdf', paper('agenda'));
  staff.get('/councils/meetings/:meetingId/minutes.pdf', paper('minutes'));

  // ── Attendance ──────────────────────────────────────────────────────────────────────────────
  const attendancePage = async (c: Context<AppEnv>, values: FormValues | null, errors: Errors) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const view = await meetingFor(actor, db(c), param(c, 'meetingId', 'meeting'));
    if (!can(actor, MANAGE, view.body.areaIds)) throw new AppError(403, 'forbidden');
    const members = await membersFor(actor, db(c), view.body.id, { on: localDate(view.meeting.startsAt) });
    let v = values;
    if (!v) {
      v = { guests: view.meeting.guestNames.join('\n') };
      for (const m of members) {
        const a = view.attendance.find((x) => x.memberId === m.id);
        v[`status.${m.id}`] = a?.status ?? '';
        v[`from.${m.id}`] = a?.fromPosition ? String(a.fromPosition) : '';
        v[`until.${m.id}`] = a?.untilPosition ? String(a.untilPosition) : '';
      }
    }
    return staffPage(c, {
      title: `${t('councils:attendance.title')} – ${meetingName(t, view.meeting, c.get('lang'))}`,
      status: status(errors),
      children: (
        <AttendanceFormView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          meeting={view.meeting}
          members={members}
          items={view.items}
          values={v}
          errors={errors}
        />
      ),
    });
  };
  staff.get('/councils/meetings/:meetingId/attendance', (c) => attendancePage(c, null, {}));
  staff.post('/councils/meetings/:meetingId/attendance', async (c) => {
    const actor = actorOf(c);
    const id = param(c, 'meetingId', 'meeting');
    const form = await formData(c);
    const view = await meetingFor(actor, db(c), id);
    const ids = (await membersFor(actor, db(c), view.body.id, { on: localDate(view.meeting.startsAt) })).map(
      (m) => m.id,
    );
    const values = attendanceValues(form, ids);
    const { input, fieldOf } = attendanceInputOf(values, ids);
    try {
      await recordAttendance(actor, db(c), id, input);
      return c.redirect(`${base(c)}/meetings/${id}?saved=attendance#attendance`, 303);
    } catch (err) {
      const fields: Errors = {};
      for (const [k, v] of Object.entries(fieldsOf(err))) fields[fieldOf(k)] ??= v;
      return attendancePage(c, values, fields);
    }
  });

  // ── Agenda items ────────────────────────────────────────────────────────────────────────────
  const itemOf = (c: Context<AppEnv>, read?: PaperRead) =>
    agendaItemFor(actorOf(c), db(c), param(c, 'itemId', 'agenda_item'), read);

  const itemForm = async (
    c: Context<AppEnv>,
    values: FormValues | null,
    errors: Errors,
    fileErrors: Errors = {},
  ) => {
    const { item, meeting, body, files } = await itemOf(c);
    if (!can(actorOf(c), MANAGE, body.areaIds)) throw new AppError(403, 'forbidden');
    // Only the first showing reads the stored text (a refused form shows what was typed): audited.
    if (!values && !Object.keys(fileErrors).length) await itemOf(c, readOf(c, 'item_page'));
    const t = c.get('t');
    return staffPage(c, {
      title: String(t('councils:item.editTitle', { position: item.position })),
      status: status({ ...errors, ...fileErrors }),
      children: (
        <ItemFormView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          meeting={meeting}
          item={item}
          values={values ?? itemValues(item)}
          errors={errors}
          files={files}
          fileErrors={fileErrors}
          notice={
            c.req.query('saved') === 'file'
              ? 'councils:item.fileSaved'
              : c.req.query('saved') === 'removed'
                ? 'councils:item.fileRemoved'
                : undefined
          }
        />
      ),
    });
  };
  staff.get('/councils/items/:itemId/edit', (c) => itemForm(c, null, {}));
  staff.post('/councils/items/:itemId/edit', async (c) => {
    const id = param(c, 'itemId', 'agenda_item');
    const values = valuesOf(await formData(c), ITEM_FIELDS);
    try {
      const item = await updateAgendaItem(actorOf(c), db(c), id, itemInputOf(values));
      return c.redirect(`${base(c)}/meetings/${item.meetingId}?saved=item#item-${item.id}`, 303);
    } catch (err) {
      return itemForm(c, values, fieldsOf(err));
    }
  });

  // ── Private links to the papers ─────────────────────────────────────────────────────────────
  for (const change of ['withdraw', 'restore'] as const)
    staff.post(`/councils/meetings/:meetingId/links/:memberId/${change}`, async (c) => {
      const id = param(c, 'meetingId', 'meeting');
      const memberId = param(c, 'memberId', 'member');
      await (change === 'withdraw' ? withdrawPaperLink : restorePaperLink)(actorOf(c), db(c), id, memberId);
      return c.redirect(`${base(c)}/meetings/${id}?saved=links#paper-links`, 303);
    });
  staff.post('/councils/members/:memberId/links/withdraw', async (c) => {
    await withdrawAllPaperLinks(actorOf(c), db(c), param(c, 'memberId', 'member'));
    const from = c.req.query('from');
    return c.redirect(
      from && isUuid(from) ? `${base(c)}/meetings/${from}?saved=links#paper-links` : base(c),
      303,
    );
  });

  // ── Uploaded papers ─────────────────────────────────────────────────────────────────────────
  staff.post('/councils/items/:itemId/files', async (c) => {
    const id = param(c, 'itemId', 'agenda_item');
    const form = await formData(c);
    try {
      await addItemFile(actorOf(c), c.get('services'), id, {
        file: form.file instanceof File ? form.file : null,
      });
      return c.redirect(`${base(c)}/items/${id}/edit?saved=file#files`, 303);
    } catch (err) {
      return itemForm(c, null, {}, fieldsOf(err));
    }
  });
  staff.post('/councils/files/:fileId/remove', async (c) => {
    const removed = await removeItemFile(actorOf(c), c.get('services'), param(c, 'fileId', 'file'));
    return c.redirect(`${base(c)}/items/${removed.agendaItemId}/edit?saved=removed#files`, 303);
  });
  staff.get('/councils/files/:fileId', async (c) => {
    const r = await itemFileFor(
      actorOf(c),
      c.get('services'),
      param(c, 'fileId', 'file'),
      readOf(c, 'item_file'),
    );
    return pdfDownload(r.bytes, r.file.name, { public: false });
  });

  const agendaChange = (path: 'move' | 'remove') =>
    staff.post(`/councils/items/:itemId/${path}`, async (c) => {
      const id = param(c, 'itemId', 'agenda_item');
      const form = await formData(c);
      const { meeting } = await itemOf(c);
      try {
        if (path === 'move')
          await moveAgendaItem(actorOf(c), db(c), id, {
            direction: String(form.direction ?? '') as 'up',
          });
        else await removeAgendaItem(actorOf(c), db(c), id);
        return c.redirect(`${base(c)}/meetings/${meeting.id}?saved=agenda#agenda`, 303);
      } catch (err) {
        const fields: Errors = {};
        for (const v of Object.values(fieldsOf(err))) fields.agenda ??= v;
        return meetingPage(c, {
          view: await meetingFor(actorOf(c), db(c), meeting.id),
          errors: fields,
          errorsOf: 'agenda',
        });
      }
    });
  agendaChange('move');
  agendaChange('remove');

  // ── Votes ───────────────────────────────────────────────────────────────────────────────────
  const votePage = async (c: Context<AppEnv>, values: FormValues | null, errors: Errors) => {
    const actor = actorOf(c);
    const { item, meeting, body } = await itemOf(c);
    if (!can(actor, MANAGE, body.areaIds)) throw new AppError(403, 'forbidden');
    const view = await meetingFor(actor, db(c), meeting.id);
    const withQuorum = view.items.find((i) => i.id === item.id);
    const members = await membersFor(actor, db(c), body.id, { history: true });
    const byId = new Map(members.map((m) => [m.id, m]));
    const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((m): m is Member => !!m);
    const t = c.get('t');
    return staffPage(c, {
      title: String(t('councils:vote.title', { position: item.position, title: item.title })),
      status: status(errors),
      children: (
        <VoteFormView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          body={body}
          meeting={meeting}
          item={item}
          quorum={withQuorum?.quorum ?? null}
          voters={pick(withQuorum?.quorum?.present ?? [])}
          conflicted={pick(withQuorum?.conflicts.map((x) => x.memberId) ?? [])}
          values={values ?? { kind: body.voteByNameRequired ? 'by_name' : 'open' }}
          errors={errors}
        />
      ),
    });
  };
  staff.get('/councils/items/:itemId/vote', (c) => votePage(c, null, {}));
  staff.post('/councils/items/:itemId/vote', async (c) => {
    const actor = actorOf(c);
    const id = param(c, 'itemId', 'agenda_item');
    const { meeting, body } = await itemOf(c);
    const ids = (await membersFor(actor, db(c), body.id, { history: true })).map((m) => m.id);
    const values = voteValues(await formData(c), ids);
    try {
      await recordVote(actor, db(c), id, voteInputOf(values, ids));
      return c.redirect(`${base(c)}/meetings/${meeting.id}?saved=vote#item-${id}`, 303);
    } catch (err) {
      return votePage(c, values, renameFields(fieldsOf(err), VOTE_FIELD_OF));
    }
  });

  // ── Conflicts of interest ───────────────────────────────────────────────────────────────────
  const conflictPage = async (c: Context<AppEnv>, values: FormValues, errors: Errors) => {
    const actor = actorOf(c);
    const { item, meeting, body } = await itemOf(c);
    const manage = can(actor, MANAGE, body.areaIds);
    const members = (await membersFor(actor, db(c), body.id, { on: localDate(meeting.startsAt) })).filter(
      (m) => m.voting && (manage || (actor.userId && m.userId === actor.userId)),
    );
    if (members.length === 0 && !manage) throw new AppError(403, 'forbidden');
    const t = c.get('t');
    return staffPage(c, {
      title: String(t('councils:conflict.title', { position: item.position, title: item.title })),
      status: status(errors),
      children: (
        <ConflictFormView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          meeting={meeting}
          item={item}
          members={members.map((m) => ({ value: m.id, label: nameOf(t, m) }))}
          values={values}
          errors={errors}
        />
      ),
    });
  };
  staff.get('/councils/items/:itemId/conflict', (c) => conflictPage(c, valuesOf({}, CONFLICT_FIELDS), {}));
  staff.post('/councils/items/:itemId/conflict', async (c) => {
    const id = param(c, 'itemId', 'agenda_item');
    const values = valuesOf(await formData(c), CONFLICT_FIELDS);
    try {
      await declareConflict(actorOf(c), db(c), {
        agendaItemId: id,
        memberId: values.memberId,
        note: values.note,
      });
      const { meeting } = await itemOf(c);
      return c.redirect(`${base(c)}/meetings/${meeting.id}?saved=conflict#item-${id}`, 303);
    } catch (err) {
      return conflictPage(c, values, fieldsOf(err));
    }
  });

  // ── Circulation votes ───────────────────────────────────────────────────────────────────────
  const circulationForm = async (c: Context<AppEnv>, body: Body, values: FormValues, errors: Errors) => {
    const t = c.get('t');
    return staffPage(c, {
      title: String(t('councils:circulation.newTitle', { name: body.name })),
      status: status(errors),
      children: (
        <CirculationFormView
          t={t}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          body={body}
          values={values}
          errors={errors}
        />
      ),
    });
  };
  staff.get('/councils/:id/circulations/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf({}, CIRCULATION_FIELDS);
    const week = instantToLocal(new Date(Date.now() + 7 * 86_400_000));
    values.closesOn = week.date;
    values.closesTime = '18:00';
    return circulationForm(c, body, values, {});
  });
  staff.post('/councils/:id/circulations/new', async (c) => {
    const body = await routeBody(c, MANAGE);
    const values = valuesOf(await formData(c), CIRCULATION_FIELDS);
    try {
      const made = await openCirculation(actorOf(c), db(c), body.id, circulationInputOf(values));
      return c.redirect(`${base(c)}/circulations/${made.id}?saved=opened`, 303);
    } catch (err) {
      return circulationForm(c, body, values, renameFields(fieldsOf(err), CIRCULATION_FIELD_OF));
    }
  });

  const circulationPage = async (c: Context<AppEnv>, errors: Errors) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const view = await circulationFor(actor, db(c), param(c, 'circulationId', 'circulation'));
    const body = await bodyFor(actor, db(c), view.circulation.bodyId, READ);
    const members = await membersFor(actor, db(c), body.id, { history: true });
    const entitled = view.circulation.entitledMemberIds
      .map((id) => members.find((m) => m.id === id))
      .filter((m): m is Member => !!m);
    const saved = c.req.query('saved');
    return staffPage(c, {
      title: view.circulation.title,
      status: status(errors),
      children: (
        <CirculationPageView
          t={t}
          lang={c.get('lang')}
          base={base(c)}
          csrf={csrfTokenFor(c)}
          body={body}
          circulation={view.circulation}
          state={view.state}
          entitled={entitled}
          voted={new Set(view.votedMemberIds)}
          manage={can(actor, MANAGE, body.areaIds)}
          errors={errors}
          notice={
            saved === 'opened'
              ? 'councils:circulation.opened'
              : saved === 'closed'
                ? 'councils:circulation.closedNotice'
                : undefined
          }
        />
      ),
    });
  };
  staff.get('/councils/circulations/:circulationId', (c) => circulationPage(c, {}));
  staff.post('/councils/circulations/:circulationId/close', async (c) => {
    const id = param(c, 'circulationId', 'circulation');
    try {
      await closeCirculation(actorOf(c), db(c), id);
      return c.redirect(`${base(c)}/circulations/${id}?saved=closed`, 303);
    } catch (err) {
      return circulationPage(c, fieldsOf(err));
    }
  });
}
