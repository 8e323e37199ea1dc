/**
 * Personal data only for the roles whose work needs it. One person is present in every module that
 * keeps personal data (each module's `testPerson`: a public event submission and registrations, a
 * room request, a network person with contacts and concerns, a newsletter subscription, a council
 * member, mails in the outbox), in area A of a tenant filled by every module's test factory.
 *
 * 1. Each read of personal data — staff screens and JSON API — refuses a jury member, department
 *    staff (of a department nothing was shared with) and a team member of another area (403/404),
 *    and none of them sees the person's address, phone or name; an administrator of the tenant sees
 *    the person there.
 * 2. A sweep over every staff and API GET route of the app (filled with the factories' records and
 *    the person's own records) finds the person's address, phone or name in no answer to these
 *    three members — a new screen that shows personal data to the wrong role fails here.
 * 3. Self-test: with one guard broken on purpose (the houses `requests` permission given to the
 *    jury), the test finds the leak.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { getAreaByKey, upsertAreas } from '../src/modules/areas/index.ts';
import { members } from '../src/modules/councils/db/schema.ts';
import { events, registrations } from '../src/modules/events/db/schema.ts';
import { bookingRequests } from '../src/modules/houses/db/schema.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { networkActors, networkConcerns } from '../src/modules/network/db/schema.ts';
import { ofTenant } from '../src/platform/db/index.ts';
import { mailOutbox } from '../src/platform/mail/schema.ts';
import type { TestParams } from '../src/platform/modules.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

const PERSON = { email: 'quendolin.privat@example.org', name: 'Ilka Lesewitz', phone: '0176 5550177' };
/** The address, the phone's distinctive digits and the family name (also in "Chor Ilka Lesewitz"). */
const NEEDLES = ['quendolin', '5550177', 'lesewitz'];
/** A council member's name is public when they agreed to publish it: there only address and phone count. */
const CONTACT_NEEDLES = ['quendolin', '5550177'];

type Role = 'jury' | 'department' | 'teamOther';
const REFUSED: Role[] = ['jury', 'department', 'teamOther'];

let ctx: TestContext;
let slug: string;
let params: TestParams = {};
const agents = {} as Record<Role | 'admin', Agent>;
const tokens = {} as Record<Role | 'admin', string>;
/** The person's own records, by the route word that names them. */
const own: Record<string, string[]> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const { services } = ctx;
  const tenant = await makeTenant(services, 'lesbar');
  slug = tenant.slug;
  const adminId = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({ services, tenant, marker: 'Spur', userId: adminId, params });
    for (const [k, v] of Object.entries(made)) params = { ...params, [k]: [...(params[k] ?? []), ...v] };
  }
  for (const m of MODULES)
    await m.testPerson?.({ services, tenant, marker: '', userId: adminId, params }, PERSON);
  // Another area, beside the factories' area A (not above or below it).
  await upsertAreas(services.db, tenant.id, 'district', [{ kind: 'district', key: 'T9', name: 'Anderswo' }]);
  const other = (await getAreaByKey(services.db, tenant.id, 'district', 'T9'))!;
  const users = {
    admin: adminId,
    jury: (await makeUser(services, { tenantId: tenant.id, role: 'jury' })).id,
    department: (
      await makeUser(services, { tenantId: tenant.id, role: 'department', department: 'Vermessungsamt' })
    ).id,
    teamOther: (await makeUser(services, { tenantId: tenant.id, role: 'team', scopeAreaId: other.id })).id,
  };
  for (const [role, id] of Object.entries(users) as [Role | 'admin', string][]) {
    agents[role] = await new Agent(ctx.app).loginAs(services, id);
    tokens[role] = (await createApiToken(services.db, tenant.id, id, role)).token;
  }

  const db = services.db;
  const t = tenant.id;
  const ids = (list: { id: string }[]) => list.map((r) => r.id);
  own['events/:id'] = [
    ...ids(
      await db
        .select({ id: events.id })
        .from(events)
        .where(and(ofTenant(events, t), eq(events.contactEmail, PERSON.email))),
    ),
    ...(
      await db
        .select({ id: registrations.eventId })
        .from(registrations)
        .where(and(ofTenant(registrations, t), eq(registrations.email, PERSON.email)))
    ).map((r) => r.id),
  ];
  own['requests/:id'] = ids(
    await db
      .select({ id: bookingRequests.id })
      .from(bookingRequests)
      .where(and(ofTenant(bookingRequests, t), eq(bookingRequests.requesterEmail, PERSON.email))),
  );
  own['actors/:id'] = ids(
    await db
      .select({ id: networkActors.id })
      .from(networkActors)
      .where(and(ofTenant(networkActors, t), eq(networkActors.email, PERSON.email))),
  );
  own['concerns/:id'] = ids(
    await db
      .select({ id: networkConcerns.id })
      .from(networkConcerns)
      .where(and(ofTenant(networkConcerns, t), eq(networkConcerns.contactName, PERSON.name))),
  );
  own['councils/:id'] = (
    await db
      .select({ id: members.bodyId })
      .from(members)
      .where(and(ofTenant(members, t), eq(members.email, PERSON.email)))
  ).map((r) => r.id);
  own['outbox/:id'] = ids(
    await db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(and(ofTenant(mailOutbox, t), eq(mailOutbox.to, PERSON.email))),
  );
  for (const [k, v] of Object.entries(own))
    expect(v.length, `the person's records for ${k}`).toBeGreaterThan(0);
});
afterAll(() => ctx?.close());

const first = (key: string) => own[key][0];

async function get(role: Role | 'admin', path: string): Promise<{ status: number; body: string }> {
  const api = path.startsWith('/api/');
  const url = api ? `/api/v1/tenants/${slug}${path.slice(4)}` : `/staff/${slug}${path}`;
  const res = api
    ? await ctx.app.request(url, { headers: { authorization: `Bearer ${tokens[role]}` } })
    : await agents[role].get(url);
  return { status: res.status, body: (await res.text()).toLowerCase() };
}

const found = (body: string, needles = NEEDLES) => needles.filter((n) => body.includes(n));

interface Read {
  path: () => string;
  /** What the administrator must see there (default: the address); null for files (PDF, compressed). */
  sees?: string | null;
  /**
   * Readable for some of the three without the personal data (they get the page, never the person);
   * lists narrow to one's areas, so another area's team member gets their own (empty) list.
   */
  readableBy?: Role[];
  needles?: string[];
}

/** Every read of personal data, staff screens and API ("/api/…"). */
const READS: Record<string, Read> = {
  // events: submitters and registrations
  'moderation page': { path: () => `/events/${first('events/:id')}/moderate` },
  'staff page of a public submission': {
    path: () => `/events/${first('events/:id')}`,
    readableBy: ['department'],
  },
  registrations: { path: () => `/events/${own['events/:id'].at(-1)}/registrations`, sees: 'lesewitz' },
  'API: event with its submitter': {
    path: () => `/api/events/${first('events/:id')}`,
    readableBy: ['department'],
  },
  'API: review queue': { path: () => '/api/events/review-queue', readableBy: ['teamOther'] },
  // houses: requesters
  'room requests': { path: () => '/houses/requests?status=all', sees: 'lesewitz', readableBy: ['teamOther'] },
  'room request': { path: () => `/houses/requests/${first('requests/:id')}` },
  'confirmation PDF': {
    path: () => `/houses/requests/${first('requests/:id')}/confirmation.pdf`,
    sees: null,
  },
  payments: { path: () => '/houses/payments', sees: 'lesewitz', readableBy: ['teamOther'] },
  'payments.csv': { path: () => '/houses/payments.csv', sees: 'lesewitz', readableBy: ['teamOther'] },
  'houses privacy (retention)': { path: () => '/houses/privacy', sees: null },
  'API: booking request': { path: () => `/api/booking-requests/${first('requests/:id')}`, sees: null },
  // network: persons, their contacts, concerns' contact data
  'network directory': {
    path: () => '/network/actors?kind=person',
    sees: 'lesewitz',
    readableBy: ['department', 'teamOther'],
  },
  'network person': { path: () => `/network/actors/${first('actors/:id')}` },
  'network person edit': { path: () => `/network/actors/${first('actors/:id')}/edit` },
  'network person export (HTML)': { path: () => `/network/actors/${first('actors/:id')}/export.html` },
  'network person export (JSON)': { path: () => `/network/actors/${first('actors/:id')}/export.json` },
  concerns: { path: () => '/network/concerns', sees: null, readableBy: ['department', 'teamOther'] },
  concern: { path: () => `/network/concerns/${first('concerns/:id')}`, sees: 'lesewitz' },
  'network privacy (retention)': { path: () => '/network/privacy', sees: null },
  'API: network persons': {
    path: () => '/api/network/actors?kind=person',
    sees: 'lesewitz',
    readableBy: ['department', 'teamOther'],
  },
  'API: network person': { path: () => `/api/network/actors/${first('actors/:id')}` },
  'API: concerns': {
    path: () => '/api/network/concerns',
    sees: 'lesewitz',
    readableBy: ['department', 'teamOther'],
  },
  'API: concern': { path: () => `/api/network/concerns/${first('concerns/:id')}`, sees: 'lesewitz' },
  // newsletters: subscribers and bounces
  subscribers: { path: () => '/newsletter/subscribers' },
  bounces: { path: () => '/newsletter/bounces' },
  // councils: members' contact data (names are published with consent)
  'council with its members': {
    path: () => `/councils/${first('councils/:id')}`,
    readableBy: ['jury', 'department'],
    needles: CONTACT_NEEDLES,
  },
  // volunteering: the volunteers of one's areas, on screen and as CSV (named, never their contact)
  volunteers: { path: () => '/volunteering/volunteers', sees: 'lesewitz', readableBy: ['teamOther'] },
  'volunteers CSV': {
    path: () => '/volunteering/volunteers?format=csv',
    sees: 'lesewitz',
    readableBy: ['teamOther'],
  },
  // admin: outbox and data-subject requests
  outbox: { path: () => '/admin/outbox' },
  'outbox mail': { path: () => `/admin/outbox/${first('outbox/:id')}` },
  'data-subject requests': { path: () => '/admin/privacy', sees: null },
};

describe('reads of personal data: only for the roles whose work needs them', () => {
  for (const [name, r] of Object.entries(READS)) {
    it(`${name}: the administrator sees the person, jury, department staff and another area's team do not`, async () => {
      const admin = await get('admin', r.path());
      expect(admin.status, `admin ${r.path()}`).toBe(200);
      const sees = r.sees === undefined ? 'quendolin' : r.sees;
      if (sees) expect(admin.body, `admin sees the person on ${r.path()}`).toContain(sees);
      for (const role of REFUSED) {
        const res = await get(role, r.path());
        if (!r.readableBy?.includes(role))
          expect([403, 404], `${role} ${r.path()} answered ${res.status}`).toContain(res.status);
        expect(found(res.body, r.needles), `${role} sees the person on ${r.path()}`).toEqual([]);
      }
    });
  }
});

const PARAM_RE = /:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?\??/g;

/** The addresses of a route: with the factories' records, and with each of the person's own records. */
function fills(path: string): string[] {
  const names = [...path.matchAll(PARAM_RE)].map((m) => m[1]).filter((n) => n !== 'tenant');
  const keyOf = (name: string) => {
    const segments = path.split('/');
    const at = segments.findIndex((s) => s.startsWith(`:${name}`));
    const word = segments
      .slice(0, at)
      .reverse()
      .find((s) => s && !s.startsWith(':'));
    return { exact: `${word}/:${name}`, id: `${word}/:id` };
  };
  const factory = (name: string) => {
    const k = keyOf(name);
    return (params[k.exact] ?? params[k.id])?.[0]?.value ?? 'x';
  };
  const base: Record<string, string> = Object.fromEntries(names.map((n) => [n, factory(n)]));
  const variants: Record<string, string>[] = [base];
  for (const n of names) {
    const k = keyOf(n);
    for (const id of own[k.exact] ?? own[k.id] ?? []) variants.push({ ...base, [n]: id });
  }
  return variants.map((v) =>
    path.replace(PARAM_RE, (_, name: string) => (name === 'tenant' ? slug : (v[name] ?? 'x'))),
  );
}

function routes(): string[] {
  const seen = new Set<string>();
  for (const r of ctx.app.routes)
    if (
      r.method === 'GET' &&
      !r.path.includes('*') &&
      (r.path.startsWith('/staff/:tenant') || r.path.startsWith('/api/v1/tenants/:tenant'))
    )
      seen.add(r.path.replace(/\{(\w+)\}/g, ':$1'));
  return [...seen].sort();
}

/** Every GET route, as each of the three members: the person's data in no answer (councils: no contact). */
async function sweep(roles: Role[] = REFUSED): Promise<string[]> {
  const leaks: string[] = [];
  for (const route of routes())
    for (const url of fills(route))
      for (const extra of ['', url.includes('?') ? '&status=all' : '?status=all'])
        for (const role of roles) {
          const api = url.startsWith('/api/');
          const res = api
            ? await ctx.app.request(url + extra, { headers: { authorization: `Bearer ${tokens[role]}` } })
            : await agents[role].get(url + extra);
          const body = (await res.text()).toLowerCase();
          const hits = found(body, route.includes('/councils') ? CONTACT_NEEDLES : NEEDLES);
          if (hits.length) leaks.push(`${role} GET ${url}${extra} (${res.status}): ${hits.join(', ')}`);
        }
  return leaks;
}

describe('no staff screen or API answer shows the person to a role that does not need it', () => {
  it('sweeps every staff and API GET route as jury, department staff and another area’s team', async () => {
    expect(routes().length).toBeGreaterThan(100);
    expect(await sweep()).toEqual([]);
  }, 240_000);

  it('self-test: with the jury given the houses requests permission, the test finds the leak', async () => {
    ctx.policy.register({ 'houses.requests': ['jury'] });
    try {
      const res = await get('jury', READS['room request'].path());
      expect(res.status).toBe(200);
      expect(found(res.body)).not.toEqual([]);
      expect(await sweep(['jury'])).not.toEqual([]);
    } finally {
      (ctx.policy as unknown as { byPermission: Map<string, Set<string>> }).byPermission
        .get('houses.requests')!
        .delete('jury');
    }
    expect((await get('jury', READS['room request'].path())).status).toBe(403);
  }, 120_000);
});
