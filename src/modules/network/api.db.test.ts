import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { systemActor } from '../../platform/authz.ts';
import { newId } from '../../platform/db/index.ts';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { networkConcerns } from './db/schema.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor } from './use-cases/actors.ts';
import {
  addSlot,
  createSeries,
  loadSeries,
  setException,
  todayIn,
  upcoming,
} from './use-cases/consultation.ts';
import { createVenue } from './use-cases/venues.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
const tokens: Record<'admin' | 'teamA' | 'teamB' | 'dept' | 'jury', string> = {
  admin: '',
  teamA: '',
  teamB: '',
  dept: '',
  jury: '',
};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
  const db = ctx.services.db;
  const t = fx.tenant.id;
  const dept = await makeUser(ctx.services, {
    tenantId: t,
    role: 'department',
    name: 'Dana Dept',
    department: 'Jugendamt Mitte',
  });
  const jury = await makeUser(ctx.services, { tenantId: t, role: 'jury' });
  tokens.admin = (await createApiToken(db, t, fx.admin.id, 'test')).token;
  tokens.teamA = (await createApiToken(db, t, fx.teamA.id, 'test')).token;
  tokens.teamB = (await createApiToken(db, t, fx.teamB.id, 'test')).token;
  tokens.dept = (await createApiToken(db, t, dept.id, 'test')).token;
  tokens.jury = (await createApiToken(db, t, jury.id, 'test')).token;
  await createActor(db, t, {
    kind: 'organisation',
    name: 'Kinder- und Jugendzentrum Weddinger Oase',
    fields: ['youth'],
    areaId: fx.qmA,
    sharedDepartments: ['Jugendamt Mitte'],
  });
  await createActor(db, t, { kind: 'organisation', name: 'Stadtteilladen Nord', areaId: fx.qmA });
  await createActor(db, t, { kind: 'organisation', name: 'Kiezladen Rixdorf', areaId: fx.qmB });
});
afterAll(() => ctx.close());

type Who = keyof typeof tokens;
const api = (who: Who | null, path: string, init: RequestInit = {}) =>
  ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/network${path}`, {
    ...init,
    headers: {
      ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
const send = (who: Who, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(who, path, { method, body: JSON.stringify(body), headers });
const names = async (res: Response) =>
  ((await res.json()) as { items: { name: string }[] }).items.map((a) => a.name);

describe('OpenAPI description', () => {
  it('lists the network endpoints', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    for (const p of [
      '/tenants/{tenant}/network/actors',
      '/tenants/{tenant}/network/actors/{id}',
      '/tenants/{tenant}/network/venues',
      '/tenants/{tenant}/network/venues/{id}',
      '/tenants/{tenant}/network/consultation-hours/dates',
      '/tenants/{tenant}/network/concerns',
      '/tenants/{tenant}/network/concerns/{id}',
      '/tenants/{tenant}/network/concerns/stats',
    ])
      expect(Object.keys(doc.paths), p).toContain(p);
    expect(Object.keys(doc.paths['/tenants/{tenant}/network/actors/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch']),
    );
    const headers = doc.paths['/tenants/{tenant}/network/concerns'].post.parameters ?? [];
    expect(headers.some((h) => h.in === 'header' && h.name.toLowerCase() === 'idempotency-key')).toBe(true);
  });
});

describe('actors', () => {
  it('searches like the screen (typos, stems), within the member’s areas', async () => {
    expect((await api(null, '/actors')).status).toBe(401);
    expect((await api('jury', '/actors')).status).toBe(403);
    const typo = await api('teamA', '/actors?q=Jugendzentum');
    expect(typo.status).toBe(200);
    expect(await names(typo)).toEqual(['Kinder- und Jugendzentrum Weddinger Oase']);
    expect(await names(await api('teamA', '/actors?field=youth'))).toEqual([
      'Kinder- und Jugendzentrum Weddinger Oase',
    ]);
    expect(await names(await api('teamB', '/actors'))).toEqual(['Kiezladen Rixdorf']);
    const all = (await (await api('admin', '/actors?limit=2')).json()) as { total: number; items: unknown[] };
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    // Department staff: exactly the organisations shared with their department.
    expect(await names(await api('dept', '/actors'))).toEqual(['Kinder- und Jugendzentrum Weddinger Oase']);
    const bad = await api('teamA', '/actors?kind=robot&limit=0');
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['kind', 'limit']);
  });

  it('creates, reads and changes an organisation with the form’s checks and the caller’s scope', async () => {
    const invalid = await send(
      'teamA',
      'POST',
      '/actors',
      { kind: 'organisation', name: '', postcode: '123', email: 'kaputt', lat: 52.5 },
      { 'accept-language': 'de' },
    );
    expect(invalid.status).toBe(422);
    const err = ((await invalid.json()) as { error: { fields: Record<string, string> } }).error.fields;
    expect(err.name).toBe('Bitte füllen Sie dieses Feld aus.');
    expect(err.postcode).toBe('Eine Postleitzahl hat fünf Ziffern.');
    expect(err.email).toContain('E-Mail-Adresse');
    expect(err.lon).toBeDefined();
    // Wrong types are caught by the schema, also per field.
    const typed = await send('teamA', 'POST', '/actors', { kind: 'organisation', name: 5 });
    expect(typed.status).toBe(422);
    expect(Object.keys(((await typed.json()) as { error: { fields: object } }).error.fields)).toEqual([
      'name',
    ]);
    // Team B may not place a record in area A.
    const foreign = await send('teamB', 'POST', '/actors', {
      kind: 'organisation',
      name: 'X',
      areaId: fx.qmA,
    });
    expect(foreign.status).toBe(422);
    // The permission is checked before the body: a department cannot create, whatever it sends.
    expect((await send('dept', 'POST', '/actors', { name: 5 })).status).toBe(403);

    const created = await send('teamA', 'POST', '/actors', {
      kind: 'organisation',
      orgType: 'association',
      name: 'Nachbarschaftsverein Sprengelkiez',
      fields: ['neighbourhood'],
      postcode: '13353',
      areaId: fx.qmA,
      isMultiplier: true,
    });
    expect(created.status).toBe(201);
    const actor = (await created.json()) as { id: string; areaIds: string[]; isMultiplier: boolean };
    expect(actor.areaIds).toEqual(expect.arrayContaining([fx.qmA, fx.mitte.id]));
    expect(actor.isMultiplier).toBe(true);
    expect((await api('teamA', `/actors/${actor.id}`)).status).toBe(200);
    expect((await api('teamB', `/actors/${actor.id}`)).status).toBe(404);
    expect((await send('teamB', 'PATCH', `/actors/${actor.id}`, { name: 'Übernommen' })).status).toBe(404);

    // A partial change keeps everything else; sharing only with known departments.
    const patched = await send('teamA', 'PATCH', `/actors/${actor.id}`, {
      description: 'Treffen jeden Mittwoch',
      sharedDepartments: ['Jugendamt Mitte'],
    });
    expect(patched.status).toBe(200);
    const after = (await patched.json()) as Record<string, unknown>;
    expect(after).toMatchObject({
      name: 'Nachbarschaftsverein Sprengelkiez',
      orgType: 'association',
      fields: ['neighbourhood'],
      isMultiplier: true,
      description: 'Treffen jeden Mittwoch',
      sharedDepartments: ['Jugendamt Mitte'],
    });
    expect((await api('dept', `/actors/${actor.id}`)).status).toBe(200);
    const unknown = await send('teamA', 'PATCH', `/actors/${actor.id}`, { sharedDepartments: ['Finanzamt'] });
    expect(unknown.status).toBe(422);
    const kind = await send('teamA', 'PATCH', `/actors/${actor.id}`, { kind: 'person' });
    expect(kind.status).toBe(422);
  });

  it('needs a legal basis for a person, and audits every read of a person through the API', async () => {
    const noBasis = await send('teamA', 'POST', '/actors?lang=en', {
      kind: 'person',
      name: 'Erika Muster',
      areaId: fx.qmA,
    });
    expect(noBasis.status).toBe(422);
    expect(
      ((await noBasis.json()) as { error: { fields: Record<string, string> } }).error.fields.legalBasis,
    ).toBe('Please fill in this field.');
    const noConsent = await send('teamA', 'POST', '/actors', {
      kind: 'person',
      name: 'Erika Muster',
      areaId: fx.qmA,
      legalBasis: 'consent',
    });
    expect(noConsent.status).toBe(422);
    const shared = await send('teamA', 'POST', '/actors', {
      kind: 'person',
      name: 'Erika Muster',
      areaId: fx.qmA,
      legalBasis: 'public_task',
      sharedDepartments: ['Jugendamt Mitte'],
    });
    expect(shared.status).toBe(422);
    const ok = await send('teamA', 'POST', '/actors', {
      kind: 'person',
      name: 'Erika Muster',
      email: 'erika@example.org',
      areaId: fx.qmA,
      legalBasis: 'consent',
      consentGiven: true,
    });
    expect(ok.status).toBe(201);
    const person = (await ok.json()) as { id: string; consentAt: string; retentionUntil: string };
    expect(person.consentAt).toBeTruthy();
    expect(person.retentionUntil > new Date().toISOString().slice(0, 10)).toBe(true);
    expect((await api('teamA', `/actors/${person.id}`)).status).toBe(200);
    // An unchanged consent needs no new tick.
    expect((await send('teamA', 'PATCH', `/actors/${person.id}`, { phone: '030 1234567' })).status).toBe(200);
    // Department staff never see people.
    expect((await api('dept', `/actors/${person.id}`)).status).toBe(404);
    expect(await names(await api('dept', '/actors?kind=person'))).toEqual([]);
    const log = await listAudit(ctx.services.db, fx.tenant.id, {
      entityType: 'network.person',
      entityId: person.id,
    });
    expect(log.map((e) => e.action).sort()).toEqual(['create', 'read', 'update']);
    expect(log.every((e) => e.personal === 'yes' && e.actorUserId === fx.teamA.id)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('Erika');
  });
});

describe('venues and consultation-hour dates', () => {
  it('lists, reads and creates venues within the member’s areas', async () => {
    const created = await send('teamA', 'POST', '/venues', {
      name: 'Café Kiezecke',
      street: 'Musterstraße',
      houseNumber: '1',
      postcode: '13359',
      areaId: fx.qmA,
      stepFree: true,
      hearingLoop: false,
    });
    expect(created.status).toBe(201);
    const v = (await created.json()) as {
      id: string;
      stepFree: boolean;
      hearingLoop: boolean;
      accessibleToilet: null;
    };
    expect(v).toMatchObject({ stepFree: true, hearingLoop: false, accessibleToilet: null });
    expect((await api('teamA', `/venues/${v.id}`)).status).toBe(200);
    expect((await api('teamB', `/venues/${v.id}`)).status).toBe(404);
    expect(await names(await api('teamA', '/venues?q=Kiezecke'))).toEqual(['Café Kiezecke']);
    expect(await names(await api('teamB', '/venues'))).toEqual([]);
    const bad = await send('teamA', 'POST', '/venues', { name: '', postcode: 'abc', areaId: fx.qmA });
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields).sort()).toEqual([
      'name',
      'postcode',
    ]);
    expect((await send('teamB', 'POST', '/venues', { name: 'Fremd', areaId: fx.qmA })).status).toBe(422);
  });

  it('lists the upcoming dates of an area with cancellations marked', async () => {
    const db = ctx.services.db;
    const t = fx.tenant.id;
    const venue = await createVenue(systemActor(t), db, { name: 'Stadtteilzentrum', areaId: fx.qmA });
    const series = await createSeries(systemActor(t), db, {
      title: 'Sprechstunde A',
      areaId: fx.qmA,
      published: true,
    });
    const today = todayIn('Europe/Berlin');
    await addSlot(systemActor(t), db, series.id, {
      venueId: venue.id,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '10:00',
      endTime: '12:00',
      startsOn: addDays(today, -7),
    });
    const [bundle] = await loadSeries(db, t, { ids: [series.id] });
    const second = upcoming([bundle], new Date(), 21)[1];
    await setException(systemActor(t), db, series.id, {
      slotId: second.slotId!,
      date: second.date,
      status: 'cancelled',
    });

    const res = await api('teamA', `/consultation-hours/dates?area=${fx.qmA}&days=21`);
    expect(res.status).toBe(200);
    const items = (
      (await res.json()) as {
        items: {
          date: string;
          status: string;
          startTime: string;
          seriesTitle: string;
          venue: { name: string };
        }[];
      }
    ).items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(
      items.every((i) => i.seriesTitle === 'Sprechstunde A' && i.venue.name === 'Stadtteilzentrum'),
    ).toBe(true);
    expect(items.find((i) => i.date === second.date)?.status).toBe('cancelled');
    expect(items.filter((i) => i.status === 'cancelled')).toHaveLength(1);
    // Another area's team sees none of them; an unknown area is 404.
    expect(((await (await api('teamB', '/consultation-hours/dates')).json()) as { items: [] }).items).toEqual(
      [],
    );
    expect((await api('teamA', `/consultation-hours/dates?area=${newId()}`)).status).toBe(404);
    expect((await api('teamA', '/consultation-hours/dates?days=999')).status).toBe(422);
  });
});

describe('concerns', () => {
  const concern = {
    topic: 'sgb2',
    language: 'tr',
    areaId: '',
    referralKind: 'department',
    referralTarget: 'Jugendamt Mitte',
    note: 'Fragen zum Weiterbewilligungsantrag',
  };

  it('stores a concern exactly once per Idempotency-Key, also when sent at the same time', async () => {
    const key = newId();
    const body = { ...concern, areaId: fx.qmA };
    const first = await send('teamA', 'POST', '/concerns', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const stored = (await first.json()) as { id: string; status: string };
    expect(stored.status).toBe('referred');
    const again = await Promise.all(
      [1, 2, 3].map(() => send('teamA', 'POST', '/concerns', body, { 'Idempotency-Key': key })),
    );
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(again[0].headers.get('idempotent-replayed')).toBe('true');
    expect(((await again[1].json()) as { id: string }).id).toBe(stored.id);
    const rows = await ctx.services.db
      .select()
      .from(networkConcerns)
      .where(and(eq(networkConcerns.tenantId, fx.tenant.id), eq(networkConcerns.idempotencyKey, key)));
    expect(rows).toHaveLength(1);
    // Two new keys racing each other: two concerns.
    const [a, b] = await Promise.all(
      [newId(), newId()].map((k) => send('teamA', 'POST', '/concerns', body, { 'Idempotency-Key': k })),
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    // The same key for something else is refused.
    const reused = await send(
      'teamA',
      'POST',
      '/concerns',
      { ...body, topic: 'debt' },
      { 'Idempotency-Key': key },
    );
    expect(reused.status).toBe(409);
  });

  it('validates per field and keeps to the recorder’s areas', async () => {
    const noKey = await send('teamA', 'POST', '/concerns', { ...concern, areaId: fx.qmA });
    expect(noKey.status).toBe(422);
    expect(Object.keys(((await noKey.json()) as { error: { fields: object } }).error.fields)).toEqual([
      'idempotency-key',
    ]);
    const invalid = await send(
      'teamA',
      'POST',
      '/concerns?lang=en',
      { topic: 'debt', language: 'de', contactName: 'Max Mustermann' },
      { 'Idempotency-Key': newId() },
    );
    expect(invalid.status).toBe(422);
    const fields = ((await invalid.json()) as { error: { fields: Record<string, string> } }).error.fields;
    expect(fields.areaId).toContain('Please say where the concern came up');
    expect(fields.legalBasis).toContain('Contact data only with a legal basis');
    const foreign = await send(
      'teamB',
      'POST',
      '/concerns',
      { ...concern, areaId: fx.qmA },
      { 'Idempotency-Key': newId() },
    );
    expect(foreign.status).toBe(422);
    // Department staff cannot record (permission before validation).
    expect((await send('dept', 'POST', '/concerns', {}, { 'Idempotency-Key': 'x' })).status).toBe(403);
  });

  it('lists concerns by scope and referral, shows contact data only with an audited read, and counts anonymously', async () => {
    const withContact = await send(
      'teamA',
      'POST',
      '/concerns',
      {
        topic: 'housing_benefit',
        language: 'de',
        areaId: fx.qmA,
        note: 'Vertraulicher Hinweis',
        contactName: 'Yusuf Geheim',
        contactPhone: '030 7654321',
        legalBasis: 'consent',
        consentGiven: true,
      },
      { 'Idempotency-Key': newId() },
    );
    expect(withContact.status).toBe(201);
    const { id, hasContact } = (await withContact.json()) as { id: string; hasContact: boolean };
    expect(hasContact).toBe(true);

    const listA = (await (await api('teamA', '/concerns')).json()) as { items: { id: string }[] };
    expect(listA.items.map((x) => x.id)).toContain(id);
    expect(JSON.stringify(listA)).not.toContain('Yusuf');
    const listB = (await (await api('teamB', '/concerns')).json()) as { items: unknown[] };
    expect(listB.items).toEqual([]);
    expect((await api('teamB', `/concerns/${id}`)).status).toBe(404);
    // Department staff: the concerns referred to their department, nothing else.
    const dept = (await (await api('dept', '/concerns')).json()) as { items: { referralTarget: string }[] };
    expect(dept.items.length).toBeGreaterThan(0);
    expect(dept.items.every((x) => x.referralTarget === 'Jugendamt Mitte')).toBe(true);
    expect((await api('dept', `/concerns/${id}`)).status).toBe(404);

    const detail = (await (await api('teamA', `/concerns/${id}`)).json()) as { contact: { name: string } };
    expect(detail.contact.name).toBe('Yusuf Geheim');
    const log = await listAudit(ctx.services.db, fx.tenant.id, {
      entityType: 'network.concern',
      entityId: id,
    });
    expect(log.map((e) => e.action)).toEqual(['read']);

    const stats = await api('admin', '/concerns/stats?from=2000-01-01');
    expect(stats.status).toBe(200);
    const rows = ((await stats.json()) as { items: { topic: string; count: number }[] }).items;
    expect(rows.find((r) => r.topic === 'housing_benefit')?.count).toBe(1);
    expect(rows.find((r) => r.topic === 'sgb2')?.count).toBe(3);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('Yusuf');
    expect(text).not.toContain('Vertraulich');
    expect(text).not.toContain('7654321');
    expect((await api('admin', '/concerns/stats?from=2025-13-01')).status).toBe(422);
    const deptStats = (
      (await (await api('dept', '/concerns/stats')).json()) as { items: { topic: string }[] }
    ).items;
    expect(deptStats.map((r) => r.topic)).toEqual(['sgb2']);
  });

  it('files a department referral under the department’s exact name, so the department sees it', async () => {
    const res = await send(
      'teamA',
      'POST',
      '/concerns',
      {
        topic: 'family',
        language: 'de',
        areaId: fx.qmA,
        referralKind: 'department',
        referralTarget: ' jugendamt  MITTE ',
      },
      { 'Idempotency-Key': newId() },
    );
    expect(res.status).toBe(201);
    const { id, referralTarget } = (await res.json()) as { id: string; referralTarget: string };
    expect(referralTarget).toBe('Jugendamt Mitte');
    expect((await api('dept', `/concerns/${id}`)).status).toBe(200);
  });
});
