/**
 * The staff screens of funds (both engines): the list, a fund with its rules and years, a fund-year
 * with balances, applications and ledger, an application with its rules checked and the eligibility
 * check recorded from the page — in German and English; another area's team finds none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { applicationFor } from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

describe('staff screens of funds', () => {
  it('show the fund, its year with balances and ledger, and an application', async () => {
    const f = await fundsFixture(ctx);
    const granted = await f.onAgenda({ title: 'Hoffest im Block' });
    await f.grant(granted.id, 90_000);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const base = `/staff/${f.tenant.slug}/funds`;
    const list = await agent.request(base);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Aktionsfonds Quartier A');
    const fund = await (await agent.request(`${base}/${f.fund.id}`)).text();
    expect(fund).toContain('Obergrenze je Antrag');
    expect(fund).toContain('1.500,00');
    const year = await (await agent.request(`${base}/years/${f.fundYear.id}`)).text();
    expect(year).toContain('Hoffest im Block');
    expect(year).toContain('Bewilligung');
    expect(year).toContain('9.100,00'); // 10,000 € less 900 € committed
    const app = await (await agent.request(`${base}/applications/${granted.id}?lang=en`)).text();
    expect(app).toContain('Granted');
    expect(app).toContain('Cost plan');
    expect(app).toContain('Within the cap');
  });

  it('show the jury the application without the applicant’s contact; staff see it', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda({ email: 'hof3-kontakt@example.org', phone: '030 5550199' });
    const page = `/staff/${f.tenant.slug}/funds/applications/${app.id}`;
    const jury = await (
      await (await new Agent(ctx.app).loginAs(ctx.services, f.users.jury.id)).request(page)
    ).text();
    expect(jury).toContain('Hoffest');
    expect(jury).not.toContain('hof3-kontakt@example.org');
    expect(jury).not.toContain('5550199');
    const team = await (
      await (await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id)).request(page)
    ).text();
    expect(team).toContain('hof3-kontakt@example.org');
    expect(team).toContain('030 5550199');
  });

  it('records the eligibility check from the application page', async () => {
    const f = await fundsFixture(ctx);
    const { createApplication, submitApplication } = await import('./index.ts');
    const app = await createApplication(f.actors.admin, ctx.services.db, f.fund.id, f.applicationInput());
    await submitApplication(f.actors.admin, ctx.services.db, app.id);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/applications/${app.id}`;
    expect(await (await agent.request(page)).text()).toContain('Prüfung der Förderfähigkeit vermerken');
    const res = await agent.post(`${page}/check`, {});
    expect(res.status).toBe(303);
    expect((await applicationFor(f.actors.admin, ctx.services.db, app.id)).application.status).toBe(
      'in_review',
    );
    // No session ahead: putting it on the agenda says so on the page.
    const refused = await agent.post(`${page}/agenda`, {});
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('keine Sitzung mehr');
  });

  it('record the jury’s decision and a payment from the application page', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/applications/${app.id}`;
    expect(await (await agent.request(page)).text()).toContain('Entscheidung erfassen');
    // Above what was applied for: the page says so and keeps what was typed.
    const over = await agent.post(`${page}/decision`, { outcome: 'granted', granted: '1.000,01', yes: '3' });
    expect(over.status).toBe(422);
    const html = await over.text();
    expect(html).toContain('nicht mehr bewilligt werden als beantragt');
    expect(html).toContain('1.000,01');
    const ok = await agent.post(`${page}/decision`, {
      outcome: 'granted',
      granted: '900',
      yes: '3',
      conditions: 'Belege',
    });
    expect(ok.status).toBe(303);
    await agent.request(page);
    const paid = await agent.post(`${page}/booking`, {
      kind: 'payment',
      paymentKind: 'advance',
      amount: '300,00',
    });
    expect(paid.status).toBe(303);
    const view = await applicationFor(f.actors.admin, ctx.services.db, app.id);
    expect(view.application).toMatchObject({
      status: 'settlement',
      grantedCents: 90_000,
      conditions: 'Belege',
    });
    expect(view.ledger.map((e) => [e.kind, e.amountCents])).toEqual([
      ['commitment', 90_000],
      ['payment', 30_000],
    ]);
    await agent.request(page);
    const tooMuch = await agent.post(`${page}/booking`, {
      kind: 'payment',
      paymentKind: 'advance',
      amount: '600,01',
    });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.text()).toContain('mehr ausgezahlt als bewilligt');
  });

  it('ask the applicant for changes with a note, which reaches them by mail', async () => {
    const f = await fundsFixture(ctx);
    const { createApplication, submitApplication } = await import('./index.ts');
    const { mailOutbox } = await import('../../platform/mail/index.ts');
    const { eq } = await import('drizzle-orm');
    const input = f.applicationInput({ email: 'changes.staff@example.org' });
    const app = await createApplication(f.actors.admin, ctx.services.db, f.fund.id, input);
    await submitApplication(f.actors.admin, ctx.services.db, app.id);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/applications/${app.id}`;
    await agent.request(page);
    expect((await agent.post(`${page}/check`, {})).status).toBe(303);
    expect(await (await agent.request(page)).text()).toContain('Änderungen erbitten');
    const empty = await agent.post(`${page}/changes`, { note: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('href="#action-note"');
    const asked = await agent.post(`${page}/changes`, { note: 'Bitte ein Angebot für die Bänke beilegen.' });
    expect(asked.status).toBe(303);
    expect((await applicationFor(f.actors.admin, ctx.services.db, app.id)).application.status).toBe(
      'changes_requested',
    );
    const mails = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, 'changes.staff@example.org'));
    const mail = mails.find((m) => m.subject.startsWith('Bitte ändern Sie'));
    expect(mail?.text).toContain('Bitte ein Angebot für die Bänke beilegen.');
  });

  it('do not exist for the team of another area', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamB.id);
    const base = `/staff/${f.tenant.slug}/funds`;
    expect((await agent.request(`${base}/${f.fund.id}`)).status).toBe(404);
    expect((await agent.request(`${base}/years/${f.fundYear.id}`)).status).toBe(404);
    expect((await agent.request(`${base}/applications/${app.id}`)).status).toBe(404);
    expect(await (await agent.request(base)).text()).not.toContain('Aktionsfonds Quartier A');
  });
});
