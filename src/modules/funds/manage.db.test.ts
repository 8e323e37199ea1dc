/**
 * The staff forms of funds over HTTP (both engines): a fund with its rules (new and edit), a year's
 * budget, the split of a city-wide fund across working groups and the year end. A good submission
 * stores; a refused one names each field and comes back with every value as typed; a member who may
 * read funds but not manage them (the jury, the department) is refused and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { createFund, fundFor, fundYearFor, setYearBudget } from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const good = (areaId: string, over: Record<string, string | string[]> = {}) => ({
  name: 'Aktionsfonds Brunnenviertel',
  kind: 'action',
  areaId,
  decidingBodyId: '',
  workingGroupId: '',
  parentFundId: '',
  fundingSource: 'Sozialer Zusammenhalt',
  programme: 'Quartiersmanagement',
  goals: 'Nachbarschaft stärken\nGrün im Kiez',
  criteria: 'Offen für alle\nIm Gebiet',
  cap: '2.000,00',
  allowedCostKinds: ['material', 'fee'],
  ownContributionPercent: '5',
  hourRate: '12,50',
  deadlineDaysBeforeSession: '14',
  noStartBeforeDecision: 'on',
  yearEndRule: 'carry_over',
  publicBalance: 'on',
  ...over,
});

describe('the fund form', () => {
  it('creates a fund with its rules from the list', async () => {
    const f = await fundsFixture(ctx);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const base = `/staff/${f.tenant.slug}/funds`;
    expect(await (await agent.request(base)).text()).toContain(`href="${base}/new"`);
    const form = await agent.request(`${base}/new`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`<option value="${f.qmA}"`);
    const english = await (await agent.request(`${base}/new?lang=en`)).text();
    expect(english).toContain('Create fund');
    expect(english).toContain('Whole city (no area)');
    expect(english).toContain('value="1.500,00"'); // an Aktionsfonds' cap to start with
    const res = await agent.post(`${base}/new`, good(f.qmA, { decidingBodyId: f.jury.id }));
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    const { fund } = await fundFor(f.actors.admin, ctx.services.db, id);
    expect(fund).toMatchObject({
      name: 'Aktionsfonds Brunnenviertel',
      areaId: f.qmA,
      decidingBodyId: f.jury.id,
      goals: 'Nachbarschaft stärken\nGrün im Kiez',
      criteria: ['Offen für alle', 'Im Gebiet'],
      capCents: 200_000,
      allowedCostKinds: ['material', 'fee'],
      ownContributionPercent: 5,
      volunteerHourRateCents: 1_250,
      deadlineDaysBeforeSession: 14,
      noStartBeforeDecision: true,
      yearEndRule: 'carry_over',
      publicBalance: true,
    });
  });

  it('names each wrong field and keeps everything typed', async () => {
    const f = await fundsFixture(ctx);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const base = `/staff/${f.tenant.slug}/funds`;
    await agent.request(`${base}/new`);
    const res = await agent.post(
      `${base}/new`,
      good(f.qmA, { name: '', cap: 'zweitausend', ownContributionPercent: '150', noStartBeforeDecision: [] }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ['fund-name', 'fund-cap', 'fund-ownContributionPercent'])
      expect(html).toContain(`href="#${field}"`);
    expect(html).toContain('value="zweitausend"');
    expect(html).toContain('value="150"');
    expect(html).toContain('Nachbarschaft stärken\nGrün im Kiez');
    expect(html).toContain('Offen für alle\nIm Gebiet');
    expect(html).toContain('value="Quartiersmanagement"');
    expect(html).toContain('value="12,50"');
    expect(html).toMatch(new RegExp(`<option value="${f.qmA}" selected`));
    expect(html).toContain('checked="" value="fee"');
    expect(html).toContain('checked="" value="carry_over"');
    expect(html).not.toContain('name="noStartBeforeDecision" checked');
    // An area outside the member's own is a wrong choice, not a new fund.
    const other = await agent.post(`${base}/new`, good(f.qmB));
    expect(other.status).toBe(403);
  });

  it('changes a fund from its page and keeps what was typed when refused', async () => {
    const f = await fundsFixture(ctx);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/${f.fund.id}`;
    expect(await (await agent.request(page)).text()).toContain(`href="${page}/edit"`);
    const form = await (await agent.request(`${page}/edit`)).text();
    expect(form).toContain('value="Aktionsfonds Quartier A"');
    expect(form).toContain('value="1.500,00"');
    const bad = await agent.post(`${page}/edit`, good(f.qmA, { name: 'Neuer Name', hourRate: '-3' }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('href="#fund-hourRate"');
    expect(html).toContain('value="Neuer Name"');
    expect((await fundFor(f.actors.admin, ctx.services.db, f.fund.id)).fund.name).toBe(
      'Aktionsfonds Quartier A',
    );
    const ok = await agent.post(
      `${page}/edit`,
      good(f.qmA, { name: 'Aktionsfonds A', cap: '', allowedCostKinds: [] }),
    );
    expect(ok.status).toBe(303);
    expect((await fundFor(f.actors.admin, ctx.services.db, f.fund.id)).fund).toMatchObject({
      name: 'Aktionsfonds A',
      capCents: null,
      allowedCostKinds: [],
    });
  });

  it('is refused to members who may read funds but not manage them', async () => {
    const f = await fundsFixture(ctx);
    const base = `/staff/${f.tenant.slug}/funds`;
    const jury = await new Agent(ctx.app).loginAs(ctx.services, f.users.jury.id);
    const page = await (await jury.request(`${base}/${f.fund.id}`)).text();
    expect(page).not.toContain('/edit"');
    expect((await jury.request(`${base}/new`)).status).toBe(403);
    expect((await jury.request(`${base}/${f.fund.id}/edit`)).status).toBe(403);
    await jury.request(base);
    expect((await jury.post(`${base}/new`, good(f.qmA, { name: 'Von der Jury' }))).status).toBe(403);
    expect((await jury.post(`${base}/${f.fund.id}/edit`, good(f.qmA, { name: 'Von der Jury' }))).status).toBe(
      403,
    );
    const department = await new Agent(ctx.app).loginAs(ctx.services, f.users.department.id);
    await department.request(`/staff/${f.tenant.slug}`);
    expect((await department.post(`${base}/new`, good(f.qmA, { name: 'Vom Amt' }))).status).toBe(403);
    const { listFundsFor } = await import('./index.ts');
    const names = (await listFundsFor(f.actors.admin, ctx.services.db)).map((x) => x.name);
    expect(names).toEqual(['Aktionsfonds Quartier A']);
  });
});

describe('budget, split and year end', () => {
  it('sets a year’s budget from the fund’s page; a wrong amount is named and kept', async () => {
    const f = await fundsFixture(ctx);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/${f.fund.id}`;
    await agent.request(page);
    const bad = await agent.post(`${page}/budget`, {
      year: String(f.year + 1),
      budget: 'viel',
      reason: 'Zusage',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('href="#budget-budget"');
    expect(html).toContain('value="viel"');
    expect(html).toContain('value="Zusage"');
    const ok = await agent.post(`${page}/budget`, {
      year: String(f.year + 1),
      budget: '12.000,00',
      reason: 'Zusage',
    });
    expect(ok.status).toBe(303);
    const { years } = await fundFor(f.actors.admin, ctx.services.db, f.fund.id);
    expect(years.find((y) => y.year === f.year + 1)?.budgetCents).toBe(1_200_000);
    // On the year's page: not below what is committed.
    const app = await f.onAgenda();
    await f.grant(app.id, 90_000);
    const yearPage = `/staff/${f.tenant.slug}/funds/years/${f.fundYear.id}`;
    await agent.request(yearPage);
    const below = await agent.post(`${yearPage}/budget`, { budget: '800', reason: 'Kürzung' });
    expect(below.status).toBe(422);
    const belowHtml = await below.text();
    expect(belowHtml).toContain('nicht unter den schon bewilligten Betrag');
    expect(belowHtml).toContain('value="800"');
    expect((await agent.post(`${yearPage}/budget`, { budget: '9.000', reason: 'Kürzung' })).status).toBe(303);
    const view = await fundYearFor(f.actors.admin, ctx.services.db, f.fundYear.id);
    expect(view.fundYear.budgetCents).toBe(900_000);
    expect(view.budgetChanges.map((c) => c.reason)).toContain('Kürzung');
    // The year's applications as CSV: the project with its money, never the applicant's address.
    expect(await (await agent.request(yearPage)).text()).toContain(`href="${yearPage}/applications.csv"`);
    const csv = await agent.request(`${yearPage}/applications.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toContain('Bewilligt (EUR)');
    const row = lines.find((l) => l.includes(app.title))!;
    expect(row).toContain(';900,00;');
    expect(row).toContain(`/applications/${app.id}`);
    expect(lines.join('\n')).not.toContain(app.email);
  });

  it('splits a city-wide fund’s year across its working groups, never above its budget', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const parent = await createFund(f.actors.admin, db, { name: 'Initiativfonds GWA', kind: 'initiative' });
    const year = await setYearBudget(f.actors.admin, db, parent.id, { year: f.year, budgetCents: 500_000 });
    const ag1 = await createFund(f.actors.admin, db, {
      name: 'AG Nord',
      kind: 'initiative',
      parentFundId: parent.id,
    });
    const ag2 = await createFund(f.actors.admin, db, {
      name: 'AG Süd',
      kind: 'initiative',
      parentFundId: parent.id,
    });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.admin.id);
    const page = `/staff/${f.tenant.slug}/funds/years/${year.id}`;
    const form = await (await agent.request(page)).text();
    expect(form).toContain(`name="share_${ag1.id}"`);
    const over = await agent.post(`${page}/split`, {
      [`share_${ag1.id}`]: '3.000',
      [`share_${ag2.id}`]: '2.500',
      reason: 'Beschluss Rat',
    });
    expect(over.status).toBe(422);
    const html = await over.text();
    expect(html).toContain('höher als das stadtweite Budget');
    expect(html).toContain(`href="#split-share_${ag1.id}"`);
    expect(html).toContain('value="2.500"');
    expect(html).toContain('value="Beschluss Rat"');
    const ok = await agent.post(`${page}/split`, {
      [`share_${ag1.id}`]: '3.000',
      [`share_${ag2.id}`]: '2.000',
      reason: 'Beschluss Rat',
    });
    expect(ok.status).toBe(303);
    const view = await fundYearFor(f.actors.admin, db, year.id);
    expect(view.shares.map((s) => [s.fund.name, s.fundYear?.budgetCents])).toEqual([
      ['AG Nord', 300_000],
      ['AG Süd', 200_000],
    ]);
    // The team of one area may not split a city-wide fund (nor see it).
    const team = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    await team.request(`/staff/${f.tenant.slug}/funds`);
    expect((await team.post(`${page}/split`, { [`share_${ag1.id}`]: '5.000' })).status).toBe(404);
  });

  it('closes the year after a confirmation: the rest lapses or moves on by the fund’s rule', async () => {
    const f = await fundsFixture(ctx);
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/funds/years/${f.fundYear.id}`;
    const html = await (await agent.request(page)).text();
    expect(html).toContain('verfällt');
    const unconfirmed = await agent.post(`${page}/close`, {});
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('href="#close-confirm"');
    // Carry-over by the fund's rule, set through the fund form.
    await agent.request(`/staff/${f.tenant.slug}/funds/${f.fund.id}/edit`);
    const edited = await agent.post(
      `/staff/${f.tenant.slug}/funds/${f.fund.id}/edit`,
      good(f.qmA, { name: 'Aktionsfonds Quartier A', yearEndRule: 'carry_over' }),
    );
    expect(edited.status).toBe(303);
    expect(await (await agent.request(page)).text()).toContain(`ins Jahr ${f.year + 1} übertragen`);
    expect((await agent.post(`${page}/close`, { confirm: 'on' })).status).toBe(303);
    const view = await fundYearFor(f.actors.admin, ctx.services.db, f.fundYear.id);
    expect(view.fundYear.closedAt).not.toBeNull();
    expect(view.balances.carriedOutCents).toBe(1_000_000);
    const { years } = await fundFor(f.actors.admin, ctx.services.db, f.fund.id);
    expect(years.find((y) => y.year === f.year + 1)?.carriedInCents).toBe(1_000_000);
    expect(await (await agent.request(page)).text()).not.toContain('name="confirm"');
  });

  it('are refused to the jury, and nothing changes', async () => {
    const f = await fundsFixture(ctx);
    const jury = await new Agent(ctx.app).loginAs(ctx.services, f.users.jury.id);
    const fundPage = `/staff/${f.tenant.slug}/funds/${f.fund.id}`;
    const yearPage = `/staff/${f.tenant.slug}/funds/years/${f.fundYear.id}`;
    const html = await (await jury.request(yearPage)).text();
    expect(html).not.toContain('name="confirm"');
    expect(html).not.toContain(`${yearPage}/budget`);
    expect(
      (await jury.post(`${fundPage}/budget`, { year: String(f.year), budget: '20.000', reason: 'x' })).status,
    ).toBe(403);
    expect((await jury.post(`${yearPage}/budget`, { budget: '20.000', reason: 'x' })).status).toBe(403);
    expect((await jury.post(`${yearPage}/close`, { confirm: 'on' })).status).toBe(403);
    expect((await jury.post(`${yearPage}/close`, {})).status).toBe(403);
    const view = await fundYearFor(f.actors.admin, ctx.services.db, f.fundYear.id);
    expect(view.fundYear.budgetCents).toBe(1_000_000);
    expect(view.fundYear.closedAt).toBeNull();
  });
});
