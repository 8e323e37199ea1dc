/**
 * The provider's private link (HELP-1 review): staff send it by mail; through it the provider sees
 * their entry and says "still correct" (the entry counts as checked, by the provider) or proposes a
 * change, which stays apart from the entry until staff accept or reject it. Only the token's hash is
 * stored; a link ends after REVIEW_LINK_DAYS and with its answer; every step is in the audit log.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { commonTranslations } from '../../../platform/i18n/common.ts';
import { createI18n } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { helpReviewLinks, helpServices } from '../db/schema.ts';
import { PROPOSAL_FIELDS, REVIEW_LINK_DAYS } from '../domain/vocab.ts';
import ar from '../i18n/ar.json' with { type: 'json' };
import de from '../i18n/de.json' with { type: 'json' };
import deLs from '../i18n/de-x-ls.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import tr from '../i18n/tr.json' with { type: 'json' };
import { authorizeService, MANAGE, READ } from '../policies.ts';
import {
  type DecisionInput,
  decisionSchema,
  type ProposalInput,
  type ProposalValues,
  proposalSchema,
  type ReviewLinkInput,
  reviewLinkSchema,
} from '../schemas.ts';
import { loadService, refreshSearch, type Service } from './services.ts';

const i18n = createI18n({ common: commonTranslations, help: { de, en, tr, ar, 'de-x-ls': deLs } });

export type ReviewLink = typeof helpReviewLinks.$inferSelect;

const ENTITY = 'help_review_link';

/** A service the member may change (404 when it does not exist in the tenant, 403 outside their areas). */
async function manageable(actor: Actor, db: Db, id: string): Promise<Service> {
  authorize(actor, MANAGE);
  const s = /^[0-9a-f-]{36}$/i.test(id) ? await loadService(db, actor.tenantId, id) : undefined;
  if (!s) throw new AppError(404, 'not_found');
  authorizeService(actor, s, MANAGE);
  return s;
}

/**
 * Sends the provider a fresh private link to their entry (to the service's mailbox unless staff type
 * another). An unanswered older link of the service stops working: the newest mail is the valid one.
 */
export async function sendReviewLink(
  actor: Actor,
  db: Db,
  serviceId: string,
  input: ReviewLinkInput,
  o: { linkOf: (token: string) => string; now?: Date },
): Promise<{ id: string; email: string; expiresAt: Date }> {
  const service = await manageable(actor, db, serviceId);
  const v = parseInput(reviewLinkSchema, input);
  const to = v.email || service.email || '';
  if (!to) throw new ValidationError({ email: 'help:review.noEmail' });
  const now = o.now ?? new Date();
  const expiresAt = new Date(now.getTime() + REVIEW_LINK_DAYS * 86_400_000);
  const token = randomToken(24);
  const tenantId = actor.tenantId;
  const id = newId();
  await db.transaction(async (tx) => {
    await tx
      .delete(helpReviewLinks)
      .where(
        and(
          ofTenant(helpReviewLinks, tenantId),
          eq(helpReviewLinks.serviceId, service.id),
          isNull(helpReviewLinks.answer),
        ),
      );
    await tx.insert(helpReviewLinks).values({
      tenantId,
      id,
      serviceId: service.id,
      email: to,
      tokenHash: hashToken(token),
      expiresAt,
      sentBy: actor.userId ?? null,
      createdAt: now,
    });
    const t = i18n.t('de', 'help');
    const tenant = await getTenant(tx, tenantId);
    const vars = {
      tenant: tenant?.name ?? '',
      service: service.name,
      link: o.linkOf(token),
      until: formatDate(expiresAt, 'de'),
    };
    await queueMail(tx, {
      tenantId,
      to,
      subject: String(t('review.mail.subject', vars)),
      text: String(t('review.mail.body', vars)),
    });
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor.userId ?? null,
      action: 'send_link',
      entityType: ENTITY,
      entityId: id,
      details: { serviceId: service.id },
    });
  });
  return { id, email: to, expiresAt };
}

/** The link of a token in this tenant while it works (not expired), answered or not; else undefined. */
export async function reviewLinkByToken(
  db: Db,
  tenantId: string,
  token: string,
  now = new Date(),
): Promise<{ link: ReviewLink; service: Service } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [link] = await db
    .select()
    .from(helpReviewLinks)
    .where(and(ofTenant(helpReviewLinks, tenantId), eq(helpReviewLinks.tokenHash, hashToken(token))));
  if (!link || link.expiresAt <= now) return undefined;
  const service = await loadService(db, tenantId, link.serviceId);
  if (!service || service.archivedAt) return undefined;
  return { link, service };
}

/** A working, unanswered link (404 when it does not work, 409 when it was answered already). */
async function openLink(db: Db, tenantId: string, token: string, now: Date) {
  const found = await reviewLinkByToken(db, tenantId, token, now);
  if (!found) throw new AppError(404, 'not_found');
  if (found.link.answer) throw new AppError(409, 'already_answered');
  return found;
}

/** Marks a link answered, once: a second answer (another tab, a double click) is refused. */
async function answer(tx: Db, tenantId: string, linkId: string, set: Partial<ReviewLink>): Promise<void> {
  const done = await tx
    .update(helpReviewLinks)
    .set(set)
    .where(
      and(
        ofTenant(helpReviewLinks, tenantId),
        eq(helpReviewLinks.id, linkId),
        isNull(helpReviewLinks.answer),
      ),
    )
    .returning({ id: helpReviewLinks.id });
  if (!done.length) throw new AppError(409, 'already_answered');
}

/** "Still correct": the entry counts as checked today, by its provider. */
export async function confirmEntry(db: Db, tenantId: string, token: string, now = new Date()): Promise<void> {
  const { link } = await openLink(db, tenantId, token, now);
  await db.transaction(async (tx) => {
    await answer(tx, tenantId, link.id, { answer: 'confirmed', answeredAt: now });
    await tx
      .update(helpServices)
      .set({ reviewedAt: now, reviewedBy: null, reviewedByProvider: true })
      .where(and(ofTenant(helpServices, tenantId), eq(helpServices.id, link.serviceId)));
    await writeAudit(tx, {
      tenantId,
      actorLabel: 'provider',
      action: 'confirm',
      entityType: ENTITY,
      entityId: link.id,
      details: { serviceId: link.serviceId },
    });
  });
}

/** A correction: kept with the link for staff to accept or reject; the entry stays as it is. */
export async function proposeChange(
  db: Db,
  tenantId: string,
  token: string,
  input: ProposalInput,
  now = new Date(),
): Promise<ProposalValues> {
  const { link, service } = await openLink(db, tenantId, token, now);
  // A field left out stays as the entry has it (the form sends them all, prefilled).
  const given = Object.fromEntries(Object.entries(input).filter(([, x]) => x !== undefined));
  const v = parseInput(proposalSchema, { ...entryFields(service), ...given });
  await db.transaction(async (tx) => {
    await answer(tx, tenantId, link.id, { answer: 'proposed', answeredAt: now, proposal: v });
    await writeAudit(tx, {
      tenantId,
      actorLabel: 'provider',
      action: 'propose',
      entityType: ENTITY,
      entityId: link.id,
      details: { serviceId: link.serviceId, fields: changedFields(v, service) },
    });
  });
  return v;
}

/** The entry's fields a provider may correct, as they stand. */
export function entryFields(s: Service): Record<(typeof PROPOSAL_FIELDS)[number], string> {
  return {
    name: s.name,
    description: s.description,
    eligibility: s.eligibility,
    costNote: s.costNote,
    phone: s.phone ?? '',
    email: s.email ?? '',
    website: s.website ?? '',
  };
}

/** Which of the entry's fields a proposal changes. */
export function changedFields(p: Partial<ProposalValues>, s: Service | undefined): string[] {
  if (!s) return [];
  const now = entryFields(s);
  return PROPOSAL_FIELDS.filter((f) => (p[f] ?? '') !== now[f]);
}

export interface Proposal {
  id: string;
  serviceId: string;
  email: string;
  answeredAt: Date;
  values: ProposalValues;
  /** The fields it would change (PROPOSAL_FIELDS). */
  changed: string[];
}

const asProposal = (l: ReviewLink, s: Service | undefined): Proposal => {
  const values = parseInput(proposalSchema, l.proposal ?? {});
  return {
    id: l.id,
    serviceId: l.serviceId,
    email: l.email,
    answeredAt: l.answeredAt!,
    values,
    changed: changedFields(values, s),
  };
};

/** The open proposal of a service (staff who read the directory), if any. */
export async function openProposal(actor: Actor, db: Db, serviceId: string): Promise<Proposal | undefined> {
  authorize(actor, READ);
  const [row] = await db
    .select()
    .from(helpReviewLinks)
    .where(
      and(
        ofTenant(helpReviewLinks, actor.tenantId),
        eq(helpReviewLinks.serviceId, serviceId),
        eq(helpReviewLinks.answer, 'proposed'),
        isNull(helpReviewLinks.decision),
      ),
    )
    .orderBy(desc(helpReviewLinks.answeredAt))
    .limit(1);
  return row ? asProposal(row, await loadService(db, actor.tenantId, serviceId)) : undefined;
}

/** Services of the tenant with a proposal waiting for staff (for the list's flag). */
export async function servicesWithProposals(actor: Actor, db: Db, ids: string[]): Promise<Set<string>> {
  authorize(actor, READ);
  if (!ids.length) return new Set();
  const rows = await db
    .selectDistinct({ id: helpReviewLinks.serviceId })
    .from(helpReviewLinks)
    .where(
      and(
        ofTenant(helpReviewLinks, actor.tenantId),
        inArray(helpReviewLinks.serviceId, ids),
        eq(helpReviewLinks.answer, 'proposed'),
        isNull(helpReviewLinks.decision),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** The last link sent for a service (its state for the staff page). */
export async function lastReviewLink(
  actor: Actor,
  db: Db,
  serviceId: string,
): Promise<ReviewLink | undefined> {
  authorize(actor, READ);
  const [row] = await db
    .select()
    .from(helpReviewLinks)
    .where(and(ofTenant(helpReviewLinks, actor.tenantId), eq(helpReviewLinks.serviceId, serviceId)))
    .orderBy(desc(helpReviewLinks.createdAt))
    .limit(1);
  return row;
}

/**
 * Staff accept or reject a provider's proposal, where they may change the service. Accepting writes
 * the proposed fields into the entry (the note stays a note) and counts it as checked by the member.
 */
export async function decideProposal(
  actor: Actor,
  db: Db,
  proposalId: string,
  input: DecisionInput,
): Promise<void> {
  authorize(actor, MANAGE);
  const tenantId = actor.tenantId;
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw new AppError(404, 'not_found');
  const [link] = await db
    .select()
    .from(helpReviewLinks)
    .where(and(ofTenant(helpReviewLinks, tenantId), eq(helpReviewLinks.id, proposalId)));
  if (!link || link.answer !== 'proposed') throw new AppError(404, 'not_found');
  const service = await manageable(actor, db, link.serviceId);
  const { decision } = parseInput(decisionSchema, input);
  const now = new Date();
  await db.transaction(async (tx) => {
    const done = await tx
      .update(helpReviewLinks)
      .set({ decision, decidedAt: now, decidedBy: actor.userId ?? null })
      .where(
        and(
          ofTenant(helpReviewLinks, tenantId),
          eq(helpReviewLinks.id, link.id),
          isNull(helpReviewLinks.decision),
        ),
      )
      .returning({ id: helpReviewLinks.id });
    if (!done.length) throw new AppError(409, 'already_decided');
    if (decision === 'accepted') {
      const p = parseInput(proposalSchema, link.proposal ?? {});
      await tx
        .update(helpServices)
        .set({
          name: p.name,
          description: p.description,
          eligibility: p.eligibility,
          costNote: p.costNote,
          phone: p.phone || null,
          email: p.email || null,
          website: p.website || null,
          reviewedAt: now,
          reviewedBy: actor.userId ?? null,
          reviewedByProvider: false,
          updatedAt: now,
        })
        .where(and(ofTenant(helpServices, tenantId), eq(helpServices.id, service.id)));
      await refreshSearch(tx, tenantId, service.id);
    }
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor.userId ?? null,
      action: decision === 'accepted' ? 'accept' : 'reject',
      entityType: ENTITY,
      entityId: link.id,
      details: { serviceId: service.id },
    });
  });
}
