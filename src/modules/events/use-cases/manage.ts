/**
 * What members do with events, one use case per action. Each takes the acting member first and
 * checks before anything else; the staff screens and the JSON API call these and keep no rule of
 * their own. The functions they build on (events.ts, moderation.ts, registrations.ts, …) store and
 * read without asking who acts: imports, public submissions, jobs and seeds use those directly.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can, inScope, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../../platform/db/index.ts';
import { deleteFile } from '../../../platform/files/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { checkOutboundUrl, OutboundError } from '../../../platform/http/outbound.ts';
import { expandScope, listAreas } from '../../areas/index.ts';
import { getActor, getVenue } from '../../network/index.ts';
import { events } from '../db/schema.ts';
import {
  createSource,
  deleteSource,
  getSource,
  type ImportRun,
  listSources,
  type RunOptions,
  runImport,
  type Source,
  type SourceInput,
  updateSource,
} from '../import/run.ts';
import { authorizeEvent, authorizeSource, canForEvent, PERMS } from '../policies.ts';
import { sourceFields } from '../schemas.ts';
import { type AttendanceInput, recordAttendance } from './attendance.ts';
import {
  areaIdsOf,
  type Category,
  countQueue,
  createEvent,
  deleteCategory,
  type Event,
  type EventInput,
  getEvent,
  listEventsForStaff,
  publishEvent,
  type StaffFilter,
  setCancelled,
  type UploadedImage,
  updateEvent,
  upsertCategory,
} from './events.ts';
import { eventsChanged } from './listing.ts';
import { type Decision, listReviewQueue, moderate, saveSettings } from './moderation.ts';
import {
  cancelRegistration,
  listRegistrations,
  notifyCancellation,
  type Registration,
  reconcileRegistrations,
} from './registrations.ts';
import { addResultFile, type ResultFile, removeResultFile, saveResults } from './results.ts';

const sameTenant = (actor: Actor, tenant: Pick<RequestTenant, 'id'>) => {
  if (tenant.id !== actor.tenantId) throw new AppError(403, 'forbidden');
};

/**
 * The event for a member who wants to do `permission` with it: 404 when it does not exist for them
 * (missing, or outside the areas they may read), 403 when they may read but not do this.
 */
export async function eventFor(
  actor: Actor,
  db: Db,
  id: string,
  permission: string = PERMS.read,
): Promise<Event> {
  authorize(actor, permission);
  const e = await getEvent(db, actor.tenantId, id);
  if (!e) throw new AppError(404, 'event_not_found');
  authorizeEvent(actor, e, permission);
  return e;
}

/** Does the event carry a public submitter's personal data (their name and address, the contact address they typed)? */
const carriesSubmitter = (e: Event): boolean =>
  e.source === 'public' && !!(e.submitterName || e.submitterEmail || e.contactEmail);

/** A look at a submitter's personal data goes to the audit log (the entry names the event, not the person). */
async function auditSubmitterRead(actor: Actor, db: Db, events: Event[], view: string): Promise<void> {
  for (const e of events)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'event_submission',
      entityId: e.id,
      personal: true,
      details: { view },
    });
}

/**
 * A submission (or a submitter's change) for moderation: the page shows who sent it, with name and
 * e-mail address, so the look is audited. Refused like `eventFor` with the moderation permission.
 */
export async function submissionFor(actor: Actor, db: Db, id: string): Promise<Event> {
  const e = await eventFor(actor, db, id, PERMS.moderate);
  if (carriesSubmitter(e)) await auditSubmitterRead(actor, db, [e], 'moderate');
  return e;
}

/**
 * One event for the staff page or the API. Who manages or moderates a public submission sees what
 * its submitter typed (the contact address in the form, the submitter in the API): that look is
 * audited; members who only read the event see neither, and nothing is logged for them.
 */
export async function eventDetailFor(
  actor: Actor,
  db: Db,
  id: string,
  view: 'staff' | 'api',
): Promise<Event> {
  const e = await eventFor(actor, db, id, PERMS.read);
  const seesSubmitter =
    view === 'staff' ? canForEvent(actor, e, PERMS.manage) : canForEvent(actor, e, PERMS.moderate);
  if (seesSubmitter && carriesSubmitter(e)) await auditSubmitterRead(actor, db, [e], view);
  // What the submitter typed is public once the event is; before that it is theirs: a member who
  // only reads the event (department staff) does not get their name or address.
  if (!seesSubmitter && e.source === 'public' && e.status !== 'published')
    return { ...e, contactEmail: '', submitterName: '', submitterEmail: '' };
  return e;
}

/** May the member place events in this area (null = for the whole tenant)? For the form's field message. */
export async function mayPlaceEvent(actor: Actor, db: Db, areaId: string | null): Promise<boolean> {
  return canForEvent(actor, { areaIds: await areaIdsOf(db, actor.tenantId, areaId) }, PERMS.manage);
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────────

/** Events of the member's areas (all with a tenant-wide grant). */
export async function listEventsFor(actor: Actor, db: Db, f: Omit<StaffFilter, 'scope'>) {
  authorize(actor, PERMS.read);
  return listEventsForStaff(db, actor.tenantId, { ...f, scope: scopeOf(actor, PERMS.read) });
}

/** Submissions and revisions waiting for the member's decision (their areas). */
export async function listQueueFor(actor: Actor, db: Db, f: Omit<StaffFilter, 'scope' | 'status'> = {}) {
  authorize(actor, PERMS.moderate);
  return listEventsForStaff(db, actor.tenantId, {
    ...f,
    status: 'queue',
    scope: scopeOf(actor, PERMS.moderate),
  });
}

/** The review queue with revisions (API). */
export async function reviewQueueFor(actor: Actor, db: Db, page: { limit: number; offset: number }) {
  authorize(actor, PERMS.moderate);
  const scope = scopeOf(actor, PERMS.moderate);
  const [list, total] = await Promise.all([
    listReviewQueue(db, actor.tenantId, scope, page),
    countQueue(db, actor.tenantId, scope),
  ]);
  // The API's queue names each submitter: one audit entry per submission shown.
  await auditSubmitterRead(actor, db, list.filter(carriesSubmitter), 'api-queue');
  return { items: list, total };
}

/** How many wait for the member's decision (0 for members who do not moderate). */
export async function queueCountFor(actor: Actor, db: Db): Promise<number> {
  return countQueue(db, actor.tenantId, scopeOf(actor, PERMS.moderate));
}

// ── Writing events ──────────────────────────────────────────────────────────────────────────

/**
 * The venue and the organiser an event names must be records of this tenant in the areas the member
 * manages events for (anywhere with a tenant-wide grant): a team member cannot put another area's
 * venue or organisation on their event. One already on the event stays allowed when someone with a
 * wider grant set it. Field messages (422, the network module's words for its records), checked
 * before anything is stored.
 */
async function checkEventReferences(
  actor: Actor,
  db: Db,
  input: EventInput,
  existing?: Event,
): Promise<void> {
  const scope = scopeOf(actor, PERMS.manage);
  const fields: Record<string, string> = {};
  if (input.venueId && input.venueId !== existing?.venueId) {
    const venue = isUuid(input.venueId) ? await getVenue(db, actor.tenantId, input.venueId) : undefined;
    if (!venue) fields.venueId = 'validation.choice';
    else if (!inScope(venue.areaIds, scope)) fields.venueId = 'network:errors.venueNotInScope';
  }
  if (input.organiserActorId && input.organiserActorId !== existing?.organiserActorId) {
    const organiser = isUuid(input.organiserActorId)
      ? await getActor(db, actor.tenantId, input.organiserActorId)
      : undefined;
    if (organiser?.kind !== 'organisation') fields.organiserActorId = 'validation.choice';
    else if (!inScope(organiser.areaIds, scope))
      fields.organiserActorId = 'network:errors.organisationNotInScope';
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/** A new event by staff, as a draft or published at once, in an area the member manages. */
export async function createStaffEvent(
  actor: Actor,
  db: Db,
  input: EventInput,
  o: { publish: boolean; image?: UploadedImage | null },
): Promise<Event> {
  authorize(actor, PERMS.manage);
  authorize(actor, PERMS.manage, await areaIdsOf(db, actor.tenantId, input.areaId));
  await checkEventReferences(actor, db, input);
  return createEvent(db, actor.tenantId, input, {
    status: o.publish ? 'published' : 'draft',
    source: 'staff',
    createdBy: actor.userId ?? null,
    image: o.image,
  });
}

/**
 * Saves changes to an event (the event and its new area must be the member's). Dates that no longer
 * take place lose their registrations (people are told) and more places may let people move up —
 * in the same transaction. `expectedVersion` (API If-Match) refuses a stale change with 409.
 */
export async function saveStaffEvent(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  input: EventInput,
  o: { image?: UploadedImage | null; removeImage?: boolean; expectedVersion?: string } = {},
): Promise<Event> {
  sameTenant(actor, tenant);
  const e = await eventFor(actor, services.db, id, PERMS.manage);
  authorize(actor, PERMS.manage, await areaIdsOf(services.db, actor.tenantId, input.areaId));
  await checkEventReferences(actor, services.db, input, e);
  const row = await services.db.transaction(async (tx) => {
    const saved = await updateEvent(tx, tenant.id, e.id, input, {
      image: o.image,
      removeImage: o.removeImage,
      storageDir: services.config.storageDir,
      expectedVersion: o.expectedVersion,
    });
    await reconcileRegistrations(tx, services, tenant, e.id);
    return saved;
  });
  return (await getEvent(services.db, tenant.id, e.id)) ?? row;
}

/** Publishes a draft; a pending public submission is accepted (the submitter is told). */
export async function publishStaffEvent(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
): Promise<Event> {
  sameTenant(actor, tenant);
  const e = await eventFor(actor, services.db, id, PERMS.manage);
  if (e.source === 'public' && (e.status === 'pending' || e.status === 'changes_requested'))
    await moderate(services, tenant, e.id, {
      decision: 'accept',
      note: '',
      actorUserId: actor.userId ?? null,
    });
  else await publishEvent(services.db, tenant.id, e.id);
  return (await getEvent(services.db, tenant.id, e.id))!;
}

/** Cancels an event (or takes the cancellation back); registrants are told unless `notify` is false. */
export async function cancelStaffEvent(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  o: { cancelled: boolean; reason: string; notify: boolean },
): Promise<Event> {
  sameTenant(actor, tenant);
  const e = await eventFor(actor, services.db, id, PERMS.manage);
  await setCancelled(services.db, tenant.id, e.id, o.cancelled, o.reason);
  const after = (await getEvent(services.db, tenant.id, e.id))!;
  if (o.cancelled && o.notify) await notifyCancellation(services, tenant, after);
  return after;
}

/** Deletes an event with its audit entry in one transaction; its image file goes after the commit. */
export async function deleteStaffEvent(actor: Actor, services: Services, id: string): Promise<void> {
  const e = await eventFor(actor, services.db, id, PERMS.manage);
  await services.db.transaction(async (tx) => {
    await tx.delete(events).where(and(ofTenant(events, actor.tenantId), eq(events.id, e.id)));
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'delete',
      entityType: 'event',
      entityId: e.id,
    });
  });
  eventsChanged(actor.tenantId);
  if (e.imageId) await deleteFile(services.config.storageDir, actor.tenantId, e.imageId);
}

/** Accept, request changes or reject a submission or revision (moderators of the event's areas). */
export async function decideEvent(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  d: { decision: Decision; note: string },
): Promise<Event> {
  sameTenant(actor, tenant);
  const e = await eventFor(actor, services.db, id, PERMS.moderate);
  await moderate(services, tenant, e.id, { ...d, actorUserId: actor.userId ?? null });
  return (await getEvent(services.db, tenant.id, e.id))!;
}

/**
 * One decision for several queued events (the queue's "decide for the chosen"): each is decided as
 * on its own page — in its own transaction, its submitter told. Every one must be the member's to
 * decide, checked before any is decided (one outside their areas refuses the whole request); one
 * decided meanwhile by someone else is left as it is and counted as skipped.
 */
export async function decideEvents(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  ids: string[],
  d: { decision: Decision; note: string },
): Promise<{ decided: string[]; skipped: string[] }> {
  authorize(actor, PERMS.moderate);
  sameTenant(actor, tenant);
  const unique = [...new Set(ids)];
  for (const id of unique) await eventFor(actor, services.db, id, PERMS.moderate);
  const decided: string[] = [];
  const skipped: string[] = [];
  for (const id of unique) {
    try {
      await decideEvent(actor, services, tenant, id, d);
      decided.push(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_in_queue') skipped.push(id);
      else throw err;
    }
  }
  return { decided, skipped };
}

// ── Registrations, attendance, results ──────────────────────────────────────────────────────

/** Who registered (personal data: the look is audited). */
export async function registrationsFor(
  actor: Actor,
  db: Db,
  id: string,
  o: { date?: string | null } = {},
): Promise<{ event: Event; registrations: Registration[] }> {
  const event = await eventFor(actor, db, id, PERMS.manage);
  const list = await listRegistrations(db, actor.tenantId, event.id, o);
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'read',
    entityType: 'event_registrations',
    entityId: event.id,
    personal: true,
  });
  return { event, registrations: list };
}

/** Staff cancel one registration of the event (the person is told; the waiting list moves up). */
export async function cancelRegistrationByStaff(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  eventId: string,
  registrationId: string,
): Promise<void> {
  sameTenant(actor, tenant);
  const e = await eventFor(actor, services.db, eventId, PERMS.manage);
  const list = await listRegistrations(services.db, tenant.id, e.id);
  if (!list.some((r) => r.id === registrationId)) throw new AppError(404, 'not_found');
  await cancelRegistration(services, tenant, registrationId);
}

/** Records how many came on one date. */
export async function saveAttendance(
  actor: Actor,
  db: Db,
  eventId: string,
  input: AttendanceInput,
): Promise<void> {
  const e = await eventFor(actor, db, eventId, PERMS.manage);
  await recordAttendance(db, actor.tenantId, e.id, input, actor.userId ?? null);
}

/** Results text (published on the event page or kept internal). */
export async function saveEventResults(
  actor: Actor,
  db: Db,
  eventId: string,
  text: string,
  publish: boolean,
): Promise<void> {
  const e = await eventFor(actor, db, eventId, PERMS.manage);
  await saveResults(db, actor.tenantId, e.id, text, publish);
}

export async function addEventResultFile(
  actor: Actor,
  services: Services,
  eventId: string,
  f: { title: string; filename: string; type: string; bytes: Uint8Array },
): Promise<ResultFile> {
  const e = await eventFor(actor, services.db, eventId, PERMS.manage);
  return addResultFile(services.db, services.config.storageDir, actor.tenantId, e.id, f);
}

export async function removeEventResultFile(
  actor: Actor,
  services: Services,
  eventId: string,
  fileId: string,
): Promise<void> {
  const e = await eventFor(actor, services.db, eventId, PERMS.manage);
  await removeResultFile(services.db, services.config.storageDir, actor.tenantId, e.id, fileId);
}

/** Areas the member may place events in: their scope and everything below it (programme areas, districts, regions). */
export async function eventAreaChoices(actor: Actor, db: Db): Promise<{ id: string; name: string }[]> {
  authorize(actor, PERMS.manage);
  const list = await listAreas(db, actor.tenantId, { kinds: ['programme', 'district', 'bezirksregion'] });
  const allowed = await expandScope(db, actor.tenantId, scopeOf(actor, PERMS.manage));
  return list
    .filter((a) => allowed === null || allowed.includes(a.id))
    .map((a) => ({ id: a.id, name: a.name }));
}

// ── Settings, categories and import sources ─────────────────────────────────────────────────

/** Submission criteria per language and the address told about new submissions. */
export async function saveEventSettings(
  actor: Actor,
  db: Db,
  s: { criteria: Record<string, string>; notifyEmail: string },
): Promise<void> {
  authorize(actor, PERMS.settings);
  await saveSettings(db, actor.tenantId, s);
}

/** Adds (or renames, by slug) a category. */
export async function addEventCategory(
  actor: Actor,
  db: Db,
  c: { name: string; labels?: Record<string, string> },
): Promise<Category> {
  authorize(actor, PERMS.settings);
  return upsertCategory(db, actor.tenantId, c);
}

/** Removes a category (events keep their other categories). */
export async function removeEventCategory(actor: Actor, db: Db, id: string): Promise<void> {
  authorize(actor, PERMS.settings);
  await deleteCategory(db, actor.tenantId, id);
}

/** The area path of a source's area ([] for the whole tenant, or when its area no longer exists). */
async function sourceAreaIds(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  try {
    return await areaIdsOf(db, tenantId, areaId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'area_not_found') return [];
    throw err;
  }
}

/** An import source of the member's areas (404 when missing or outside them). */
export async function importSourceFor(actor: Actor, db: Db, id: string): Promise<Source> {
  authorize(actor, PERMS.importData);
  const s = await getSource(db, actor.tenantId, id);
  if (!s) throw new AppError(404, 'not_found');
  authorizeSource(actor, { areaIds: await sourceAreaIds(db, actor.tenantId, s.areaId) });
  return s;
}

/** The import sources of the member's areas (all with a tenant-wide grant). */
export async function listImportSourcesFor(actor: Actor, db: Db): Promise<Source[]> {
  authorize(actor, PERMS.importData);
  const all = await listSources(db, actor.tenantId);
  const allowed = await expandScope(db, actor.tenantId, scopeOf(actor, PERMS.importData));
  if (allowed === null) return all;
  return all.filter((s) => s.areaId !== null && allowed.includes(s.areaId));
}

/** May the member import into this area (null = for the whole tenant)? For the form's field message. */
export async function mayImportInto(actor: Actor, db: Db, areaId: string | null): Promise<boolean> {
  return can(actor, PERMS.importData, await areaIdsOf(db, actor.tenantId, areaId));
}

/** Areas the member may import into: their scope and everything below it. */
export async function importAreaChoices(actor: Actor, db: Db): Promise<{ id: string; name: string }[]> {
  authorize(actor, PERMS.importData);
  const list = await listAreas(db, actor.tenantId, { kinds: ['programme', 'district'] });
  const allowed = await expandScope(db, actor.tenantId, scopeOf(actor, PERMS.importData));
  return list
    .filter((a) => allowed === null || allowed.includes(a.id))
    .map((a) => ({ id: a.id, name: a.name }));
}

/**
 * A source from any caller — the staff form, the command line's file import — within the limits of
 * its schema (schemas.ts), and a feed address the server may fetch: http(s), no credentials, not an
 * internal address or name (checked again after DNS on every fetch). Field messages, for the form.
 */
function checkSource(services: Services, input: SourceInput): void {
  parseInput(z.object(sourceFields), {
    ...input,
    url: input.url ?? '',
    areaId: input.areaId ?? '',
    attributionUrl: input.attributionUrl ?? '',
  });
  if (input.kind !== 'url' || !input.url) return;
  try {
    checkOutboundUrl(input.url, services.config.outbound);
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    throw new ValidationError({
      url: err.code === 'address_refused' ? 'events:import.urlRefused' : 'events:errors.url',
    });
  }
}

export async function createImportSource(
  actor: Actor,
  services: Services,
  input: SourceInput,
): Promise<Source> {
  authorize(actor, PERMS.importData);
  // Imported events go into the source's area: only an area the member imports into.
  authorize(actor, PERMS.importData, await areaIdsOf(services.db, actor.tenantId, input.areaId));
  checkSource(services, input);
  return createSource(services.db, actor.tenantId, input);
}

export async function updateImportSource(
  actor: Actor,
  services: Services,
  id: string,
  input: SourceInput,
): Promise<void> {
  const s = await importSourceFor(actor, services.db, id);
  authorize(actor, PERMS.importData, await areaIdsOf(services.db, actor.tenantId, input.areaId));
  checkSource(services, input);
  await updateSource(services.db, actor.tenantId, s.id, input);
}

export async function deleteImportSource(actor: Actor, db: Db, id: string): Promise<void> {
  const s = await importSourceFor(actor, db, id);
  await deleteSource(db, actor.tenantId, s.id);
}

/** Imports from a source now (its address, or an uploaded file). */
export async function runImportFor(
  actor: Actor,
  services: Services,
  id: string,
  o: RunOptions,
): Promise<ImportRun> {
  const s = await importSourceFor(actor, services.db, id);
  return runImport(services, actor.tenantId, s.id, o);
}
