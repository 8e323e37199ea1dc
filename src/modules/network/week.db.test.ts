import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { listMemberships, removeMembership } from '../access/index.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor } from './use-cases/actors.ts';
import { todayIn } from './use-cases/consultation.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

describe('contact log, follow-ups, my week and outreach', () => {
  it('logs a visit with a follow-up that shows in "my week", sends one reminder mail, and keeps the history after a change of staff', async () => {
    const db = ctx.services.db;
    const org = await createActor(db, fx.tenant.id, {
      kind: 'organisation',
      name: 'Moscheeverein Beispiel',
      areaId: fx.qmA,
      isSeismograph: true,
    });
    const a = await fx.agent(fx.teamA.id);
    const url = `${fx.base}/actors/${org.id}`;
    const today = todayIn('Europe/Berlin');
    const res = await a.post(
      `${url}/contacts`,
      {
        kind: 'visit',
        date: today,
        time: '11:00',
        summary: 'Besuch beim Vorstand',
        notes: 'Interesse am Kiezfest',
        followUpTitle: 'Flyer Kiezfest vorbeibringen',
        followUpDue: today,
      },
      { csrfFrom: url },
    );
    expect(res.status).toBe(303);
    const bad = await a.post(
      `${url}/contacts`,
      { kind: 'visit', date: '2025-13-45', summary: '' },
      { csrfFrom: url },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Bitte geben Sie ein gültiges Datum an');

    const week = await (await a.get(`${fx.base}/week`)).text();
    expect(week).toContain('Flyer Kiezfest vorbeibringen');
    expect(week).toContain('Moscheeverein Beispiel');

    // The daily reminder: one mail for the due follow-up, never a second one.
    const job = ctx.services.jobs;
    const def = (await import('./manifest.ts')).networkManifest.jobs!(ctx.services).find(
      (j) => j.name === 'network.task-reminders',
    )!;
    await def.handler({});
    await def.handler({});
    const mails = await db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.subject, 'Wiedervorlage fällig')));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Flyer Kiezfest vorbeibringen');
    expect(mails[0].text).toContain(`/staff/${fx.tenant.slug}/network/week`);
    expect(job).toBeTruthy();

    // Tom leaves the team: his membership goes, the history stays with his name.
    const m = (await listMemberships(db, fx.tenant.id)).find((x) => x.userId === fx.teamA.id)!;
    await removeMembership(db, fx.tenant.id, m.id);
    const admin = await fx.agent(fx.admin.id);
    const detail = await (await admin.get(url)).text();
    expect(detail).toContain('Besuch beim Vorstand');
    expect(detail).toContain('Tom Team A');
    expect(detail).toContain('Interesse am Kiezfest');
  });

  it('plans outreach (target group, place, date, occasion) and records the outcome', async () => {
    const a = await fx.agent(fx.admin.id);
    const day = addDays(todayIn('Europe/Berlin'), 1);
    const missing = await a.post(
      `${fx.base}/outreach`,
      { areaId: fx.qmA, targetGroup: '', place: '', plannedOn: 'morgen', occasion: '' },
      { csrfFrom: `${fx.base}/outreach/new` },
    );
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(html).toContain('value="morgen"');
    const ok = await a.post(
      `${fx.base}/outreach`,
      {
        areaId: fx.qmA,
        targetGroup: 'families',
        place: 'Spielplatz am Park',
        plannedOn: day,
        occasion: 'Einschulung',
      },
      { csrfFrom: `${fx.base}/outreach/new` },
    );
    expect(ok.status).toBe(303);
    const list = await (await a.get(`${fx.base}/outreach`)).text();
    expect(list).toContain('Spielplatz am Park');
    const id = /outreach\/([0-9a-f-]{36})"/.exec(list)![1];
    await a.post(
      `${fx.base}/outreach/${id}`,
      {
        areaId: fx.qmA,
        targetGroup: 'families',
        place: 'Spielplatz am Park',
        plannedOn: day,
        occasion: 'Einschulung',
        outcome: 'Viele Eltern angesprochen',
        reached: '23',
      },
      { csrfFrom: `${fx.base}/outreach/${id}` },
    );
    expect(await (await a.get(`${fx.base}/outreach`)).text()).toContain('23 Personen erreicht');
    const week = await (await a.get(`${fx.base}/week?week=${day}`)).text();
    expect(week).toContain('Einschulung');
    // A week that is no real date shows the current week instead of failing.
    expect((await a.get(`${fx.base}/week?week=2025-13-45`)).status).toBe(200);
    // Team B does not see area A's outreach.
    const b = await fx.agent(fx.teamB.id);
    expect(await (await b.get(`${fx.base}/outreach`)).text()).not.toContain('Spielplatz am Park');
  });
});
