/**
 * Activities, the dashboard and the annual report against a data set whose answers are known: in
 * area A two activities this year (5 and 7 participants) and one last year (4), in area B one this
 * year (3); A and B lie in district D. A member of area B is refused A's figures, an area member the
 * tenant's; a finalised report keeps its figures when records change later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import type { FigureDefinition, ModuleManifest } from '../../platform/modules.ts';
import { todayLocal } from '../../platform/time/index.ts';
import {
  Agent,
  actorOfUser,
  createTestContext,
  makeTenant,
  makeUser,
  type TestContext,
} from '../../test/kit.ts';
import { pdfText } from '../../test/pdf.ts';
import { getAreaByKey, upsertAreas } from '../areas/index.ts';
import { importIndicatorFile, listIndicators, updateIndicator } from '../profiles/index.ts';
import { yearPeriod } from './domain/period.ts';
import { createActivity, deleteActivity, listActivitiesFor, updateActivity } from './use-cases/activities.ts';
import { areasSideBySide, dashboardFor } from './use-cases/dashboard.ts';
import { finaliseReport, openReport, reopenReport, reportFor, saveReportTexts } from './use-cases/reports.ts';

let ctx: TestContext;
let services: Services;
let tenant: { id: string; slug: string };
let sys: Actor;
let teamA: Actor;
let teamB: Actor;
const ids = { district: '', a: '', b: '', adminId: '', teamBId: '', teamAId: '' };
const today = todayLocal();
const year = Number(today.slice(0, 4));

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  return 'not refused';
};
const row = (rows: { key: string }[], key: string) => rows.find((r) => r.key === key);

beforeAll(async () => {
  ctx = await createTestContext();
  services = ctx.services;
  const t = await makeTenant(services);
  tenant = { id: t.id, slug: t.slug };
  sys = systemActor(t.id);
  await upsertAreas(services.db, t.id, 'district', [{ kind: 'district', key: 'D', name: 'Bezirk D' }]);
  ids.district = (await getAreaByKey(services.db, t.id, 'district', 'D'))!.id;
  const qm = await upsertAreas(services.db, t.id, 'programme', [
    { kind: 'programme', key: 'A', name: 'Quartier A', parentId: ids.district },
    { kind: 'programme', key: 'B', name: 'Quartier B', parentId: ids.district },
  ]);
  ids.a = qm.ids.get('A')!;
  ids.b = qm.ids.get('B')!;
  const admin = await makeUser(services, { tenantId: t.id, role: 'admin' });
  const a = await makeUser(services, { tenantId: t.id, role: 'team', scopeAreaId: ids.a });
  const b = await makeUser(services, { tenantId: t.id, role: 'team', scopeAreaId: ids.b });
  ids.adminId = admin.id;
  ids.teamAId = a.id;
  ids.teamBId = b.id;
  teamA = await actorOfUser(ctx, t.id, a.id);
  teamB = await actorOfUser(ctx, t.id, b.id);
  const add = (areaId: string, heldOn: string, participants: number, actor: Actor = sys) =>
    createActivity(actor, services.db, {
      title: `Runder Tisch ${participants}`,
      heldOn,
      areaId,
      participants,
    });
  await add(ids.a, today, 5, teamA);
  await add(ids.a, `${year}-01-01`, 7);
  await add(ids.a, `${year - 1}-06-15`, 4);
  await add(ids.b, today, 3, teamB);
});
afterAll(() => ctx?.close());

describe('activities', () => {
  it('are listed in the member’s areas only, and changed or deleted only there', async () => {
    expect((await listActivitiesFor(teamA, services.db)).map((x) => x.participants).sort()).toEqual([
      4, 5, 7,
    ]);
    expect((await listActivitiesFor(teamB, services.db)).map((x) => x.participants)).toEqual([3]);
    const [ofA] = await listActivitiesFor(teamA, services.db);
    const err = await refusal(
      updateActivity(teamB, services.db, ofA.id, { title: 'x', heldOn: today, areaId: ids.b }),
    );
    expect((err as AppError).status).toBe(404);
    expect((await refusal(deleteActivity(teamB, services.db, ofA.id))) as AppError).toMatchObject({
      status: 404,
    });
    // Recording into another area is refused before anything is written.
    const intoA = await refusal(
      createActivity(teamB, services.db, { title: 'x', heldOn: today, areaId: ids.a }),
    );
    expect((intoA as AppError).status).toBe(403);
    expect((await listActivitiesFor(sys, services.db)).length).toBe(4);
  });

  it('refuse bad input with a message per field', async () => {
    const err = await refusal(
      createActivity(teamA, services.db, {
        title: '',
        heldOn: '2026-02-30',
        areaId: ids.a,
        participants: -1,
      }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys((err as ValidationError).fields).sort()).toEqual(['heldOn', 'participants', 'title']);
  });

  it('move between areas and disappear from the figures when deleted', async () => {
    const x = await createActivity(teamA, services.db, {
      title: 'Kurz',
      heldOn: today,
      areaId: ids.a,
      participants: 100,
    });
    const moved = await updateActivity(sys, services.db, x.id, {
      title: 'Kurz',
      heldOn: today,
      areaId: ids.b,
      participants: 100,
    });
    expect(moved.areaIds).toEqual(expect.arrayContaining([ids.b, ids.district]));
    await deleteActivity(sys, services.db, x.id);
    const d = await dashboardFor(sys, services, { areaId: ids.b, period: yearPeriod(year) });
    expect(row(d.rows, 'impact.participants')).toMatchObject({ current: 3 });
  });
});

describe('dashboard', () => {
  it('shows every module’s figures for an area against the year before', async () => {
    const d = await dashboardFor(teamA, services, { areaId: ids.a, period: yearPeriod(year) });
    expect(d.area?.name).toBe('Quartier A');
    expect(d.previous).toEqual(yearPeriod(year - 1));
    expect(row(d.rows, 'impact.activities')).toMatchObject({
      current: 2,
      previous: 1,
      delta: 1,
      percent: 100,
    });
    expect(row(d.rows, 'impact.participants')).toMatchObject({
      current: 12,
      previous: 4,
      delta: 8,
      percent: 200,
    });
    const all = services.modules.flatMap((m) => m.figures ?? []).map((f) => f.key);
    expect(d.rows.map((r) => r.key)).toEqual(all);
    expect(all).toContain('events.published');
  });

  it('a district includes its areas, the tenant everything', async () => {
    const district = await dashboardFor(sys, services, { areaId: ids.district, period: yearPeriod(year) });
    expect(row(district.rows, 'impact.activities')).toMatchObject({ current: 3, previous: 1 });
    expect(row(district.rows, 'impact.participants')).toMatchObject({ current: 15, previous: 4 });
    const whole = await dashboardFor(sys, services, { areaId: null, period: yearPeriod(year) });
    expect(row(whole.rows, 'impact.participants')).toMatchObject({ current: 15, previous: 4 });
  });

  it('refuses another area’s figures (404) and the tenant’s to an area member (403)', async () => {
    const err = await refusal(dashboardFor(teamB, services, { areaId: ids.a, period: yearPeriod(year) }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
    const whole = await refusal(dashboardFor(teamA, services, { areaId: null, period: yearPeriod(year) }));
    expect((whole as AppError).status).toBe(403);
    const side = await refusal(
      areasSideBySide(teamB, services, { parentId: ids.a, period: yearPeriod(year) }),
    );
    expect((side as AppError).status).toBe(404);
  });

  it('areas side by side: a row per area, the total as each figure combines', async () => {
    const s = await areasSideBySide(sys, services, { parentId: ids.district, period: yearPeriod(year) });
    expect(s.areas.map((a) => a.name)).toEqual(['Quartier A', 'Quartier B']);
    const i = s.figures.findIndex((f) => f.key === 'impact.participants');
    expect(s.areas.map((a) => a.values[i])).toEqual([12, 3]);
    expect(s.total[i]).toBe(15);
    // A member of area B sees only their area.
    const mine = await areasSideBySide(teamB, services, { parentId: null, period: yearPeriod(year) });
    expect(mine.areas.map((a) => a.name)).toEqual(['Quartier B']);
  });

  it('adds up a sum figure over areas and asks a recompute figure again for the union', async () => {
    // One person active in both areas: counted in each area, once for both.
    const once: FigureDefinition = {
      key: 'fake.people',
      label: 'fake:people',
      unit: 'people',
      areas: 'recompute',
      time: 'sum',
      compute: async (_s, _t, q) => (q.areaIds === null || q.areaIds.length > 0 ? 1 : 0),
    };
    const fake: ModuleManifest = {
      name: 'fake',
      i18n: {},
      figures: [once, { ...once, key: 'fake.sum', areas: 'sum' }],
    };
    const s = await areasSideBySide(
      sys,
      { ...services, modules: [fake] },
      {
        parentId: ids.district,
        period: yearPeriod(year),
      },
    );
    expect(s.areas.map((a) => a.values)).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(s.total).toEqual([1, 2]);
  });
});

describe('annual report', () => {
  it('a year from its quarters as each figure’s time says', async () => {
    const byMonth = (time: FigureDefinition['time'], key: string): FigureDefinition => ({
      key,
      label: 'fake:x',
      unit: 'count',
      areas: 'sum',
      time,
      // The month the period starts in: quarters give 1, 4, 7, 10; the whole year 1.
      compute: async (_s, _t, q) => Number(todayLocal(q.from).slice(5, 7)),
    });
    const fake: ModuleManifest = {
      name: 'fake',
      i18n: {},
      figures: [
        byMonth('sum', 'fake.flow'),
        byMonth('last', 'fake.stock'),
        byMonth('recompute', 'fake.again'),
      ],
    };
    const r = await openReport(sys, services.db, { areaId: ids.b, year: year - 1 });
    const v = await reportFor(sys, { ...services, modules: [fake] }, r.id);
    expect(v.figures.map((f) => [f.key, f.quarters, f.current])).toEqual([
      ['fake.flow', [1, 4, 7, 10], 22],
      ['fake.stock', [1, 4, 7, 10], 10],
      ['fake.again', [1, 4, 7, 10], 1],
    ]);
  });

  it('keeps its figures once finalised; texts change only after reopening', async () => {
    const r = await openReport(teamA, services.db, { areaId: ids.a, year });
    expect((await openReport(teamA, services.db, { areaId: ids.a, year })).id).toBe(r.id);
    await saveReportTexts(teamA, services.db, r.id, { situation: 'Viel los', outlook: 'Mehr davon' });
    // Finalising is for coordinators and administrators.
    expect(((await refusal(finaliseReport(teamA, services, r.id))) as AppError).status).toBe(403);
    await finaliseReport(sys, services, r.id);
    await createActivity(sys, services.db, {
      title: 'Später',
      heldOn: today,
      areaId: ids.a,
      participants: 20,
    });
    const kept = await reportFor(teamA, services, r.id);
    expect(kept.final).toBe(true);
    expect(kept.texts.situation).toBe('Viel los');
    expect(row(kept.figures, 'impact.activities')).toMatchObject({ current: 2, previous: 1 });
    expect(row(kept.figures, 'impact.participants')).toMatchObject({ current: 12, previous: 4 });
    expect(await refusal(saveReportTexts(teamA, services.db, r.id, { situation: 'neu' }))).toBeInstanceOf(
      ValidationError,
    );
    // Another area's team does not see it.
    expect(((await refusal(reportFor(teamB, services, r.id))) as AppError).status).toBe(404);
    await reopenReport(sys, services.db, r.id);
    const live = await reportFor(teamA, services, r.id);
    expect(live.final).toBe(false);
    expect(row(live.figures, 'impact.participants')).toMatchObject({ current: 32 });
  });
});

describe('screens, downloads and API', () => {
  it('the dashboard page: chart with title and description, table, CSV; another area is 404', async () => {
    const admin = await new Agent(ctx.app).loginAs(services, ids.adminId);
    const base = `/staff/${tenant.slug}/impact`;
    const page = await admin.get(`${base}?area=${ids.district}&period=year&year=${year}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"/);
    expect(html).toContain('<title');
    expect(html).toContain('<desc');
    expect(html).toContain('Bezirk D');
    const csv = await (
      await admin.get(`${base}/dashboard.csv?area=${ids.district}&period=year&year=${year}`)
    ).text();
    expect(csv).toContain(`impact.participants;Teilnehmende an Aktivitäten des Teams;Aktivitäten;Personen;`);
    expect(
      csv
        .split('\r\n')
        .find((l) => l.startsWith('impact.participants;'))!
        .split(';')
        .slice(4),
    ).toEqual([String(15 + 20), '4', String(11 + 20), '775']);
    const bad = await admin.get(`${base}?period=month&month=2026-13`);
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('JJJJ-MM');
    const b = await new Agent(ctx.app).loginAs(services, ids.teamBId);
    expect((await b.get(`${base}?area=${ids.a}`)).status).toBe(404);
    expect((await b.get(`${base}/dashboard.csv?area=${ids.a}`)).status).toBe(404);
    expect((await b.get(`${base}/areas?period=quarter`)).status).toBe(200);
  });

  it('the activity form gives every value back with its messages, then saves', async () => {
    const a = await new Agent(ctx.app).loginAs(services, ids.teamAId);
    const path = `/staff/${tenant.slug}/impact/activities/new`;
    const bad = await a.post(
      path,
      { title: '', heldOn: today, areaId: ids.a, participants: '-2', partners: 'Kita Nord' },
      { csrfFrom: path },
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Kita Nord"');
    expect(html).toContain('value="-2"');
    const good = await a.post(
      path,
      { title: 'Hoffest', heldOn: today, areaId: ids.a, participants: '30' },
      { csrfFrom: path },
    );
    expect(good.status).toBe(303);
    expect(
      (await listActivitiesFor(teamA, services.db)).some(
        (x) => x.title === 'Hoffest' && x.participants === 30,
      ),
    ).toBe(true);
  });

  it('the report as PDF (tagged) and CSV; the KPIs as JSON from the API', async () => {
    const admin = await new Agent(ctx.app).loginAs(services, ids.adminId);
    const r = await openReport(sys, services.db, { areaId: ids.b, year });
    const pdf = await admin.get(`/staff/${tenant.slug}/impact/reports/${r.id}/report.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(bytes.startsWith('%PDF')).toBe(true);
    expect(bytes).toContain('/StructTreeRoot');
    expect(bytes).toContain('/MarkInfo');
    const csv = await (await admin.get(`/staff/${tenant.slug}/impact/reports/${r.id}/report.csv`)).text();
    expect(csv.split('\r\n').find((l) => l.startsWith('impact.activities;'))).toMatch(/;1;0;1;$/);
    const api = await admin.get(
      `/api/v1/tenants/${tenant.slug}/impact/kpis?area=${ids.b}&period=year&year=${year}`,
    );
    expect(api.status).toBe(200);
    const body = (await api.json()) as {
      period: { from: string; to: string };
      figures: { key: string; current: number }[];
    };
    expect(body.period).toMatchObject({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect(row(body.figures, 'impact.participants')).toMatchObject({ current: 3 });
    const refused = await (await new Agent(ctx.app).loginAs(services, ids.teamBId)).get(
      `/api/v1/tenants/${tenant.slug}/impact/kpis`,
    );
    expect(refused.status).toBe(403);
  });
});

describe("the area's statistics in the annual report", () => {
  it('lists each published indicator with its latest value up to the year and the one before, with source', async () => {
    const admin = await new Agent(ctx.app).loginAs(services, ids.adminId);
    const table = [
      'Gebiet;Indikator;Jahr;Wert',
      `Quartier B;kita;${year - 3};10`,
      `Quartier B;kita;${year - 1};12,5`,
      `Quartier B;kita;${year + 1};99`,
    ].join('\r\n');
    await importIndicatorFile(sys, services.db, {
      fileName: 'kita.csv',
      bytes: new TextEncoder().encode(table),
    });
    const id = (await listIndicators(services.db, tenant.id)).find((i) => i.key === 'kita')!.id;
    const definition = {
      nameDe: 'Kitaplätze',
      unit: 'count' as const,
      direction: 'higher_better' as const,
      aggregation: 'none' as const,
      source: 'Jugendamt D',
      licence: 'CC BY 4.0',
    };
    const r = await openReport(sys, services.db, { areaId: ids.b, year });
    // Not yet published: not in the report.
    await updateIndicator(sys, services.db, id, { ...definition, published: false });
    expect((await reportFor(sys, services, r.id)).statistics).toEqual([]);
    await updateIndicator(sys, services.db, id, { ...definition, published: true });
    expect((await reportFor(sys, services, r.id)).statistics).toEqual([
      expect.objectContaining({
        nameDe: 'Kitaplätze',
        source: 'Jugendamt D',
        latest: { period: String(year - 1), value: 12.5 },
        previous: { period: String(year - 3), value: 10 },
      }),
    ]);
    // The report's screen shows the same table the PDF prints.
    const screen = await (await admin.get(`/staff/${tenant.slug}/impact/reports/${r.id}`)).text();
    expect(screen).toContain('Statistik des Gebiets');
    expect(screen).toContain(`12,5 (${year - 1})`);
    expect(screen).toContain(`10 (${year - 3})`);
    const pdf = await admin.get(`/staff/${tenant.slug}/impact/reports/${r.id}/report.pdf`);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Statistik des Gebiets');
    expect(text).toContain('Kitaplätze (Anzahl)');
    expect(text).toContain(`12,5 (${year - 1})`);
    expect(text).toContain(`10 (${year - 3})`);
    expect(text).toContain('Jugendamt D · CC BY 4.0');
    // A value after the report's year is not in it.
    expect(text).not.toContain(`(${year + 1})`);
    // Another area's report has no statistics of B.
    const ra = await openReport(sys, services.db, { areaId: ids.a, year });
    expect((await reportFor(sys, services, ra.id)).statistics).toEqual([]);

    // The area's dashboard shows the same statistics beside its activity figures, up to the period.
    const board = await (
      await admin.get(`/staff/${tenant.slug}/impact?area=${ids.b}&period=year&year=${year}`)
    ).text();
    expect(board).toContain('Statistik des Gebiets');
    expect(board).toContain(`12,5 (${year - 1})`);
    expect(board).not.toContain(`(${year + 1})`);
    const tenantBoard = await (await admin.get(`/staff/${tenant.slug}/impact`)).text();
    expect(tenantBoard).not.toContain('Statistik des Gebiets');
  });
});

// Last in the file: it adds many activities, which would change the figures above.
describe('the activities list', () => {
  it('is paged by 50 and leaves none out', async () => {
    for (let i = 0; i < 50; i++)
      await createActivity(sys, services.db, {
        title: `Nachbarschaftscafé ${i}`,
        heldOn: today,
        areaId: ids.a,
      });
    const all = await listActivitiesFor(sys, services.db, { limit: 500 });
    expect(all.length).toBeGreaterThan(50);
    const admin = await new Agent(ctx.app).loginAs(services, ids.adminId);
    const ids_ = (html: string) => [...html.matchAll(/\/activities\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await (await admin.get(`/staff/${tenant.slug}/impact/activities`)).text();
    expect(new Set(ids_(first)).size).toBe(50);
    expect(first).toContain(`/impact/activities?page=2`);
    const second = await (await admin.get(`/staff/${tenant.slug}/impact/activities?page=2`)).text();
    expect(new Set([...ids_(first), ...ids_(second)]).size).toBe(all.length);
  });
});
