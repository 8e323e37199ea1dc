import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { events } from './db/schema.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';
import { attendanceSummary } from './use-cases/attendance.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const base = () => `/staff/${fx.tenant.slug}/events`;
const fields = (over: Record<string, string | string[]> = {}) => ({
  kind: 'event',
  title: 'Kiezkonzert',
  description: 'Musik im Hof',
  date: addDays(todayLocal(), 12),
  startTime: '19:00',
  endTime: '21:00',
  repeat: 'none',
  areaId: fx.qmA,
  locationName: 'Hof',
  cost: 'free',
  categoryIds: [fx.culture.id],
  waitlistEnabled: 'on',
  ...over,
});

describe('staff screens', () => {
  it('a team member creates, publishes and edits events in their own area only', async () => {
    const a = await fx.agent(fx.teamA.id);
    const created = await a.post(`${base()}/new`, fields({ publish: 'on' }), { csrfFrom: `${base()}/new` });
    expect(created.status).toBe(302);
    const id = /events\/([0-9a-f-]{36})/.exec(created.headers.get('location')!)![1];
    const [e] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.id, id)));
    expect(e.status).toBe('published');
    expect(e.areaIds).toEqual(expect.arrayContaining([fx.qmA, fx.district.id]));

    const other = await a.post(`${base()}/new`, fields({ areaId: fx.qmB }), { csrfFrom: `${base()}/new` });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('In diesem Gebiet dürfen Sie keine Veranstaltungen anlegen.');

    const b = await fx.agent(fx.teamB.id);
    // Outside their areas the event does not exist for them (the same answer as the API).
    expect((await b.get(`${base()}/${id}`)).status).toBe(404);
    const listB = await (await b.get(base())).text();
    expect(listB).not.toContain('Kiezkonzert');
    expect(await (await a.get(base())).text()).toContain('Kiezkonzert');

    const edited = await a.post(
      `${base()}/${id}`,
      fields({ title: 'Kiezkonzert (verlegt)', repeat: 'weekly' }),
      { csrfFrom: `${base()}/${id}` },
    );
    expect(edited.status).toBe(422);
    expect(await edited.text()).toContain('Bitte geben Sie den letzten Termin der Reihe an.');
    const ok = await a.post(
      `${base()}/${id}`,
      fields({ title: 'Kiezkonzert (verlegt)', repeat: 'weekly', until: addDays(todayLocal(), 60) }),
      { csrfFrom: `${base()}/${id}` },
    );
    expect(ok.status).toBe(302);
    const [after] = await ctx.services.db.select().from(events).where(eq(events.id, id));
    expect(after.rrule).toMatch(/^FREQ=WEEKLY;BYDAY=/);
    expect(after.sequence).toBeGreaterThan(e.sequence);
  });

  it('cancels an event (it stays public, marked) and records attendance that feeds the reports', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, { title: 'Erzählcafé', areaId: fx.qmA });
    const a = await fx.agent(fx.teamA.id);
    await a.post(
      `${base()}/${e.id}/cancel`,
      { reason: 'Die Leitung ist krank.' },
      { csrfFrom: `${base()}/${e.id}` },
    );
    const page = await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text();
    expect(page).toContain('Diese Veranstaltung ist abgesagt');
    expect(page).toContain('Die Leitung ist krank.');

    const date = e.startsAt.toISOString().slice(0, 10);
    const bad = await a.post(
      `${base()}/${e.id}/attendance`,
      { date, total: '10', age_under_6: '3', age_27_64: '3' },
      { csrfFrom: `${base()}/${e.id}/attendance` },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Die Zahlen ergeben zusammen nicht die Teilnehmendenzahl.');
    const wrongDay = await a.post(
      `${base()}/${e.id}/attendance`,
      { date: addDays(date, 1), total: '10' },
      { csrfFrom: `${base()}/${e.id}/attendance` },
    );
    expect(wrongDay.status).toBe(422);
    const ok = await a.post(
      `${base()}/${e.id}/attendance`,
      { date, total: '10', age_under_6: '4', age_27_64: '6', gender_female: '7', gender_male: '3' },
      { csrfFrom: `${base()}/${e.id}/attendance` },
    );
    expect(ok.status).toBe(302);
    const sum = await attendanceSummary(ctx.services.db, fx.tenant.id, {
      from: addDays(date, -1),
      to: addDays(date, 1),
      areaIds: [fx.qmA],
    });
    expect(sum).toMatchObject({
      occurrences: 1,
      participants: 10,
      byAge: { under_6: 4, '27_64': 6 },
      byGender: { female: 7, male: 3 },
    });
    const none = await attendanceSummary(ctx.services.db, fx.tenant.id, {
      from: addDays(date, -1),
      to: addDays(date, 1),
      areaIds: [fx.qmB],
    });
    expect(none.participants).toBe(0);
  });

  it('publishes the results of a forum with a document', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      kind: 'forum',
      title: 'Stadtteilforum',
      areaId: fx.qmA,
    });
    const a = await fx.agent(fx.admin.id);
    await a.post(
      `${base()}/${e.id}/results`,
      { results: 'Beschluss: <b>Bänke</b> am Platz <script>x()</script>', publish: 'on' },
      { csrfFrom: `${base()}/${e.id}/results` },
    );
    await a.get(`${base()}/${e.id}/results`);
    const body = new FormData();
    body.append('_csrf', a.csrfToken()!);
    body.append('title', 'Protokoll');
    body.append(
      'file',
      new File(
        [new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF')],
        'protokoll.pdf',
        { type: 'application/pdf' },
      ),
    );
    expect((await a.request(`${base()}/${e.id}/results/files`, { method: 'POST', body })).status).toBe(302);
    const bad = new FormData();
    bad.append('_csrf', a.csrfToken()!);
    bad.append('title', 'Skript');
    bad.append('file', new File(['<html><script>alert(1)</script>'], 'x.pdf', { type: 'application/pdf' }));
    const refused = await a.request(`${base()}/${e.id}/results/files`, { method: 'POST', body: bad });
    expect(refused.status).toBe(422);
    const page = await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text();
    expect(page).toContain('Ergebnisse');
    expect(page).toContain('<strong>Bänke</strong>');
    expect(page).not.toContain('<script>x()');
    const fileId = /\/events\/files\/([0-9a-f-]{36})/.exec(page)![1];
    const file = await a.get(`/${fx.tenant.slug}/events/files/${fileId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toContain('attachment');
  });

  it('settings: listing criteria per language with a German fallback notice, and categories', async () => {
    const a = await fx.agent(fx.admin.id);
    const saved = await a.post(
      `${base()}/settings`,
      { criteria_de: 'Nur offene Veranstaltungen im Kiez.', notifyEmail: 'team@example.org' },
      { csrfFrom: `${base()}/settings` },
    );
    expect(saved.status).toBe(302);
    const en = await (await a.get(`/${fx.tenant.slug}/events/criteria?lang=en`)).text();
    expect(en).toContain('Nur offene Veranstaltungen im Kiez.');
    expect(en).toContain('not yet available in your language');
    await a.post(
      `${base()}/settings/categories`,
      { name: 'Gärtnern & Natur', en: 'Gardening' },
      { csrfFrom: `${base()}/settings` },
    );
    expect(await (await a.get(`${base()}/settings`)).text()).toContain('gaertnern-natur');
    const team = await fx.agent(fx.teamA.id);
    expect((await team.get(`${base()}/settings`)).status).toBe(403);
  });

  it('deletes an event of their area with its audit entry; another area cannot', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, { title: 'Zum Löschen', areaId: fx.qmA });
    const url = `${base()}/${e.id}`;
    const b = await fx.agent(fx.teamB.id);
    await b.get(base());
    expect((await b.post(`${url}/delete`, {}, { csrf: b.csrfToken() })).status).toBe(404);
    const a = await fx.agent(fx.teamA.id);
    expect((await a.post(`${url}/delete`, {}, { csrfFrom: url })).status).toBe(302);
    const left = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.id, e.id)));
    expect(left).toEqual([]);
    const audit = await listAudit(ctx.services.db, fx.tenant.id, { entityType: 'event', entityId: e.id });
    expect(audit).toMatchObject([{ action: 'delete', actorUserId: fx.teamA.id }]);
  });
});
