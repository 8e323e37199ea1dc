/**
 * The staff screens of the resources per area and the Prüfsteine over HTTP (both engines): a refused
 * budget form keeps every value and names the fields; an import with problems lists them by line and
 * field and writes nothing, a clean one is written on confirmation; the CSV download reads back into
 * the same lines (and imports as "unchanged"); the Prüfstein form names a bad rating and an outside
 * link at their fields with every value kept; the year page shows rating and trend in words; the
 * area's team reads but cannot keep either.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../../platform/db/index.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { budgets } from '../db/resources.ts';
import { previewBudgetImport, ratePruefstein, saveBudgetLine } from '../index.ts';
import { coordinationFixture } from '../testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const as = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const year = Number(todayLocal().slice(0, 4));
const lines = (tenantId: string) => ctx.services.db.select().from(budgets).where(ofTenant(budgets, tenantId));

describe('staff screens of the resources per area', () => {
  it('a refused budget line comes back with every value and its field messages', async () => {
    const f = await coordinationFixture(ctx);
    const base = `/staff/${f.tenant.slug}/coordination/resources`;
    const coord = await as(f.users.coordinator.id);
    await coord.get(`${base}/new`);
    const refused = await coord.post(`${base}/new`, {
      areaId: f.qmA,
      year: '20',
      source: 'Sozialer Zusammenhalt',
      kind: 'programme',
      amount: '12.50x',
      reference: 'Bescheid vom März',
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#year"');
    expect(html).toContain('href="#amount"');
    expect(html).toContain('Bitte einen Betrag in Euro angeben');
    for (const typed of [
      'value="20"',
      'value="Sozialer Zusammenhalt"',
      'value="12.50x"',
      'value="Bescheid vom März"',
    ])
      expect(html).toContain(typed);
    expect(html).toMatch(/value="programme"[^>]*checked|checked[^>]*value="programme"/);
    expect(await lines(f.tenant.id)).toEqual([]);
    const saved = await coord.post(`${base}/new`, {
      areaId: f.qmA,
      year: String(year),
      source: 'Sozialer Zusammenhalt',
      kind: 'programme',
      amount: '12.500,00',
    });
    expect(saved.status).toBe(303);
    const page = await (await coord.get(`${base}?year=${year}`)).text();
    expect(page).toContain('12.500,00');
    expect(page).toContain('<svg');
    // The area's team reads the table and is refused the forms.
    const team = await as(f.users.teamA.id);
    expect((await team.get(`${base}?year=${year}`)).status).toBe(200);
    expect(team.lastHtml).toContain('Sozialer Zusammenhalt');
    expect(team.lastHtml).not.toContain('Mittelzeile hinzufügen');
    expect((await team.get(`${base}/new`)).status).toBe(403);
    expect((await team.get(`${base}/import`)).status).toBe(403);
    // In English.
    expect(await (await coord.get(`${base}?lang=en`)).text()).toContain('Resources per area');
  });

  it('an import with problems lists them by line and field and writes nothing; a clean one is written when confirmed', async () => {
    const f = await coordinationFixture(ctx);
    const base = `/staff/${f.tenant.slug}/coordination/resources`;
    const coord = await as(f.users.coordinator.id);
    await coord.get(`${base}/import`);
    const bad = await coord.post(`${base}/import`, {
      text: [
        'Gebiet;Jahr;Quelle;Art;Betrag',
        `QM-A;${year};Jugendamt;Regelmittel;1.000,00`,
        `Nirgendwo;${year};Jugendamt;Regelmittel;1.000,00`,
        `QM-B;${year};Schulamt;Regelmittel;viel`,
      ].join('\n'),
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Es wurde nichts gespeichert.');
    expect(html).toMatch(/>3<\/th>[\s\S]*?Gebiet[\s\S]*?Nirgendwo[\s\S]*?Kein Gebiet mit dieser Kennung/);
    expect(html).toMatch(/>4<\/th>[\s\S]*?Betrag[\s\S]*?viel[\s\S]*?Bitte geben Sie einen Betrag in Euro an/);
    expect(html).not.toContain('/resources/import/confirm');
    expect(await lines(f.tenant.id)).toEqual([]);

    const text = [
      'Gebiet;Jahr;Quelle;Art;Betrag;Bezug',
      `QM-A;${year};Jugendamt;Regelmittel;1.000,00;Titel 1`,
      `QM-B;${year};Stadtumbau;Förderprogramm;250.000,50;`,
    ].join('\n');
    const good = await coord.post(`${base}/import`, { text });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('2 Zeilen importieren');
    expect(await lines(f.tenant.id)).toEqual([]);
    const done = await coord.post(`${base}/import/confirm`, { text });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('2 hinzugefügt, 0 aktualisiert, 0 unverändert.');
    expect((await lines(f.tenant.id)).map((l) => l.amountCents).sort()).toEqual([100_000, 25_000_050]);
  });

  it('the CSV download reads back into the same lines, and imports again as unchanged', async () => {
    const f = await coordinationFixture(ctx);
    const c = f.actors.coordinator;
    await saveBudgetLine(c, ctx.services.db, {
      areaId: f.qmA,
      year,
      source: 'Sozialer Zusammenhalt',
      kind: 'programme',
      amount: '185.000,00',
      reference: '=Bescheid; "Programmjahr"',
    });
    await saveBudgetLine(c, ctx.services.db, {
      areaId: f.qmB,
      year,
      source: 'Jugendamt',
      kind: 'regular',
      amount: '0,99',
    });
    const coord = await as(f.users.coordinator.id);
    const res = await coord.get(`/staff/${f.tenant.slug}/coordination/resources?year=${year}&format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    const rows = parse(csv, { delimiter: ';', bom: true }) as string[][];
    expect(rows).toEqual([
      ['Gebiet', 'Gebietsname', 'Jahr', 'Quelle', 'Art', 'Betrag', 'Bezug'],
      ['QM-B', 'Quartier B', String(year), 'Jugendamt', 'Regelmittel', '0,99', ''],
      [
        'QM-A',
        'Quartier A',
        String(year),
        'Sozialer Zusammenhalt',
        'Förderprogramm',
        '185000,00',
        `'=Bescheid; "Programmjahr"`,
      ],
    ]);
    // The download is an import file: every row known and unchanged (the formula guard read back).
    const again = await previewBudgetImport(c, ctx.services.db, new TextEncoder().encode(csv));
    expect(again.invalid).toBe(0);
    expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });
});

describe('staff screens of the Prüfsteine', () => {
  it('a refused rating keeps every value and names the fields; the year page shows rating and trend in words', async () => {
    const f = await coordinationFixture(ctx);
    const base = `/staff/${f.tenant.slug}/coordination/pruefsteine`;
    const site = { slug: f.tenant.slug, baseUrl: ctx.services.config.baseUrl };
    await ratePruefstein(f.actors.coordinator, ctx.services.db, year - 1, 5, { rating: 1 }, site);
    const coord = await as(f.users.coordinator.id);
    const form = `${base}/${year}/edit?pruefstein=5`;
    await coord.get(form);
    expect(coord.lastHtml).toContain('informieren sich wechselseitig und aktiv');
    const refused = await coord.post(form, {
      rating: '',
      comment: 'Monatliche Runde der Ämter seit März',
      'evidence.0.label': 'Runde der Ämter',
      'evidence.0.link': 'https://example.org/protokoll',
      'evidence.1.label': 'Bedarfe',
      'evidence.1.link': `/staff/${f.tenant.slug}/coordination`,
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#rating"');
    expect(html).toContain('href="#evidence-0-link"');
    expect(html).toContain('Nur Seiten in Quartier können Belege sein');
    for (const typed of [
      'Monatliche Runde der Ämter seit März',
      'value="Runde der Ämter"',
      'value="https://example.org/protokoll"',
      'value="Bedarfe"',
      `value="/staff/${f.tenant.slug}/coordination"`,
    ])
      expect(html).toContain(typed);
    const saved = await coord.post(form, {
      rating: '3',
      comment: 'Monatliche Runde der Ämter seit März',
      'evidence.0.label': 'Bedarfe',
      'evidence.0.link': `${ctx.services.config.baseUrl}/staff/${f.tenant.slug}/coordination`,
    });
    expect(saved.status).toBe(303);
    const page = await (await coord.get(`${base}/${year}`)).text();
    expect(page).toContain('3 – weitgehend');
    expect(page).toContain(`besser als ${year - 1} (1 – in Ansätzen)`);
    expect(page).toContain(`href="/staff/${f.tenant.slug}/coordination"`);
    expect(page).toContain('Entwicklung über die Jahre');
    // In English: the Prüfstein translated, the trend in words.
    const en = await (await coord.get(`${base}/${year}?lang=en`)).text();
    expect(en).toContain('actively inform each other');
    expect(en).toContain(`better than ${year - 1} (1 – beginning)`);
    // The area's team reads it, without the forms.
    const team = await as(f.users.teamA.id);
    expect((await team.get(`${base}/${year}`)).status).toBe(200);
    expect(team.lastHtml).toContain('3 – weitgehend');
    expect(team.lastHtml).not.toContain('/edit?pruefstein=');
    expect((await team.get(form)).status).toBe(403);
  });
});
