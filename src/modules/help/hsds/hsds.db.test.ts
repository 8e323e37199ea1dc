/**
 * The HSDS 3.0 read API over HTTP: every object it answers — each page of services (short and full),
 * each service, organization, service_at_location, taxonomy and taxonomy term — is validated with Ajv
 * against the official HSDS 3.0 schemas (test/fixtures/hsds-3.0, with `additionalProperties: false`
 * added everywhere as the specification's own check does), over hand-made services and the whole
 * imported Berlin directory. Paging follows the HSDS API (`page`, `per_page`, the Page envelope);
 * archived services and other tenants' services are never answered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERLIN, fixture } from '../../../../test/fixtures.ts';
import { systemActor } from '../../../platform/authz.ts';
import { createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { archiveService, createService, importBerlinServices } from '../index.ts';
import { helpFixture, POINT_A } from '../testing/fixture.ts';

const DIR = fixture('hsds-3.0', 'schema');
const PUBLISHED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

/** What the specification's validate script does: no property beyond the schema's own. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? mapValues(v, closed) : closed(v);
  if (out.properties && out.type === 'object') out.additionalProperties = false;
  return out;
}
const mapValues = (o: unknown, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, v]) => [k, f(v)]));

function hsdsValidators() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const plugin = formatsPlugin as unknown as { default?: (a: Ajv) => Ajv } & ((a: Ajv) => Ajv);
  (plugin.default ?? plugin)(ajv);
  const read = (f: string) => JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Record<string, unknown>;
  // The object schemas name each other by file name: under their published address they resolve.
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json') && x !== 'openapi.json'))
    ajv.addSchema({ ...(closed(read(f)) as object), $id: `${PUBLISHED}${f}` });
  const one = (f: string) => ajv.getSchema(`${PUBLISHED}${f}`) as ValidateFunction;
  const list = (f: string) =>
    ajv.compile({ ...(closed(read(`compiled/${f}`)) as object), $id: `${PUBLISHED}compiled/${f}` });
  const openapi = read('openapi.json') as { components: { schemas: { Page: object } } };
  return {
    service: one('service.json'),
    organization: one('organization.json'),
    serviceAtLocation: one('service_at_location.json'),
    taxonomy: one('taxonomy.json'),
    taxonomyTerm: one('taxonomy_term.json'),
    serviceList: list('service_list.json'),
    serviceAtLocationList: list('service_at_location_list.json'),
    organizationList: list('organization_list.json'),
    page: ajv.compile({ ...(closed(openapi.components.schemas.Page) as object), additionalProperties: true }),
  };
}

const v = hsdsValidators();
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let api: string;
let validated = 0;

function check(validate: ValidateFunction, o: unknown, what: string) {
  const ok = validate(o);
  expect(
    ok,
    `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(o).slice(0, 600)}`,
  ).toBe(true);
  validated++;
}

async function json(path: string, status = 200) {
  const res = await ctx.app.request(`${api}${path}`);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as Record<string, unknown> & { contents: Record<string, unknown>[] };
}

let full: string;
let archived: string;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  api = `/${fx.tenant.slug}/api/hsds`;
  full = (
    await createService(fx.sys, ctx.services.db, {
      name: 'Schuldner- und Insolvenzberatung',
      providerName: 'Diakonie Berlin',
      description: 'Beratung bei Schulden',
      topics: ['debt', 'sgb2'],
      languages: ['Deutsch', 'Türkisch', 'Kurdisch (Sprachmittlung)'],
      cost: 'free',
      costNote: 'ohne Einkommensgrenze',
      access: 'both',
      phone: '030 1234567',
      email: 'beratung@example.org',
      website: 'https://example.org/schulden',
      eligibility: 'Menschen mit Wohnsitz in Berlin',
      locations: [
        {
          name: 'Stadtteilladen',
          street: 'Koloniestraße',
          houseNumber: '12',
          postcode: '13359',
          district: 'Mitte',
          ...POINT_A,
          stepFree: true,
          accessibility: ['accessible_toilet'],
          hours: {
            mode: 'weekly',
            intervals: [
              { day: 1, from: '09:00', to: '12:00' },
              { day: 3, from: '09:00', to: '12:00' },
              { day: 5, from: '22:00', to: '24:00' },
            ],
            exceptions: [
              { date: '2026-12-24', closed: true, note: 'Heiligabend' },
              { date: '2026-12-31', closed: false, intervals: [{ from: '10:00', to: '12:00' }] },
            ],
            note: 'Dienstags nach Vereinbarung',
          },
        },
        { name: 'Krisendienst', areaId: fx.qmB, hours: { mode: 'always' } },
        { name: 'Termin', areaId: fx.qmA, hours: { mode: 'appointment', note: 'Anruf genügt' } },
      ],
    })
  ).id;
  await createService(fx.sys, ctx.services.db, { name: 'Telefonseelsorge', channels: ['phone'] });
  archived = (
    await createService(fx.sys, ctx.services.db, { name: 'Archivierte Beratung', providerName: 'Alt' })
  ).id;
  await archiveService(fx.sys, ctx.services.db, archived);
  // The real directory, with its messy rows.
  await importBerlinServices(fx.sys, ctx.services.db, new Uint8Array(readFileSync(BERLIN.services)));
  // Another tenant's service must never show.
  const other = await makeTenant(ctx.services);
  await createService(systemActor(other.id), ctx.services.db, {
    name: 'Fremde Beratung',
    providerName: 'Fremd',
  });
}, 180_000);
afterAll(() => ctx?.close());

describe('HSDS 3.0 API', () => {
  it('the schemas refuse what HSDS does not allow (the check is real)', async () => {
    const s = await json(`/services/${full}`);
    expect(v.service(s)).toBe(true);
    expect(v.service({ ...s, colour: 'blue' })).toBe(false);
    expect(v.service({ ...s, status: 'open' })).toBe(false);
    expect(v.service({ ...s, id: 'not-a-uuid' })).toBe(false);
    const sal = (s.service_at_locations as Record<string, Record<string, unknown>>[])[0];
    const loc = { ...sal.location, location_type: 'somewhere' };
    expect(v.service({ ...s, service_at_locations: [{ ...sal, location: loc }] })).toBe(false);
    expect(v.serviceList({ id: full, name: 'x', status: 'active', phones: [] })).toBe(false);
  });

  it('answers the API information', async () => {
    const root = await json('/');
    expect(root.version).toBe('3.0');
    expect(String(root.openapi_url)).toMatch(/^https:\/\/.+openapi\.json$/);
  });

  it('pages the services as the HSDS API says, every object valid (short and full)', async () => {
    const first = await json('/services?per_page=100');
    check(v.page, first, 'page');
    expect(first).toMatchObject({
      page_number: 1,
      first_page: true,
      last_page: false,
      empty: false,
      size: 100,
    });
    const total = first.total_items as number;
    expect(total).toBeGreaterThan(200);
    expect(first.total_pages).toBe(Math.ceil(total / 100));
    const seen = new Set<string>();
    for (let page = 1; page <= (first.total_pages as number); page++) {
      for (const fullList of [false, true]) {
        const p = await json(`/services?per_page=100&page=${page}${fullList ? '&full=true' : ''}`);
        for (const s of p.contents) {
          check(fullList ? v.service : v.serviceList, s, `service ${s.id}`);
          seen.add(String(s.id));
        }
        if (page === first.total_pages) expect(p.last_page).toBe(true);
      }
    }
    expect(seen.size).toBe(total);
    expect(seen.has(archived)).toBe(false);
    const names = (await json('/services?search=Fremde')).contents;
    expect(names).toEqual([]);
    // Past the last page: empty, still a page.
    const past = await json(`/services?per_page=100&page=${(first.total_pages as number) + 1}`);
    expect(past).toMatchObject({ empty: true, size: 0, last_page: true, contents: [] });
  });

  it('a service in full: places with address, schedules, accessibility; phone, languages, cost, topics', async () => {
    const s = await json(`/services/${full}`);
    check(v.service, s, 'service');
    expect(s).toMatchObject({
      name: 'Schuldner- und Insolvenzberatung',
      status: 'active',
      url: 'https://example.org/schulden',
    });
    expect((s.organization as { name: string }).name).toBe('Diakonie Berlin');
    expect(s.languages).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Türkisch', code: 'tr' })]),
    );
    expect(
      (s.attributes as { taxonomy_term: { code: string } }[]).map((a) => a.taxonomy_term.code).sort(),
    ).toEqual(['debt', 'sgb2']);
    const sal = s.service_at_locations as {
      location: { addresses: unknown[]; schedules: Record<string, unknown>[] };
    }[];
    expect(sal).toHaveLength(3);
    expect(sal[0].location.addresses).toEqual([
      expect.objectContaining({ address_1: 'Koloniestraße 12', postal_code: '13359', country: 'DE' }),
    ]);
    const weekly = sal[0].location.schedules.filter((x) => x.freq === 'WEEKLY');
    expect(weekly.map((x) => [x.byday, x.opens_at, x.closes_at])).toEqual([
      ['MO,WE', '09:00:00', '12:00:00'],
      ['FR', '22:00:00', '00:00:00'],
    ]);
    expect(sal[0].location.schedules.filter((x) => x.valid_from).map((x) => x.valid_from)).toEqual([
      '2026-12-24',
      '2026-12-31',
    ]);
    // The same ids on every request.
    expect(await json(`/services/${full}`)).toEqual(s);
  });

  it('organizations, service_at_locations, taxonomies and terms: pages and objects valid', async () => {
    const orgs = await json('/organizations?per_page=500');
    check(v.page, orgs, 'page');
    for (const o of orgs.contents) check(v.organizationList, o, 'organization in list');
    const one = await json(`/organizations/${orgs.contents[0].id}`);
    check(v.organization, one, 'organization');
    expect(orgs.contents.map((o) => o.name)).not.toContain('Fremd');
    // The services of one organization.
    const diakonie = orgs.contents.find((o) => o.name === 'Diakonie Berlin')!;
    const byOrg = await json(`/services?organization_id=${diakonie.id}`);
    expect(byOrg.contents.map((s) => s.id)).toContain(full);

    const sals = await json('/service_at_locations?per_page=500&full=true');
    check(v.page, sals, 'page');
    for (const s of sals.contents) check(v.serviceAtLocation, s, 'service_at_location');
    const short = await json('/service_at_locations?per_page=20');
    for (const s of short.contents) check(v.serviceAtLocationList, s, 'service_at_location in list');
    check(
      v.serviceAtLocation,
      await json(`/service_at_locations/${sals.contents[0].id}`),
      'service_at_location',
    );

    const taxonomies = await json('/taxonomies');
    for (const t of taxonomies.contents) check(v.taxonomy, t, 'taxonomy');
    check(v.taxonomy, await json(`/taxonomies/${taxonomies.contents[0].id}`), 'taxonomy');
    const terms = await json(`/taxonomy_terms?taxonomy_id=${taxonomies.contents[0].id}`);
    expect(terms.total_items).toBeGreaterThan(10);
    for (const t of terms.contents) check(v.taxonomyTerm, t, 'taxonomy term');
    const debt = terms.contents.find((t) => t.code === 'debt')!;
    check(v.taxonomyTerm, await json(`/taxonomy_terms/${debt.id}`), 'taxonomy term');
    const byTerm = await json(`/services?taxonomy_term_id=${debt.id}&per_page=500`);
    expect(byTerm.contents.map((s) => s.id)).toContain(full);
    expect(validated).toBeGreaterThan(500);
  });

  it('refuses bad paging with the parameter named, and answers 404 for what is not there', async () => {
    const bad = await json('/services?page=0&per_page=100000', 400);
    expect(Object.keys((bad.error as { fields: object }).fields).sort()).toEqual(['page', 'per_page']);
    await json(`/services/${archived}`, 404);
    await json('/services/not-an-id', 404);
    await json(`/organizations/${archived}`, 404);
    await json('/services?modified_after=yesterday', 400);
  });
});
