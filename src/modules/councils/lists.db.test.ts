/**
 * A body's lists on its staff page: the meetings are paged (newest first), and both lists download
 * as CSV with every row, not only the page on screen. Members' addresses are in the download only for
 * staff who manage the body, and such a download is audited; the jury gets names without addresses.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
let bodyId: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const rowsOf = async (res: Response) => {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return parse((await res.text()).replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
  const made = await fx.body({ public: true }, 2, [
    fx.member('Rosa Rand', { email: 'rosa.rand@example.org', organisation: 'Mieterbeirat' }),
  ]);
  bodyId = made.body.id;
  // 25 meetings, one a week back from yesterday: more than the 20 of one page.
  for (let i = 0; i < 25; i++) await fx.meeting(bodyId, 1 + 7 * i);
});
afterAll(() => ctx?.close());

describe('a body’s members and meetings', () => {
  it('pages the meetings newest first and offers every meeting as CSV', async () => {
    const admin = await agentOf(fx.users.admin.id);
    const first = await (await admin.get(`${base}/${bodyId}`)).text();
    const dates = [...first.matchAll(/href="[^"]*\/meetings\/[0-9a-f-]{36}">([^<]+)</g)].map((m) => m[1]);
    expect(dates).toHaveLength(20);
    expect(first).toContain(`${bodyId}?page=2#meetings`);
    const second = await (await admin.get(`${base}/${bodyId}?page=2`)).text();
    expect([...second.matchAll(/\/meetings\/[0-9a-f-]{36}">/g)]).toHaveLength(5);

    const rows = await rowsOf(await admin.get(`${base}/${bodyId}/meetings.csv`));
    expect(rows[0]?.[0]).toBe('Datum');
    expect(rows.length - 1).toBe(25);
    expect(rows.slice(1).every((r) => r[2] === 'Sitzung')).toBe(true);
    expect(first).toContain(`${bodyId}/meetings.csv`);
  });

  it('gives the roster with addresses to a manager (audited) and without them to the jury', async () => {
    const admin = await agentOf(fx.users.admin.id);
    const rows = await rowsOf(await admin.get(`${base}/${bodyId}/members.csv`));
    expect(rows[0]).toContain('E-Mail-Adresse');
    const rosa = rows.find((r) => r[0] === 'Rosa Rand')!;
    expect(rosa).toContain('Mieterbeirat');
    expect(rosa).toContain('rosa.rand@example.org');
    const audit = await listAudit(ctx.services.db, fx.tenant.id, { entityType: 'councils.member' });
    const entry = audit.find((e) => (e.details as { view?: string }).view === 'members.csv');
    expect(entry?.personal).toBe('yes');
    expect(entry?.actorUserId).toBe(fx.users.admin.id);
    expect(JSON.stringify(entry)).not.toContain('Rosa');

    // The jury reads the body (names, as on its page) but never the addresses, and leaves no entry.
    const before = audit.length;
    const jury = await agentOf(fx.users.jury.id);
    const text = await (await jury.get(`${base}/${bodyId}/members.csv`)).text();
    expect(text).toContain('Rosa Rand');
    expect(text).not.toContain('rosa.rand@example.org');
    expect(text).not.toContain('E-Mail-Adresse');
    expect(await listAudit(ctx.services.db, fx.tenant.id, { entityType: 'councils.member' })).toHaveLength(
      before,
    );
  });

  it('refuses another area’s team member', async () => {
    const teamB = await agentOf(fx.users.teamB.id);
    for (const path of ['members.csv', 'meetings.csv']) {
      const res = await teamB.get(`${base}/${bodyId}/${path}`);
      expect([403, 404]).toContain(res.status);
    }
  });
});
