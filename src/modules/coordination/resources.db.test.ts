/**
 * Resources per area (COORD-3), both engines: a CSV import is checked row by row first (every problem
 * named by line and field, nothing written), written only when confirmed, and the same area, year and
 * source imported again updates its line; the table sums per area, per source and in all; district
 * coordination keeps the lines, the area's team and department staff only read them (their areas).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { budgets } from './db/resources.ts';
import {
  deleteBudgetLine,
  importBudgets,
  previewBudgetImport,
  resourcesFor,
  saveBudgetLine,
} from './index.ts';
import { coordinationFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;
const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));
const year = Number(todayLocal().slice(0, 4));

async function linesOf(tenantId: string) {
  return db().select().from(budgets).where(ofTenant(budgets, tenantId)).orderBy(budgets.source);
}
async function auditCount(tenantId: string) {
  return (
    await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityType, 'coordination_budget')))
  ).length;
}

const HEADER = 'Gebiet;Jahr;Quelle;Art;Betrag;Bezug';

describe('resources per area', () => {
  it('checks an import first: each problem by line and field, and nothing is written', async () => {
    const f = await coordinationFixture(ctx);
    const file = bytes([
      HEADER,
      `QM-A;${year};Sozialer Zusammenhalt;Förderprogramm;185.000,00;Programmjahr`,
      `QM-X;${year};Jugendamt;Regelmittel;10,00;`,
      `QM-A;20x6;Jugendamt;Regelmittel;10,00;`,
      `QM-B;${year};Jugendamt;Sonstiges;12,5,0;`,
      `QM-B;${year};Stadtumbau;;;`,
      `qm-a;${year};sozialer  zusammenhalt;Förderprogramm;1,00;`,
    ]);
    const preview = await previewBudgetImport(f.actors.coordinator, db(), file);
    expect(preview.invalid).toBe(5);
    const byLine = Object.fromEntries(preview.rows.map((r) => [r.line, r.errors]));
    expect(byLine[2]).toEqual({});
    expect(byLine[3]).toEqual({ area: 'coordination:budget.errors.areaUnknown' });
    expect(Object.keys(byLine[4])).toEqual(['year']);
    expect(byLine[5]).toEqual({
      kind: 'coordination:budget.errors.kind',
      amount: 'coordination:budget.errors.amount',
    });
    expect(byLine[6]).toEqual({ kind: 'validation.required', amount: 'validation.required' });
    // The same area, year and source twice in one file (case and spaces aside): the second line.
    expect(byLine[7].source).toContain('coordination:budget.errors.duplicate');
    expect(byLine[7].source).toContain('"line":"2"');
    expect(await linesOf(f.tenant.id)).toEqual([]);

    // Confirming a file with problems is refused as a whole.
    const refused = await importBudgets(f.actors.coordinator, db(), file).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual({ file: 'coordination:budget.errors.notClean' });
    expect(await linesOf(f.tenant.id)).toEqual([]);
    expect(await auditCount(f.tenant.id)).toBe(0);

    // A file without the needed columns is named at the file.
    const noColumns = await previewBudgetImport(
      f.actors.coordinator,
      db(),
      bytes(['Gebiet;Jahr', 'QM-A;2026']),
    ).catch((e) => e);
    expect((noColumns as ValidationError).fields).toEqual({ file: 'coordination:budget.errors.columns' });
  });

  it('writes when confirmed, and the same area, year and source imported again updates its line', async () => {
    const f = await coordinationFixture(ctx);
    const first = bytes([
      HEADER,
      `QM-A;${year};Sozialer Zusammenhalt;Förderprogramm;185.000,00;Programmjahr ${year}`,
      `Quartier B;${year};Jugendamt;Regelmittel;2.500,5;`,
      `QM-A;${year};Jugendamt;regular;1200.75;Titel 68406`,
    ]);
    const preview = await previewBudgetImport(f.actors.coordinator, db(), first);
    expect([preview.invalid, preview.creates, preview.updates]).toEqual([0, 3, 0]);
    expect(await importBudgets(f.actors.coordinator, db(), first)).toEqual({
      creates: 3,
      updates: 0,
      unchanged: 0,
    });
    const stored = await linesOf(f.tenant.id);
    expect(stored.map((l) => [l.source, l.areaId, l.kind, l.amountCents])).toEqual([
      ['Jugendamt', f.qmB, 'regular', 250_050],
      ['Jugendamt', f.qmA, 'regular', 120_075],
      ['Sozialer Zusammenhalt', f.qmA, 'programme', 18_500_000],
    ]);

    // Again, with another amount and the source written differently: one update, no new line.
    const again = bytes([
      'Jahr,Gebiet,Quelle,Art,Betrag',
      `${year},QM-A,sozialer zusammenhalt,Förderprogramm,"190.000,00"`,
      `${year},QM-B,Jugendamt,Regelmittel,"2500,50"`,
    ]);
    const second = await previewBudgetImport(f.actors.coordinator, db(), again);
    expect(second.rows.map((r) => [r.line, r.action, r.beforeCents])).toEqual([
      [2, 'update', 18_500_000],
      [3, 'unchanged', 250_050],
    ]);
    expect(await importBudgets(f.actors.coordinator, db(), again)).toEqual({
      creates: 0,
      updates: 1,
      unchanged: 1,
    });
    const after = await linesOf(f.tenant.id);
    expect(after).toHaveLength(3);
    const sz = after.find((l) => l.source === 'Sozialer Zusammenhalt')!;
    expect(sz.amountCents).toBe(19_000_000);
    // The second file had no reference column: the reference stays.
    expect(sz.reference).toBe(`Programmjahr ${year}`);
    expect(sz.id).toBe(stored.find((l) => l.source === 'Sozialer Zusammenhalt')!.id);
    // Every change audited: three lines added, one updated.
    expect(await auditCount(f.tenant.id)).toBe(4);
  });

  it('sums per area, per source and in all; each member reads the lines of their areas', async () => {
    const f = await coordinationFixture(ctx);
    const c = f.actors.coordinator;
    const line = (areaId: string, source: string, kind: 'regular' | 'programme', amount: string, y = year) =>
      saveBudgetLine(c, db(), { areaId, year: y, source, kind, amount });
    await line(f.qmA, 'Sozialer Zusammenhalt', 'programme', '100.000,00');
    await line(f.qmA, 'Jugendamt', 'regular', '20.000,00');
    await line(f.qmB, 'Jugendamt', 'regular', '30.000,50');
    await line(f.qmB, 'Stadtumbau', 'programme', '50.000,00');
    await line(f.qmA, 'Jugendamt', 'regular', '99,00', year - 1);

    const view = await resourcesFor(c, db(), { year });
    expect(view.years).toEqual([year, year - 1]);
    expect(view.table.sources.map((s) => [s.name, s.kind, s.totalCents])).toEqual([
      ['Jugendamt', 'regular', 5_000_050],
      ['Sozialer Zusammenhalt', 'programme', 10_000_000],
      ['Stadtumbau', 'programme', 5_000_000],
    ]);
    expect(view.table.areas.map((a) => [a.name, a.totalCents, a.cells])).toEqual([
      ['Quartier A', 12_000_000, { 'Sozialer Zusammenhalt': 10_000_000, Jugendamt: 2_000_000 }],
      ['Quartier B', 8_000_050, { Jugendamt: 3_000_050, Stadtumbau: 5_000_000 }],
    ]);
    expect(view.table.totalCents).toBe(20_000_050);
    expect(view.mayKeep).toBe(true);
    // The previous year has its own table.
    expect((await resourcesFor(c, db(), { year: year - 1 })).table.totalCents).toBe(9_900);
    // Filtered by the district: both areas below it; by area B: B alone.
    expect((await resourcesFor(c, db(), { year, areaId: f.district.id })).table.totalCents).toBe(20_000_050);
    expect((await resourcesFor(c, db(), { year, areaId: f.qmB })).table.areas.map((a) => a.name)).toEqual([
      'Quartier B',
    ]);

    // Area A's team reads area A only and may not keep; department staff read their areas.
    const team = await resourcesFor(f.actors.teamA, db(), { year });
    expect(team.table.areas.map((a) => a.name)).toEqual(['Quartier A']);
    expect(team.mayKeep).toBe(false);
    expect((await resourcesFor(f.actors.youthB, db(), { year })).table.areas.map((a) => a.name)).toEqual([
      'Quartier B',
    ]);
    expect((await resourcesFor(f.actors.youth, db(), { year })).table.totalCents).toBe(20_000_050);
    await expect(resourcesFor(f.actors.jury, db(), { year })).rejects.toMatchObject({ status: 403 });
  });

  it('keeps one line by hand: field messages, no second line of the same source, delete', async () => {
    const f = await coordinationFixture(ctx);
    const c = f.actors.coordinator;
    const bad = await saveBudgetLine(c, db(), {
      areaId: f.qmA,
      year: 1999,
      source: '',
      kind: 'other' as never,
      amount: '12,5x',
    }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(Object.keys((bad as ValidationError).fields).sort()).toEqual(['amount', 'kind', 'source', 'year']);
    expect((bad as ValidationError).fields.amount).toBe('coordination:errors.euros');
    const made = await saveBudgetLine(c, db(), {
      areaId: f.qmA,
      year,
      source: 'Jugendamt',
      kind: 'regular',
      amount: '1.000',
    });
    expect(made.amountCents).toBe(100_000);
    const twice = await saveBudgetLine(c, db(), {
      areaId: f.qmA,
      year,
      source: ' jugendamt ',
      kind: 'regular',
      amount: '5',
    }).catch((e) => e);
    expect((twice as ValidationError).fields).toEqual({ source: 'coordination:budget.errors.exists' });
    const changed = await saveBudgetLine(
      c,
      db(),
      { areaId: f.qmA, year, source: 'jugendamt', kind: 'regular', amount: '2.000,00', reference: 'Titel 1' },
      made.id,
    );
    expect([changed.id, changed.source, changed.amountCents]).toEqual([made.id, 'Jugendamt', 200_000]);
    await deleteBudgetLine(c, db(), made.id);
    expect(await linesOf(f.tenant.id)).toEqual([]);
    expect(await auditCount(f.tenant.id)).toBe(3);
  });

  it('is kept by district coordination only: the area team and department staff are refused', async () => {
    const f = await coordinationFixture(ctx);
    const input = { areaId: f.qmA, year, source: 'Jugendamt', kind: 'regular' as const, amount: '10' };
    const line = await saveBudgetLine(f.actors.coordinator, db(), input);
    for (const who of [f.actors.teamA, f.actors.youth]) {
      const refused = [
        await saveBudgetLine(who, db(), { ...input, source: 'Schulamt' }).catch((e) => e),
        await saveBudgetLine(who, db(), { ...input, amount: '99' }, line.id).catch((e) => e),
        await deleteBudgetLine(who, db(), line.id).catch((e) => e),
        await previewBudgetImport(who, db(), bytes([HEADER, `QM-A;${year};Schulamt;Regelmittel;1;`])).catch(
          (e) => e,
        ),
        await importBudgets(who, db(), bytes([HEADER, `QM-A;${year};Schulamt;Regelmittel;1;`])).catch(
          (e) => e,
        ),
      ];
      for (const err of refused) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(403);
      }
    }
    const stored = await linesOf(f.tenant.id);
    expect(stored.map((l) => [l.source, l.amountCents])).toEqual([['Jugendamt', 1000]]);
  });
});
