/**
 * The figures contract (manifest `figures`): every module's figures are well-formed, labelled in
 * German and English, and count what they say — checked on one of each entity from the modules'
 * test factories (one confirmed two-hour booking, one published event with one confirmed place, one
 * concern, one contact, one organisation, one active subscriber, one council meeting held with one
 * carried vote), for the whole tenant, for the tenant's area, for another area and for a period that
 * holds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { newId } from '../src/platform/db/index.ts';
import type { FigureQuery, TestParams } from '../src/platform/modules.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let params: TestParams;
const figures = () => MODULES.flatMap((m) => (m.figures ?? []).map((f) => ({ module: m, f })));

beforeAll(async () => {
  ctx = await createTestContext();
  const t = await makeTenant(ctx.services);
  tenant = { id: t.id, slug: t.slug };
  const admin = await makeUser(ctx.services, { tenantId: t.id, role: 'admin' });
  params = {};
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant,
      marker: 'Figures',
      userId: admin.id,
      params,
    });
    for (const [k, v] of Object.entries(made)) params[k] = [...(params[k] ?? []), ...v];
  }
});
afterAll(() => ctx?.close());

const DAY = 86_400_000;
const values = async (q: FigureQuery) => {
  const out: Record<string, number> = {};
  for (const { f } of figures()) out[f.key] = await f.compute(ctx.services, tenant.id, q);
  return out;
};

describe('figures', () => {
  it('have unique keys named after their module, and labels in German and English', () => {
    const keys = figures().map(({ f }) => f.key);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { module, f } of figures()) {
      expect(f.key.startsWith(`${module.name}.`), f.key).toBe(true);
      const [ns, ...path] = f.label.split(':')[1]
        ? [f.label.split(':')[0], ...f.label.split(':')[1].split('.')]
        : [];
      expect(ns, f.label).toBe(module.name);
      for (const lang of ['de', 'en'] as const) {
        let node: unknown = module.i18n[lang];
        for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
        expect(typeof node, `${f.label} in ${lang}`).toBe('string');
      }
    }
  });

  it('count one of each entity for the whole tenant and for its area, nothing for another area', async () => {
    const period = { from: new Date(Date.now() - DAY), to: new Date(Date.now() + 60 * DAY) };
    const expected = {
      'houses.bookings': 1,
      'houses.booked_hours': 2,
      'houses.groups': 1,
      'events.published': 1,
      'events.attendance': 0,
      'events.registered_places': 1,
      'network.concerns': 1,
      'network.contacts': 1,
      'network.organisations': 1,
      'newsletters.subscribers': 0,
      'councils.meetings': 1,
      'councils.resolutions': 1,
      'funds.applications': 2,
      'funds.granted': 1,
      'funds.refused': 1,
      'funds.granted_amount': 100_000,
      'help.services': 1,
      'help.servicesChecked': 1,
      'help.searches': 0,
      'help.searchesWithoutResult': 0,
      'coordination.needs': 1,
      'coordination.answers': 1,
      // The factory's adopted plan: one running measure, one goal with a value measured today.
      'coordination.measuresPlanned': 0,
      'coordination.measuresRunning': 1,
      'coordination.measuresDone': 0,
      'coordination.measuresDropped': 0,
      'coordination.goalsWithProgress': 1,
      // A need and a call for a project (a need of kind call), both in the area.
      'volunteering.needs': 2,
      'volunteering.offers': 1,
      'volunteering.matches': 0,
      'volunteering.hours': 1.5,
      // One activity of the team today in the area, with four participants.
      'impact.activities': 1,
      'impact.participants': 4,
    };
    const whole = await values({ areaIds: null, ...period });
    // The subscriber in the factory follows the whole tenant (no area): it counts for the tenant only.
    // So do the help service without a place and the searches (a search names no area).
    expect(whole).toEqual({
      ...expected,
      'newsletters.subscribers': 1,
      'help.services': 2,
      'help.servicesChecked': 2,
      'help.searches': 1,
    });
    const area = params['areas/:id'][0].value;
    expect(await values({ areaIds: [area], ...period })).toEqual(expected);
    const zero = Object.fromEntries(Object.keys(expected).map((k) => [k, 0]));
    expect(await values({ areaIds: [newId()], ...period })).toEqual(zero);
    expect(await values({ areaIds: [], ...period })).toEqual(zero);
  });

  it('leave out what lies outside the period (flows) and what came later (stocks)', async () => {
    const before = { from: new Date(Date.now() - 400 * DAY), to: new Date(Date.now() - 300 * DAY) };
    const got = await values({ areaIds: null, ...before });
    for (const [k, v] of Object.entries(got)) expect(v, k).toBe(0);
  });
});
