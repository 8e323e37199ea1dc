// The OParl 1.1 read API (BODY-4): GET only, no account, public data only (public-reads.ts decides
// what is public). One System for the installation; each tenant is a Body; Quartier's councils,
// juries and working groups are its Organizations. Described in docs/oparl.md.
import type { Context, Hono } from 'hono';
import { feedResponse } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { isDate, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { getVenue, type Venue } from '../../network/index.ts';
import { getTenantBySlug, listTenants, type Tenant } from '../../tenancy/index.ts';
import {
  type Changed,
  getPublicBody,
  getPublicItem,
  getPublicItemFile,
  getPublicMeeting,
  getPublicMember,
  getTombstone,
  type Listed,
  listPublicBodies,
  listPublicItemFiles,
  listPublicItems,
  listPublicMeetings,
  listPublicMembers,
  listTombstones,
  type PublicItem,
  type PublicItemFile,
  publicMeetingYears,
  publicVenueIds,
  votesOfItems,
  type Window,
  type WithModified,
} from '../public-reads.ts';
import type { Meeting, Member } from '../queries.ts';
import * as present from './present.ts';
import { LIST_WORDS, type ListWord, OPARL_ROOT, type OParlUrls, oparlUrls } from './urls.ts';

type C = Context<AppEnv>;
type Json = Record<string, unknown>;

/** Objects per page unless the client asks for fewer or more (`limit`, at most MAX_LIMIT). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
const MAX_PAGE = 100_000;

const JSON_TYPE = 'application/json; charset=utf-8';
const answer = (c: C, body: unknown) => feedResponse(c, JSON.stringify(body), JSON_TYPE, { maxAge: 60 });

function refuse(c: C, status: 400 | 404, code: string, message: string, fields?: Record<string, string>) {
  c.header('Access-Control-Allow-Origin', '*');
  return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status);
}
const notFound = (c: C) => refuse(c, 404, 'not_found', c.get('t')('councils:oparl.notFound'));

// ── Query parameters ─────────────────────────────────────────────────────────────────────────

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time. With an offset (or Z) it is that instant; without, Berlin time
 * (a date alone: its start). A '+' of an offset that arrived as a space (unencoded in a URL) counts.
 */
export function parseDateTime(raw: string): Date | null {
  const s = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m = DATE_TIME.exec(s);
  if (!m || !isDate(m[1])) return null;
  const [, date, hm, sec, zone] = m;
  if (!hm) return localToInstant(date, '00:00');
  if (Number(hm.slice(0, 2)) > 23 || Number(hm.slice(3)) > 59 || Number(sec ?? 0) > 59) return null;
  if (!zone) return new Date(localToInstant(date, hm).getTime() + Number(sec ?? 0) * 1000);
  const d = new Date(s.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

const FILTERS = {
  created_since: 'createdSince',
  created_until: 'createdUntil',
  modified_since: 'modifiedSince',
  modified_until: 'modifiedUntil',
} as const;

interface ListQuery {
  changed: Changed;
  page: number;
  limit: number;
  /** The filters as given, kept in the page links. */
  keep: [string, string][];
}

function parseList(c: C): ListQuery | Record<string, string> {
  const t = c.get('t');
  const fields: Record<string, string> = {};
  const changed: Changed = {};
  const keep: [string, string][] = [];
  for (const [param, key] of Object.entries(FILTERS)) {
    const raw = c.req.query(param);
    if (raw === undefined) continue;
    const d = parseDateTime(raw);
    if (d) {
      changed[key] = d;
      keep.push([param, raw]);
    } else fields[param] = t('councils:oparl.dateTime', { example: '2026-01-31T18:00:00+01:00' });
  }
  const int = (param: string, min: number, max: number, fallback: number) => {
    const raw = c.req.query(param);
    if (raw === undefined) return fallback;
    const n = /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (n >= min && n <= max) return n;
    fields[param] = t('validation.numberRange', { min, max });
    return fallback;
  };
  const limit = int('limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const page = int('page', 1, MAX_PAGE, 1);
  if (c.req.query('limit') !== undefined) keep.push(['limit', String(limit)]);
  return Object.keys(fields).length ? fields : { changed, page, limit, keep };
}

/** The OParl list object: data, pagination, and links that keep the filters. */
function listObject(url: string, q: ListQuery, data: Json[], total: number): Json {
  const totalPages = Math.max(1, Math.ceil(total / q.limit));
  const link = (page: number) => {
    const params = new URLSearchParams(q.keep);
    if (page > 1) params.set('page', String(page));
    const qs = params.toString();
    return qs ? `${url}?${qs}` : url;
  };
  return {
    data,
    pagination: { totalElements: total, elementsPerPage: q.limit, currentPage: q.page, totalPages },
    links: {
      first: link(1),
      ...(q.page > 1 ? { prev: link(Math.min(q.page - 1, totalPages)) } : {}),
      ...(q.page < totalPages ? { next: link(q.page + 1) } : {}),
      last: link(totalPages),
      self: link(q.page),
    },
  };
}

const windowOf = (q: ListQuery): Window => ({ limit: q.limit, offset: (q.page - 1) * q.limit });

/** Filters and pages a list held in memory (locations, terms: a handful per tenant). */
function inMemory<T>(all: T[], q: ListQuery, times: (x: T) => { created: Date; modified: Date }): Listed<T> {
  const f = q.changed;
  const kept = all.filter((x) => {
    const { created, modified } = times(x);
    return (
      (!f.createdSince || created >= f.createdSince) &&
      (!f.createdUntil || created <= f.createdUntil) &&
      (!f.modifiedSince || modified >= f.modifiedSince) &&
      (!f.modifiedUntil || modified <= f.modifiedUntil)
    );
  });
  const w = windowOf(q);
  return { rows: kept.slice(w.offset, w.offset + w.limit), total: kept.length };
}

// ── Loading what an object shows ─────────────────────────────────────────────────────────────

interface Scope {
  c: C;
  tenant: Tenant;
  u: OParlUrls;
}

const dbOf = (s: Scope) => s.c.get('services').db;

async function bodyNames(s: Scope): Promise<Map<string, string>> {
  const { rows } = await listPublicBodies(dbOf(s), s.tenant.id);
  return new Map(rows.map((b) => [b.id, b.name]));
}

async function bodySlugs(s: Scope): Promise<Map<string, string>> {
  const { rows } = await listPublicBodies(dbOf(s), s.tenant.id);
  return new Map(rows.map((b) => [b.id, b.slug]));
}

/** The uploaded papers of public items, by item. */
async function filesByItem(s: Scope, itemIds: string[]): Promise<Map<string, PublicItemFile[]>> {
  const out = new Map<string, PublicItemFile[]>();
  if (itemIds.length === 0) return out;
  for (const f of (await listPublicItemFiles(dbOf(s), s.tenant.id, { itemIds })).rows)
    out.set(f.agendaItemId, [...(out.get(f.agendaItemId) ?? []), f]);
  return out;
}

async function venuesOf(s: Scope, ids: (string | null)[]): Promise<Map<string, Venue>> {
  const out = new Map<string, Venue>();
  for (const id of new Set(ids.filter((x): x is string => !!x))) {
    const v = await getVenue(dbOf(s), s.tenant.id, id);
    if (v) out.set(id, v);
  }
  return out;
}

async function meetingObjects(s: Scope, list: WithModified<Meeting>[]): Promise<Json[]> {
  const db = dbOf(s);
  const [names, items, venues] = await Promise.all([
    bodyNames(s),
    listPublicItems(db, s.tenant.id, { meetingIds: list.map((m) => m.id) }),
    venuesOf(
      s,
      list.map((m) => m.venueId),
    ),
  ]);
  const votes = await votesOfItems(
    db,
    s.tenant.id,
    items.rows.map((i) => i.id),
  );
  const byMeeting = new Map<string, PublicItem[]>();
  for (const i of items.rows) byMeeting.set(i.meetingId, [...(byMeeting.get(i.meetingId) ?? []), i]);
  const [slugs, files] = await Promise.all([
    bodySlugs(s),
    filesByItem(
      s,
      items.rows.map((i) => i.id),
    ),
  ]);
  return list.map((m) =>
    present.meeting(s.u, m, {
      bodyName: names.get(m.bodyId) ?? '',
      bodySlug: slugs.get(m.bodyId),
      files,
      items: byMeeting.get(m.id) ?? [],
      votes,
      venue: m.venueId ? venues.get(m.venueId) : undefined,
    }),
  );
}

async function itemObjects(s: Scope, list: PublicItem[]): Promise<Json[]> {
  const votes = await votesOfItems(
    dbOf(s),
    s.tenant.id,
    list.map((i) => i.id),
  );
  const files = await filesByItem(
    s,
    list.map((i) => i.id),
  );
  return list.map((i) => present.agendaItem(s.u, i, votes.get(i.id) ?? [], false, files.get(i.id)));
}

function membersByBody(records: Member[]): Map<string, Member[]> {
  const out = new Map<string, Member[]>();
  for (const m of records) out.set(m.bodyId, [...(out.get(m.bodyId) ?? []), m]);
  return out;
}

async function publicLocations(s: Scope): Promise<Venue[]> {
  const ids = await publicVenueIds(dbOf(s), s.tenant.id);
  return [...(await venuesOf(s, ids)).values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

async function tenantModified(s: Scope): Promise<Date> {
  const { rows } = await listPublicBodies(dbOf(s), s.tenant.id);
  return new Date(Math.max(s.tenant.createdAt.getTime(), ...rows.map((b) => b.updatedAt.getTime())));
}

// ── Lists ────────────────────────────────────────────────────────────────────────────────────

type Lister = (s: Scope, q: ListQuery) => Promise<{ data: Json[]; total: number }>;

const LISTS: Record<ListWord, Lister> = {
  organizations: async (s, q) => {
    const db = dbOf(s);
    const { rows, total } = await listPublicBodies(db, s.tenant.id, q.changed, windowOf(q));
    const records = membersByBody((await listPublicMembers(db, s.tenant.id)).rows);
    const today = todayLocal();
    return { data: rows.map((b) => present.organization(s.u, b, records.get(b.id) ?? [], today)), total };
  },
  persons: async (s, q) => {
    const { rows, total } = await listPublicMembers(dbOf(s), s.tenant.id, {}, q.changed, windowOf(q));
    return { data: rows.map((m) => present.person(s.u, m)), total };
  },
  memberships: async (s, q) => {
    const { rows, total } = await listPublicMembers(dbOf(s), s.tenant.id, {}, q.changed, windowOf(q));
    return { data: rows.map((m) => present.membership(s.u, m)), total };
  },
  meetings: async (s, q) => {
    const { rows, total } = await listPublicMeetings(dbOf(s), s.tenant.id, {}, q.changed, windowOf(q));
    return { data: await meetingObjects(s, rows), total };
  },
  agendaitems: async (s, q) => {
    const { rows, total } = await listPublicItems(dbOf(s), s.tenant.id, {}, q.changed, windowOf(q));
    return { data: await itemObjects(s, rows), total };
  },
  papers: async (s, q) => {
    const { rows, total } = await listPublicItems(
      dbOf(s),
      s.tenant.id,
      { withText: true },
      q.changed,
      windowOf(q),
    );
    return { data: rows.map((i) => present.paper(s.u, i)), total };
  },
  consultations: async (s, q) => {
    const { rows, total } = await listPublicItems(
      dbOf(s),
      s.tenant.id,
      { withText: true },
      q.changed,
      windowOf(q),
    );
    return { data: rows.map((i) => present.consultation(s.u, i)), total };
  },
  // The texts of items as plain-text files and the uploaded papers, by creation.
  files: async (s, q) => {
    const [texts, uploads] = await Promise.all([
      listPublicItems(dbOf(s), s.tenant.id, { withText: true }, q.changed),
      listPublicItemFiles(dbOf(s), s.tenant.id, {}, q.changed),
    ]);
    const all = [
      ...texts.rows.map((i) => ({
        created: i.createdAt,
        modified: i.modified,
        json: () => present.file(s.u, i),
      })),
      ...uploads.rows.map((f) => ({
        created: f.createdAt,
        modified: f.createdAt,
        json: () => present.uploadedFile(s.u, f),
      })),
    ].sort((a, b) => a.created.getTime() - b.created.getTime());
    const { rows, total } = inMemory(all, q, (x) => x);
    return { data: rows.map((x) => x.json()), total };
  },
  locations: async (s, q) => {
    const { rows, total } = inMemory(await publicLocations(s), q, (v) => ({
      created: v.createdAt,
      modified: v.updatedAt,
    }));
    return { data: rows.map((v) => present.venueLocation(s.u, v)), total };
  },
  legislativeterms: async (s, q) => {
    const years = await publicMeetingYears(dbOf(s), s.tenant.id);
    const created = s.tenant.createdAt;
    const { rows, total } = inMemory(years, q, () => ({ created, modified: created }));
    return { data: rows.map((y) => present.legislativeTerm(s.u, y, created)), total };
  },
};

/** The object words whose objects are kept as deleted, with their OParl type. */
const DELETABLE: Record<string, string> = {
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  agendaitem: 'AgendaItem',
  paper: 'Paper',
  consultation: 'Consultation',
  file: 'File',
};
const WORD_OF_LIST: Partial<Record<ListWord, string>> = {
  organizations: 'organization',
  persons: 'person',
  memberships: 'membership',
  meetings: 'meeting',
  agendaitems: 'agendaitem',
  papers: 'paper',
  consultations: 'consultation',
  files: 'file',
};

/**
 * A list with the objects that are no longer public after the public ones, as `deleted: true`
 * (filtered by their creation and the time they went), so a client syncing with `modified_since`
 * sees what went.
 */
async function withDeleted(s: Scope, word: ListWord, q: ListQuery, lister: Lister) {
  const live = await lister(s, q);
  const objectWord = WORD_OF_LIST[word];
  if (!objectWord) return live;
  const w = windowOf(q);
  const start = Math.max(0, w.offset - live.total);
  const room = Math.max(0, w.limit - live.data.length);
  const gone = await listTombstones(dbOf(s), s.tenant.id, DELETABLE[objectWord], q.changed, {
    offset: start,
    limit: room,
  });
  return {
    data: [...live.data, ...gone.rows.map((t) => present.deleted(s.u, objectWord, DELETABLE[objectWord], t))],
    total: live.total + gone.total,
  };
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────

export function mountOParl(root: Hono<AppEnv>): void {
  const base = (c: C) => c.get('services').config.baseUrl;

  /** The tenant of the path as a Body, or a 404 answer. */
  async function scope(c: C): Promise<Scope | Response> {
    const tenant = await getTenantBySlug(c.get('services').db, c.req.param('tenant') ?? '');
    if (!tenant) return notFound(c);
    return { c, tenant, u: oparlUrls(base(c), tenant.slug) };
  }

  const list = (c: C, url: string, run: (q: ListQuery) => Promise<{ data: Json[]; total: number }>) => {
    const q = parseList(c);
    if (!('changed' in q))
      return refuse(c, 400, 'invalid_parameter', c.get('t')('councils:oparl.invalidParameter'), q);
    return run(q as ListQuery).then(({ data, total }) =>
      answer(c, listObject(url, q as ListQuery, data, total)),
    );
  };

  root.get(`${OPARL_ROOT}/system`, (c) =>
    answer(c, present.system(oparlUrls(base(c)), { name: 'Quartier', website: `${base(c)}/` })),
  );

  root.get(`${OPARL_ROOT}/bodies`, async (c) => {
    const u0 = oparlUrls(base(c));
    return list(c, u0.bodies, async (q) => {
      const tenants = (await listTenants(c.get('services').db)).sort((a, b) => a.slug.localeCompare(b.slug));
      const w = windowOf(q);
      const kept = inMemory(tenants, q, (t) => ({ created: t.createdAt, modified: t.createdAt }));
      const data: Json[] = [];
      for (const tenant of kept.rows.slice(0, w.limit)) {
        const s: Scope = { c, tenant, u: oparlUrls(base(c), tenant.slug) };
        const years = await publicMeetingYears(dbOf(s), tenant.id);
        data.push(present.body(s.u, tenant, years, await tenantModified(s)));
      }
      return { data, total: kept.total };
    });
  });

  root.get(`${OPARL_ROOT}/body/:tenant`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const years = await publicMeetingYears(dbOf(s), s.tenant.id);
    return answer(c, present.body(s.u, s.tenant, years, await tenantModified(s)));
  });

  for (const word of LIST_WORDS) {
    root.get(`${OPARL_ROOT}/body/:tenant/${word}`, async (c) => {
      const s = await scope(c);
      if (s instanceof Response) return s;
      return list(c, s.u.list(word), (q) => withDeleted(s, word, q, LISTS[word]));
    });
  }

  /** One object below a body: `load` answers null when it is not public (or not this tenant's). */
  const object = (word: string, load: (s: Scope, id: string) => Promise<Json | null>) =>
    root.get(`${OPARL_ROOT}/body/:tenant/${word}/:id`, async (c) => {
      const s = await scope(c);
      if (s instanceof Response) return s;
      const id = c.req.param('id') ?? '';
      const found = await load(s, id);
      if (found) return answer(c, found);
      // What was public and is no longer answers as deleted (OParl 1.1), never with its content.
      const typeName = DELETABLE[word];
      const gone = typeName ? await getTombstone(dbOf(s), s.tenant.id, typeName, id) : undefined;
      return gone ? answer(c, present.deleted(s.u, word, typeName, gone)) : notFound(c);
    });

  object('organization', async (s, id) => {
    const b = await getPublicBody(dbOf(s), s.tenant.id, id);
    if (!b) return null;
    const records = (await listPublicMembers(dbOf(s), s.tenant.id, { bodyId: b.id })).rows;
    return present.organization(s.u, b, records, todayLocal());
  });

  // The meetings of one council body (the list its Organization names).
  root.get(`${OPARL_ROOT}/body/:tenant/organization/:id/meetings`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const b = await getPublicBody(dbOf(s), s.tenant.id, c.req.param('id') ?? '');
    if (!b) return notFound(c);
    return list(c, `${s.u.object('organization', b.id)}/meetings`, async (q) => {
      const { rows, total } = await listPublicMeetings(
        dbOf(s),
        s.tenant.id,
        { bodyId: b.id },
        q.changed,
        windowOf(q),
      );
      return { data: await meetingObjects(s, rows), total };
    });
  });

  object('person', async (s, id) => {
    const m = await getPublicMember(dbOf(s), s.tenant.id, id);
    return m ? present.person(s.u, m) : null;
  });

  object('membership', async (s, id) => {
    const m = await getPublicMember(dbOf(s), s.tenant.id, id);
    return m ? present.membership(s.u, m) : null;
  });

  object('meeting', async (s, id) => {
    const m = await getPublicMeeting(dbOf(s), s.tenant.id, id);
    return m ? (await meetingObjects(s, [m]))[0] : null;
  });

  // A place typed as text on a meeting (no venue record) is served below the meeting.
  root.get(`${OPARL_ROOT}/body/:tenant/meeting/:id/location`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const m = await getPublicMeeting(dbOf(s), s.tenant.id, c.req.param('id') ?? '');
    if (!m || m.venueId || !m.locationName.trim()) return notFound(c);
    return answer(c, present.textLocation(s.u, m));
  });

  object('agendaitem', async (s, id) => {
    const i = await getPublicItem(dbOf(s), s.tenant.id, id);
    return i ? (await itemObjects(s, [i]))[0] : null;
  });

  /** A public agenda item with a text: it is the paper, its consultation and its file. */
  const withText = async (s: Scope, id: string) => {
    const i = await getPublicItem(dbOf(s), s.tenant.id, id);
    return i && i.text.trim() !== '' ? i : null;
  };
  object('paper', async (s, id) => {
    const i = await withText(s, id);
    return i ? present.paper(s.u, i) : null;
  });
  object('consultation', async (s, id) => {
    const i = await withText(s, id);
    return i ? present.consultation(s.u, i) : null;
  });
  object('file', async (s, id) => {
    const i = await withText(s, id);
    if (i) return present.file(s.u, i);
    const f = await getPublicItemFile(dbOf(s), s.tenant.id, id);
    return f ? present.uploadedFile(s.u, f) : null;
  });

  // The published part of approved minutes (the public body page's PDF) as a File.
  root.get(`${OPARL_ROOT}/body/:tenant/meeting/:id/resultsprotocol`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const m = await getPublicMeeting(dbOf(s), s.tenant.id, c.req.param('id') ?? '');
    const slug = m && (await bodySlugs(s)).get(m.bodyId);
    if (!m?.minutesPublishedAt || !slug) return notFound(c);
    return answer(c, present.resultsProtocol(s.u, m, slug));
  });
  root.get(`${OPARL_ROOT}/body/:tenant/file/:id/content`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const i = await withText(s, c.req.param('id') ?? '');
    if (!i) return notFound(c);
    return feedResponse(c, i.text, 'text/plain; charset=utf-8', {
      maxAge: 60,
      filename: `top-${i.position}.txt`,
    });
  });

  object('location', async (s, id) => {
    const v = (await publicLocations(s)).find((x) => x.id === id);
    return v ? present.venueLocation(s.u, v) : null;
  });

  // A term is a year with public meetings (see present.legislativeTerm): named by the year.
  root.get(`${OPARL_ROOT}/body/:tenant/legislativeterm/:year`, async (c) => {
    const s = await scope(c);
    if (s instanceof Response) return s;
    const year = c.req.param('year') ?? '';
    const years = /^\d{4}$/.test(year) ? await publicMeetingYears(dbOf(s), s.tenant.id) : [];
    if (!years.includes(Number(year))) return notFound(c);
    return answer(c, present.legislativeTerm(s.u, Number(year), s.tenant.createdAt));
  });
}
