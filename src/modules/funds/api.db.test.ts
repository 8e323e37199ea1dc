/**
 * The JSON API of funds (both engines): the open calls for every member with a token; the fund-year's
 * balances, applications, decisions, ledger and report for readers of the fund in its area. The
 * applicant (name, group, contact) only for members who process the fund's applications: the jury
 * reads the projects without them; the department and another area's team get nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { bookEntry, recordDecision } from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let f: Awaited<ReturnType<typeof fundsFixture>>;
const tokens: Record<string, string> = {};
const ids = { granted: '', refused: '' };

beforeAll(async () => {
  ctx = await createTestContext();
  f = await fundsFixture(ctx);
  const db = ctx.services.db;
  for (const [role, user] of Object.entries(f.users))
    tokens[role] = (await createApiToken(db, f.tenant.id, user.id, role)).token;
  const granted = await f.onAgenda({
    title: 'Hoffest',
    applicantName: 'Gerlinde Quastmeyer',
    groupName: 'Hof Quastmeyer',
    phone: '030 5550123',
    criteria: ['Nachbarschaft'],
    targetGroups: ['Kinder'],
  });
  const refused = await f.onAgenda({ title: 'Flohmarkt', applicantName: 'Gerlinde Quastmeyer' });
  await f.grant(granted.id, 90_000);
  await recordDecision(f.actors.admin, db, refused.id, {
    outcome: 'refused',
    refusalReasons: 'Keine Sachkosten',
    vote: { kind: 'open', counts: { yes: 0, no: 3, abstain: 0 } },
  });
  await bookEntry(f.actors.admin, db, granted.id, {
    kind: 'payment',
    paymentKind: 'advance',
    amountCents: 30_000,
  });
  ids.granted = granted.id;
  ids.refused = refused.id;
});
afterAll(() => ctx?.close());

const get = (role: string, path: string) =>
  ctx.app.request(`/api/v1/tenants/${f.tenant.slug}/funds${path}`, {
    headers: { authorization: `Bearer ${tokens[role]}` },
  });
const body = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { items: Record<string, unknown>[] };
};

describe('funds JSON API', () => {
  it('lists the open calls and one call for any member, with rules, money left and no applicant', async () => {
    const calls = await body(await get('department', '/calls'));
    const call = calls.items.find((c) => c.id === f.fund.id)!;
    expect(call).toMatchObject({
      name: 'Aktionsfonds Quartier A',
      kind: 'action',
      year: f.year,
      availableCents: 1_000_000 - 90_000,
      rules: { capCents: 150_000, allowedCostKinds: ['material'] },
    });
    const one = await body(await get('jury', `/calls/${f.fund.id}`));
    expect(one.funded).toEqual([{ title: 'Hoffest', grantedCents: 90_000, areaName: null, year: f.year }]);
    expect(JSON.stringify(one).toLowerCase()).not.toContain('quastmeyer');
    expect((await get('admin', `/calls/${crypto.randomUUID()}`)).status).toBe(404);
    // Without a token: no answer.
    expect((await ctx.app.request(`/api/v1/tenants/${f.tenant.slug}/funds/calls`)).status).toBe(401);
  });

  it('gives the fund-year’s balances, decisions and ledger to its readers', async () => {
    const year = await body(await get('teamA', `/years/${f.fundYear.id}`));
    expect(year.balances).toMatchObject({
      budgetCents: 1_000_000,
      committedCents: 90_000,
      paidCents: 30_000,
      availableCents: 910_000,
      outstandingCents: 60_000,
    });
    const decisions = (await body(await get('jury', `/years/${f.fundYear.id}/decisions`))).items;
    expect(decisions.map((d) => [d.title, d.outcome, d.grantedCents])).toEqual([
      ['Hoffest', 'granted', 90_000],
      ['Flohmarkt', 'refused', null],
    ]);
    expect(decisions[1].refusalReasons).toBe('Keine Sachkosten');
    expect(decisions[0].voteId).toEqual(expect.any(String));
    const ledger = (await body(await get('jury', `/years/${f.fundYear.id}/ledger`))).items;
    expect(ledger.map((e) => [e.kind, e.amountCents, e.applicationId])).toEqual([
      ['commitment', 90_000, ids.granted],
      ['payment', 30_000, ids.granted],
    ]);
    const report = await body(await get('jury', `/years/${f.fundYear.id}/report`));
    expect(report.total).toMatchObject({
      applications: 2,
      granted: 1,
      refused: 1,
      grantedCents: 90_000,
      paidCents: 30_000,
    });
  });

  it('names the applicant to staff who process applications, never to the jury', async () => {
    const staff = (await body(await get('teamA', `/years/${f.fundYear.id}/applications`))).items;
    expect(staff.find((a) => a.id === ids.granted)!.applicant).toEqual({
      kind: 'person',
      name: 'Gerlinde Quastmeyer',
      groupName: 'Hof Quastmeyer',
      email: 'hof3@example.org',
      phone: '030 5550123',
    });
    const jury = await get('jury', `/years/${f.fundYear.id}/applications`);
    const juryText = await jury.clone().text();
    const list = (await body(jury)).items;
    expect(list.map((a) => a.title).sort()).toEqual(['Flohmarkt', 'Hoffest']);
    expect(list.every((a) => a.applicant === null)).toBe(true);
    for (const needle of ['quastmeyer', 'hof3@', '5550123'])
      expect(juryText.toLowerCase()).not.toContain(needle);
    const one = await get('jury', `/applications/${ids.granted}`);
    const oneText = await one.clone().text();
    const app = await body(one);
    expect(app).toMatchObject({
      title: 'Hoffest',
      status: 'settlement',
      grantedCents: 90_000,
      applicant: null,
    });
    expect(app.costLines).toEqual([
      { item: 'Bänke und Farbe', costKind: 'material', amountCents: 100_000, actualCents: null },
    ]);
    expect((app.history as { status: string }[]).map((h) => h.status)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'on_agenda',
      'granted',
      'settlement',
    ]);
    for (const needle of ['quastmeyer', 'hof3@', '5550123'])
      expect(oneText.toLowerCase()).not.toContain(needle);
    expect((await body(await get('admin', `/applications/${ids.granted}`))).applicant).toMatchObject({
      name: 'Gerlinde Quastmeyer',
    });
  });

  it('refuses the department and another area’s team every staff read', async () => {
    for (const role of ['department', 'teamB'])
      for (const path of [
        `/years/${f.fundYear.id}`,
        `/years/${f.fundYear.id}/applications`,
        `/years/${f.fundYear.id}/decisions`,
        `/years/${f.fundYear.id}/ledger`,
        `/years/${f.fundYear.id}/report`,
        `/applications/${ids.granted}`,
      ]) {
        const res = await get(role, path);
        expect([403, 404], `${role} ${path}`).toContain(res.status);
        expect((await res.text()).toLowerCase()).not.toContain('quastmeyer');
      }
    // The list narrows: the department reads no fund, area B's team none of area A.
    expect((await body(await get('department', ''))).items).toEqual([]);
    expect((await body(await get('teamB', ''))).items).toEqual([]);
    expect((await body(await get('jury', ''))).items.map((x) => x.id)).toEqual([f.fund.id]);
  });

  it('describes every funds operation in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.includes('/funds'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/tenants/{tenant}/funds',
        '/tenants/{tenant}/funds/calls',
        '/tenants/{tenant}/funds/calls/{fundId}',
        '/tenants/{tenant}/funds/years/{yearId}',
        '/tenants/{tenant}/funds/years/{yearId}/applications',
        '/tenants/{tenant}/funds/years/{yearId}/decisions',
        '/tenants/{tenant}/funds/years/{yearId}/ledger',
        '/tenants/{tenant}/funds/years/{yearId}/report',
        '/tenants/{tenant}/funds/applications/{applicationId}',
      ]),
    );
    // Every operation of every funds path (the public API's are writes without a GET).
    for (const p of paths)
      for (const op of Object.values(doc.paths[p])) expect(op.tags, p).toEqual(['Funds']);
  });
});
