/**
 * One person, present in every module that keeps personal data (each module's manifest `testPerson`
 * puts them there, after its `testFactory` filled the tenant): the tenant-wide data-subject screen
 * (admin module) finds them in every module, exports their data from every module and nothing of
 * another person, and erases them everywhere — afterwards no text-like column of the tenant's rows
 * holds their address, name or phone — while the anonymous figures stay and another person of the
 * same tenant and the same person in another tenant are untouched. Only administrators get there;
 * every step is in the audit log without the address. A self-test switches off one module's erase
 * at a time and must find what it left behind.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { principalFor } from '../src/modules/access/index.ts';
import {
  eraseDataSubject,
  exportDataSubject,
  findDataSubject,
  runRetention,
} from '../src/modules/admin/index.ts';
import { listAudit } from '../src/platform/audit/index.ts';
import type { Actor } from '../src/platform/authz.ts';
import { rows } from '../src/platform/db/index.ts';
import type { Services } from '../src/platform/http/context.ts';
import { AppError } from '../src/platform/http/errors.ts';
import type { DataSubject, ModuleManifest, TestParams } from '../src/platform/modules.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

const PERSON = { email: 'ilka.tilgerova@example.org', name: 'Ilka Tilgerova', phone: '0176 5550199' };
const OTHER = { email: 'bruno.quastel@example.org', name: 'Bruno Quastel', phone: '0151 4440123' };
/** What must be gone: the name (also inside the address) and the phone's distinctive digits. */
const NEEDLES = ['tilgerova', '5550199'];
const OTHER_NEEDLES = ['quastel', '4440123'];
/** The modules that keep personal data of residents or partners (the outbox answers in admin). */
const EXPECTED = ['houses', 'network', 'events', 'newsletters', 'councils', 'funds', 'volunteering', 'admin'];

let ctx: TestContext;
let services: Services;
type Tenant = { id: string; slug: string };
let a: Tenant;
let b: Tenant;
let adminA: string;
let adminB: string;
let team: string;
let department: string;
let coordinator: string;
/** An administrator limited to one area: not for the whole tenant. */
let areaAdmin: string;

/** The modules' factories, then their test person(s), in mount order. */
async function fill(tenant: Tenant, userId: string, people: Required<DataSubject>[], modules = MODULES) {
  const params: TestParams = {};
  for (const m of modules) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({ services, tenant, marker: `Ding ${tenant.slug}`, userId, params });
    for (const [k, v] of Object.entries(made)) params[k] = [...(params[k] ?? []), ...v];
  }
  for (const m of modules)
    for (const p of people)
      if (m.testPerson) await m.testPerson({ services, tenant, marker: '', userId, params }, p);
}

async function actorFor(tenantId: string, userId: string): Promise<Actor> {
  return {
    principal: (await principalFor(services.db, tenantId, userId))!,
    policy: ctx.policy,
    tenantId,
    userId,
  };
}

/**
 * Every text-like column of every table (all schemas but the system ones) that holds a needle, in
 * the rows of this tenant — rows of tables without a tenant are all read; the outbox's account mails
 * (no tenant) too.
 */
async function traces(tenantId: string, needles = NEEDLES): Promise<string[]> {
  const cols = rows<{ s: string; t: string; c: string; tenant: boolean }>(
    await services.db.execute(sql`
      select c.table_schema as s, c.table_name as t, c.column_name as c,
             exists (select 1 from information_schema.columns x
                      where x.table_schema = c.table_schema and x.table_name = c.table_name
                        and x.column_name = 'tenant_id') as tenant
        from information_schema.columns c
        join information_schema.tables t
          on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema not in ('pg_catalog', 'information_schema')
         and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'tsvector', 'ARRAY')`),
  );
  expect(cols.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const col of cols) {
    const table = sql.raw(`"${col.s}"."${col.t}"`);
    const column = sql.raw(`"${col.c}"`);
    const own = col.tenant ? sql`(tenant_id = ${tenantId} or tenant_id is null)` : sql`true`;
    for (const n of needles) {
      const [r] = rows<{ n: number }>(
        await services.db.execute(
          sql`select count(*)::int as n from ${table} where ${own} and lower(${column}::text) like ${`%${n}%`}`,
        ),
      );
      if (Number(r.n) > 0) found.push(`${col.t}.${col.c}`);
    }
  }
  return [...new Set(found)].sort();
}

/** Every module's figures for the whole tenant over ten years around now. */
async function figures(tenantId: string): Promise<Record<string, number>> {
  const q = {
    areaIds: null,
    from: new Date(Date.now() - 5 * 365 * 86_400_000),
    to: new Date(Date.now() + 5 * 365 * 86_400_000),
  };
  const out: Record<string, number> = {};
  for (const m of MODULES)
    for (const f of m.figures ?? []) out[f.key] = await f.compute(services, tenantId, q);
  return out;
}

const counts = (found: Awaited<ReturnType<typeof findDataSubject>>) =>
  Object.fromEntries(found.flatMap((m) => m.records.map((r) => [r.category, r.count])));

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return 'not refused';
}

beforeAll(async () => {
  // An installation of its own: the retention run below erases for every tenant of the database and the
  // test compares its totals (what was erased, what waits for staff).
  ctx = await createTestContext({ fresh: true });
  services = ctx.services;
  a = await makeTenant(services, 'betroffene-a', 'Moabit');
  b = await makeTenant(services, 'betroffene-b', 'Wedding');
  adminA = (await makeUser(services, { tenantId: a.id, role: 'admin', name: 'Ada Admin' })).id;
  adminB = (await makeUser(services, { tenantId: b.id, role: 'admin', name: 'Bea Admin' })).id;
  team = (await makeUser(services, { tenantId: a.id, role: 'team', name: 'Tom Team' })).id;
  department = (await makeUser(services, { tenantId: a.id, role: 'department', name: 'Dora Amt' })).id;
  coordinator = (await makeUser(services, { tenantId: a.id, role: 'coordinator', name: 'Cem Koordination' }))
    .id;
  await fill(a, adminA, [PERSON, OTHER]);
  const [area] = rows<{ id: string }>(
    await services.db.execute(sql`select id from areas where tenant_id = ${a.id} limit 1`),
  );
  areaAdmin = (
    await makeUser(services, { tenantId: a.id, role: 'admin', scopeAreaId: area.id, name: 'Ari Gebiet' })
  ).id;
  await fill(b, adminB, [PERSON]);
}, 120_000);
afterAll(() => ctx?.close());

/** The expected findings of the test person in one tenant (the modules' testPerson put exactly these). */
const PERSON_FINDINGS = {
  'houses.requests': 1,
  'network.people': 1,
  'network.contacts': 1,
  'network.followUps': 1,
  'network.concerns': 2,
  'events.registrations': 2,
  'events.submissions': 1,
  'events.contacts': 2,
  'newsletters.subscription': 1,
  'newsletters.deliveries': 1,
  'newsletters.bounces': 1,
  'councils.members': 1,
  // A refused application and a draft.
  'funds.applications': 2,
  // Their entry as a volunteer (with a match, hours and a thank-you) and a sign-up for a call.
  'volunteering.volunteers': 1,
  'volunteering.signups': 1,
  // The mail to them, the notice naming their address, the houses' confirmation.
  'admin.mails': 3,
};

describe('data-subject requests across all modules', () => {
  it('every module that keeps personal data has a privacy hook and a test person', () => {
    const withHook = MODULES.filter((m) => m.privacy).map((m) => m.name);
    expect(withHook).toEqual(EXPECTED);
    const noPerson = MODULES.filter((m) => m.privacy && !m.testPerson).map((m) => m.name);
    expect(noPerson, 'modules with a privacy hook but no testPerson').toEqual([]);
  });

  it('finds the person in every module: per category count, legal basis and retention, on the screen too', async () => {
    const found = await findDataSubject(await actorFor(a.id, adminA), services, {
      email: PERSON.email,
      phone: PERSON.phone,
    });
    expect(found.map((m) => m.module)).toEqual(EXPECTED);
    for (const m of found) expect(m.records.length, `${m.module} finds the person`).toBeGreaterThan(0);
    expect(counts(found)).toEqual(PERSON_FINDINGS);
    for (const r of found.flatMap((m) => m.records)) {
      expect(r.legalBasis.length, `${r.category} states its legal basis`).toBeGreaterThan(0);
      expect(r.retention).toMatch(/:dataSubject\./);
    }
    // find answers counts, bases and dates only: nothing of the person's data.
    expect(JSON.stringify(found).toLowerCase()).not.toMatch(/tilgerova|5550199/);

    const agent = await new Agent(ctx.app).loginAs(services, adminA);
    const form = await agent.get(`/staff/${a.slug}/admin/privacy`);
    expect(form.status).toBe(200);
    const page = await agent.post(`/staff/${a.slug}/admin/privacy`, {
      email: `  ${PERSON.email.toUpperCase()} `,
      phone: PERSON.phone,
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const title of [
      'Häuser',
      'Netzwerk und mobiles Büro',
      'Veranstaltungen',
      'Newsletter',
      'Postausgang',
    ])
      expect(html).toContain(title);
    for (const label of [
      'Raumanfragen',
      'Personen im Netzwerkverzeichnis',
      'Kontaktdaten in Anliegen',
      'Anmeldungen zu Veranstaltungen',
      'Gemeldete Veranstaltungen',
      'Newsletter-Abonnement',
      'E-Mails im Postausgang',
    ])
      expect(html).toContain(label);
    expect(html).toContain('Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)');
    expect(html).toContain('Vertrag oder Schritte auf Anfrage der Person (Art. 6 Abs. 1 lit. b DSGVO)');
    expect(html).toContain('Alles löschen');

    const en = await (
      await agent.post(
        `/staff/${a.slug}/admin/privacy?lang=en`,
        { email: PERSON.email },
        { csrfFrom: `/staff/${a.slug}/admin/privacy?lang=en` },
      )
    ).text();
    expect(en).toContain('Registrations for events');
    expect(en).toContain('Consent (Art. 6(1)(a) GDPR)');

    // A wrong address comes back with the message, the form keeps what was typed.
    const bad = await agent.post(
      `/staff/${a.slug}/admin/privacy?lang=de`,
      { email: 'keine-adresse', name: 'Ilka' },
      { csrfFrom: `/staff/${a.slug}/admin/privacy?lang=de` },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('gültige E-Mail-Adresse');
  });

  it('exports the person’s data from every module with the legal basis per category, and nothing of another person', async () => {
    const agent = await new Agent(ctx.app).loginAs(services, adminA);
    const res = await agent.post(
      `/staff/${a.slug}/admin/privacy/export`,
      { email: PERSON.email, phone: PERSON.phone, format: 'json' },
      { csrfFrom: `/staff/${a.slug}/admin/privacy` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const data = JSON.parse(text) as {
      modules: {
        module: string;
        sections: {
          category: string;
          legalBasis: { basis: string; article: string }[];
          records: unknown[];
        }[];
      }[];
    };
    expect(data.modules.map((m) => m.module)).toEqual(EXPECTED);
    const sections = data.modules.flatMap((m) => m.sections);
    for (const s of sections) expect(s.legalBasis.length, s.category).toBeGreaterThan(0);
    expect(sections.find((s) => s.category === 'network.people')?.legalBasis).toEqual([
      { basis: 'consent', article: 'Art. 6(1)(a) GDPR', text: 'Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)' },
    ]);
    // Every record of the person in this tenant, no more: the other tenant's copy is not there.
    const exported = Object.fromEntries(sections.map((s) => [s.category, s.records.length]));
    expect(exported).toMatchObject({
      'houses.requests': 1,
      'network.people': 1,
      'network.concerns': 2,
      'events.registrations': 2,
      'events.submissions': 1,
      'events.contacts': 2,
      'newsletters.subscription': 1,
      'newsletters.deliveries': 1,
      'newsletters.bounces': 1,
      'councils.members': 1,
      'funds.applications': 2,
      'volunteering.volunteers': 1,
      'volunteering.signups': 1,
      'admin.mails': 3,
    });
    const lower = text.toLowerCase();
    for (const n of NEEDLES) expect(lower).toContain(n);
    expect(lower).toContain('möchte beim hoffest helfen');
    expect(lower).toContain('flohmarkt im hof');
    // Nothing of the other person, nor of the neighbour on the waiting list.
    for (const n of [...OTHER_NEEDLES, 'nachbar-']) expect(lower).not.toContain(n);

    const page = await agent.post(
      `/staff/${a.slug}/admin/privacy/export`,
      { email: PERSON.email, format: 'html' },
      { csrfFrom: `/staff/${a.slug}/admin/privacy` },
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Auskunft über gespeicherte personenbezogene Daten');
    expect(html).toContain(PERSON.name);
    expect(html).toContain('Vertrag oder Schritte auf Anfrage der Person (Art. 6 Abs. 1 lit. b DSGVO)');
    expect(html.toLowerCase()).not.toContain('quastel');
  });

  it('refuses members who are not administrators of the whole tenant (also one limited to an area): the screen and the use cases answer 403', async () => {
    const subject = { email: PERSON.email };
    for (const userId of [team, department, coordinator, areaAdmin]) {
      const agent = await new Agent(ctx.app).loginAs(services, userId);
      expect((await agent.get(`/staff/${a.slug}/admin/privacy`)).status).toBe(403);
      const home = await (await agent.get(`/staff/${a.slug}`)).text();
      // The navigation asks the permission without an area, so an area-limited administrator still
      // sees the link; the screen refuses them all the same.
      if (userId !== areaAdmin) expect(home).not.toContain('/admin/privacy');
      // With a valid form token from a page they may open: refused by the permission, not the token.
      for (const path of ['', '/export', '/erase'])
        expect(
          (
            await agent.post(
              `/staff/${a.slug}/admin/privacy${path}`,
              { ...subject, confirm: 'on' },
              { csrfFrom: `/staff/${a.slug}` },
            )
          ).status,
        ).toBe(403);
      const actor = await actorFor(a.id, userId);
      for (const call of [
        () => findDataSubject(actor, services, subject),
        () => exportDataSubject(actor, services, subject),
        () => eraseDataSubject(actor, services, subject),
      ]) {
        const err = await refusal(call);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(403);
      }
    }
    // The modules' hooks refuse team and department staff on their own too.
    for (const userId of [team, department]) {
      const actor = await actorFor(a.id, userId);
      for (const m of MODULES.filter((x) => x.privacy))
        for (const call of [
          () => m.privacy!.find(services, actor, subject),
          () => m.privacy!.export(services, actor, subject),
          () => m.privacy!.erase(services, actor, subject),
        ]) {
          const err = await refusal(call);
          expect(err, `${m.name} refuses`).toBeInstanceOf(AppError);
          expect((err as AppError).status).toBe(403);
        }
    }
    // Still all there.
    expect(
      counts(
        await findDataSubject(await actorFor(a.id, adminA), services, {
          email: PERSON.email,
          phone: PERSON.phone,
        }),
      ),
    ).toEqual(PERSON_FINDINGS);
  });

  it('erases the person everywhere after a confirmation, keeps the anonymous figures, and leaves the other person and the other tenant alone', async () => {
    expect(await traces(a.id)).not.toEqual([]);
    const otherBefore = await traces(a.id, OTHER_NEEDLES);
    const bBefore = await traces(b.id);
    const figuresBefore = await figures(a.id);
    const agent = await new Agent(ctx.app).loginAs(services, adminA);
    const base = `/staff/${a.slug}/admin/privacy`;

    // The first post asks for the confirmation; without the tick it is refused; nothing happens.
    const ask = await agent.post(
      `${base}/erase`,
      { email: PERSON.email, phone: PERSON.phone },
      { csrfFrom: base },
    );
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Das lässt sich nicht rückgängig machen');
    const unticked = await agent.post(`${base}/erase`, {
      email: PERSON.email,
      phone: PERSON.phone,
      step: 'confirm',
    });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Bitte bestätigen Sie die Löschung');
    // Without the form token nothing happens either.
    expect(
      (await agent.post(`${base}/erase`, { email: PERSON.email, confirm: 'on' }, { csrf: false })).status,
    ).toBe(403);
    expect((await traces(a.id)).length).toBeGreaterThan(0);

    const done = await agent.post(
      `${base}/erase`,
      { email: PERSON.email, phone: PERSON.phone, step: 'confirm', confirm: 'on' },
      { csrfFrom: base },
    );
    expect(done.status).toBe(303);
    const location = done.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${base}/erasures/[0-9a-f-]{36}$`));
    const report = await (await agent.get(location)).text();
    expect(report).toContain('Alles wurde gelöscht.');
    expect(report).toContain('Anmeldungen zu Veranstaltungen');
    expect(report).toContain('2 Datensätze entfernt oder anonymisiert');

    // Nothing of the person is left in the tenant's rows, in any table.
    expect(await traces(a.id)).toEqual([]);
    expect(
      counts(
        await findDataSubject(await actorFor(a.id, adminA), services, {
          email: PERSON.email,
          phone: PERSON.phone,
        }),
      ),
    ).toEqual({});

    // The anonymous figures stay; only those that count people or their places go down.
    const figuresAfter = await figures(a.id);
    const changed = Object.keys(figuresBefore).filter((k) => figuresBefore[k] !== figuresAfter[k]);
    expect(changed.sort()).toEqual(['events.registered_places', 'newsletters.subscribers']);
    expect(figuresAfter['events.attendance']).toBeGreaterThanOrEqual(14);
    expect(figuresAfter['network.concerns']).toBe(figuresBefore['network.concerns']);
    expect(figuresAfter['houses.booked_hours']).toBe(figuresBefore['houses.booked_hours']);
    // Their place at the sewing café went to the neighbour on the waiting list, who was told.
    const [promoted] = rows<{ status: string }>(
      await services.db.execute(
        sql`select status from events_registrations where tenant_id = ${a.id} and email = ${`nachbar-${a.slug}@example.org`}`,
      ),
    );
    expect(promoted.status).toBe('confirmed');

    // The other person of the tenant and the same person in the other tenant are untouched.
    expect(await traces(a.id, OTHER_NEEDLES)).toEqual(otherBefore);
    expect(await traces(b.id)).toEqual(bBefore);
    expect(
      counts(
        await findDataSubject(await actorFor(b.id, adminB), services, {
          email: PERSON.email,
          phone: PERSON.phone,
        }),
      ),
    ).toEqual(PERSON_FINDINGS);

    // The audit log has the search, the export and the erasure — by a keyed stand-in, never the address.
    const log = (await listAudit(services.db, a.id, { entityType: 'data_subject', limit: 100 })).filter(
      (e) => e.actorUserId === adminA,
    );
    expect(new Set(log.map((e) => e.action))).toEqual(new Set(['read', 'export', 'erase']));
    const refs = new Set(log.map((e) => e.entityId));
    expect(refs.size).toBe(1);
    expect([...refs][0]).toMatch(/^subject:[0-9a-f]{32}$/);
    const all = await listAudit(services.db, a.id, { limit: 500 });
    expect(JSON.stringify(all).toLowerCase()).not.toMatch(/tilgerova|5550199/);
    expect(all.some((e) => e.action === 'erase' && e.entityType === 'events.registration')).toBe(true);
  }, 120_000);

  it('self-test: with one module’s erase switched off, the erasure leaves traces in that module', async () => {
    const missed: string[] = [];
    for (const name of EXPECTED) {
      const tenant = await makeTenant(services, `betroffene-${name}`, `Selbsttest ${name}`);
      const admin = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
      await fill(tenant, admin, [PERSON]);
      const broken: ModuleManifest[] = MODULES.map((m) =>
        m.name === name && m.privacy
          ? { ...m, privacy: { ...m.privacy, erase: async () => ({ erased: 0, details: {} }) } }
          : m,
      );
      const report = await eraseDataSubject(
        await actorFor(tenant.id, admin),
        { ...services, modules: broken },
        { email: PERSON.email, phone: PERSON.phone },
      );
      expect(report.results.map((r) => r.module)).toEqual(EXPECTED);
      const left = await traces(tenant.id);
      if (left.length === 0) missed.push(name);
    }
    expect(missed, 'modules whose missing erase the scan did not notice').toEqual([]);
  }, 120_000);
});

describe('rate limits keep no addresses', () => {
  it('after public form posts no rate_limits row holds the address, and the per-address limit still counts in any case', async () => {
    const email = 'Limit.Probe@Example.org';
    const anon = new Agent(ctx.app);
    const signUp = async (address: string) =>
      anon.post(
        `/${a.slug}/newsletter`,
        { email: address, language: 'de', consent: 'on' },
        { csrfFrom: `/${a.slug}/newsletter` },
      );
    for (const address of [email, email.toLowerCase(), email.toUpperCase()])
      expect((await signUp(address)).status).toBe(200);
    // The fourth sign-up of the same address within the hour is refused (per-address limit 3).
    expect((await signUp(` ${email.toLowerCase()} `)).status).toBe(429);
    const keys = rows<{ key: string }>(await services.db.execute(sql`select key from rate_limits`)).map(
      (r) => r.key,
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k.toLowerCase()).not.toContain('limit.probe');
      expect(k).not.toContain('@');
      expect(k).toMatch(/^[a-z-]+:[0-9a-f]{64}$/);
    }
  });
});

describe('retention', () => {
  it('runs every module’s deletion of expired data for every tenant: events delete, network and houses wait for staff', async () => {
    const later = new Date(Date.now() + 800 * 86_400_000);
    const before = rows<{ n: number }>(
      await services.db.execute(
        sql`select count(*)::int as n from events_registrations where tenant_id = ${b.id}`,
      ),
    )[0].n;
    expect(Number(before)).toBeGreaterThan(0);
    const r = await runRetention(services, later);
    expect(r.failed).toBe(0);
    expect(r.erased).toBeGreaterThan(0);
    // Network people and houses requests past their dates are counted as due, not erased.
    expect(r.due).toBeGreaterThan(r.erased);
    const after = rows<{ n: number }>(
      await services.db.execute(
        sql`select count(*)::int as n from events_registrations where tenant_id = ${b.id}`,
      ),
    )[0].n;
    expect(Number(after)).toBe(0);
    const found = counts(
      await findDataSubject(await actorFor(b.id, adminB), services, {
        email: PERSON.email,
        phone: PERSON.phone,
      }),
    );
    expect(found['events.registrations']).toBeUndefined();
    expect(found['network.people']).toBe(1);
    expect(found['houses.requests']).toBe(1);
    const log = await listAudit(services.db, b.id, { entityType: 'privacy.retention' });
    // Events delete registrations; volunteering deletes the sign-ups of calls long past.
    expect(log.map((e) => [e.entityId, e.action])).toEqual([
      ['volunteering', 'erase'],
      ['events', 'erase'],
    ]);
  });
});
