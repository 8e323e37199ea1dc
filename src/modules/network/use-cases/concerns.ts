import { and, count, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, can, inScope, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { toCsv } from '../../../platform/csv/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant, rows } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { PLANNING } from '../../../platform/http/limits.ts';
import { listDepartments } from '../../access/index.ts';
import { networkConcerns, networkSeries, networkVenues } from '../db/schema.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { place } from '../placement.ts';
import { memberWorksOn, PERMS } from '../policies.ts';
import { CONCERN_FORM, concernFields } from '../schemas.ts';
import {
  CONCERN_RETENTION_YEARS,
  CONCERN_STATUSES,
  CONSENT_TEXT_VERSION,
  type ConcernStatus,
  LANGUAGES,
  type LegalBasis,
  type ReferralKind,
  TOPICS,
} from '../vocab.ts';
import { addYears } from './actors.ts';

export type Concern = typeof networkConcerns.$inferSelect;

export interface ConcernInput {
  idempotencyKey: string;
  topic: string;
  language: string;
  venueId?: string | null;
  seriesId?: string | null;
  areaId?: string | null;
  referralKind?: ReferralKind;
  referralTarget?: string | null;
  referralUserId?: string | null;
  note?: string | null;
  followUpOn?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  legalBasis?: LegalBasis | null;
  consentGiven?: boolean;
  /** When the concern was recorded on the device (may be earlier than the upload). */
  recordedAt?: Date | null;
}

const KEY = /^[A-Za-z0-9-]{16,64}$/;

export function readConcernForm(
  body: RawForm,
  now: Date = new Date(),
): { input: ConcernInput; form: FormReader } {
  const f = new FormReader(body);
  const key = f.text('idempotencyKey', { max: 64 }) ?? '';
  if (key && !KEY.test(key)) f.fail('idempotencyKey', 'validation.invalid');
  const recorded = f.text('recordedAt', { max: 40 });
  let recordedAt: Date | null = null;
  if (recorded) {
    const d = new Date(recorded);
    // A device clock far in the future is not believed.
    if (!Number.isNaN(d.getTime()) && d.getTime() < now.getTime() + 10 * 60_000) recordedAt = d;
  }
  const d = f.schema(concernFields({ followUp: { window: PLANNING, now: () => now } }), CONCERN_FORM);
  const input: ConcernInput = {
    idempotencyKey: key,
    topic: d.topic ?? '',
    language: d.language ?? '',
    venueId: d.venueId || null,
    seriesId: d.seriesId || null,
    areaId: d.areaId || null,
    referralKind: d.referralKind || 'none',
    referralTarget: d.referralTarget ?? null,
    referralUserId: d.referralUserId || null,
    note: d.note ?? null,
    followUpOn: d.followUpOn || null,
    contactName: d.contactName ?? null,
    contactPhone: d.contactPhone || null,
    contactEmail: d.contactEmail || null,
    legalBasis: d.legalBasis || null,
    consentGiven: d.consentGiven ?? false,
    recordedAt,
  };
  checkConcern(input, f);
  return { input, form: f };
}

/** Rules that hold however a concern arrives (form, offline queue, API). */
function checkConcern(i: ConcernInput, f: FormReader): void {
  const hasContact = !!(i.contactName || i.contactPhone || i.contactEmail);
  if (hasContact && !i.legalBasis) f.fail('legalBasis', 'network:errors.contactNeedsBasis');
  if (hasContact && i.legalBasis === 'consent' && !i.consentGiven)
    f.fail('consentGiven', 'network:errors.consentRequired');
  if (i.referralKind === 'team_member' && !i.referralUserId) f.fail('referralUserId', 'validation.required');
  if (
    (i.referralKind === 'service' || i.referralKind === 'department' || i.referralKind === 'fund') &&
    !i.referralTarget
  )
    f.fail('referralTarget', 'validation.required');
  if (!i.venueId && !i.seriesId && !i.areaId) f.fail('areaId', 'network:errors.wherePlace');
}

/**
 * Where a concern lies: the areas of its venue, of its consultation hour and the chosen area. A
 * venue or consultation hour of another tenant is a field message.
 */
async function concernAreas(
  db: Db,
  tenantId: string,
  i: Pick<ConcernInput, 'venueId' | 'seriesId' | 'areaId'>,
): Promise<{ areaId: string | null; areaIds: string[] }> {
  let areaIds: string[] = [];
  let areaId: string | null = null;
  if (i.venueId) {
    const [v] = await db
      .select({ areaId: networkVenues.areaId, areaIds: networkVenues.areaIds })
      .from(networkVenues)
      .where(and(ofTenant(networkVenues, tenantId), eq(networkVenues.id, i.venueId)));
    if (!v) throw new ValidationError({ venueId: 'validation.choice' });
    areaIds = v.areaIds;
    areaId = v.areaId;
  }
  if (i.seriesId) {
    const [s] = await db
      .select({ areaId: networkSeries.areaId, areaIds: networkSeries.areaIds })
      .from(networkSeries)
      .where(and(ofTenant(networkSeries, tenantId), eq(networkSeries.id, i.seriesId)));
    if (!s) throw new ValidationError({ seriesId: 'validation.choice' });
    areaIds = [...new Set([...areaIds, ...s.areaIds])];
    areaId ??= s.areaId;
  }
  if (i.areaId) {
    const p = await place(db, tenantId, { areaId: i.areaId });
    areaIds = [...new Set([...areaIds, ...p.areaIds])];
    areaId = i.areaId;
  }
  return { areaId, areaIds };
}

/**
 * May the member record this concern where its venue, consultation hour or area places it? For the
 * form's field message; `recordConcern` refuses the same case with 403.
 */
export async function mayPlaceConcern(
  actor: Actor,
  db: Db,
  i: Pick<ConcernInput, 'venueId' | 'seriesId' | 'areaId'>,
): Promise<boolean> {
  if (!can(actor, PERMS.concerns)) return false;
  const { areaIds } = await concernAreas(db, actor.tenantId, i);
  return inScope(areaIds, scopeOf(actor, PERMS.concerns));
}

/**
 * Stores a concern exactly once per idempotency key: a repeated send (offline queue after the
 * connection returns, double tap, retry after a timeout) returns the stored one instead of a copy.
 * Only a member who works on concerns where it lies (its venue's, consultation hour's or chosen
 * area) may record it (403).
 */
export async function recordConcern(
  actor: Actor,
  db: Db,
  i: ConcernInput,
): Promise<{ concern: Concern; created: boolean }> {
  authorize(actor, PERMS.concerns);
  const tenantId = actor.tenantId;
  const f = new FormReader({});
  checkConcern(i, f);
  if (!i.idempotencyKey) i.idempotencyKey = newId();
  if (!KEY.test(i.idempotencyKey)) f.fail('idempotencyKey', 'validation.invalid');
  if (!(TOPICS as readonly string[]).includes(i.topic)) f.fail('topic', 'validation.choice');
  if (!(LANGUAGES as readonly string[]).includes(i.language)) f.fail('language', 'validation.choice');
  f.check();
  // Where it came up decides the areas: the venue's, the consultation hour's, or the chosen one.
  const { areaId, areaIds } = await concernAreas(db, tenantId, i);
  if (!inScope(areaIds, scopeOf(actor, PERMS.concerns))) throw new AppError(403, 'forbidden');
  const existing = await byKey(db, tenantId, i.idempotencyKey);
  if (existing) return { concern: existing, created: false };
  // A department referral only reaches the department under its exact name: "jugendamt  mitte"
  // becomes "Jugendamt Mitte" when that department is known in the tenant.
  if (i.referralKind === 'department' && i.referralTarget) {
    const norm = (x: string) => x.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
    const known = (await listDepartments(db, tenantId)).find((d) => norm(d) === norm(i.referralTarget!));
    if (known) i.referralTarget = known;
  }
  // Referred to a team member: a member of this tenant who works on concerns where this one lies.
  if (
    i.referralKind === 'team_member' &&
    i.referralUserId &&
    !(await memberWorksOn(db, tenantId, i.referralUserId, PERMS.concerns, areaIds))
  )
    throw new ValidationError({ referralUserId: 'network:errors.referralUserNotMember' });
  const hasContact = !!(i.contactName || i.contactPhone || i.contactEmail);
  const now = new Date();
  const inserted = await db
    .insert(networkConcerns)
    .values({
      tenantId,
      id: newId(),
      idempotencyKey: i.idempotencyKey,
      topic: i.topic,
      language: i.language,
      venueId: i.venueId ?? null,
      seriesId: i.seriesId ?? null,
      areaId,
      areaIds,
      referralKind: i.referralKind ?? 'none',
      referralTarget: i.referralTarget ?? null,
      referralUserId: i.referralKind === 'team_member' ? (i.referralUserId ?? null) : null,
      note: i.note ?? null,
      status: i.referralKind && i.referralKind !== 'none' ? 'referred' : 'open',
      followUpOn: i.followUpOn ?? null,
      contactName: hasContact ? (i.contactName ?? null) : null,
      contactPhone: hasContact ? (i.contactPhone ?? null) : null,
      contactEmail: hasContact ? (i.contactEmail ?? null) : null,
      legalBasis: hasContact ? (i.legalBasis ?? null) : null,
      consentTextVersion: hasContact && i.legalBasis === 'consent' ? CONSENT_TEXT_VERSION : null,
      consentAt: hasContact && i.legalBasis === 'consent' ? now : null,
      retentionUntil: hasContact ? addYears(CONCERN_RETENTION_YEARS, now) : null,
      recordedBy: actor.userId ?? null,
      recordedAt: i.recordedAt ?? now,
    })
    // Two sends racing each other: the unique key lets exactly one insert win.
    .onConflictDoNothing({ target: [networkConcerns.tenantId, networkConcerns.idempotencyKey] })
    .returning();
  if (inserted[0]) return { concern: inserted[0], created: true };
  const winner = await byKey(db, tenantId, i.idempotencyKey);
  if (!winner) throw new AppError(409, 'conflict');
  return { concern: winner, created: false };
}

async function byKey(db: Db, tenantId: string, key: string): Promise<Concern | undefined> {
  const [c] = await db
    .select()
    .from(networkConcerns)
    .where(and(ofTenant(networkConcerns, tenantId), eq(networkConcerns.idempotencyKey, key)))
    .limit(1);
  return c;
}

export async function getConcern(db: Db, tenantId: string, id: string): Promise<Concern | undefined> {
  const [c] = await db
    .select()
    .from(networkConcerns)
    .where(and(ofTenant(networkConcerns, tenantId), eq(networkConcerns.id, id)))
    .limit(1);
  return c;
}

export interface ConcernAccess {
  scope: string[] | null;
  /** Departments whose shared concerns (referred to them) the member may see. */
  departments?: string[];
}

function accessFilter(a: ConcernAccess): SQL | undefined {
  const parts: SQL[] = [];
  const s = scopeFilter(networkConcerns.areaIds, a.scope);
  if (s === undefined) return undefined;
  parts.push(s);
  if (a.departments?.length) {
    parts.push(
      and(
        eq(networkConcerns.referralKind, 'department'),
        inArray(networkConcerns.referralTarget, a.departments),
      ) as SQL,
    );
  }
  return or(...parts);
}

export async function listConcerns(
  db: Db,
  tenantId: string,
  a: ConcernAccess & { status?: ConcernStatus; topic?: string; limit?: number; offset?: number },
): Promise<Concern[]> {
  return db
    .select()
    .from(networkConcerns)
    .where(concernsWhere(tenantId, a))
    .orderBy(desc(networkConcerns.recordedAt), desc(networkConcerns.id))
    .limit(a.limit ?? 200)
    .offset(a.offset ?? 0);
}

/** How many concerns the list's filters find (for its pages). */
export async function countConcerns(
  db: Db,
  tenantId: string,
  a: ConcernAccess & { status?: ConcernStatus; topic?: string },
): Promise<number> {
  const [r] = await db.select({ n: count() }).from(networkConcerns).where(concernsWhere(tenantId, a));
  return r.n;
}

function concernsWhere(tenantId: string, a: ConcernAccess & { status?: ConcernStatus; topic?: string }) {
  const where: (SQL | undefined)[] = [ofTenant(networkConcerns, tenantId), accessFilter(a)];
  if (a.status) where.push(eq(networkConcerns.status, a.status));
  if (a.topic) where.push(eq(networkConcerns.topic, a.topic));
  return and(...where.filter((x): x is SQL => !!x));
}

export function canSeeConcern(c: Concern, a: ConcernAccess): boolean {
  if (a.scope === null || a.scope.some((s) => c.areaIds.includes(s))) return true;
  return c.referralKind === 'department' && !!c.referralTarget && !!a.departments?.includes(c.referralTarget);
}

/**
 * Sets a concern's status and follow-up day: only a member who works on concerns where it lies. A
 * concern outside their areas is not found (404), as on the screens.
 */
export async function updateConcernStatus(
  actor: Actor,
  db: Db,
  id: string,
  u: { status: ConcernStatus; followUpOn?: string | null },
): Promise<void> {
  authorize(actor, PERMS.concerns);
  const current = isUuid(id) ? await getConcern(db, actor.tenantId, id) : undefined;
  if (!current || !can(actor, PERMS.concerns, current.areaIds)) throw new AppError(404, 'not_found');
  if (!(CONCERN_STATUSES as readonly string[]).includes(u.status))
    throw new ValidationError({ status: 'validation.choice' });
  await db
    .update(networkConcerns)
    .set({
      status: u.status,
      followUpOn: u.followUpOn ?? null,
      closedAt: u.status === 'done' ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(networkConcerns, actor.tenantId), eq(networkConcerns.id, current.id)));
}

// ── Anonymous statistics ────────────────────────────────────────────────────────────────────

export interface ConcernStatRow {
  month: string;
  topic: string;
  language: string;
  venue: string;
  referral: string;
  count: number;
}

/**
 * Counts by month, topic, language, venue and referral — never a note, a name or a contact. The
 * referral is its kind plus, for services, departments and funds, the organisation's name (a team
 * member's id is never exposed). Small counts are kept: the dimensions contain no personal data.
 */
export async function concernStats(
  db: Db,
  tenantId: string,
  a: ConcernAccess & { from?: string; to?: string },
): Promise<ConcernStatRow[]> {
  const where: (SQL | undefined)[] = [ofTenant(networkConcerns, tenantId), accessFilter(a)];
  if (a.from) where.push(sql`${networkConcerns.recordedAt} >= ${a.from}::date`);
  if (a.to) where.push(sql`${networkConcerns.recordedAt} < (${a.to}::date + 1)`);
  const cond = and(...where.filter((x): x is SQL => !!x));
  const r = rows<{
    month: string;
    topic: string;
    language: string;
    venue: string | null;
    referral: string;
    n: number;
  }>(
    await db.execute(sql`
      select to_char(network_concerns.recorded_at at time zone 'Europe/Berlin', 'YYYY-MM') as month,
             network_concerns.topic, network_concerns.language, v.name as venue,
             case when network_concerns.referral_kind in ('service', 'department', 'fund')
                  then network_concerns.referral_kind || ': ' || coalesce(network_concerns.referral_target, '')
                  else network_concerns.referral_kind end as referral,
             count(*)::int as n
        from network_concerns
        left join network_venues v on v.tenant_id = network_concerns.tenant_id and v.id = network_concerns.venue_id
       where ${cond}
       group by 1, 2, 3, 4, 5
       order by 1, 2, 3, 4, 5`),
  );
  return r.map((x) => ({
    month: x.month,
    topic: x.topic,
    language: x.language,
    venue: x.venue ?? '',
    referral: x.referral,
    count: Number(x.n),
  }));
}

/** CSV for German spreadsheets (the platform's writer: semicolon, UTF-8 with BOM, formulas neutralised). */
export function concernStatsCsv(
  list: ConcernStatRow[],
  header: string[],
  label: (col: 'topic' | 'language' | 'referral', v: string) => string,
): string {
  return toCsv(
    header,
    list.map((r) => [
      r.month,
      label('topic', r.topic),
      label('language', r.language),
      r.venue,
      label('referral', r.referral),
      r.count,
    ]),
  );
}
