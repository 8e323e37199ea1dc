/**
 * The staff lists of volunteering (both engines): needs and volunteers filtered by what the address
 * says, a page of 50 at a time, and as CSV with everything the filter finds (not only one page).
 * The volunteers' CSV names people: it never carries their contact, only members who read volunteers
 * get it, only for their areas, and every download is audited with the ids it named.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { addDays, formatDate, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { volunteeringFixture } from './testing/fixture.ts';
import { answerByToken, proposeMatch } from './use-cases/matches.ts';
import { setNeedStatus } from './use-cases/needs.ts';

let ctx: TestContext;
let f: Awaited<ReturnType<typeof volunteeringFixture>>;
let juryId = '';
const ids = { gardenB: '', volunteerB: '', olga: '' };
const callDay = addDays(todayLocal(), 30);

const rowsOf = async (res: Response): Promise<string[][]> => {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return parse((await res.text()).replace(/^\uFEFF/, ''), { delimiter: ';' });
};

beforeAll(async () => {
  ctx = await createTestContext();
  f = await volunteeringFixture(ctx);
  const { teamA, teamB } = f.actors;
  // Area A: 52 open needs, 3 closed, one call; area B: one need. More than a page of 50 in A.
  for (let i = 0; i < 55; i++) {
    const need = await f.need({ title: `Lesehilfe ${String(i).padStart(2, '0')}` });
    if (i >= 52) await setNeedStatus(teamA, ctx.services.db, need.id, 'closed');
  }
  await f.need({ kind: 'call', title: '=Kiezputz', startsOn: callDay, skills: ['gardening'] });
  ids.gardenB = (
    await f.need(
      { title: 'Gärtnern im Hof B', areaId: f.qmB, organisation: 'Hofgarten e. V.', skills: ['gardening'] },
      teamB,
    )
  ).id;
  // Volunteers: 53 in A (one of them Olga, who speaks Arabic and cooks), one in B.
  for (let i = 0; i < 52; i++) await f.volunteer({ name: `Vera A${String(i).padStart(2, '0')}` });
  ids.olga = (
    await f.volunteer({
      name: '@Olga Kochlöffel',
      skills: ['cooking'],
      languages: ['ar'],
      organisation: 'Küche für alle',
    })
  ).id;
  const bruno = await f.volunteer({ name: 'Bruno Beet', areaIds: [f.qmB], skills: ['gardening'] });
  ids.volunteerB = bruno.id;
  // Bruno agreed to the garden need: the lists count him.
  const m = await proposeMatch(teamB, ctx.services.db, ids.gardenB, bruno.id);
  await answerByToken(ctx.services.db, f.tenant.id, bruno.token, m.id, 'accept');
  juryId = (await makeUser(ctx.services, { tenantId: f.tenant.id, role: 'jury' })).id;
});
afterAll(() => ctx?.close());

const staff = (path: string) => `/staff/${f.tenant.slug}/volunteering${path}`;
const as = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const needLinks = (html: string) => html.match(/\/volunteering\/needs\/[0-9a-f-]{36}"/g) ?? [];
const volunteerLinks = (html: string) => html.match(/\/volunteering\/volunteers\/[0-9a-f-]{36}"/g) ?? [];

describe('the staff list of needs', () => {
  it('shows 50 a page with the total, and the next page the rest', async () => {
    const a = await as(f.actors.admin.userId!);
    const first = await (await a.get(staff(''))).text();
    expect(first).toContain('57 Einträge');
    expect(needLinks(first)).toHaveLength(50);
    expect(first).toContain(`href="/staff/${f.tenant.slug}/volunteering?page=2"`);
    const second = await (await a.get(staff('?page=2'))).text();
    expect(needLinks(second)).toHaveLength(7);
  });

  it('filters by status, kind, area, skill and words, kept in the address of every page', async () => {
    const a = await as(f.actors.admin.userId!);
    const closed = await (await a.get(staff('?status=closed'))).text();
    expect(closed).toContain('3 Einträge');
    expect(closed).toContain('Lesehilfe 54');
    expect(closed).not.toContain('Lesehilfe 01<');
    expect(closed).toMatch(/<option value="closed" selected=""/);
    const calls = await (await a.get(staff('?kind=call'))).text();
    expect(needLinks(calls)).toHaveLength(1);
    expect(calls).toContain('=Kiezputz');
    const inB = await (await a.get(staff(`?area=${f.qmB}`))).text();
    expect(needLinks(inB)).toHaveLength(1);
    expect(inB).toContain('Gärtnern im Hof B');
    // Who agreed, of how many wanted.
    expect(inB).toContain('1 von 1');
    const gardening = await (await a.get(staff('?skill=gardening'))).text();
    expect(needLinks(gardening)).toHaveLength(2);
    const searched = await (await a.get(staff('?q=hofgarten'))).text();
    expect(needLinks(searched)).toHaveLength(1);
    // Words and a filter together, paged: the next page keeps both.
    const open = await (await a.get(staff('?q=Lesehilfe&status=open'))).text();
    expect(open).toContain('52 Einträge');
    expect(open).toContain(`/volunteering?q=Lesehilfe&amp;status=open&amp;page=2`);
    const open2 = await (await a.get(staff('?q=Lesehilfe&status=open&page=2'))).text();
    expect(needLinks(open2)).toHaveLength(2);
  });

  it('a team member sees only the needs of their area', async () => {
    const html = await (await (await as(f.actors.teamB.userId!)).get(staff(''))).text();
    expect(html).toContain('1 Eintrag');
    expect(html).toContain('Gärtnern im Hof B');
    expect(html).not.toContain('Lesehilfe');
  });

  it('as CSV: every need the filter finds beyond one page, formulas neutralised, only the member’s areas', async () => {
    const a = await as(f.actors.admin.userId!);
    const page = await (await a.get(staff('?status=open'))).text();
    expect(page).toContain(`/volunteering?status=open&amp;format=csv`);
    const rows = await rowsOf(await a.get(staff('?status=open&format=csv')));
    expect(rows[0]).toEqual([
      'Titel',
      'Art',
      'Stand',
      'Gebiet',
      'Einrichtung',
      'Ort',
      'Wann',
      'Gesucht (Personen)',
      'Zugesagt (Personen)',
      'Fähigkeiten',
      'Sprachen',
      'Führungszeugnis nötig',
      'Eingestellt am',
      'Link',
    ]);
    expect(rows.length - 1).toBe(54);
    const call = rows.find((r) => r[0] === "'=Kiezputz")!;
    expect(call.slice(1, 4)).toEqual(['Mitmach-Aktion', 'offen', 'Quartier A']);
    expect(call[6]).toContain(
      formatDate(callDay, 'de', { weekday: undefined, day: '2-digit', month: '2-digit' }),
    );
    const b = rows.find((r) => r[0] === 'Gärtnern im Hof B')!;
    expect(b[3]).toBe('Quartier B');
    expect(b[7]).toBe('1');
    expect(b[8]).toBe('1');
    expect(b[9]).toBe('Gärtnern');
    expect(b[13]).toBe(
      `${ctx.services.config.baseUrl}/staff/${f.tenant.slug}/volunteering/needs/${ids.gardenB}`,
    );
    // No contact of the organisation in the list's export.
    expect(rows.flat().join(' ')).not.toContain('leitung@kita.example.org');
    const teamA = await rowsOf(await (await as(f.actors.teamA.userId!)).get(staff('?format=csv')));
    expect(teamA.length - 1).toBe(56);
    expect(teamA.some((r) => r[0] === 'Gärtnern im Hof B')).toBe(false);
  });
});

describe('the staff list of volunteers', () => {
  it('shows 50 a page (no cap), filtered by words, skill, language, status and area', async () => {
    const a = await as(f.actors.admin.userId!);
    const first = await (await a.get(staff('/volunteers'))).text();
    expect(first).toContain('54 Einträge');
    expect(volunteerLinks(first)).toHaveLength(50);
    const second = await (await a.get(staff('/volunteers?page=2'))).text();
    expect(volunteerLinks(second)).toHaveLength(4);
    const cooks = await (await a.get(staff('/volunteers?skill=cooking&language=ar'))).text();
    expect(volunteerLinks(cooks)).toEqual([`/volunteering/volunteers/${ids.olga}"`]);
    expect(volunteerLinks(await (await a.get(staff('/volunteers?q=k%C3%BCche'))).text())).toHaveLength(1);
    expect(volunteerLinks(await (await a.get(staff(`/volunteers?area=${f.qmB}`))).text())).toEqual([
      `/volunteering/volunteers/${ids.volunteerB}"`,
    ]);
    // The district above both areas finds the volunteers of both.
    const district = await (await a.get(staff(`/volunteers?area=${f.district}`))).text();
    expect(district).toContain('54 Einträge');
    expect(await (await a.get(staff('/volunteers?status=paused'))).text()).toContain(
      'Nichts gefunden. Ändern Sie die Filter.',
    );
    // Nobody's contact in the list.
    expect(first).not.toContain('@example.org');
    expect(first).not.toContain('5550123');
  });

  it('as CSV: everyone the filter finds, without contact, audited with their ids', async () => {
    const a = await as(f.actors.admin.userId!);
    const page = await (await a.get(staff('/volunteers?skill=reading'))).text();
    expect(page).toContain('/volunteering/volunteers?skill=reading&amp;format=csv');
    const rows = await rowsOf(await a.get(staff('/volunteers?format=csv')));
    expect(rows[0]).toEqual([
      'Name',
      'Organisation',
      'Stand',
      'Fähigkeiten',
      'Wochentage',
      'Tageszeiten',
      'Gebiete',
      'Sprachen',
      'Erweitertes Führungszeugnis',
      'Ausgestellt am',
      'Dabei seit',
      'Link',
    ]);
    expect(rows.length - 1).toBe(54);
    const olga = rows.find((r) => r[0] === "'@Olga Kochlöffel")!;
    expect(olga.slice(1, 4)).toEqual(['Küche für alle', 'aktiv', 'Kochen, Backen']);
    expect(olga[6]).toBe('Quartier A');
    expect(olga[7]).toBe('Arabisch');
    expect(olga[8]).toBe('Kein erweitertes Führungszeugnis eingesehen');
    expect(olga[11]).toMatch(new RegExp(`/volunteering/volunteers/${ids.olga}$`));
    const text = rows.flat().join(' ');
    expect(text).not.toContain('@example.org');
    expect(text).not.toContain('5550123');
    const audit = await listAudit(ctx.services.db, f.tenant.id, { entityType: 'volunteering.volunteer' });
    const read = audit.find((e) => (e.details as { view?: string }).view === 'volunteers.csv')!;
    expect(read.actorUserId).toBe(f.actors.admin.userId);
    expect(read.personal).toBe('yes');
    const details = read.details as { count: number; ids: string[] };
    expect(details.count).toBe(54);
    expect(details.ids).toContain(ids.olga);
    const filtered = await rowsOf(await a.get(staff('/volunteers?language=ar&format=csv')));
    expect(filtered.slice(1).map((r) => r[0])).toEqual(["'@Olga Kochlöffel"]);
  });

  it('another area’s team member gets only their own area’s volunteers in the CSV; a jury member none', async () => {
    const rowsB = await rowsOf(await (await as(f.actors.teamB.userId!)).get(staff('/volunteers?format=csv')));
    expect(rowsB.slice(1).map((r) => r[0])).toEqual(['Bruno Beet']);
    // Asking for area A's volunteers by its id finds nothing outside the member's areas.
    const askedA = await rowsOf(
      await (await as(f.actors.teamB.userId!)).get(staff(`/volunteers?area=${f.qmA}&format=csv`)),
    );
    expect(askedA.slice(1).map((r) => r[0])).toEqual(['Bruno Beet']);
    const rowsA = await rowsOf(await (await as(f.actors.teamA.userId!)).get(staff('/volunteers?format=csv')));
    expect(rowsA.length - 1).toBe(53);
    expect(rowsA.some((r) => r[0] === 'Bruno Beet')).toBe(false);
    const jury = await (await as(juryId)).get(staff('/volunteers?format=csv'));
    expect(jury.status).toBe(403);
  });
});
