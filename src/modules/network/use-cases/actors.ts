import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant, rows } from '../../../platform/db/index.ts';
import { rangeMessage } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { dateWindow, RETENTION } from '../../../platform/http/limits.ts';
import { networkActors, networkRelations } from '../db/schema.ts';
import { checkCoordinates, FormReader, type RawForm } from '../forms.ts';
import { type Placement, place } from '../placement.ts';
import { actorVisibleSql } from '../policies.ts';
import { ACTOR_FORM, actorFields } from '../schemas.ts';
import {
  type ActorKind,
  CONSENT_TEXT_VERSION,
  type LegalBasis,
  PERSON_RETENTION_YEARS,
  RELATION_TYPES,
  type RelationType,
} from '../vocab.ts';

export type Actor = typeof networkActors.$inferSelect;

export interface ActorInput {
  kind: ActorKind;
  orgType?: string | null;
  name: string;
  description?: string | null;
  fields?: string[];
  targetGroups?: string[];
  languages?: string[];
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  lon?: number | null;
  lat?: number | null;
  areaId?: string | null;
  isMultiplier?: boolean;
  isSeismograph?: boolean;
  sharedDepartments?: string[];
  legalBasis?: LegalBasis | null;
  consentTextVersion?: string | null;
  consentAt?: Date | null;
  retentionUntil?: string | null;
  source?: string | null;
  sourceKey?: string | null;
}

export const addYears = (years: number, from = new Date()): string => {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

/**
 * Reads the actor form; person records must name their legal basis (and consent when that is the
 * basis). `departments`: the departments an organisation may be shared with (the checkbox group's
 * options); without it the sharing stays as it is.
 */
export function readActorForm(
  body: RawForm,
  now = new Date(),
  departments?: readonly string[],
): { input: ActorInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(actorFields(), ACTOR_FORM);
  const kind = d.kind ?? 'organisation';
  // What only people have (and only organisations) is not asked of the other kind.
  for (const name of kind === 'person' ? ['orgType'] : ['legalBasis', 'consentGiven', 'retentionUntil'])
    delete f.errors[name];
  const input: ActorInput = {
    kind,
    orgType: kind === 'organisation' ? d.orgType || null : null,
    name: d.name ?? '',
    description: d.description ?? null,
    fields: d.fields ?? [],
    targetGroups: d.targetGroups ?? [],
    languages: d.languages ?? [],
    email: d.email || null,
    phone: d.phone || null,
    website: d.website || null,
    street: d.street ?? null,
    houseNumber: d.houseNumber ?? null,
    postcode: d.postcode || null,
    city: d.city ?? null,
    lat: d.lat ?? null,
    lon: d.lon ?? null,
    areaId: d.areaId || null,
    isMultiplier: d.isMultiplier ?? false,
    isSeismograph: d.isSeismograph ?? false,
  };
  checkCoordinates(input, f);
  if (kind === 'organisation' && departments)
    input.sharedDepartments = f.list('sharedDepartments', departments);
  if (kind === 'person') {
    input.legalBasis = d.legalBasis || null;
    if (!input.legalBasis) f.fail('legalBasis', 'validation.required');
    // Kept until a day the person can still be asked about: at most thirty years from today.
    const latest = dateWindow(RETENTION, now).max;
    input.retentionUntil =
      d.retentionUntil || (f.errors.retentionUntil ? null : addYears(PERSON_RETENTION_YEARS, now));
    if (input.retentionUntil && input.retentionUntil > latest) {
      f.fail(
        'retentionUntil',
        rangeMessage('validation.dateRange', '0001-01-01', latest, 'network:gdpr.retentionUntil'),
      );
      input.retentionUntil = null;
    }
    if (input.retentionUntil && input.retentionUntil <= now.toISOString().slice(0, 10))
      f.fail('retentionUntil', 'network:errors.retentionPast');
    if (input.legalBasis === 'consent') {
      if (!d.consentGiven) f.fail('consentGiven', 'network:errors.consentRequired');
      input.consentTextVersion = CONSENT_TEXT_VERSION;
      input.consentAt = now;
    }
  }
  return { input, form: f };
}

/** A stored actor as form values (the edit form, and the base a partial API update is laid over). */
export function actorFormValues(a: Actor): Record<string, string | string[]> {
  return {
    kind: a.kind,
    orgType: a.orgType ?? '',
    name: a.name,
    description: a.description ?? '',
    fields: a.fields,
    targetGroups: a.targetGroups,
    languages: a.languages,
    email: a.email ?? '',
    phone: a.phone ?? '',
    website: a.website ?? '',
    street: a.street ?? '',
    houseNumber: a.houseNumber ?? '',
    postcode: a.postcode ?? '',
    city: a.city ?? '',
    lat: a.lat?.toString() ?? '',
    lon: a.lon?.toString() ?? '',
    // Placed by address or coordinates: placed again from them, not pinned to the area found last time.
    areaId: a.placedBy === 'manual' || a.placedBy === null ? (a.areaId ?? '') : '',
    isMultiplier: a.isMultiplier ? 'on' : '',
    isSeismograph: a.isSeismograph ? 'on' : '',
    sharedDepartments: a.sharedDepartments,
    legalBasis: a.legalBasis ?? '',
    retentionUntil: a.retentionUntil ?? '',
    consentGiven: a.consentAt ? 'on' : '',
  };
}

function checkInput(i: ActorInput): void {
  const errors: Record<string, string> = {};
  if (!i.name?.trim()) errors.name = 'validation.required';
  if (i.kind === 'person') {
    if (!i.legalBasis) errors.legalBasis = 'validation.required';
    if (!i.retentionUntil) errors.retentionUntil = 'validation.required';
    if (i.legalBasis === 'consent' && (!i.consentAt || !i.consentTextVersion))
      errors.consentGiven = 'network:errors.consentRequired';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function columnsOf(i: ActorInput) {
  const person = i.kind === 'person';
  return {
    kind: i.kind,
    orgType: person ? null : (i.orgType ?? null),
    name: i.name.trim(),
    description: i.description ?? null,
    fields: i.fields ?? [],
    targetGroups: i.targetGroups ?? [],
    languages: i.languages ?? [],
    email: i.email ?? null,
    phone: i.phone ?? null,
    website: i.website ?? null,
    street: i.street ?? null,
    houseNumber: i.houseNumber ?? null,
    postcode: i.postcode ?? null,
    city: i.city ?? null,
    lon: i.lon ?? null,
    lat: i.lat ?? null,
    isMultiplier: i.isMultiplier ?? false,
    isSeismograph: i.isSeismograph ?? false,
    // Only organisations are shared with departments (a person's data stays with the team).
    sharedDepartments: person
      ? []
      : [...new Set((i.sharedDepartments ?? []).map((d) => d.trim()).filter(Boolean))],
    legalBasis: person ? (i.legalBasis ?? null) : null,
    consentTextVersion: person && i.legalBasis === 'consent' ? (i.consentTextVersion ?? null) : null,
    consentAt: person && i.legalBasis === 'consent' ? (i.consentAt ?? null) : null,
    retentionUntil: person ? (i.retentionUntil ?? null) : null,
  };
}

export async function createActor(
  db: Db,
  tenantId: string,
  i: ActorInput,
  by?: string | null,
  known?: Placement,
): Promise<Actor> {
  checkInput(i);
  const placement = known ?? (await place(db, tenantId, i));
  const [row] = await db
    .insert(networkActors)
    .values({
      tenantId,
      id: newId(),
      ...columnsOf(i),
      areaId: placement.areaId,
      areaIds: placement.areaIds,
      placedBy: placement.placedBy,
      source: i.source ?? null,
      sourceKey: i.sourceKey ?? null,
      createdBy: by ?? null,
    })
    .returning();
  return row;
}

export async function updateActor(
  db: Db,
  tenantId: string,
  id: string,
  i: ActorInput,
  known?: Placement,
): Promise<Actor> {
  checkInput(i);
  const current = await getActor(db, tenantId, id);
  if (!current) throw new AppError(404, 'not_found');
  // A record keeps its kind: a person's data must not turn into an organisation's (or back).
  if (current.kind !== i.kind) throw new ValidationError({ kind: 'network:errors.kindFixed' });
  const placement = known ?? (await place(db, tenantId, i));
  // Input without a say on sharing (imports, forms without the control) keeps the sharing as it is.
  const values = columnsOf({ ...i, sharedDepartments: i.sharedDepartments ?? current.sharedDepartments });
  // Consent keeps its original time and text version unless newly given.
  if (current.legalBasis === 'consent' && i.legalBasis === 'consent' && current.consentAt) {
    values.consentAt = current.consentAt;
    values.consentTextVersion = current.consentTextVersion;
  }
  const [row] = await db
    .update(networkActors)
    .set({
      ...values,
      areaId: placement.areaId,
      areaIds: placement.areaIds,
      placedBy: placement.placedBy,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(networkActors, tenantId), eq(networkActors.id, id)))
    .returning();
  return row;
}

export async function getActor(db: Db, tenantId: string, id: string): Promise<Actor | undefined> {
  const [a] = await db
    .select()
    .from(networkActors)
    .where(and(ofTenant(networkActors, tenantId), eq(networkActors.id, id)))
    .limit(1);
  return a;
}

export interface ActorFilter {
  q?: string;
  kind?: ActorKind;
  areaId?: string;
  field?: string;
  targetGroup?: string;
  flag?: 'multiplier' | 'seismograph';
  /** null = whole tenant. */
  scope: string[] | null;
  /** People only within this scope (undefined = no further limit). */
  peopleScope?: string[] | null;
  /** Also organisations shared with one of these departments (department staff), whatever their area. */
  departments?: string[];
  limit?: number;
  offset?: number;
}

export type ActorListItem = Pick<
  Actor,
  | 'id'
  | 'kind'
  | 'orgType'
  | 'name'
  | 'fields'
  | 'targetGroups'
  | 'languages'
  | 'areaId'
  | 'areaIds'
  | 'lon'
  | 'lat'
  | 'isMultiplier'
  | 'isSeismograph'
  | 'street'
  | 'houseNumber'
  | 'postcode'
  | 'sharedDepartments'
>;

/**
 * Directory search: German full text with stemming (also "Beratungen" finds "Beratung") OR
 * trigram word similarity on the name (typos: "Jugendzentum" finds "Jugendzentrum"), ranked;
 * filters by area, field of work, target group and flag, always within the member's scope.
 */
export async function listActors(
  db: Db,
  tenantId: string,
  f: ActorFilter,
): Promise<{ items: ActorListItem[]; total: number }> {
  const where: (SQL | undefined)[] = [ofTenant(networkActors, tenantId), actorVisibleSql(f)];
  if (f.kind) where.push(eq(networkActors.kind, f.kind));
  if (f.areaId) where.push(sql`${networkActors.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.field) where.push(sql`${networkActors.fields} @> array[${f.field}]::text[]`);
  if (f.targetGroup) where.push(sql`${networkActors.targetGroups} @> array[${f.targetGroup}]::text[]`);
  if (f.flag === 'multiplier') where.push(eq(networkActors.isMultiplier, true));
  if (f.flag === 'seismograph') where.push(eq(networkActors.isSeismograph, true));
  const q = f.q?.trim().slice(0, 200);
  let rank: SQL | null = null;
  if (q) {
    const tsq = sql`websearch_to_tsquery('german', unaccent(${q}))`;
    const sim = sql`word_similarity(lower(unaccent(${q})), lower(unaccent(${networkActors.name})))`;
    where.push(or(sql`${networkActors.search} @@ ${tsq}`, sql`${sim} >= 0.5`));
    rank = sql`ts_rank(${networkActors.search}, ${tsq}) + ${sim}`;
  }
  const cond = and(...where.filter((x): x is SQL => !!x));
  const [items, count] = await Promise.all([
    db
      .select({
        id: networkActors.id,
        kind: networkActors.kind,
        orgType: networkActors.orgType,
        name: networkActors.name,
        fields: networkActors.fields,
        targetGroups: networkActors.targetGroups,
        languages: networkActors.languages,
        areaId: networkActors.areaId,
        areaIds: networkActors.areaIds,
        lon: networkActors.lon,
        lat: networkActors.lat,
        isMultiplier: networkActors.isMultiplier,
        isSeismograph: networkActors.isSeismograph,
        street: networkActors.street,
        houseNumber: networkActors.houseNumber,
        postcode: networkActors.postcode,
        sharedDepartments: networkActors.sharedDepartments,
      })
      .from(networkActors)
      .where(cond)
      .orderBy(...(rank ? [desc(rank), asc(networkActors.name)] : [asc(networkActors.name)]))
      .limit(Math.min(f.limit ?? 50, 500))
      .offset(f.offset ?? 0),
    db.select({ n: sql<number>`count(*)::int` }).from(networkActors).where(cond),
  ]);
  return { items, total: Number(count[0]?.n ?? 0) };
}

// ── Relations ───────────────────────────────────────────────────────────────────────────────

export async function addRelation(
  db: Db,
  tenantId: string,
  r: { fromActorId: string; toActorId: string; type: RelationType; note?: string | null },
) {
  if (!(RELATION_TYPES as readonly string[]).includes(r.type))
    throw new ValidationError({ type: 'validation.choice' });
  if (r.fromActorId === r.toActorId) throw new ValidationError({ toActorId: 'network:errors.selfRelation' });
  const both = await db
    .select({ id: networkActors.id })
    .from(networkActors)
    .where(and(ofTenant(networkActors, tenantId), inArray(networkActors.id, [r.fromActorId, r.toActorId])));
  if (both.length !== 2) throw new ValidationError({ toActorId: 'validation.choice' });
  await db
    .insert(networkRelations)
    .values({
      tenantId,
      id: newId(),
      fromActorId: r.fromActorId,
      toActorId: r.toActorId,
      type: r.type,
      note: r.note ?? null,
    })
    .onConflictDoNothing();
}

export async function removeRelation(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .delete(networkRelations)
    .where(and(ofTenant(networkRelations, tenantId), eq(networkRelations.id, id)));
}

export interface RelationView {
  id: string;
  type: RelationType;
  direction: 'out' | 'in';
  otherId: string;
  otherName: string;
  otherKind: ActorKind;
}

export async function relationsOf(db: Db, tenantId: string, actorId: string): Promise<RelationView[]> {
  const r = rows<{
    id: string;
    type: RelationType;
    direction: 'out' | 'in';
    other_id: string;
    other_name: string;
    other_kind: ActorKind;
  }>(
    // The tenant condition through ofTenant (not a hand-written r.tenant_id = …), like every other read.
    await db.execute(sql`
      select network_relations.id, network_relations.type, 'out' as direction,
             a.id as other_id, a.name as other_name, a.kind as other_kind
        from network_relations
        join network_actors a on a.tenant_id = network_relations.tenant_id and a.id = network_relations.to_actor_id
       where ${ofTenant(networkRelations, tenantId)} and network_relations.from_actor_id = ${actorId}
      union all
      select network_relations.id, network_relations.type, 'in', a.id, a.name, a.kind
        from network_relations
        join network_actors a on a.tenant_id = network_relations.tenant_id and a.id = network_relations.from_actor_id
       where ${ofTenant(networkRelations, tenantId)} and network_relations.to_actor_id = ${actorId}
      order by 4`),
  );
  return r.map((x) => ({
    id: x.id,
    type: x.type,
    direction: x.direction,
    otherId: x.other_id,
    otherName: x.other_name,
    otherKind: x.other_kind,
  }));
}

/** Names of actors for pickers (scoped). */
export async function actorOptions(db: Db, tenantId: string, scope: string[] | null, kind?: ActorKind) {
  const where: (SQL | undefined)[] = [
    ofTenant(networkActors, tenantId),
    scopeFilter(networkActors.areaIds, scope),
  ];
  if (kind) where.push(eq(networkActors.kind, kind));
  return db
    .select({ id: networkActors.id, name: networkActors.name, kind: networkActors.kind })
    .from(networkActors)
    .where(and(...where.filter((x): x is SQL => !!x)))
    .orderBy(asc(networkActors.name))
    .limit(1000);
}

export async function actorBySourceKey(
  db: Db,
  tenantId: string,
  sourceKey: string,
): Promise<Actor | undefined> {
  const [a] = await db
    .select()
    .from(networkActors)
    .where(and(ofTenant(networkActors, tenantId), eq(networkActors.sourceKey, sourceKey)))
    .limit(1);
  return a;
}

/** Insert or update by source key (imports are repeatable). */
export async function upsertActor(
  db: Db,
  tenantId: string,
  i: ActorInput & { sourceKey: string },
  known?: Placement,
  by?: string | null,
): Promise<{ actor: Actor; created: boolean }> {
  const existing = await actorBySourceKey(db, tenantId, i.sourceKey);
  if (existing) return { actor: await updateActor(db, tenantId, existing.id, i, known), created: false };
  return { actor: await createActor(db, tenantId, i, by, known), created: true };
}
