import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { slugify } from '../../../platform/forms/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  OutboundError,
  type OutboundErrorCode,
  type OutboundPolicy,
  outboundFetch,
  type Resolver,
} from '../../../platform/http/outbound.ts';
import { richText } from '../../../platform/richtext/index.ts';
import { eventSources, events, type ImportProblem, importRuns } from '../db/schema.ts';
import { EVENT_LIMITS } from '../schemas.ts';
import { createEvent, type EventInput, listCategories, updateEvent } from '../use-cases/events.ts';
import { eventsChanged } from '../use-cases/listing.ts';
import { type ReadEvent, readCalendar } from './read-ical.ts';

export type Source = typeof eventSources.$inferSelect;
export type ImportRun = typeof importRuns.$inferSelect;

export const MAX_FEED_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

export interface SourceInput {
  name: string;
  kind: 'url' | 'file';
  url: string | null;
  areaId: string | null;
  categoryIds: string[];
  attribution: string;
  attributionUrl: string | null;
  publishMode: 'publish' | 'review';
  intervalMinutes: number;
  enabled: boolean;
}

const sourceColumns = (i: SourceInput) => ({
  name: i.name,
  kind: i.kind,
  url: i.url,
  areaId: i.areaId,
  categoryIds: i.categoryIds,
  attribution: i.attribution,
  attributionUrl: i.attributionUrl,
  publishMode: i.publishMode,
  intervalMinutes: i.intervalMinutes,
  enabled: i.enabled,
});

export async function createSource(db: Db, tenantId: string, i: SourceInput): Promise<Source> {
  const [row] = await db
    .insert(eventSources)
    .values({ tenantId, id: newId(), ...sourceColumns(i) })
    .returning();
  return row;
}

export async function updateSource(db: Db, tenantId: string, id: string, i: SourceInput): Promise<void> {
  await db
    .update(eventSources)
    .set({ ...sourceColumns(i), updatedAt: new Date() })
    .where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, id)));
}

export async function getSource(db: Db, tenantId: string, id: string): Promise<Source | undefined> {
  if (!isUuid(id)) return undefined;
  const [s] = await db
    .select()
    .from(eventSources)
    .where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, id)))
    .limit(1);
  return s;
}

export async function findSourceByName(db: Db, tenantId: string, name: string): Promise<Source | undefined> {
  const [s] = await db
    .select()
    .from(eventSources)
    .where(and(ofTenant(eventSources, tenantId), eq(eventSources.name, name)))
    .limit(1);
  return s;
}

export async function listSources(db: Db, tenantId: string): Promise<Source[]> {
  return db
    .select()
    .from(eventSources)
    .where(ofTenant(eventSources, tenantId))
    .orderBy(asc(eventSources.name));
}

/** Deletes a source; its events stay (as entered by hand) and lose the link. */
export async function deleteSource(db: Db, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(events)
      .set({ importSourceId: null, importUid: null, importHash: null })
      .where(and(ofTenant(events, tenantId), eq(events.importSourceId, id)));
    await tx.delete(eventSources).where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, id)));
  });
}

export async function listRuns(db: Db, tenantId: string, sourceId: string, limit = 20): Promise<ImportRun[]> {
  return db
    .select()
    .from(importRuns)
    .where(and(ofTenant(importRuns, tenantId), eq(importRuns.sourceId, sourceId)))
    .orderBy(desc(importRuns.startedAt))
    .limit(limit);
}

export async function getRun(db: Db, tenantId: string, id: string): Promise<ImportRun | undefined> {
  if (!isUuid(id)) return undefined;
  const [r] = await db
    .select()
    .from(importRuns)
    .where(and(ofTenant(importRuns, tenantId), eq(importRuns.id, id)))
    .limit(1);
  return r;
}

/** Titles compared without case, spaces and punctuation ("Sommer-Fest!" = "sommerfest"). */
const normTitle = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '');

function toInput(e: ReadEvent, s: Source, categoryIds: string[]): EventInput {
  const [place, ...rest] = e.location.split(',');
  const description = [
    e.description ? richText(e.description) : '',
    e.url
      ? `<p><a href="${e.url.replace(/"/g, '%22')}">${e.url.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</a></p>`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    kind: 'event',
    title: e.summary,
    descriptionHtml: richText(description),
    startsAt: e.start,
    endsAt: e.end,
    allDay: e.allDay,
    rrule: e.rrule,
    repeatUntil: e.repeatUntil,
    exdates: e.exdates,
    areaId: s.areaId,
    venueId: null,
    locationName: (rest.length ? place : e.location).trim().slice(0, EVENT_LIMITS.locationName),
    locationAddress: rest.join(',').trim().slice(0, EVENT_LIMITS.locationAddress),
    onlineUrl: null,
    organiserActorId: null,
    organiserName: e.organiser || s.name,
    contactEmail: e.contactEmail,
    categoryIds,
    targetGroups: [],
    languages: [],
    stepFree: null,
    accessibleToilet: null,
    hearingLoop: null,
    signLanguage: false,
    accessibilityNotes: '',
    cost: 'free',
    costNote: '',
    imageAlt: '',
    registrationRequired: false,
    capacity: null,
    waitlistEnabled: true,
  };
}

const hashOf = (i: EventInput, cancelled: boolean) =>
  createHash('sha256')
    .update(JSON.stringify([i, cancelled]))
    .digest('hex');

export interface FetchResult {
  status: 'ok' | 'not_modified' | 'failed';
  bytes?: Uint8Array;
  etag?: string | null;
  lastModified?: string | null;
  /** Why it failed: a problem key of the report (events:import.problems.*) and a detail for staff. */
  problem?: ImportProblem;
}

/** Report keys for the reasons the guarded fetch gives. */
const FETCH_PROBLEMS: Record<OutboundErrorCode, string> = {
  invalid_url: 'fetchFailed',
  address_refused: 'addressRefused',
  not_found: 'hostNotFound',
  too_many_redirects: 'tooManyRedirects',
  timeout: 'fetchTimeout',
  too_large: 'tooLarge',
  network: 'fetchFailed',
};

/**
 * Fetches a feed through the platform's guarded fetch (no internal addresses, also not after DNS or
 * a redirect; time and size limits), with conditional headers. Never throws: a failure comes back
 * as a problem for the run's report.
 */
export async function fetchFeed(
  s: Source,
  policy: OutboundPolicy,
  o: { resolver?: Resolver } = {},
): Promise<FetchResult> {
  if (!s.url) return { status: 'failed', problem: { code: 'fetchFailed', detail: 'no address' } };
  const headers: Record<string, string> = {
    Accept: 'text/calendar, */*;q=0.5',
    'User-Agent': 'Quartier calendar import',
  };
  if (s.etag) headers['If-None-Match'] = s.etag;
  if (s.lastModified) headers['If-Modified-Since'] = s.lastModified;
  try {
    const res = await outboundFetch(policy, s.url, {
      headers,
      timeoutMs: FETCH_TIMEOUT_MS,
      maxBytes: MAX_FEED_BYTES,
      resolver: o.resolver,
    });
    if (res.status === 304) return { status: 'not_modified' };
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return { status: 'failed', problem: { code: 'fetchFailed', detail: `HTTP ${res.status}` } };
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: 'ok',
      bytes,
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
    };
  } catch (err) {
    if (err instanceof OutboundError)
      return { status: 'failed', problem: { code: FETCH_PROBLEMS[err.code], detail: err.message } };
    return {
      status: 'failed',
      problem: { code: 'fetchFailed', detail: String((err as Error).message ?? err).slice(0, 300) },
    };
  }
}

export interface RunOptions {
  trigger: ImportRun['trigger'];
  /** File contents (file sources, uploads, the CLI); URL sources are fetched. */
  bytes?: Uint8Array;
  fileName?: string;
  now?: Date;
  /** Tests only: answers DNS for the feed's host. */
  resolver?: Resolver;
}

/**
 * Imports a source: reads the file leniently, creates new events (published or into the review
 * queue, as the source says), updates changed ones, leaves unchanged ones alone (by UID within the
 * source and a hash of what was read), skips events that are already in the calendar (same start,
 * same title, entered by hand or by another source), marks future events that disappeared from the
 * feed as cancelled, and records a report with everything that could not be read.
 */
export async function runImport(
  services: Services,
  tenantId: string,
  sourceId: string,
  o: RunOptions,
): Promise<ImportRun> {
  const db = services.db;
  const source = await getSource(db, tenantId, sourceId);
  if (!source) throw new AppError(404, 'source_not_found');
  const now = o.now ?? new Date();
  const runId = newId();
  await db.insert(importRuns).values({
    tenantId,
    id: runId,
    sourceId,
    trigger: o.trigger,
    fileName: o.fileName ?? null,
    startedAt: now,
  });
  const finish = async (v: Partial<ImportRun>) => {
    const [r] = await db
      .update(importRuns)
      .set({ ...v, finishedAt: new Date() })
      .where(and(ofTenant(importRuns, tenantId), eq(importRuns.id, runId)))
      .returning();
    await db
      .update(eventSources)
      .set({
        lastPolledAt: now,
        lastStatus: r.status,
        lastError: r.status === 'failed' ? (r.problems[0]?.detail ?? r.problems[0]?.code ?? null) : null,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, sourceId)));
    return r;
  };

  let bytes = o.bytes;
  if (!bytes) {
    const f = await fetchFeed(source, services.config.outbound, { resolver: o.resolver });
    if (f.status === 'not_modified') return finish({ status: 'not_modified' });
    if (f.status === 'failed') return finish({ status: 'failed', problems: [f.problem!] });
    bytes = f.bytes!;
    await db
      .update(eventSources)
      .set({ etag: f.etag ?? null, lastModified: f.lastModified ?? null })
      .where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, sourceId)));
  }
  if (bytes.length > MAX_FEED_BYTES) return finish({ status: 'failed', problems: [{ code: 'tooLarge' }] });

  const read = readCalendar(bytes);
  const problems: ImportProblem[] = [...read.problems];
  if (read.problems.some((p) => p.code === 'notCalendar')) return finish({ status: 'failed', problems });

  const categories = await listCategories(db, tenantId);
  const catByKey = new Map<string, string>();
  for (const c of categories) {
    catByKey.set(c.slug, c.id);
    catByKey.set(normTitle(c.name), c.id);
    for (const l of Object.values(c.labels)) catByKey.set(normTitle(l), c.id);
  }
  const existing = await db
    .select({
      id: events.id,
      importUid: events.importUid,
      importHash: events.importHash,
      cancelledAt: events.cancelledAt,
    })
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.importSourceId, sourceId)));
  const byUid = new Map(existing.map((e) => [e.importUid, e]));
  const counts = { created: 0, updated: 0, unchanged: 0, duplicates: 0, cancelled: 0, failed: 0 };
  const seen = new Set<string>();
  for (const e of read.events) {
    seen.add(e.uid);
    const cats = [
      ...new Set([
        ...source.categoryIds,
        ...e.categories
          .map((x) => catByKey.get(normTitle(x)) ?? catByKey.get(slugify(x)))
          .filter((x): x is string => !!x),
      ]),
    ];
    const input = toInput(e, source, cats);
    const hash = hashOf(input, e.cancelled);
    try {
      const mine = byUid.get(e.uid);
      if (mine) {
        if (mine.importHash === hash) {
          counts.unchanged++;
          continue;
        }
        await updateEvent(db, tenantId, mine.id, input, { importHash: hash });
        await db
          .update(events)
          .set({ cancelledAt: e.cancelled ? (mine.cancelledAt ?? now) : null })
          .where(and(ofTenant(events, tenantId), eq(events.id, mine.id)));
        counts.updated++;
        continue;
      }
      // Already in the calendar from elsewhere (by hand or another source): same start, same title.
      const [dup] = await db
        .select({ id: events.id, title: events.title })
        .from(events)
        .where(
          and(
            ofTenant(events, tenantId),
            eq(events.startsAt, e.start),
            inArray(events.status, ['published', 'pending', 'draft']),
            sql`(${events.importSourceId} is null or ${events.importSourceId} <> ${sourceId})`,
          ),
        )
        .limit(20)
        .then((list) => list.filter((x) => normTitle(x.title) === normTitle(e.summary)));
      if (dup) {
        counts.duplicates++;
        problems.push({ line: e.line, uid: e.uid, summary: e.summary, code: 'alreadyInCalendar' });
        continue;
      }
      const created = await createEvent(db, tenantId, input, {
        status: source.publishMode === 'publish' ? 'published' : 'pending',
        source: 'import',
        importSourceId: sourceId,
        importUid: e.uid,
        importHash: hash,
      });
      if (e.cancelled)
        await db
          .update(events)
          .set({ cancelledAt: now })
          .where(and(ofTenant(events, tenantId), eq(events.id, created.id)));
      counts.created++;
    } catch (err) {
      counts.failed++;
      problems.push({
        line: e.line,
        uid: e.uid,
        summary: e.summary,
        code: 'saveFailed',
        detail: String((err as Error).message).slice(0, 200),
      });
    }
  }
  // Future events that are no longer in the feed are cancelled (kept visible, never silently dropped).
  const gone = existing
    .filter((x) => x.importUid && !seen.has(x.importUid) && !x.cancelledAt)
    .map((x) => x.id);
  if (gone.length && read.events.length > 0) {
    const r = await db
      .update(events)
      .set({ cancelledAt: now, sequence: sql`${events.sequence} + 1`, updatedAt: now })
      .where(
        and(
          ofTenant(events, tenantId),
          inArray(events.id, gone),
          isNull(events.cancelledAt),
          sql`(${events.endsAt} > ${now.toISOString()}::timestamptz or ${events.rrule} is not null)`,
          ne(events.status, 'rejected'),
        ),
      )
      .returning({ id: events.id });
    counts.cancelled = r.length;
  }
  eventsChanged(tenantId);
  const serious = problems.filter((p) => !['floating', 'alreadyInCalendar'].includes(p.code));
  return finish({ ...counts, problems, status: counts.failed || serious.length ? 'partial' : 'ok' });
}

/** URL sources whose interval has passed. */
export async function dueSources(db: Db, now = new Date()): Promise<Source[]> {
  return db
    .select()
    .from(eventSources)
    .where(
      and(
        eq(eventSources.kind, 'url'),
        eq(eventSources.enabled, true),
        sql`(${eventSources.lastPolledAt} is null or ${eventSources.lastPolledAt} + make_interval(mins => ${eventSources.intervalMinutes}) <= ${now.toISOString()}::timestamptz)`,
      ),
    )
    .limit(50);
}
