import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { events } from './db/schema.ts';
import { eventInput, eventsFixture } from './test/fixtures.ts';
import { createEvent } from './use-cases/events.ts';

/** The review queue decides several submissions at once, each as on its own page. */
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  for (const [key, title, areaId] of [
    ['a1', 'Hoffest Nord', fx.qmA],
    ['a2', 'Lesecafé Nord', fx.qmA],
    ['a3', 'Tauschbörse Nord', fx.qmA],
    ['b1', 'Kiezputz Süd', fx.qmB],
  ] as const) {
    ids[key] = (
      await createEvent(ctx.services.db, fx.tenant.id, eventInput({ title, areaId }), {
        status: 'pending',
        source: 'public',
        submitter: { name: 'Sam', email: `${key}@example.org`, lang: 'de', tokenHash: `hash-${key}` },
      })
    ).id;
  }
});
afterAll(() => ctx.close());

const statusOf = async (id: string) =>
  (await ctx.services.db.select({ s: events.status }).from(events).where(eq(events.id, id)))[0].s;

describe('deciding several queued events at once', () => {
  it('asks for a choice and a note where one is needed, keeping what was chosen', async () => {
    const a = await fx.agent(fx.teamA.id);
    const url = `/staff/${fx.tenant.slug}/events/queue`;
    const none = await a.post(url, { decision: 'accept' }, { csrfFrom: url });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Bitte wählen Sie in der Liste mindestens eine Veranstaltung aus.');
    const noNote = await a.post(
      url,
      { ids: [ids.a1, ids.a2], decision: 'reject', note: '' },
      { csrfFrom: url },
    );
    expect(noNote.status).toBe(422);
    const html = await noNote.text();
    const box = (id: string) => new RegExp(`<input[^>]*value="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    expect(box(ids.a1)).toContain('checked');
    expect(box(ids.a3)).not.toBe('');
    expect(box(ids.a3)).not.toContain('checked');
    expect(await statusOf(ids.a1)).toBe('pending');
  });

  it('accepts the chosen ones and leaves the others; one outside the member’s areas refuses the whole request', async () => {
    const a = await fx.agent(fx.teamA.id);
    const url = `/staff/${fx.tenant.slug}/events/queue`;
    // Team A may decide in area A only: area B's submission, sent along, refuses all of it.
    const forged = await a.post(url, { ids: [ids.a1, ids.b1], decision: 'accept' }, { csrfFrom: url });
    expect([403, 404]).toContain(forged.status);
    expect(await statusOf(ids.a1)).toBe('pending');
    expect(await statusOf(ids.b1)).toBe('pending');
    const res = await a.post(url, { ids: [ids.a1, ids.a2], decision: 'accept' }, { csrfFrom: url });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('decided=2&skipped=0');
    expect(await statusOf(ids.a1)).toBe('published');
    expect(await statusOf(ids.a2)).toBe('published');
    expect(await statusOf(ids.a3)).toBe('pending');
    expect(await statusOf(ids.b1)).toBe('pending');
    const page = await (await a.get(res.headers.get('location')!)).text();
    expect(page).toContain('2 Veranstaltungen entschieden.');
    // The administrator decides across areas; one decided meanwhile is skipped, not decided twice.
    const admin = await fx.agent(fx.admin.id);
    const rejected = await admin.post(
      url,
      { ids: [ids.a3, ids.b1, ids.a1], decision: 'reject', note: 'Leider keine Veranstaltung im Quartier.' },
      { csrfFrom: url },
    );
    expect(rejected.headers.get('location')).toContain('decided=2&skipped=1');
    expect(await statusOf(ids.a1)).toBe('published');
    expect(await statusOf(ids.a3)).toBe('rejected');
    expect(await statusOf(ids.b1)).toBe('rejected');
  });
});

describe('a long queue', () => {
  it('is paged by 50 with the whole count, on the screen and in the API, and no submission is left out', async () => {
    for (let i = 0; i < 53; i++)
      await createEvent(
        ctx.services.db,
        fx.tenant.id,
        eventInput({ title: `Einreichung ${String(i).padStart(2, '0')}`, areaId: fx.qmA }),
        {
          status: 'pending',
          source: 'public',
          submitter: { name: 'Sam', email: `q${i}@example.org`, lang: 'de', tokenHash: `hash-q${i}` },
        },
      );
    const a = await fx.agent(fx.teamA.id);
    const url = `/staff/${fx.tenant.slug}/events/queue`;
    const ids = (html: string) =>
      [...html.matchAll(/\/events\/([0-9a-f-]{36})\/moderate"/g)].map((m) => m[1]);
    const first = await (await a.get(url)).text();
    expect(first).toContain('53 warten');
    expect(ids(first)).toHaveLength(50);
    expect(first).toContain(`${url}?page=2`);
    const second = await (await a.get(`${url}?page=2`)).text();
    expect(ids(second)).toHaveLength(3);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(53);
    // A page past the end (the queue shrank meanwhile) shows the last page, not an empty one.
    expect(ids(await (await a.get(`${url}?page=9`)).text())).toHaveLength(3);

    const { token } = await createApiToken(ctx.services.db, fx.tenant.id, fx.teamA.id, 'queue');
    const api = (q: string) =>
      ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events/review-queue${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const p1 = await (await api('?limit=50')).json();
    const p2 = await (await api('?limit=50&offset=50')).json();
    expect(p1.total).toBe(53);
    expect(p1.items).toHaveLength(50);
    expect(p2.items).toHaveLength(3);
    expect(new Set([...p1.items, ...p2.items].map((x: { id: string }) => x.id)).size).toBe(53);
    expect((await api('?limit=500')).status).toBe(422);
  });
});
