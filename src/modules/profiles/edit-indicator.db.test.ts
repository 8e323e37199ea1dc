/**
 * Editing an indicator's definition (both engines): names, unit, direction, source, licence,
 * description and published are stored, the key stays; changing how higher levels are derived
 * computes them again; a weighted indicator needs a weight that exists; only tenant-wide managers may
 * edit; the staff form comes back with every value as typed and a message at each refused field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { getIndicatorByKey, seriesOf } from './queries.ts';
import { csv, profilesFixture } from './testing/fixture.ts';
import { importIndicatorFile } from './use-cases/import.ts';
import { updateIndicator } from './use-cases/indicators.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;

/** Every planning area of Tiergarten Süd has a count; a new heading is not aggregated at first. */
const TABLE = ['PLR;Kitaplätze', '1100101;10', '1100102;20', '1100103;30', '1100104;40'].join('\r\n');

async function setUp() {
  const f = await profilesFixture(ctx);
  await importIndicatorFile(f.actors.admin, db(), {
    fileName: 'kita.csv',
    bytes: csv(TABLE),
    mapping: { layout: 'wide', keyColumn: 0, period: '2023', columns: [{ index: 1, indicatorKey: 'kita' }] },
  });
  const kita = (await getIndicatorByKey(db(), f.tenant.id, 'kita'))!;
  return { ...f, kita };
}

const definition = {
  nameDe: 'Kitaplätze',
  nameEn: 'Childcare places',
  unit: 'count' as const,
  direction: 'higher_better' as const,
  aggregation: 'none' as const,
  source: 'Jugendamt Mitte',
  licence: 'dl-de/by-2-0',
  description: 'Genehmigte Plätze am Jahresende.',
  published: true,
};

describe('editing an indicator', () => {
  it('stores the definition and keeps the key', async () => {
    const s = await setUp();
    const row = await updateIndicator(s.actors.coordinator, db(), s.kita.id, definition);
    expect(row).toMatchObject({ ...definition, key: 'kita', weightIndicatorKey: null });
    expect(await getIndicatorByKey(db(), s.tenant.id, 'kita')).toMatchObject(definition);
  });

  it('derives the higher levels when they are to be summed, and drops them again for "none"', async () => {
    const s = await setUp();
    const derived = async () =>
      (await seriesOf(db(), s.tenant.id, s.areas.tiergartenSued, [s.kita.id])).map((p) => [
        p.period,
        p.value,
        p.derived,
      ]);
    expect(await derived()).toEqual([]);
    await updateIndicator(s.actors.admin, db(), s.kita.id, { ...definition, aggregation: 'sum' });
    expect(await derived()).toEqual([['2023', 100, true]]);
    await updateIndicator(s.actors.admin, db(), s.kita.id, { ...definition, aggregation: 'none' });
    expect(await derived()).toEqual([]);
  });

  it('refuses a weighted mean without a weight, or with one the tenant does not have', async () => {
    const s = await setUp();
    const weighted = { ...definition, aggregation: 'weighted' as const };
    await expect(updateIndicator(s.actors.admin, db(), s.kita.id, weighted)).rejects.toMatchObject({
      fields: { weightIndicatorKey: 'profiles:errors.weightRequired' },
    });
    await expect(
      updateIndicator(s.actors.admin, db(), s.kita.id, { ...weighted, weightIndicatorKey: 'nope' }),
    ).rejects.toMatchObject({ fields: { weightIndicatorKey: 'validation.choice' } });
    await expect(
      updateIndicator(s.actors.admin, db(), s.kita.id, { ...weighted, weightIndicatorKey: 'kita' }),
    ).rejects.toMatchObject({ fields: { weightIndicatorKey: 'validation.choice' } });
    expect((await getIndicatorByKey(db(), s.tenant.id, 'kita'))!.aggregation).toBe('none');
  });

  it('is for tenant-wide managers: a district coordinator and a team are refused', async () => {
    const s = await setUp();
    for (const actor of [s.actors.districtCoordinator, s.actors.team])
      await expect(updateIndicator(actor, db(), s.kita.id, definition)).rejects.toMatchObject({
        status: 403,
      });
    expect((await getIndicatorByKey(db(), s.tenant.id, 'kita'))!.source).toBe('');
  });
});

describe('the edit screen', () => {
  it('shows every value as typed and a message at each refused field, then saves', async () => {
    const s = await setUp();
    const staff = await new Agent(ctx.app).loginAs(ctx.services, s.actors.admin.userId!);
    const path = `/staff/${s.tenant.slug}/profiles/indicators/${s.kita.id}/edit`;
    const list = await (await staff.get(`/staff/${s.tenant.slug}/profiles/indicators`)).text();
    expect(list).toContain(`href="${path}"`);
    expect(await (await staff.get(path)).text()).toContain('value="Kitaplätze"');
    const form = {
      nameDe: '',
      nameEn: 'Childcare places',
      unit: 'count',
      direction: 'higher_better',
      aggregation: 'weighted',
      weightIndicatorKey: '',
      source: 'Jugendamt Mitte',
      licence: 'x'.repeat(201),
      description: 'Genehmigte Plätze',
      published: 'on',
    };
    const bad = await staff.post(path, form, { csrfFrom: path });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Childcare places"');
    expect(html).toContain('value="Jugendamt Mitte"');
    expect(html).toContain('Genehmigte Plätze</textarea>');
    expect(html).toMatch(/<option value="weighted" selected/);
    expect(html).toContain('id="nameDe-error"');
    expect(html).toContain('id="licence-error"');
    expect(html).toContain('nach dem gewichtet wird');
    const good = await staff.post(
      path,
      { ...form, nameDe: 'Kitaplätze je Bezirksregion', aggregation: 'sum', licence: 'CC BY 4.0' },
      { csrfFrom: path },
    );
    expect(good.status).toBe(303);
    expect(await getIndicatorByKey(db(), s.tenant.id, 'kita')).toMatchObject({
      nameDe: 'Kitaplätze je Bezirksregion',
      aggregation: 'sum',
      licence: 'CC BY 4.0',
      published: true,
    });
    expect(await (await staff.get(good.headers.get('location')!)).text()).toContain(
      'Der Indikator wurde gespeichert.',
    );
  });

  it('is not offered to a team member', async () => {
    const s = await setUp();
    const team = await new Agent(ctx.app).loginAs(ctx.services, s.actors.team.userId!);
    expect((await team.get(`/staff/${s.tenant.slug}/profiles/indicators/${s.kita.id}/edit`)).status).toBe(
      403,
    );
  });
});
