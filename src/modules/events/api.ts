/**
 * JSON API of the events module (OpenAPI, tag "Events"), mounted at /api/v1/tenants/:tenant.
 *
 * Every operation uses the same use cases, form readers and permission checks as the staff screens:
 * JSON bodies are turned into the form's fields and read by `readEventForm` / `readAttendanceForm` /
 * `readDecisionForm`, so the API accepts exactly what the screens accept and answers 422 with one
 * message per field in the caller's language.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { getPublicAreaBySlug } from '../areas/index.ts';
import { detailOut, lookups, summaryOut } from './api/present.ts';
import {
  decodeCursor,
  encodeCursor,
  eventBodyHook,
  eventForm,
  failIfInvalid,
  ifMatch,
  loadEvent,
  NEW_EVENT_DEFAULTS,
  readEvent,
  schemaHook,
  setEtag,
  translate,
  translated,
  versionMismatch,
} from './api/request.ts';
import {
  attendanceOut,
  cancelRoute,
  createRouteDef,
  decisionRoute,
  getRoute,
  listAttendanceRoute,
  listRoute,
  publishRoute,
  putAttendanceRoute,
  queueRoute,
  updateRoute,
} from './api/routes.ts';
import { FormReader, type RawForm } from './forms.ts';
import { PERMS } from './policies.ts';
import { listAttendance, readAttendanceForm } from './use-cases/attendance.ts';
import { type Event, eventVersion, formValuesOf, listCategories } from './use-cases/events.ts';
import {
  cancelStaffEvent,
  createStaffEvent,
  decideEvent,
  eventDetailFor,
  listEventsFor,
  publishStaffEvent,
  reviewQueueFor,
  saveAttendance,
  saveStaffEvent,
} from './use-cases/manage.ts';
import { readDecisionForm } from './use-cases/moderation.ts';

export function mountEventsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    listRoute,
    async (c) => {
      const q = c.req.valid('query');
      const db = c.get('services').db;
      const tenantId = c.get('tenant')!.id;
      const problems: Record<string, string> = {};
      let area: { id: string; slug: string; name: string } | undefined;
      if (q.area) {
        area = await getPublicAreaBySlug(db, tenantId, q.area);
        if (!area) problems.area = 'validation.choice';
      }
      const areaId = area?.id ?? null;
      // Loaded once: for the filter and for the categories each event names.
      const cats = await listCategories(db, tenantId);
      let categoryId: string | null = null;
      if (q.category) {
        const cat = cats.find((x) => x.slug === q.category || x.id === q.category);
        if (cat) categoryId = cat.id;
        else problems.category = 'validation.choice';
      }
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) problems.cursor = 'validation.invalid';
      if (q.from && q.to && q.to < q.from) problems.to = 'events:errors.untilBeforeStart';
      if (Object.keys(problems).length) throw new ValidationError(translate(c, problems));
      const { items, total } = await listEventsFor(actorOf(c), db, {
        status: q.status,
        areaIds: areaId ? [areaId] : null,
        kind: q.kind,
        categoryId,
        from: q.from,
        to: q.to,
        q: q.q,
        when: 'all',
        after,
        knownTotal: after?.total,
        limit: q.limit,
        offset: q.offset,
      });
      const l = await lookups(
        c,
        items.map((x) => x.areaId),
        { categories: cats, areas: area ? [area] : [] },
      );
      const last = items.at(-1);
      return c.json(
        {
          items: items.map((x) => summaryOut(c, x, l)),
          total,
          limit: q.limit,
          offset: after ? 0 : q.offset,
          nextCursor: last && items.length === q.limit ? encodeCursor(last, total) : null,
        },
        200,
      );
    },
    schemaHook,
  );

  api.openapi(
    queueRoute,
    async (c) => {
      const q = c.req.valid('query');
      const { items: list, total } = await reviewQueueFor(actorOf(c), c.get('services').db, q);
      const l = await lookups(
        c,
        list.map((x) => x.areaId),
      );
      return c.json(
        {
          items: await Promise.all(list.map((e) => detailOut(c, e, l))),
          total,
          limit: q.limit,
          offset: q.offset,
        },
        200,
      );
    },
    schemaHook,
  );

  api.openapi(
    getRoute,
    async (c) => {
      // Moderators see a public submission's submitter: the use case audits that.
      const e = await eventDetailFor(actorOf(c), c.get('services').db, c.req.valid('param').id, 'api');
      setEtag(c, e);
      return c.json(await detailOut(c, e), 200);
    },
    schemaHook,
  );

  api.openapi(
    createRouteDef,
    async (c) => {
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const { publish, ...fields } = body;
      const r = await readEvent(c, { ...NEW_EVENT_DEFAULTS, ...eventForm(fields) });
      const e = await translated(c, () =>
        createStaffEvent(actorOf(c), services.db, r.input, { publish: !!publish }),
      );
      setEtag(c, e);
      c.header('Location', `/api/v1/tenants/${tenant.slug}/events/${e.id}`);
      return c.json(await detailOut(c, e), 201);
    },
    eventBodyHook,
  );

  api.openapi(
    updateRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const patch = c.req.valid('json');
      const { removeImage, ...fields } = patch;
      const expected = ifMatch(c);
      if (expected !== undefined && expected !== eventVersion(e)) return versionMismatch(c);
      // The stored event with the sent fields laid over it goes through the form's checks.
      const merged: RawForm = {
        ...formValuesOf(e),
        // Not sent: the stored HTML is kept as it is (below), not read again as form input.
        description: '',
        ...eventForm(fields),
        ...(removeImage ? { removeImage: 'on' } : {}),
      };
      const r = await readEvent(c, merged, e);
      // An unchanged description stays as stored (not re-read from its HTML).
      if (fields.description === undefined) r.input.descriptionHtml = e.descriptionHtml;
      let after: Event;
      try {
        after = await translated(c, () =>
          saveStaffEvent(actorOf(c), services, tenant, e.id, r.input, {
            removeImage: r.removeImage,
            expectedVersion: expected,
          }),
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'version_mismatch') return versionMismatch(c);
        throw err;
      }
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    eventBodyHook,
  );

  api.openapi(
    publishRoute,
    async (c) => {
      const after = await publishStaffEvent(
        actorOf(c),
        c.get('services'),
        c.get('tenant')!,
        c.req.param('id') ?? '',
      );
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    cancelRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = (c.req.valid('json') ?? {}) as {
        reason?: string | null;
        notifyRegistrants?: boolean;
        undo?: boolean;
      };
      const f = new FormReader({ reason: body.reason ?? '' });
      const reason = f.text('reason', { max: 500 });
      failIfInvalid(c, f);
      const after = await cancelStaffEvent(actorOf(c), services, tenant, e.id, {
        cancelled: !body.undo,
        reason,
        notify: body.notifyRegistrants !== false,
      });
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    decisionRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.moderate);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const { decision, note, form } = readDecisionForm({ decision: body.decision, note: body.reason ?? '' });
      failIfInvalid(c, form, (field) => (field === 'note' ? 'reason' : field));
      let after: Event;
      try {
        after = await decideEvent(actorOf(c), services, tenant, e.id, { decision: decision!, note });
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_in_queue')
          throw new AppError(409, 'not_in_queue', c.get('t')('events:errors.notInQueue'));
        throw err;
      }
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    listAttendanceRoute,
    async (c) => {
      const e = await loadEvent(c);
      const list = await listAttendance(c.get('services').db, e.tenantId, e.id);
      return c.json({ items: list.map(attendanceOut) }, 200);
    },
    schemaHook,
  );

  api.openapi(
    putAttendanceRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const db = c.get('services').db;
      const { date } = c.req.valid('param');
      const body = c.req.valid('json');
      const form: RawForm = { date, total: String(body.total), note: body.note ?? '' };
      for (const [g, n] of Object.entries(body.byAge ?? {}))
        if (n !== undefined) form[`age_${g}`] = String(n);
      for (const [g, n] of Object.entries(body.byGender ?? {}))
        if (n !== undefined) form[`gender_${g}`] = String(n);
      const { input, form: f } = readAttendanceForm(form, e);
      // Form field names → the JSON paths (a split that does not add up names the whole split).
      failIfInvalid(c, f, (field, key) => {
        const m = /^(age|gender)_(.+)$/.exec(field);
        if (!m) return field;
        const group = m[1] === 'age' ? 'byAge' : 'byGender';
        return key === 'events:errors.splitSum' ? group : `${group}.${m[2]}`;
      });
      await saveAttendance(actorOf(c), db, e.id, input);
      const saved = (await listAttendance(db, e.tenantId, e.id)).find(
        (a) => a.occurrenceDate === input.date,
      )!;
      return c.json(attendanceOut(saved), 200);
    },
    schemaHook,
  );
}
