/**
 * The staff list over HTTP without JavaScript: entries due for a check are flagged and can be
 * listed alone; "checked today" clears the flag; who may do what; search, area filter and the CSV
 * of every match (beyond the page on screen).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { createService, listServices } from '../index.ts';
import { helpFixture } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let id: string;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const hours = { mode: 'unknown' as const, intervals: [], exceptions: [], note: '' };

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  base = `/staff/${fx.tenant.slug}/help`;
  // Imported entries are not checked yet.
  id = (
    await createService(
      fx.sys,
      ctx.services.db,
      { name: 'Suchtberatung Nord', locations: [{ areaId: fx.qmA, hours }] },
      { checked: false },
    )
  ).id;
  await createService(fx.sys, ctx.services.db, {
    name: 'Sozialberatung Süd',
    locations: [{ areaId: fx.qmB, hours }],
  });
});
afterAll(() => ctx?.close());

describe('staff list of the help directory', () => {
  it('flags the entry due for a check; team A marks it checked; team B and the jury may not', async () => {
    const teamA = await agentOf(fx.users.teamA.id);
    const due = await (await teamA.get(`${base}?due=1`)).text();
    expect(due).toContain('Suchtberatung Nord');
    expect(due).not.toContain('Sozialberatung Süd');
    const teamB = await agentOf(fx.users.teamB.id);
    const refused = await teamB.post(`${base}/${id}/checked`, {}, { csrfFrom: base });
    expect(refused.status).toBe(403);
    const jury = await agentOf(fx.users.jury.id);
    expect((await jury.get(base)).status).toBe(403);
    const ok = await teamA.post(`${base}/${id}/checked`, {}, { csrfFrom: base });
    expect(ok.status).toBe(303);
    const after = (await listServices(fx.actors.teamA, ctx.services.db)).find((s) => s.id === id)!;
    expect(after.reviewDue).toBe(false);
    expect(await (await teamA.get(`${base}?due=1`)).text()).not.toContain('Suchtberatung Nord');
  });
});

describe('search, area filter and CSV of the staff list', () => {
  const rowsOf = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    return parse((await res.text()).replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
  };

  it('finds by name or provider and by area; the CSV holds every match beyond one page', async () => {
    const { db } = ctx.services;
    // 55 entries in area B: more than the 50 of one page.
    for (let i = 0; i < 55; i++)
      await createService(fx.sys, db, {
        name: `Mieterberatung ${String(i).padStart(2, '0')}`,
        providerName: i === 0 ? '=HYPERLINK("http://x")' : 'Mieterverein',
        locations: [{ areaId: fx.qmB, hours }],
      });
    const admin = await agentOf(fx.users.admin.id);
    const searched = await (await admin.get(`${base}?q=mieterverein`)).text();
    expect(searched).toContain('Mieterberatung 01');
    expect(searched).not.toContain('Suchtberatung Nord');
    expect(searched).toContain('54 Angebote');
    const inA = await (await admin.get(`${base}?area=${fx.qmA}`)).text();
    expect(inA).toContain('Suchtberatung Nord');
    expect(inA).not.toContain('Mieterberatung');
    // The CSV link keeps the filters.
    expect(searched).toContain('q=mieterverein&amp;format=csv');

    const rows = await rowsOf(await admin.get(`${base}?q=Mieterberatung&format=csv`));
    expect(rows[0]?.slice(0, 3)).toEqual(['Angebot', 'Träger', 'Gebiete']);
    expect(rows.length - 1).toBe(55);
    const first = rows.find((r) => r[0] === 'Mieterberatung 00')!;
    // A formula typed as the provider is neutralised, never a live formula.
    expect(first[1]?.startsWith('=')).toBe(false);
    expect(first[1]).toContain('HYPERLINK');
    // A place's area and the areas above it.
    expect(first[2]).toBe('Quartier B, Bezirk Eins');
    const inAreaA = await rowsOf(await admin.get(`${base}?area=${fx.qmA}&format=csv`));
    expect(inAreaA.map((r) => r[0])).toContain('Suchtberatung Nord');
    expect(inAreaA.map((r) => r[0])).not.toContain('Mieterberatung 00');
  });

  it('refuses the CSV to the jury, as the list', async () => {
    const jury = await agentOf(fx.users.jury.id);
    expect((await jury.get(`${base}?format=csv`)).status).toBe(403);
  });
});
