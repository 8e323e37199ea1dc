import { and, asc, eq, isNotNull, or, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { scopeFilter } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { isLang, type Lang } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatRange } from '../../../platform/time/index.ts';
import { eventSettings, events } from '../db/schema.ts';
import { FormReader, type RawForm } from '../forms.ts';
import {
  createEvent,
  type Event,
  type EventInput,
  getEvent,
  type UploadedImage,
  updateEvent,
} from './events.ts';
import { eventsChanged } from './listing.ts';

export const mailLang = (lang: string): Lang => (isLang(lang) ? lang : 'de');

export const editLink = (services: Services, tenant: RequestTenant, token: string) =>
  `${services.config.baseUrl}/${tenant.slug}/events/edit/${token}`;
export const publicLink = (services: Services, tenant: RequestTenant, id: string) =>
  `${services.config.baseUrl}/${tenant.slug}/events/${id}`;

/** Issues a fresh private link and stores only its hash; the newest mail always carries the valid link. */
async function issueEditLink(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  eventId: string,
): Promise<string> {
  const token = randomToken(24);
  await tx
    .update(events)
    .set({ editTokenHash: hashToken(token) })
    .where(and(ofTenant(events, tenant.id), eq(events.id, eventId)));
  return editLink(services, tenant, token);
}

export type SubmitterMail =
  | 'received'
  | 'accepted'
  | 'changes'
  | 'rejected'
  | 'revisionReceived'
  | 'decisionWithdrawn';

/** Queues a mail to the event's submitter; returns the outbox id (undefined without an address). */
export async function mailSubmitter(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  e: Event,
  kind: SubmitterMail,
  link: string,
): Promise<string | undefined> {
  if (!e.submitterEmail) return undefined;
  const lang = mailLang(e.submitterLang);
  const t = services.i18n.t(lang, 'events');
  const vars = {
    name: e.submitterName,
    title: e.title,
    when: formatRange(e.startsAt, e.endsAt, lang, e.allDay),
    link,
    page: publicLink(services, tenant, e.id),
    note: e.moderationNote,
    tenant: tenant.name,
  };
  return queueMail(tx, {
    tenantId: tenant.id,
    to: e.submitterEmail,
    subject: t(`mail.${kind}.subject`, vars),
    text: t(`mail.${kind}.body`, vars),
  });
}

export async function getSettings(db: Db, tenantId: string) {
  const [s] = await db.select().from(eventSettings).where(ofTenant(eventSettings, tenantId)).limit(1);
  return s ?? { tenantId, criteria: {} as Record<string, string>, notifyEmail: '', updatedAt: new Date(0) };
}

export async function saveSettings(
  db: Db,
  tenantId: string,
  s: { criteria: Record<string, string>; notifyEmail: string },
): Promise<void> {
  await db
    .insert(eventSettings)
    .values({ tenantId, criteria: s.criteria, notifyEmail: s.notifyEmail })
    .onConflictDoUpdate({
      target: eventSettings.tenantId,
      set: { criteria: s.criteria, notifyEmail: s.notifyEmail, updatedAt: new Date() },
    });
}

/**
 * A submission from the public form: stored as 'pending' (never public before a person accepts it),
 * the submitter gets a receipt with a private link to edit or withdraw, staff an optional notice.
 */
export async function submitEvent(
  services: Services,
  tenant: RequestTenant,
  input: EventInput,
  o: { name: string; email: string; lang: string; image: UploadedImage | null },
): Promise<{ event: Event; link: string }> {
  const token = randomToken(24);
  return services.db.transaction(async (tx) => {
    const event = await createEvent(tx, tenant.id, input, {
      status: 'pending',
      source: 'public',
      image: o.image,
      submitter: { name: o.name, email: o.email, lang: o.lang, tokenHash: hashToken(token) },
    });
    const link = editLink(services, tenant, token);
    await mailSubmitter(tx, services, tenant, event, 'received', link);
    const settings = await getSettings(tx, tenant.id);
    if (settings.notifyEmail) {
      const t = services.i18n.t('de', 'events');
      await queueMail(tx, {
        tenantId: tenant.id,
        to: settings.notifyEmail,
        subject: t('mail.newSubmission.subject', { title: event.title }),
        text: t('mail.newSubmission.body', {
          title: event.title,
          link: `${services.config.baseUrl}/staff/${tenant.slug}/events/${event.id}/moderate`,
        }),
      });
    }
    return { event, link };
  });
}

export async function eventByToken(db: Db, tenantId: string, token: string): Promise<Event | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [e] = await db
    .select()
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.editTokenHash, hashToken(token))))
    .limit(1);
  return e;
}

/** A revision as stored in JSON (dates as ISO strings). */
const serialise = (i: EventInput, image: UploadedImage | null, removeImage: boolean) => ({
  ...i,
  startsAt: i.startsAt.toISOString(),
  endsAt: i.endsAt.toISOString(),
  image,
  removeImage,
});

export function reviveRevision(r: Record<string, unknown>): {
  input: EventInput;
  image: UploadedImage | null;
  removeImage: boolean;
} {
  const { image, removeImage, ...rest } = r as Record<string, unknown> & {
    image: UploadedImage | null;
    removeImage: boolean;
  };
  const input = {
    ...(rest as unknown as EventInput),
    startsAt: new Date(String(rest.startsAt)),
    endsAt: new Date(String(rest.endsAt)),
  };
  return { input, image: image ?? null, removeImage: !!removeImage };
}

/**
 * The submitter edits through the private link. Before publication the event simply changes and goes
 * back to the queue; after publication the changes wait as a revision (the public keeps seeing the
 * accepted version) until staff accept them — so an accepted event cannot be turned into spam.
 */
export async function submitterUpdate(
  services: Services,
  tenant: RequestTenant,
  e: Event,
  input: EventInput,
  o: { image: UploadedImage | null; removeImage: boolean },
): Promise<'updated' | 'revision'> {
  if (e.status === 'rejected' || e.status === 'withdrawn') throw new AppError(409, 'event_closed');
  // The public form cannot set these; keep what staff decided.
  const kept: EventInput = {
    ...input,
    kind: e.kind,
    registrationRequired: e.registrationRequired,
    capacity: e.capacity,
    waitlistEnabled: e.waitlistEnabled,
    organiserActorId: e.organiserActorId,
    categoryIds: input.categoryIds,
  };
  return services.db.transaction(async (tx) => {
    if (e.status === 'published') {
      await tx
        .update(events)
        .set({ revision: serialise(kept, o.image, o.removeImage), updatedAt: new Date() })
        .where(and(ofTenant(events, tenant.id), eq(events.id, e.id)));
      return 'revision';
    }
    await updateEvent(tx, tenant.id, e.id, kept, {
      image: o.image,
      removeImage: o.removeImage,
      storageDir: services.config.storageDir,
    });
    await tx
      .update(events)
      .set({ status: 'pending' })
      .where(and(ofTenant(events, tenant.id), eq(events.id, e.id)));
    return 'updated';
  });
}

/** The submitter withdraws: a queued event leaves the queue, a published one is marked cancelled. */
export async function submitterWithdraw(services: Services, tenant: RequestTenant, e: Event): Promise<void> {
  const db = services.db;
  if (e.status === 'published') {
    await db
      .update(events)
      .set({
        cancelledAt: new Date(),
        revision: null,
        sequence: sql`${events.sequence} + 1`,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(events, tenant.id), eq(events.id, e.id)));
  } else {
    await db
      .update(events)
      .set({ status: 'withdrawn', updatedAt: new Date() })
      .where(and(ofTenant(events, tenant.id), eq(events.id, e.id)));
  }
  eventsChanged(tenant.id);
}

export type Decision = 'accept' | 'changes' | 'reject';
export const DECISIONS = ['accept', 'changes', 'reject'] as const satisfies readonly Decision[];

/** The decision form (staff screen and API): a decision, and a note for the submitter unless accepting. */
export function readDecisionForm(body: RawForm): {
  decision: Decision | null;
  note: string;
  form: FormReader;
} {
  const form = new FormReader(body);
  const decision = form.choice('decision', DECISIONS, { required: true });
  const note = form.text('note', { max: 2000 });
  if (decision && decision !== 'accept' && !note) form.fail('note', 'events:errors.noteRequired');
  return { decision, note, form };
}

/** The review queue: public submissions waiting for a decision and revisions of published events, oldest first. */
export async function listReviewQueue(
  db: Db,
  tenantId: string,
  scope: string[] | null,
  page: { limit: number; offset: number },
) {
  return db
    .select()
    .from(events)
    .where(
      and(
        ofTenant(events, tenantId),
        or(eq(events.status, 'pending'), isNotNull(events.revision)),
        scopeFilter(events.areaIds, scope),
      ),
    )
    .orderBy(asc(events.createdAt), asc(events.id))
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * Staff decide on a queued event (or on a revision of a published one): accept publishes it (or
 * applies the revision), "ask for changes" and "reject" need a note for the submitter. The submitter
 * is told the outcome by e-mail with a fresh private link.
 */
/** The state before a decision, kept in its audit entry for a short undo (undo-decision.ts). */
export interface DecisionUndo {
  /** When the decision was made (the event's moderatedAt after it). */
  at: string;
  status: Event['status'];
  moderationNote: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  publishedAt: string | null;
  /** The private link valid before the decision (its hash): it works again when the decision mail is withdrawn. */
  linkHash: string | null;
  mailId: string | null;
}

export async function moderate(
  services: Services,
  tenant: RequestTenant,
  eventId: string,
  d: { decision: Decision; note: string; actorUserId: string | null },
): Promise<Event> {
  const before = await getEvent(services.db, tenant.id, eventId);
  if (!before) throw new AppError(404, 'event_not_found');
  const hasRevision = !!before.revision;
  if (!hasRevision && !['pending', 'changes_requested', 'draft', 'rejected'].includes(before.status))
    throw new AppError(409, 'not_in_queue');
  if (d.decision !== 'accept' && !d.note.trim()) throw new AppError(422, 'note_required');
  return services.db
    .transaction(async (tx) => {
      const now = new Date();
      if (hasRevision) {
        if (d.decision === 'accept') {
          const r = reviveRevision(before.revision!);
          await updateEvent(tx, tenant.id, eventId, r.input, {
            image: r.image,
            removeImage: r.removeImage,
            storageDir: services.config.storageDir,
          });
        }
        await tx
          .update(events)
          .set({ revision: null, moderationNote: d.note, moderatedBy: d.actorUserId, moderatedAt: now })
          .where(and(ofTenant(events, tenant.id), eq(events.id, eventId)));
      } else {
        const status =
          d.decision === 'accept' ? 'published' : d.decision === 'changes' ? 'changes_requested' : 'rejected';
        await tx
          .update(events)
          .set({
            status,
            moderationNote: d.note,
            moderatedBy: d.actorUserId,
            moderatedAt: now,
            publishedAt: status === 'published' ? now : before.publishedAt,
            updatedAt: now,
          })
          .where(and(ofTenant(events, tenant.id), eq(events.id, eventId)));
      }
      const after = (await getEvent(tx, tenant.id, eventId))!;
      let mailId: string | undefined;
      if (after.submitterEmail) {
        const link =
          d.decision === 'reject' && !hasRevision ? '' : await issueEditLink(tx, services, tenant, eventId);
        const kind: SubmitterMail =
          d.decision === 'accept' ? 'accepted' : d.decision === 'changes' ? 'changes' : 'rejected';
        mailId = await mailSubmitter(tx, services, tenant, after, kind, link);
      }
      // What undoing the decision restores (a new submission's only; an accepted revision has
      // overwritten the event, so a decision on a revision is not undone): see undo-decision.ts.
      const undo: DecisionUndo | undefined = hasRevision
        ? undefined
        : {
            at: now.toISOString(),
            status: before.status,
            moderationNote: before.moderationNote,
            moderatedBy: before.moderatedBy,
            moderatedAt: before.moderatedAt?.toISOString() ?? null,
            publishedAt: before.publishedAt?.toISOString() ?? null,
            linkHash: before.editTokenHash,
            mailId: mailId ?? null,
          };
      await writeAudit(tx, {
        tenantId: tenant.id,
        actorUserId: d.actorUserId,
        action: `moderate.${d.decision}`,
        entityType: 'event',
        entityId: eventId,
        details: { revision: hasRevision, ...(undo ? { undo } : {}) },
      });
      return after;
    })
    .finally(() => eventsChanged(tenant.id));
}

/** Tells the submitter that their edit of a published event waits for moderation. */
export async function confirmRevisionReceived(
  services: Services,
  tenant: RequestTenant,
  e: Event,
  token: string,
) {
  await mailSubmitter(
    services.db,
    services,
    tenant,
    e,
    'revisionReceived',
    editLink(services, tenant, token),
  );
}
