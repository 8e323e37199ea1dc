import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
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
