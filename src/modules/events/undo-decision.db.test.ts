import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { actorOfUser, createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { events } from './db/schema.ts';
import { eventInput, eventsFixture } from './test/fixtures.ts';
import { createEvent } from './use-cases/events.ts';
import { UNDO_MINUTES, undoDecisions } from './use-cases/undo-decision.ts';

/**
 * After a moderation decision the queue confirms it and offers "Rückgängig" for UNDO_MINUTES: the
 * submission is back in the queue as before, the decision mail still waiting in the outbox is not
 * sent (the private link mailed before works again), a mail that went out already is followed by
 * a short one saying the decision was withdrawn. Only the member's own decision, in their areas,
 * within the time, once.
 */
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  for (const key of ['a1', 'a2', 'a3', 'a4', 'a5']) {
    ids[key] = (
      await createEvent(
        ctx.services.db,
        fx.tenant.id,
        eventInput({ title: `Hoffest ${key}`, areaId: fx.qmA }),
        {
          status: 'pending',
          source: 'public',
          submitter: { name: 'Sam', email: `${key}@example.org`, lang: 'de', tokenHash: `hash-${key}` },
        },
      )
    ).id;
  }
});
afterAll(() => ctx.close());

const row = async (id: string) => (await ctx.services.db.select().from(events).where(eq(events.id, id)))[0];
const mailsTo = async (to: string) =>
  ctx.services.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, to)));

describe('undoing a moderation decision', () => {
  it('a decision on the review page is confirmed with Rückgängig; undoing restores the submission and keeps its mail from going out', async () => {
    const a = await fx.agent(fx.teamA.id);
    const page = `/staff/${fx.tenant.slug}/events/${ids.a1}/moderate`;
    const res = await a.post(page, { decision: 'accept', note: '' }, { csrfFrom: page });
    expect(res.status).toBe(303);
    expect((await row(ids.a1)).status).toBe('published');
    expect((await row(ids.a1)).editTokenHash).not.toBe('hash-a1');
    expect(await mailsTo('a1@example.org')).toHaveLength(1);
    const queue = await (await a.get(res.headers.get('location')!)).text();
    expect(queue).toContain('1 Veranstaltung entschieden.');
    expect(queue).toContain(`noch ${UNDO_MINUTES} Minuten lang zurücknehmen`);
    expect(queue).toContain(`name="ids" value="${ids.a1}"`);

    const undo = await a.post(`/staff/${fx.tenant.slug}/events/queue/undo`, { ids: ids.a1 });
    expect(undo.status).toBe(303);
    const after = await row(ids.a1);
    expect(after.status).toBe('pending');
    expect(after.moderatedAt).toBeNull();
    expect(after.publishedAt).toBeNull();
    expect(after.editTokenHash).toBe('hash-a1');
    expect(await mailsTo('a1@example.org')).toHaveLength(0);
    expect((await ctx.app.request(`/${fx.tenant.slug}/events/${ids.a1}`)).status).toBe(404);
    const done = await (await a.get(undo.headers.get('location')!)).text();
    expect(done).toContain('1 Entscheidung zurückgenommen');
    expect(done).toContain('1 Mail wurde nicht verschickt.');
    const [entry] = await ctx.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, fx.tenant.id),
          eq(auditLog.entityId, ids.a1),
          eq(auditLog.action, 'moderate.undo'),
        ),
      );
    expect(entry?.actorUserId).toBe(fx.teamA.id);
    expect(entry?.details).toMatchObject({ mailWithdrawn: true, noticeSent: false });

    // Once only: the latest entry is the undo now.
    const again = await a.post(
      `/staff/${fx.tenant.slug}/events/queue/undo`,
      { ids: ids.a1 },
      { csrfFrom: page },
    );
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('lässt sich nicht mehr rückgängig machen');
  });

  it('undoing several from the queue: a mail already sent is followed by a withdrawal notice', async () => {
    const a = await fx.agent(fx.teamA.id);
    const url = `/staff/${fx.tenant.slug}/events/queue`;
    const res = await a.post(
      url,
      { ids: [ids.a2, ids.a3], decision: 'reject', note: 'Kein Bezug zum Quartier.' },
      { csrfFrom: url },
    );
    expect(res.headers.get('location')).toContain(`undo=${ids.a2},${ids.a3}`);
    // a2's mail went out meanwhile.
    await ctx.services.db
      .update(mailOutbox)
      .set({ status: 'sent', attempts: 1, sentAt: new Date() })
      .where(eq(mailOutbox.to, 'a2@example.org'));
    await a.get(res.headers.get('location')!);
    const undo = await a.post(`${url}/undo`, { ids: [ids.a2, ids.a3] });
    expect(undo.headers.get('location')).toContain('undone=2&withdrawn=1&notices=1');
    expect((await row(ids.a2)).status).toBe('pending');
    expect((await row(ids.a3)).status).toBe('pending');
    expect((await row(ids.a2)).moderationNote).toBe('');
    const a2 = await mailsTo('a2@example.org');
    expect(a2.map((m) => m.subject).sort()).toEqual([
      'Entscheidung zurückgenommen: Hoffest a2',
      'Ihre Veranstaltung kann nicht veröffentlicht werden: Hoffest a2',
    ]);
    expect(await mailsTo('a3@example.org')).toHaveLength(0);
  });

  it('refuses after the time is over, another member’s decision and events outside the member’s areas', async () => {
    const db = ctx.services.db;
    const teamA = await actorOfUser(ctx, fx.tenant.id, fx.teamA.id);
    const teamB = await actorOfUser(ctx, fx.tenant.id, fx.teamB.id);
    const admin = await actorOfUser(ctx, fx.tenant.id, fx.admin.id);
    const jury = await makeUser(ctx.services, { tenantId: fx.tenant.id, role: 'jury' });
    const juryActor = await actorOfUser(ctx, fx.tenant.id, jury.id);
    const a = await fx.agent(fx.teamA.id);
    const url = `/staff/${fx.tenant.slug}/events/queue`;
    await a.post(url, { ids: [ids.a4, ids.a5], decision: 'accept' }, { csrfFrom: url });

    await expect(undoDecisions(teamB, ctx.services, fx.tenant, [ids.a4])).rejects.toMatchObject({
      status: expect.any(Number),
    });
    await expect(undoDecisions(juryActor, ctx.services, fx.tenant, [ids.a4])).rejects.toMatchObject({
      status: 403,
    });
    // The administrator may moderate here, but it is not their decision to take back.
    await expect(undoDecisions(admin, ctx.services, fx.tenant, [ids.a4])).rejects.toMatchObject({
      status: 409,
    });
    expect((await row(ids.a4)).status).toBe('published');

    // a5's decision made eleven minutes ago: too late, and a4 sent along is not undone either.
    const past = new Date(Date.now() - (UNDO_MINUTES + 1) * 60_000);
    await db.update(events).set({ moderatedAt: past }).where(eq(events.id, ids.a5));
    await db.execute(
      sql`update audit_log set details = jsonb_set(details, '{undo,at}', to_jsonb(${past.toISOString()}::text))
          where tenant_id = ${fx.tenant.id} and entity_id = ${ids.a5} and action = 'moderate.accept'`,
    );
    await expect(undoDecisions(teamA, ctx.services, fx.tenant, [ids.a4, ids.a5])).rejects.toMatchObject({
      status: 409,
    });
    expect((await row(ids.a4)).status).toBe('published');
    expect((await row(ids.a5)).status).toBe('published');
    // The confirmation no longer offers it either.
    const page = await (await a.get(`${url}?decided=1&skipped=0&undo=${ids.a5}`)).text();
    expect(page).not.toContain('/events/queue/undo');
    // a4 alone is still in time.
    expect((await undoDecisions(teamA, ctx.services, fx.tenant, [ids.a4])).undone).toEqual([ids.a4]);
  });
});
