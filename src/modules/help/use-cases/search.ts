/**
 * The public search of the help directory — no account: the tenant, the resident's words and
 * filters. The words point to life situations (domain/query.ts, the tenant's edited vocabulary),
 * whose topics find services; the same words go to PostgreSQL full text (German stems, prefix
 * match, without accents) and, for typos in a service's name, to trigram word similarity — as the
 * network directory's search does. Filters: language, area, open now, free of charge, step-free,
 * walk-in. Each search adds one to a count per day, life situation and found/not found; the words
 * themselves are never stored, nor anything about who searched.
 */
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { localDate } from '../../../platform/time/index.ts';
import {
  helpLocations,
  helpSearchCounts,
  helpServices,
  helpServiceTopics,
  helpSituationTopics,
} from '../db/schema.ts';
import { isOpenAt, type OpeningHours } from '../domain/hours.ts';
import { lexicon, matchSituations, prefixQuery, searchWords } from '../domain/query.ts';
import { type SearchInput, searchSchema } from '../schemas.ts';
import { areaPoint, distanceKm, locateAddress, type Point } from './near.ts';
import { ensureVocabulary, type LifeSituation, listSituations } from './vocabulary.ts';

export interface SearchHit {
  id: string;
  name: string;
  providerName: string;
  description: string;
  descriptionEasy: string;
  languages: string[];
  cost: string;
  access: string;
  channels: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
  locations: {
    id: string;
    name: string;
    street: string | null;
    houseNumber: string | null;
    postcode: string | null;
    city: string | null;
    stepFree: boolean | null;
    hours: OpeningHours;
    openNow: boolean;
    /** Straight-line kilometres from the address searched near, when both points are known. */
    distanceKm: number | null;
  }[];
  /** The nearest of its places, for a search near an address (null: no place with a known point). */
  distanceKm: number | null;
}

export interface SearchResult {
  /** The life situations the words pointed to, best first. */
  situations: LifeSituation[];
  hits: SearchHit[];
  /** A search near an address: the area the register placed it in, or not found. */
  near?: { found: false } | { found: true; areaName: string };
}

/** Places farther than this from the address are left out of a search near it. */
export const NEAR_KM = 3;

/** Adds one to today's count of searches of this life situation, found or not. */
export async function countSearch(
  db: Db,
  tenantId: string,
  day: string,
  situationKey: string,
  found: boolean,
) {
  await db
    .insert(helpSearchCounts)
    .values({ tenantId, day, situationKey, found, count: 1 })
    .onConflictDoUpdate({
      target: [
        helpSearchCounts.tenantId,
        helpSearchCounts.day,
        helpSearchCounts.situationKey,
        helpSearchCounts.found,
      ],
      set: { count: sql`${helpSearchCounts.count} + 1` },
    });
}

export async function searchServices(
  db: Db,
  tenantId: string,
  input: SearchInput,
  now: Date = new Date(),
  /** Nearest to this point first, far ones left out (a kiosk's house), as for a search near an address. */
  o: { at?: Point } = {},
): Promise<SearchResult> {
  const f = parseInput(searchSchema, input);
  await ensureVocabulary(db, tenantId);
  const all = await listSituations(db, tenantId);
  const matched = f.q ? matchSituations(f.q, all) : [];
  const situations = matched.map((m) => all.find((s) => s.key === m.key)!);
  const words = f.q ? searchWords(f.q, lexicon(all)) : [];
  const tsText = prefixQuery(words);

  const where: (SQL | undefined)[] = [ofTenant(helpServices, tenantId), isNull(helpServices.archivedAt)];
  let rank: SQL | undefined;
  if (f.q) {
    const either: SQL[] = [];
    const situationIds = situations.map((s) => s.id);
    const topicMatch = situationIds.length
      ? sql`exists (select 1 from ${helpServiceTopics} st join ${helpSituationTopics} sit
          on sit.tenant_id = st.tenant_id and sit.topic_id = st.topic_id
          where st.tenant_id = ${helpServices.tenantId} and st.service_id = ${helpServices.id}
          and sit.situation_id in (${sql.join(
            situationIds.map((id) => sql`${id}`),
            sql`, `,
          )}))`
      : sql`false`;
    either.push(topicMatch);
    const sim = sql`word_similarity(lower(unaccent(${f.q})), lower(unaccent(${helpServices.name})))`;
    either.push(sql`${sim} >= 0.5`);
    if (tsText) {
      const tsq = sql`to_tsquery('german', ${tsText})`;
      either.push(sql`${helpServices.search} @@ ${tsq}`);
      rank = sql`ts_rank(${helpServices.search}, ${tsq}) + ${sim} + (case when ${topicMatch} then 1 else 0 end)`;
    } else rank = sql`${sim} + (case when ${topicMatch} then 1 else 0 end)`;
    where.push(sql`(${sql.join(either, sql` or `)})`);
  }
  if (f.language) where.push(sql`${f.language} = any(${helpServices.languages})`);
  if (f.free) where.push(eq(helpServices.cost, 'free'));
  if (f.walkIn) where.push(inArray(helpServices.access, ['walk_in', 'both']));
  if (f.areaId) where.push(sql`${helpServices.areaIds} && array[${f.areaId}]::uuid[]`);

  const rows = await db
    .select({
      id: helpServices.id,
      name: helpServices.name,
      providerName: helpServices.providerName,
      description: helpServices.description,
      descriptionEasy: helpServices.descriptionEasy,
      languages: helpServices.languages,
      cost: helpServices.cost,
      access: helpServices.access,
      channels: helpServices.channels,
      phone: helpServices.phone,
      email: helpServices.email,
      website: helpServices.website,
    })
    .from(helpServices)
    .where(and(...where))
    // Without words there is no rank (a constant ORDER BY would name a column position).
    .orderBy(...(rank ? [sql`${rank} desc`, helpServices.name] : [helpServices.name]))
    .limit(f.openNow || f.stepFree || f.near || o.at ? 500 : f.limit);

  const ids = rows.map((r) => r.id);
  const places = ids.length
    ? await db
        .select()
        .from(helpLocations)
        .where(and(ofTenant(helpLocations, tenantId), inArray(helpLocations.serviceId, ids)))
        .orderBy(helpLocations.sort)
    : [];
  let hits: Placed[] = rows.map((r) => ({
    ...r,
    locations: places
      .filter((p) => p.serviceId === r.id)
      .filter((p) => !f.areaId || p.areaIds.includes(f.areaId))
      .map((p) => ({
        id: p.id,
        name: p.name,
        street: p.street,
        houseNumber: p.houseNumber,
        postcode: p.postcode,
        city: p.city,
        stepFree: p.stepFree,
        hours: p.hours,
        openNow: isOpenAt(p.hours, now),
        distanceKm: null as number | null,
        lon: p.lon,
        lat: p.lat,
        areaId: p.areaId,
      })),
    distanceKm: null,
  }));
  // Place filters keep a service when one of its places fits both (open now and step-free).
  if (f.openNow || f.stepFree) {
    hits = hits
      .map((h) => ({
        ...h,
        locations: h.locations.filter(
          (l) => (!f.openNow || l.openNow) && (!f.stepFree || l.stepFree === true),
        ),
      }))
      .filter((h) => h.locations.length > 0);
  }
  let near: SearchResult['near'];
  if (f.near) {
    const from = await locateAddress(db, tenantId, f.near);
    near = from ? { found: true, areaName: from.areaName } : { found: false };
    if (from) hits = await byDistance(db, tenantId, hits, from);
  } else if (o.at) hits = await byDistance(db, tenantId, hits, o.at);
  const found: SearchHit[] = hits.slice(0, f.limit).map((h) => ({
    ...h,
    locations: h.locations.map(({ lon: _x, lat: _y, areaId: _a, ...l }) => l),
  }));
  if (f.q) await countSearch(db, tenantId, localDate(now), situations[0]?.key ?? '', found.length > 0);
  return { situations, hits: found, ...(near ? { near } : {}) };
}

type Placed = Omit<SearchHit, 'locations'> & {
  locations: (SearchHit['locations'][number] & {
    lon: number | null;
    lat: number | null;
    areaId: string | null;
  })[];
};

/**
 * Nearest first: each place gets its distance (its own point, else a point inside its area), a
 * service its nearest place's; services whose places are all known to be farther than NEAR_KM are
 * left out; those without a known point (by phone, online, no address) follow the near ones.
 */
async function byDistance(db: Db, tenantId: string, hits: Placed[], from: Point): Promise<Placed[]> {
  const cache = new Map<string, Promise<Point | null>>();
  const measured = await Promise.all(
    hits.map(async (h) => {
      const locations = await Promise.all(
        h.locations.map(async (l) => {
          const p =
            l.lon != null && l.lat != null
              ? { lon: l.lon, lat: l.lat }
              : l.areaId
                ? await areaPoint(db, tenantId, l.areaId, cache)
                : null;
          return { ...l, distanceKm: p ? Math.round(distanceKm(from, p) * 10) / 10 : null };
        }),
      );
      locations.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
      const known = locations.map((l) => l.distanceKm).filter((d): d is number => d !== null);
      return { ...h, locations, distanceKm: known.length ? Math.min(...known) : null };
    }),
  );
  return measured
    .filter((h) => h.distanceKm === null || h.distanceKm <= NEAR_KM)
    .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
}

export interface SearchCount {
  day: string;
  situationKey: string;
  found: boolean;
  count: number;
}

/** The counts of searches between two local dates (inclusive), for staff reports and figures. */
export async function searchCounts(
  db: Db,
  tenantId: string,
  from: string,
  to: string,
): Promise<SearchCount[]> {
  return db
    .select({
      day: helpSearchCounts.day,
      situationKey: helpSearchCounts.situationKey,
      found: helpSearchCounts.found,
      count: helpSearchCounts.count,
    })
    .from(helpSearchCounts)
    .where(and(ofTenant(helpSearchCounts, tenantId), sql`${helpSearchCounts.day} between ${from} and ${to}`))
    .orderBy(helpSearchCounts.day, helpSearchCounts.situationKey);
}
