/**
 * The report of a fund-year per criterion and target group, the year-end statement (screen, CSV,
 * tagged PDF) and archiving a fund (both engines), each against figures worked out by hand. The
 * report and the statement name no applicant: the jury reads them; the department is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import {
  archiveFund,
  bookEntry,
  closeYear,
  createApplication,
  fundReportFor,
  listFundsFor,
  recordDecision,
  yearStatementFor,
} from './index.ts';
import { fundsFixture } from './testing/fixture.ts';
import { openCalls, publicCall } from './use-cases/public.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

/**
 * Three applications decided and one draft:
 * - "Hoffest": criteria Nachbarschaft + Klima, children, 30 expected; 900 € granted, 500 € paid, 100 € back;
 * - "Seniorencafé": Nachbarschaft, older people, 20 expected; refused;
 * - "Spielplatz": no criterion, children, 10 expected; 600 € granted and paid;
 * - a draft naming Klima, never sent (not counted).
 */
async function decidedYear() {
  const f = await fundsFixture(ctx);
  const db = ctx.services.db;
  const fest = await f.onAgenda({
    title: 'Hoffest',
    applicantName: 'Gerlinde Quastmeyer',
    groupName: 'Hof Quastmeyer',
    criteria: ['Nachbarschaft', 'Klima'],
    targetGroups: ['Kinder'],
    expectedParticipants: 30,
  });
  const cafe = await f.onAgenda({
    title: 'Seniorencafé',
    applicantName: 'Gerlinde Quastmeyer',
    criteria: ['Nachbarschaft'],
    targetGroups: ['Senioren'],
    expectedParticipants: 20,
  });
  const play = await f.onAgenda({
    title: 'Spielplatz',
    targetGroups: ['Kinder'],
    expectedParticipants: 10,
    costLines: [{ item: 'Sand', costKind: 'material', amountCents: 60_000 }],
  });
  await createApplication(
    f.actors.admin,
    db,
    f.fund.id,
    f.applicationInput({ title: 'Entwurf', criteria: ['Klima'] }),
  );
  await f.grant(fest.id, 90_000);
  await recordDecision(f.actors.admin, db, cafe.id, {
    outcome: 'refused',
    refusalReasons: 'Keine Sachkosten',
    vote: { kind: 'open', counts: { yes: 0, no: 3, abstain: 0 } },
  });
  await f.grant(play.id, 60_000);
  await bookEntry(f.actors.admin, db, fest.id, {
    kind: 'payment',
    paymentKind: 'advance',
    amountCents: 50_000,
  });
  await bookEntry(f.actors.admin, db, fest.id, { kind: 'return', amountCents: 10_000 });
  await bookEntry(f.actors.admin, db, play.id, {
    kind: 'payment',
    paymentKind: 'reimbursement',
    amountCents: 60_000,
  });
  return f;
}

/** The CSV's text after its byte order mark (which must be there, for German spreadsheets). */
async function csvText(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8');
}

const row = (key: string, o: Partial<Record<string, number>>) => ({
  key,
  applications: 0,
  granted: 0,
  refused: 0,
  grantedCents: 0,
  paidCents: 0,
  expectedParticipants: 0,
  actualParticipants: 0,
  ...o,
});

describe('the report of a fund-year', () => {
  it('counts applications, grants, refusals, granted and net paid amounts per criterion and target group', async () => {
    const f = await decidedYear();
    const r = await fundReportFor(f.actors.jury, ctx.services.db, f.fundYear.id);
    expect(r.byCriterion).toEqual([
      row('Klima', {
        applications: 1,
        granted: 1,
        grantedCents: 90_000,
        paidCents: 40_000,
        expectedParticipants: 30,
      }),
      row('Nachbarschaft', {
        applications: 2,
        granted: 1,
        refused: 1,
        grantedCents: 90_000,
        paidCents: 40_000,
        expectedParticipants: 50,
      }),
      row('', {
        applications: 1,
        granted: 1,
        grantedCents: 60_000,
        paidCents: 60_000,
        expectedParticipants: 10,
      }),
    ]);
    expect(r.byTargetGroup).toEqual([
      row('Kinder', {
        applications: 2,
        granted: 2,
        grantedCents: 150_000,
        paidCents: 100_000,
        expectedParticipants: 40,
      }),
      row('Senioren', { applications: 1, refused: 1, expectedParticipants: 20 }),
    ]);
    expect(r.total).toEqual(
      row('', {
        applications: 3,
        granted: 2,
        refused: 1,
        grantedCents: 150_000,
        paidCents: 100_000,
        expectedParticipants: 60,
      }),
    );
  });

  it('lists the fund’s own criteria first, also those no application names', async () => {
    const f = await fundsFixture(ctx);
    const { updateFund } = await import('./index.ts');
    await updateFund(f.actors.admin, ctx.services.db, f.fund.id, {
      name: f.fund.name,
      kind: 'action',
      areaId: f.qmA,
      decidingBodyId: f.jury.id,
      criteria: ['Selbsthilfe', 'Klima'],
    });
    await f.onAgenda({ criteria: ['Klima', 'Kultur'] });
    const r = await fundReportFor(f.actors.admin, ctx.services.db, f.fundYear.id);
    expect(r.byCriterion.map((x) => [x.key, x.applications])).toEqual([
      ['Selbsthilfe', 0],
      ['Klima', 1],
      ['Kultur', 1],
    ]);
  });

  it('screen and CSV for the jury without a name; the department and another area’s team are refused', async () => {
    const f = await decidedYear();
    const base = `/staff/${f.tenant.slug}/funds/years/${f.fundYear.id}`;
    const jury = await new Agent(ctx.app).loginAs(ctx.services, f.users.jury.id);
    const page = await jury.request(`${base}/report`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Je Kriterium');
    expect(html).toContain('Nachbarschaft');
    expect(html.toLowerCase()).not.toContain('quastmeyer');
    const csv = await jury.request(`${base}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csvText(csv);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Gruppiert nach;Wert;Anträge;Bewilligt;Abgelehnt;Bewilligt (EUR);Ausgezahlt abzügl. Rückzahlungen (EUR);Erwartete Teilnehmende;Teilnehmende',
    );
    expect(lines).toContain('Kriterium;Nachbarschaft;2;1;1;900,00;400,00;50;0');
    expect(lines).toContain('Zielgruppe;Kinder;2;2;0;1500,00;1000,00;40;0');
    expect(lines.at(-1)).toBe('Summe;;3;2;1;1500,00;1000,00;60;0');
    expect(text.toLowerCase()).not.toContain('quastmeyer');
    for (const who of [f.users.department.id, f.users.teamB.id]) {
      const agent = await new Agent(ctx.app).loginAs(ctx.services, who);
      for (const path of ['report', 'report.csv', 'statement.csv', 'statement.pdf'])
        expect([403, 404]).toContain((await agent.request(`${base}/${path}`)).status);
    }
  });
});

describe('the year-end statement', () => {
  it('adds up budget, committed, paid, returned and lapsed of the closed year, as CSV and tagged PDF', async () => {
    const f = await decidedYear();
    await closeYear(f.actors.admin, ctx.services.db, f.fundYear.id);
    const s = await yearStatementFor(f.actors.jury, ctx.services.db, f.fundYear.id);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0].balances).toMatchObject({
      budgetCents: 1_000_000,
      committedCents: 150_000,
      paidCents: 110_000,
      returnedCents: 10_000,
      lapsedCents: 850_000,
      carriedOutCents: 0,
      availableCents: 0,
    });
    const base = `/staff/${f.tenant.slug}/funds/years/${f.fundYear.id}`;
    const team = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const lines = (await csvText(await team.request(`${base}/statement.csv`))).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Name;Jahr;Budget (EUR);Übertrag aus Vorjahr (EUR);Bewilligt (EUR);Ausgezahlt (EUR);Zurückgezahlt (EUR);Verfallen (EUR);Übertragen (EUR);Übrig (EUR);Jahresabschluss am',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^Aktionsfonds Quartier A;${f.year};10000,00;0,00;1500,00;1100,00;100,00;8500,00;0,00;0,00;\\d{4}-\\d{2}-\\d{2}$`,
      ),
    );
    const pdf = await team.request(`${base}/statement.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Table');
    expect(raw).toContain('/Marked true');
  });

  it('shows what was carried over into the next year on both years', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const { updateFund } = await import('./index.ts');
    await updateFund(f.actors.admin, db, f.fund.id, {
      name: f.fund.name,
      kind: 'action',
      areaId: f.qmA,
      decidingBodyId: f.jury.id,
      yearEndRule: 'carry_over',
    });
    const app = await f.onAgenda();
    await f.grant(app.id, 40_000);
    const { nextYear } = await closeYear(f.actors.admin, db, f.fundYear.id);
    const now = (await yearStatementFor(f.actors.admin, db, f.fundYear.id)).lines[0].balances;
    expect(now).toMatchObject({
      committedCents: 40_000,
      carriedOutCents: 960_000,
      lapsedCents: 0,
      availableCents: 0,
    });
    const next = (await yearStatementFor(f.actors.admin, db, nextYear!.id)).lines[0].balances;
    expect(next).toMatchObject({ budgetCents: 0, carriedInCents: 960_000, availableCents: 960_000 });
  });
});

describe('archiving a fund', () => {
  it('takes it off the public calls and the staff list (the filter shows it) until it is taken back', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const agent = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const base = `/staff/${f.tenant.slug}/funds`;
    expect((await openCalls(db, f.tenant.id)).map((c) => c.fund.id)).toContain(f.fund.id);
    const form = await (await agent.request(`${base}/${f.fund.id}/edit`)).text();
    expect(form).toContain('Fonds archivieren');
    const res = await agent.post(`${base}/${f.fund.id}/archive`, { archived: 'on' });
    expect(res.status).toBe(303);
    expect((await openCalls(db, f.tenant.id)).map((c) => c.fund.id)).not.toContain(f.fund.id);
    await expect(publicCall(db, f.tenant.id, f.fund.id)).rejects.toMatchObject({ status: 404 });
    expect((await ctx.app.request(`/${f.tenant.slug}/funds/${f.fund.id}`)).status).toBe(404);
    expect(await (await agent.request(base)).text()).not.toContain('Aktionsfonds Quartier A');
    const archived = await (await agent.request(`${base}?archived=1`)).text();
    expect(archived).toContain('Aktionsfonds Quartier A');
    expect(await (await agent.request(`${base}/${f.fund.id}`)).text()).toContain('Archiviert seit');
    // Its year stays readable.
    expect((await agent.request(`${base}/years/${f.fundYear.id}`)).status).toBe(200);
    await agent.post(`${base}/${f.fund.id}/archive`, { archived: 'off' });
    expect((await listFundsFor(f.actors.teamA, db)).map((x) => x.id)).toContain(f.fund.id);
    expect((await openCalls(db, f.tenant.id)).map((c) => c.fund.id)).toContain(f.fund.id);
  });

  it('refuses the jury and the department; nothing changes', async () => {
    const f = await fundsFixture(ctx);
    for (const [actor, status] of [
      [f.actors.jury, 403],
      [f.actors.department, 403],
      [f.actors.teamB, 404],
    ] as const)
      await expect(archiveFund(actor, ctx.services.db, f.fund.id, { archived: true })).rejects.toMatchObject({
        status,
      });
    for (const who of [f.users.jury.id, f.users.department.id]) {
      const agent = await new Agent(ctx.app).loginAs(ctx.services, who);
      const res = await agent.post(`/staff/${f.tenant.slug}/funds/${f.fund.id}/archive`, { archived: 'on' });
      expect([403, 404]).toContain(res.status);
    }
    expect((await listFundsFor(f.actors.admin, ctx.services.db)).map((x) => x.id)).toContain(f.fund.id);
    expect(await listFundsFor(f.actors.admin, ctx.services.db, { archived: true })).toEqual([]);
  });
});
