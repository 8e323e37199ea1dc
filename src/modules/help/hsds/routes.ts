// The HSDS 3.0 read API of the help directory (HELP-4), following the HSDS API reference
// (schema/openapi.json of the specification): `/:tenant/api/hsds/` with services, organizations,
// service_at_locations, taxonomies and taxonomy_terms, lists paged with `page` and `per_page`. GET
// only, no account, public information only (archived services are left out). Described in
// docs/hsds.md.
import type { Context, Hono } from 'hono';
import { feedResponse } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { listTopics } from '../use-cases/vocabulary.ts';
import * as present from './present.ts';
import {
  locationsOf,
  organizations,
  serviceAtLocationById,
  serviceAtLocationsPage,
  serviceById,
  servicesPage,
  topicsOf,
} from './reads.ts';

type C = Context<AppEnv>;
type Json = present.Json;

export const HSDS_ROOT = '/api/hsds';
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;
const MAX_PAGE = 100_000;
const OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';

const JSON_TYPE = 'application/json; charset=utf-8';
const answer = (c: C, body: unknown) => feedResponse(c, JSON.stringify(body), JSON_TYPE, { maxAge: 60 });

function refuse(c: C, status: 400 | 404, code: string, fields?: Record<string, string>) {
  c.header('Access-Control-Allow-Origin', '*');
  return c.json(
    { error: { code, message: String(c.get('t')(`help:hsds.${code}`)), ...(fields ? { fields } : {}) } },
    status,
  );
}

interface Paging {
  page: number;
  perPage: number;
}

/** `page` (from 1) and `per_page` (1 … 500); a value that is not such a number is named. */
function paging(c: C): Paging | Record<string, string> {
  const fields: Record<string, string> = {};
  const int = (name: string, fallback: number, max: number) => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return fallback;
    const n = /^\d{1,9}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!(n >= 1 && n <= max)) fields[name] = String(c.get('t')('help:hsds.range', { max }));
    return n;
  };
  const page = int('page', 1, MAX_PAGE);
  const perPage = int('per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return Object.keys(fields).length ? fields : { page, perPage };
}

/** The page envelope of the HSDS API (components.schemas.Page) around the objects. */
function pageOf(p: Paging, total: number, contents: Json[]): Json {
  const totalPages = Math.max(1, Math.ceil(total / p.perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: p.page,
    size: contents.length,
    first_page: p.page === 1,
    last_page: p.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const isPaging = (p: Paging | Record<string, string>): p is Paging => typeof p.page === 'number';

export function mountHsds(pub: Hono<AppEnv>): void {
  const db = (c: C) => c.get('services').db;
  const tenantId = (c: C) => c.get('tenant')!.id;

  /** Names of the organizations (provider actors may carry no name on a service of their own). */
  const orgNames = async (c: C) =>
    new Map((await organizations(db(c), tenantId(c))).map((o) => [o.id, o.name]));

  /** Services in full: places, topics, organization. */
  async function full(c: C, rows: Awaited<ReturnType<typeof servicesPage>>['items']): Promise<Json[]> {
    const ids = rows.map((r) => r.id);
    const [locations, topics, names] = await Promise.all([
      locationsOf(db(c), tenantId(c), ids),
      topicsOf(db(c), tenantId(c), ids),
      orgNames(c),
    ]);
    return rows.map((r) =>
      present.serviceFull(
        tenantId(c),
        r,
        locations.get(r.id) ?? [],
        topics.get(r.id) ?? [],
        names.get(present.organizationIdOf(tenantId(c), r) ?? ''),
      ),
    );
  }

  pub.get(`${HSDS_ROOT}`, (c) => c.redirect(`/${c.get('tenant')!.slug}${HSDS_ROOT}/`, 301));
  pub.get(`${HSDS_ROOT}/`, (c) => answer(c, { version: '3.0', openapi_url: OPENAPI_URL }));

  pub.get(`${HSDS_ROOT}/services`, async (c) => {
    const p = paging(c);
    if (!isPaging(p)) return refuse(c, 400, 'invalidParameter', p);
    const rawAfter = c.req.query('modified_after');
    const modifiedAfter = rawAfter ? new Date(rawAfter) : undefined;
    if (modifiedAfter && Number.isNaN(modifiedAfter.getTime()))
      return refuse(c, 400, 'invalidParameter', { modified_after: String(c.get('t')('help:hsds.dateTime')) });
    const taxonomyId = c.req.query('taxonomy_id');
    if (taxonomyId && taxonomyId !== present.taxonomyIdOf(tenantId(c))) return answer(c, pageOf(p, 0, []));
    const result = await servicesPage(db(c), tenantId(c), {
      ...p,
      search: c.req.query('search'),
      taxonomyTermId: c.req.query('taxonomy_term_id'),
      organizationId: c.req.query('organization_id'),
      modifiedAfter,
    });
    const contents =
      c.req.query('full') === 'true'
        ? await full(c, result.items)
        : await orgNames(c).then((names) =>
            result.items.map((r) =>
              present.serviceSummary(
                tenantId(c),
                r,
                names.get(present.organizationIdOf(tenantId(c), r) ?? ''),
              ),
            ),
          );
    return answer(c, pageOf(p, result.total, contents));
  });

  pub.get(`${HSDS_ROOT}/services/:id`, async (c) => {
    const row = await serviceById(db(c), tenantId(c), c.req.param('id'));
    if (!row) return refuse(c, 404, 'notFound');
    return answer(c, (await full(c, [row]))[0]);
  });

  pub.get(`${HSDS_ROOT}/organizations`, async (c) => {
    const p = paging(c);
    if (!isPaging(p)) return refuse(c, 400, 'invalidParameter', p);
    const all = await organizations(db(c), tenantId(c));
    const slice = all.slice((p.page - 1) * p.perPage, p.page * p.perPage);
    return answer(
      c,
      pageOf(
        p,
        all.length,
        slice.map((o) => present.organization(o.id, o.name, o.serviceIds.length)),
      ),
    );
  });

  pub.get(`${HSDS_ROOT}/organizations/:id`, async (c) => {
    const org = (await organizations(db(c), tenantId(c))).find((o) => o.id === c.req.param('id'));
    if (!org) return refuse(c, 404, 'notFound');
    return answer(c, present.organization(org.id, org.name, org.serviceIds.length));
  });

  pub.get(`${HSDS_ROOT}/service_at_locations`, async (c) => {
    const p = paging(c);
    if (!isPaging(p)) return refuse(c, 400, 'invalidParameter', p);
    const full = c.req.query('full') === 'true';
    const result = await serviceAtLocationsPage(db(c), tenantId(c), p);
    return answer(
      c,
      pageOf(
        p,
        result.total,
        result.items.map((r) => present.serviceAtLocation(tenantId(c), r.service.id, r.location, full)),
      ),
    );
  });

  pub.get(`${HSDS_ROOT}/service_at_locations/:id`, async (c) => {
    const r = await serviceAtLocationById(db(c), tenantId(c), c.req.param('id'));
    if (!r) return refuse(c, 404, 'notFound');
    return answer(c, present.serviceAtLocation(tenantId(c), r.service.id, r.location));
  });

  pub.get(`${HSDS_ROOT}/taxonomies`, (c) => {
    const p = paging(c);
    if (!isPaging(p)) return refuse(c, 400, 'invalidParameter', p);
    const all = [present.taxonomy(tenantId(c))];
    return answer(c, pageOf(p, all.length, all.slice((p.page - 1) * p.perPage, p.page * p.perPage)));
  });

  pub.get(`${HSDS_ROOT}/taxonomies/:id`, (c) => {
    const t = present.taxonomy(tenantId(c));
    if (t.id !== c.req.param('id')) return refuse(c, 404, 'notFound');
    return answer(c, t);
  });

  pub.get(`${HSDS_ROOT}/taxonomy_terms`, async (c) => {
    const p = paging(c);
    if (!isPaging(p)) return refuse(c, 400, 'invalidParameter', p);
    const taxonomyId = c.req.query('taxonomy_id');
    const all =
      taxonomyId && taxonomyId !== present.taxonomyIdOf(tenantId(c))
        ? []
        : await listTopics(db(c), tenantId(c));
    const slice = all.slice((p.page - 1) * p.perPage, p.page * p.perPage);
    return answer(
      c,
      pageOf(
        p,
        all.length,
        slice.map((t) => present.taxonomyTerm(tenantId(c), t)),
      ),
    );
  });

  pub.get(`${HSDS_ROOT}/taxonomy_terms/:id`, async (c) => {
    const t = (await listTopics(db(c), tenantId(c))).find((x) => x.id === c.req.param('id'));
    if (!t) return refuse(c, 404, 'notFound');
    return answer(c, present.taxonomyTerm(tenantId(c), t));
  });
}
