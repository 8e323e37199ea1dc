import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { actorOfUser, createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { networkConcerns } from './db/schema.ts';
import { networkFixture } from './test/fixtures.ts';
import { recordConcern } from './use-cases/concerns.ts';
import { saveOutreach } from './use-cases/outreach.ts';
import { createVenue, listVenues } from './use-cases/venues.ts';
import { TARGET_GROUPS } from './vocab.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

const count = async (key: string) =>
  (
    await ctx.services.db
      .select()
      .from(networkConcerns)
      .where(and(eq(networkConcerns.tenantId, fx.tenant.id), eq(networkConcerns.idempotencyKey, key)))
  ).length;

describe('concerns', () => {
  it('stores a concern once per idempotency key, however often it is sent', async () => {
    const a = await fx.agent(fx.teamA.id);
    await a.get(`${fx.base}/concerns/new`);
    const key = newId();
    const form = {
      idempotencyKey: key,
      topic: 'sgb2',
      language: 'tr',
      areaId: fx.qmA,
      referralKind: 'service',
      referralTarget: 'Sozialberatung Mitte',
      note: 'Fragen zum Weiterbewilligungsantrag',
      recordedAt: new Date(Date.now() - 3_600_000).toISOString(),
    };
    const json = { headers: { accept: 'application/json' } };
    const send = () =>
      a.request(`${fx.base}/concerns`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: a.csrfToken()!, ...form }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...json.headers },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const { id, created } = (await first.json()) as { id: string; created: boolean };
    expect(created).toBe(true);
    // Retries, also two at the same time.
    const [r2, r3] = await Promise.all([send(), send()]);
    expect([r2.status, r3.status]).toEqual([200, 200]);
    expect(((await r2.json()) as { id: string }).id).toBe(id);
    // And as a plain form post (no JavaScript).
    const plain = await a.post(`${fx.base}/concerns`, form);
    expect(plain.status).toBe(303);
    expect(await count(key)).toBe(1);
    const [row] = await ctx.services.db.select().from(networkConcerns).where(eq(networkConcerns.id, id));
    expect(row.status).toBe('referred');
    expect(row.areaIds).toContain(fx.qmA);
    expect(row.areaIds).toContain(fx.mitte.id);
    // The device's time is kept.
    expect(row.recordedAt.getTime()).toBeLessThan(Date.now() - 3_000_000);
  });

  it('validates per field (also as JSON for the offline queue) and keeps contact data only with a legal basis', async () => {
    const a = await fx.agent(fx.teamA.id);
    const res = await a.post(
      `${fx.base}/concerns?lang=en`,
      { idempotencyKey: newId(), topic: 'nonsense', language: 'de', contactName: 'Max Mustermann' },
      { csrfFrom: `${fx.base}/concerns/new?lang=en` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Please choose one of the offered values.');
    expect(html).toContain('Contact data only with a legal basis');
    expect(html).toContain('Please say where the concern came up');
    expect(html).toContain('value="Max Mustermann"');
    const json = await a.request(`${fx.base}/concerns`, {
      method: 'POST',
      body: new URLSearchParams({
        _csrf: a.csrfToken()!,
        idempotencyKey: newId(),
        topic: 'debt',
        language: 'de',
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
    expect(json.status).toBe(422);
    const body = (await json.json()) as { error: { fields: Record<string, string> } };
    expect(body.error.fields.areaId).toContain('Please say where the concern came up');
  });

  it('keeps a concern of area A away from team B', async () => {
    const a = await fx.agent(fx.teamA.id);
    await a.get(`${fx.base}/concerns/new`);
    const r = await a.request(`${fx.base}/concerns`, {
      method: 'POST',
      body: new URLSearchParams({
        _csrf: a.csrfToken()!,
        idempotencyKey: newId(),
        topic: 'residence',
        language: 'ar',
        areaId: fx.qmA,
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
    const { id } = (await r.json()) as { id: string };
    const b = await fx.agent(fx.teamB.id);
    expect([403, 404]).toContain((await b.get(`${fx.base}/concerns/${id}`)).status);
    expect(await (await b.get(`${fx.base}/concerns`)).text()).not.toContain(id);
    // Team B cannot record a concern in area A.
    await b.get(`${fx.base}/concerns/new`);
    const other = await b.post(`${fx.base}/concerns`, {
      idempotencyKey: newId(),
      topic: 'debt',
      language: 'de',
      areaId: fx.qmA,
    });
    expect(other.status).toBe(422);
  });

  it('exports anonymous statistics as CSV (semicolon, BOM) without notes or contact data', async () => {
    const a = await fx.agent(fx.admin.id);
    await a.get(`${fx.base}/concerns/new`);
    await a.post(`${fx.base}/concerns`, {
      idempotencyKey: newId(),
      topic: 'housing_benefit',
      language: 'de',
      areaId: fx.qmA,
      note: 'Vertraulicher Hinweis',
      contactName: 'Yusuf Geheim',
      contactPhone: '030 1234567',
      legalBasis: 'consent',
      consentGiven: 'on',
    });
    const res = await a.get(`${fx.base}/concerns/stats.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Monat;Thema;Sprache des Gesprächs;Ort;Weitervermittlung;Anzahl');
    expect(text).toContain(';Wohngeld;Deutsch;;Keine Weitervermittlung;1');
    expect(text).toContain('Bürgergeld (SGB II);Türkisch;;Beratungsstelle: Sozialberatung Mitte;1');
    expect(text).not.toContain('Yusuf');
    expect(text).not.toContain('Vertraulich');
    expect(text).not.toContain('1234567');
  });

  it('shows department staff only the concerns referred to their department', async () => {
    const a = await fx.agent(fx.teamA.id);
    await a.get(`${fx.base}/concerns/new`);
    const post = async (form: Record<string, string>) => {
      const r = await a.request(`${fx.base}/concerns`, {
        method: 'POST',
        body: new URLSearchParams({
          _csrf: a.csrfToken()!,
          idempotencyKey: newId(),
          language: 'de',
          areaId: fx.qmA,
          ...form,
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
      return ((await r.json()) as { id: string }).id;
    };
    const shared = await post({
      topic: 'sgb8',
      referralKind: 'department',
      referralTarget: 'Jugendamt Mitte',
    });
    const other = await post({
      topic: 'debt',
      referralKind: 'department',
      referralTarget: 'Sozialamt Mitte',
    });
    const dept = await makeUser(ctx.services, {
      tenantId: fx.tenant.id,
      role: 'department',
      name: 'Dora Jugendamt',
      department: 'Jugendamt Mitte',
    });
    const d = await fx.agent(dept.id);
    const list = await (await d.get(`${fx.base}/concerns`)).text();
    expect(list).toContain(shared);
    expect(list).not.toContain(other);
    expect((await d.get(`${fx.base}/concerns/${shared}`)).status).toBe(200);
    expect((await d.get(`${fx.base}/concerns/${other}`)).status).toBe(404);
    // No recording, no contact log; the directory shows only what is shared with the department.
    expect((await d.get(`${fx.base}/concerns/new`)).status).toBe(403);
    expect((await d.get(`${fx.base}/venues`)).status).toBe(403);
    expect((await d.get(`${fx.base}/week`)).status).toBe(403);
  });
});

describe('the concerns list', () => {
  it('is paged by 50 with the total, keeps its filter across pages, and leaves none out', async () => {
    const actor = await actorOfUser(ctx, fx.tenant.id, fx.teamA.id);
    const hour = 3_600_000;
    for (let i = 0; i < 55; i++)
      await recordConcern(actor, ctx.services.db, {
        idempotencyKey: newId(),
        topic: 'public_space',
        language: 'de',
        areaId: fx.qmA,
        // Newest first on the list: number 0 is the newest.
        recordedAt: new Date(Date.now() - (i + 1) * hour),
      });
    const a = await fx.agent(fx.teamA.id);
    const ids = (html: string) => [...html.matchAll(/\/concerns\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await (await a.get(`${fx.base}/concerns?topic=public_space`)).text();
    expect(first).toMatch(/55 Anliegen/);
    expect(ids(first)).toHaveLength(50);
    expect(first).toContain('topic=public_space&amp;page=2');
    const second = await (await a.get(`${fx.base}/concerns?topic=public_space&page=2`)).text();
    expect(ids(second)).toHaveLength(5);
    // Every concern once, over both pages.
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(55);
  });
});

describe('the outreach list', () => {
  it('is paged by 50 with the total, and every record is on one of the pages', async () => {
    const actor = await actorOfUser(ctx, fx.tenant.id, fx.teamA.id);
    for (let i = 0; i < 52; i++)
      await saveOutreach(actor, ctx.services.db, {
        areaId: fx.qmA,
        targetGroup: TARGET_GROUPS[0],
        place: 'Spielplatz Pankstraße',
        plannedOn: addDays(todayLocal(), -i),
        occasion: `Rundgang ${i}`,
      });
    const a = await fx.agent(fx.teamA.id);
    const ids = (html: string) => [...html.matchAll(/\/outreach\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await (await a.get(`${fx.base}/outreach`)).text();
    expect(ids(first)).toHaveLength(50);
    expect(first).toContain(`${fx.base}/outreach?page=2`);
    const second = await (await a.get(`${fx.base}/outreach?page=2`)).text();
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(52);
  });
});

describe('the venues list', () => {
  it('is paged by 50 with the total and a search kept across pages, and the pickers still offer every venue', async () => {
    const actor = await actorOfUser(ctx, fx.tenant.id, fx.teamA.id);
    for (let i = 0; i < 53; i++)
      await createVenue(actor, ctx.services.db, {
        name: `Hof ${String(i).padStart(2, '0')}`,
        areaId: fx.qmA,
      });
    const a = await fx.agent(fx.teamA.id);
    const ids = (html: string) => [...html.matchAll(/\/venues\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await (await a.get(`${fx.base}/venues?q=Hof`)).text();
    expect(first).toMatch(/53 Orte/);
    expect(ids(first)).toHaveLength(50);
    expect(first).toContain('q=Hof&amp;page=2');
    const second = await (await a.get(`${fx.base}/venues?q=Hof&page=2`)).text();
    expect(ids(second)).toHaveLength(3);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(53);
    // The forms' pickers take no limit and so list all of them.
    const all = await listVenues(ctx.services.db, fx.tenant.id, { scope: null, q: 'Hof' });
    expect(all).toHaveLength(53);
  });
});
