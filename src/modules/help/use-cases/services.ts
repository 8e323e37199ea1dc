/**
 * Services and their places, as staff keep them: create, change, archive, mark checked, and the
 * list with the "not checked for N months" flag. Each use case takes the acting member first and
 * checks before it writes; places are put in areas through the areas module.
 */
import { and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { addMonths, localDate } from '../../../platform/time/index.ts';
import { areaPath, placeAddress, placePoint } from '../../areas/index.ts';
import { helpLocations, helpServices, helpServiceTopics, helpTopics } from '../db/schema.ts';
import type { OpeningHours } from '../domain/hours.ts';
import { compoundParts, lexicon } from '../domain/query.ts';
import { authorizeService, MANAGE, READ } from '../policies.ts';
import { type ServiceInput, type ServiceValues, serviceSchema } from '../schemas.ts';
import { ensureVocabulary, listSituations, topicIds } from './vocabulary.ts';

export type ServiceRow = typeof helpServices.$inferSelect;
export type LocationRow = typeof helpLocations.$inferSelect;
export interface Service extends Omit<ServiceRow, 'search'> {
  topics: string[];
  locations: LocationRow[];
}

/** The vocabulary whose words are split out of compounds in a service's text. */
export async function searchLexicon(db: Db, tenantId: string): Promise<string[]> {
  return lexicon(await listSituations(db, tenantId), COMPOUND_TAILS);
}

/** Last parts of service names, split off so "Beratung" finds "Schuldnerberatung". */
const COMPOUND_TAILS = [
  'Beratung',
  'Beratungsstelle',
  'Hilfe',
  'Selbsthilfe',
  'Dienst',
  'Notdienst',
  'Stelle',
  'Zentrum',
];

type Placed = { areaId: string | null; areaIds: string[] };

/** The areas of one place: by its point, else by its address; nowhere when neither is known. */
async function placeLocation(
  db: Db,
  tenantId: string,
  l: ServiceValues['locations'][number],
  index: number,
): Promise<Placed> {
  if (l.areaId) {
    const path = await areaPath(db, tenantId, l.areaId);
    if (!path.length) throw new ValidationError({ [`locations.${index}.areaId`]: 'validation.choice' });
    return { areaId: l.areaId, areaIds: path.map((a) => a.id) };
  }
  if (l.lat != null && l.lon != null) {
    const hits = await placePoint(db, tenantId, l.lon, l.lat);
    const direct = hits.filter((h) => h.direct);
    return { areaId: direct.at(-1)?.id ?? null, areaIds: hits.map((h) => h.id) };
  }
  if (l.street && l.houseNumber) {
    const p = await placeAddress(db, tenantId, {
      street: l.street,
      houseNumber: l.houseNumber,
      postcode: l.postcode,
    });
    if (p) return { areaId: p.area.id, areaIds: p.path.map((a) => a.id) };
  }
  return { areaId: null, areaIds: [] };
}

async function loadRow(db: Db, tenantId: string, id: string): Promise<ServiceRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db
    .select()
    .from(helpServices)
    .where(and(ofTenant(helpServices, tenantId), eq(helpServices.id, id)));
  return row;
}

/** A service with its topic keys and places (no check: for the use cases and the public page). */
export async function loadService(db: Db, tenantId: string, id: string): Promise<Service | undefined> {
  const row = await loadRow(db, tenantId, id);
  if (!row) return undefined;
  const { search: _s, ...rest } = row;
  const topics = await db
    .select({ key: helpTopics.key })
    .from(helpServiceTopics)
    .innerJoin(
      helpTopics,
      and(eq(helpTopics.tenantId, helpServiceTopics.tenantId), eq(helpTopics.id, helpServiceTopics.topicId)),
    )
    .where(and(ofTenant(helpServiceTopics, tenantId), eq(helpServiceTopics.serviceId, id)));
  const locations = await db
    .select()
    .from(helpLocations)
    .where(and(ofTenant(helpLocations, tenantId), eq(helpLocations.serviceId, id)))
    .orderBy(asc(helpLocations.sort));
  return { ...rest, topics: topics.map((t) => t.key).sort(), locations };
}

/**
 * The full-text vector of a service: German stems and a 'simple' copy of the name (proper names as
 * typed), both without accents; topics, keywords and target groups; the description; and the parts
 * of compounds the vocabulary knows ("Mietschuldenberatung" → "schulden"). Written in the same
 * transaction as every change.
 */
export async function refreshSearch(db: Db, tenantId: string, id: string, lex?: string[]): Promise<void> {
  const [row] = await db
    .select({
      name: helpServices.name,
      description: helpServices.description,
      keywords: helpServices.keywords,
    })
    .from(helpServices)
    .where(and(ofTenant(helpServices, tenantId), eq(helpServices.id, id)));
  if (!row) return;
  const vocabulary = lex ?? (await searchLexicon(db, tenantId));
  const words = `${row.name} ${row.keywords.join(' ')} ${row.description}`
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/ü/g, 'u')
    .split(/[^a-z0-9]+/);
  const parts = [...new Set(words.flatMap((w) => compoundParts(w, vocabulary)))].join(' ');
  await db.execute(sql`
    update help_services s set search =
      setweight(to_tsvector('german', unaccent(s.name)), 'A') ||
      setweight(to_tsvector('simple', unaccent(s.name)), 'A') ||
      setweight(to_tsvector('german', unaccent(
        coalesce((select string_agg(t.label, ' ') from help_service_topics st
          join help_topics t on t.tenant_id = st.tenant_id and t.id = st.topic_id
          where st.tenant_id = s.tenant_id and st.service_id = s.id), '') || ' ' ||
        array_to_string(s.keywords, ' ') || ' ' || array_to_string(s.target_groups, ' ') || ' ' || ${parts}
      )), 'B') ||
      setweight(to_tsvector('german', unaccent(s.description || ' ' || s.description_easy || ' ' || s.provider_name)), 'C')
    where ${ofTenant(updated, tenantId)} and s.id = ${id}`);
}

/** The search update names `help_services` as `s`: its tenant condition goes through the alias. */
const updated = alias(helpServices, 's');

const serviceColumns = (v: ServiceValues) => ({
  name: v.name,
  providerActorId: v.providerActorId ?? null,
  providerName: v.providerName,
  description: v.description,
  descriptionEasy: v.descriptionEasy,
  targetGroups: v.targetGroups,
  languages: v.languages,
  cost: v.cost,
  costNote: v.costNote,
  eligibility: v.eligibility,
  access: v.access,
  channels: v.channels,
  phone: v.phone || null,
  email: v.email || null,
  website: v.website || null,
  keywords: v.keywords,
  reviewerId: v.reviewerId ?? null,
  reviewMonths: v.reviewMonths,
});

/** Places with their areas, and the service's areas (their union). */
async function placeAll(db: Db, tenantId: string, v: ServiceValues) {
  const placed = await Promise.all(v.locations.map((l, i) => placeLocation(db, tenantId, l, i)));
  const areaIds = [...new Set(placed.flatMap((p) => p.areaIds))];
  return { placed, areaIds };
}

async function writeChildren(
  db: Db,
  tenantId: string,
  serviceId: string,
  v: ServiceValues,
  placed: Placed[],
  topics: string[],
): Promise<void> {
  await db
    .delete(helpServiceTopics)
    .where(and(ofTenant(helpServiceTopics, tenantId), eq(helpServiceTopics.serviceId, serviceId)));
  if (topics.length)
    await db.insert(helpServiceTopics).values(topics.map((topicId) => ({ tenantId, serviceId, topicId })));
  await db
    .delete(helpLocations)
    .where(and(ofTenant(helpLocations, tenantId), eq(helpLocations.serviceId, serviceId)));
  if (v.locations.length)
    await db.insert(helpLocations).values(
      v.locations.map((l, i) => ({
        tenantId,
        id: newId(),
        serviceId,
        venueId: l.venueId ?? null,
        name: l.name,
        street: l.street ?? null,
        houseNumber: l.houseNumber ?? null,
        postcode: l.postcode ?? null,
        city: l.city ?? null,
        district: l.district ?? null,
        lat: l.lat ?? null,
        lon: l.lon ?? null,
        areaId: placed[i].areaId,
        areaIds: placed[i].areaIds,
        stepFree: l.stepFree,
        accessibility: l.accessibility,
        hours: l.hours as OpeningHours,
        sort: i,
      })),
    );
}

export interface WriteOptions {
  /** Set by an import: where the record came from, so a second run finds it again. */
  source?: { source: 'berlin_hilf_mir'; key: string };
  /** The entry counts as checked now (staff typed or confirmed it). */
  checked?: boolean;
  /** The search vocabulary, when the caller writes many services at once (searchLexicon). */
  lexicon?: string[];
}

/** A new service with its places, in the areas of the member's grant (a service without places: tenant-wide). */
export async function createService(
  actor: Actor,
  db: Db,
  input: ServiceInput,
  o: WriteOptions = {},
): Promise<Service> {
  authorize(actor, MANAGE);
  const v = parseInput(serviceSchema, input);
  const tenantId = actor.tenantId;
  const { placed, areaIds } = await placeAll(db, tenantId, v);
  authorize(actor, MANAGE, areaIds);
  await ensureVocabulary(db, tenantId);
  const topics = await topicIds(db, tenantId, v.topics);
  const id = newId();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(helpServices).values({
      tenantId,
      id,
      ...serviceColumns(v),
      areaIds,
      source: o.source?.source ?? 'manual',
      sourceKey: o.source?.key ?? null,
      reviewedAt: o.checked === false ? null : now,
      reviewedBy: o.checked === false ? null : (actor.userId ?? null),
    });
    await writeChildren(tx, tenantId, id, v, placed, topics);
    await refreshSearch(tx, tenantId, id, o.lexicon);
  });
  return (await loadService(db, tenantId, id))!;
}

/** A service the member may change (404 when it does not exist in the tenant, 403 outside their areas). */
async function serviceFor(actor: Actor, db: Db, id: string): Promise<ServiceRow> {
  authorize(actor, MANAGE);
  const row = await loadRow(db, actor.tenantId, id);
  if (!row) throw new AppError(404, 'not_found');
  authorizeService(actor, row, MANAGE);
  return row;
}

/** Saves a service and its places; moving it needs the grant for the new areas too. */
export async function updateService(
  actor: Actor,
  db: Db,
  id: string,
  input: ServiceInput,
  o: WriteOptions = {},
): Promise<Service> {
  const current = await serviceFor(actor, db, id);
  const v = parseInput(serviceSchema, input);
  const tenantId = actor.tenantId;
  const { placed, areaIds } = await placeAll(db, tenantId, v);
  authorize(actor, MANAGE, areaIds);
  const topics = await topicIds(db, tenantId, v.topics);
  await db.transaction(async (tx) => {
    await tx
      .update(helpServices)
      .set({
        ...serviceColumns(v),
        areaIds,
        updatedAt: new Date(),
        ...(o.checked
          ? { reviewedAt: new Date(), reviewedBy: actor.userId ?? null, reviewedByProvider: false }
          : {}),
      })
      .where(and(ofTenant(helpServices, tenantId), eq(helpServices.id, current.id)));
    await writeChildren(tx, tenantId, current.id, v, placed, topics);
    await refreshSearch(tx, tenantId, current.id, o.lexicon);
  });
  return (await loadService(db, tenantId, current.id))!;
}

/** Archived services leave the search and the list; their record stays (restore by saving it again). */
export async function archiveService(actor: Actor, db: Db, id: string, archived = true): Promise<void> {
  const current = await serviceFor(actor, db, id);
  await db
    .update(helpServices)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(ofTenant(helpServices, actor.tenantId), eq(helpServices.id, current.id)));
}

/** Someone checked the entry today: the review flag clears for `review_months`. */
export async function markServiceChecked(actor: Actor, db: Db, id: string, at = new Date()): Promise<void> {
  const current = await serviceFor(actor, db, id);
  await db
    .update(helpServices)
    .set({ reviewedAt: at, reviewedBy: actor.userId ?? null, reviewedByProvider: false })
    .where(and(ofTenant(helpServices, actor.tenantId), eq(helpServices.id, current.id)));
}

/** Is the entry due for a check: never checked, or last checked `review_months` months before today? */
export function reviewDue(s: { reviewedAt: Date | null; reviewMonths: number }, now: Date): boolean {
  if (!s.reviewedAt) return true;
  return localDate(s.reviewedAt) <= addMonths(localDate(now), -s.reviewMonths);
}

export interface ServiceListItem {
  id: string;
  name: string;
  providerName: string;
  areaIds: string[];
  reviewedAt: Date | null;
  /** Last checked by its provider through their private link (not by staff). */
  reviewedByProvider: boolean;
  reviewMonths: number;
  archived: boolean;
  /** Not checked for its review period (N months). */
  reviewDue: boolean;
}

/** The staff list: every service of the tenant, the ones due for a check flagged (or only those). */
export async function listServices(
  actor: Actor,
  db: Db,
  f: { dueOnly?: boolean; archived?: boolean; q?: string; areaId?: string; now?: Date } = {},
): Promise<ServiceListItem[]> {
  authorize(actor, READ);
  const now = f.now ?? new Date();
  const where: (SQL | undefined)[] = [ofTenant(helpServices, actor.tenantId)];
  if (!f.archived) where.push(isNull(helpServices.archivedAt));
  const q = f.q?.trim();
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(or(ilike(helpServices.name, like), ilike(helpServices.providerName, like)));
  }
  // Containment, so the GIN index on the area list serves it.
  if (f.areaId) where.push(sql`${helpServices.areaIds} @> array[${f.areaId}]::uuid[]`);
  const rows = await db
    .select({
      id: helpServices.id,
      name: helpServices.name,
      providerName: helpServices.providerName,
      areaIds: helpServices.areaIds,
      reviewedAt: helpServices.reviewedAt,
      reviewedByProvider: helpServices.reviewedByProvider,
      reviewMonths: helpServices.reviewMonths,
      archivedAt: helpServices.archivedAt,
    })
    .from(helpServices)
    .where(and(...where))
    .orderBy(asc(helpServices.name));
  const items = rows.map(({ archivedAt, ...r }) => ({
    ...r,
    archived: !!archivedAt,
    reviewDue: reviewDue(r, now),
  }));
  return f.dueOnly ? items.filter((i) => i.reviewDue) : items;
}

/** One service for the staff (every member who reads the directory). */
export async function getService(actor: Actor, db: Db, id: string): Promise<Service> {
  authorize(actor, READ);
  const s = await loadService(db, actor.tenantId, id);
  if (!s) throw new AppError(404, 'not_found');
  return s;
}

/** Ids of services by their import key (for the import's second run). */
export async function servicesBySourceKey(
  db: Db,
  tenantId: string,
  keys: string[],
): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await db
    .select({ id: helpServices.id, key: helpServices.sourceKey })
    .from(helpServices)
    .where(
      and(
        ofTenant(helpServices, tenantId),
        eq(helpServices.source, 'berlin_hilf_mir'),
        inArray(helpServices.sourceKey, keys),
      ),
    );
  return new Map(rows.map((r) => [r.key!, r.id]));
}
