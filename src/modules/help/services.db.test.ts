/**
 * Staff keep the directory (create, change, archive, check, the review flag) with authorization
 * inside the use cases, and residents search it in their own words with filters; search counts
 * hold no words.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { helpSearchCounts } from './db/schema.ts';
import type { OpeningHours } from './domain/hours.ts';
import {
  archiveService,
  createService,
  listServices,
  markServiceChecked,
  searchCounts,
  searchServices,
  updateService,
  updateSituation,
} from './index.ts';
import type { ServiceInput } from './schemas.ts';
import { helpFixture, POINT_A, POINT_B, POINT_OUT } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
});
afterAll(() => ctx?.close());

const weekdays = (from: string, to: string): OpeningHours => ({
  mode: 'weekly',
  intervals: [1, 2, 3, 4, 5].map((day) => ({ day, from, to })),
  exceptions: [],
  note: '',
});
const at = (p: { lat: number; lon: number }, hours: OpeningHours, stepFree: boolean | null = null) => ({
  ...p,
  street: 'Teststraße',
  houseNumber: '1',
  hours,
  stepFree,
});

// Monday 7 December 2026, 10:00 Berlin.
const MONDAY_10 = new Date('2026-12-07T09:00:00Z');
const SUNDAY_10 = new Date('2026-12-06T09:00:00Z');

describe('staff keep the directory', () => {
  it('a team member creates a service in their area, not in another; archive and check follow the area', async () => {
    const input: ServiceInput = {
      name: 'Mieterberatung Soldiner Kiez',
      topics: ['tenancy'],
      locations: [at(POINT_A, weekdays('09:00', '17:00'))],
    };
    const s = await createService(fx.actors.teamA, ctx.services.db, input);
    expect(s.areaIds).toContain(fx.qmA);
    expect(s.areaIds).toContain(fx.district.id);
    expect(s.locations[0].areaId).toBe(fx.qmA);
    expect(s.topics).toEqual(['tenancy']);
    // Team B may not create it in A, nor change or archive A's service.
    await expect(createService(fx.actors.teamB, ctx.services.db, input)).rejects.toMatchObject({
      status: 403,
    });
    await expect(archiveService(fx.actors.teamB, ctx.services.db, s.id)).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      updateService(fx.actors.teamA, ctx.services.db, s.id, {
        ...input,
        locations: [at(POINT_B, weekdays('09:00', '17:00'))],
      }),
    ).rejects.toMatchObject({ status: 403 });
    // A service with no place belongs to the whole tenant: a team member may not create one.
    await expect(createService(fx.actors.teamA, ctx.services.db, { name: 'Online' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(createService(fx.actors.department, ctx.services.db, input)).rejects.toMatchObject({
      status: 403,
    });
    await expect(createService(fx.actors.jury, ctx.services.db, input)).rejects.toMatchObject({
      status: 403,
    });
    // Another tenant's administrator finds nothing.
    const other = await helpFixture(ctx);
    await expect(markServiceChecked(other.actors.admin, ctx.services.db, s.id)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('flags entries not checked for their review period, and a check clears the flag', async () => {
    const s = await createService(fx.sys, ctx.services.db, {
      name: 'Schuldnerberatung Nord',
      topics: ['debt'],
      reviewMonths: 6,
      locations: [at(POINT_A, weekdays('09:00', '12:00'))],
    });
    const later = new Date(Date.now() + 200 * 86_400_000);
    const flagged = (await listServices(fx.actors.department, ctx.services.db, { now: later })).find(
      (i) => i.id === s.id,
    )!;
    expect(flagged.reviewDue).toBe(true);
    expect(
      (await listServices(fx.actors.department, ctx.services.db)).find((i) => i.id === s.id)!.reviewDue,
    ).toBe(false);
    await markServiceChecked(fx.actors.teamA, ctx.services.db, s.id, later);
    const due = await listServices(fx.actors.teamA, ctx.services.db, { now: later, dueOnly: true });
    expect(due.map((d) => d.id)).not.toContain(s.id);
    await expect(listServices(fx.actors.jury, ctx.services.db)).rejects.toMatchObject({ status: 403 });
  });
});

describe('residents search in their own words', () => {
  let ids: Record<string, string>;
  // A tenant of its own: the services of the tests above would be found too.
  let sx: Awaited<ReturnType<typeof helpFixture>>;
  beforeAll(async () => {
    sx = await helpFixture(ctx);
    const db = ctx.services.db;
    const make = async (name: string, over: Partial<ServiceInput>) =>
      (await createService(sx.sys, db, { name, ...over })).id;
    ids = {
      debt: await make('Schuldnerberatung am Kiez', {
        description: 'Wir helfen bei Inkasso und Pfändung.',
        cost: 'free',
        access: 'walk_in',
        languages: ['Deutsch', 'Türkisch'],
        locations: [at(POINT_A, weekdays('09:00', '17:00'), true)],
      }),
      tenancy: await make('Mieterverein Beratungsstelle', {
        topics: ['tenancy'],
        cost: 'fee',
        access: 'appointment',
        languages: ['Deutsch'],
        locations: [at(POINT_B, weekdays('14:00', '18:00'), false)],
      }),
      family: await make('Schwangerschaftsberatung Nord', {
        topics: ['family'],
        cost: 'free',
        access: 'both',
        languages: ['Deutsch', 'Arabisch'],
        locations: [
          at(POINT_A, weekdays('08:00', '12:00'), true),
          at(POINT_OUT, weekdays('13:00', '16:00'), false),
        ],
      }),
      jobs: await make('Erwerbslosenberatung', {
        topics: ['sgb3', 'sgb2'],
        cost: 'free',
        channels: ['phone'],
      }),
    };
  });
  const names = async (q: string, f: Record<string, unknown> = {}, now = MONDAY_10) =>
    (await searchServices(ctx.services.db, sx.tenant.id, { q, ...f }, now)).hits.map((h) => h.id);

  it('"Ich kann meine Miete nicht bezahlen" finds tenancy help through the life situation', async () => {
    const r = await searchServices(
      ctx.services.db,
      sx.tenant.id,
      { q: 'Ich kann meine Miete nicht bezahlen' },
      MONDAY_10,
    );
    expect(r.situations[0].key).toBe('rent_arrears');
    expect(r.hits.map((h) => h.id)).toContain(ids.tenancy);
    expect(r.hits.map((h) => h.id)).not.toContain(ids.family);
  });
  it('"Schulden" finds the Schuldnerberatung by stem and compound; typos too', async () => {
    expect(await names('Schulden')).toContain(ids.debt);
    expect(await names('Schuldnerberatng')).toContain(ids.debt);
    expect(await names('Ich bekomme ein Kind')).toEqual([ids.family]);
    expect(await names('I lost my job')).toEqual([ids.jobs]);
    expect(await names('Pfändung')).toEqual([ids.debt]);
  });
  it('filters: free, walk-in, language, area, step-free, open now', async () => {
    expect(await names('Beratung', { free: true })).not.toContain(ids.tenancy);
    expect(await names('Beratung', { walkIn: true })).toEqual(expect.arrayContaining([ids.debt, ids.family]));
    expect(await names('Beratung', { walkIn: true })).not.toContain(ids.tenancy);
    expect(await names('Beratung', { language: 'Arabisch' })).toEqual([ids.family]);
    expect(await names('Beratung', { areaId: sx.qmB })).toEqual([ids.tenancy]);
    expect(await names('Beratung', { stepFree: true })).not.toContain(ids.tenancy);
    expect(await names('Beratung', { openNow: true })).toEqual(
      expect.arrayContaining([ids.debt, ids.family]),
    );
    expect(await names('Beratung', { openNow: true })).not.toContain(ids.tenancy); // opens at 14:00
    expect(await names('Beratung', { openNow: true }, SUNDAY_10)).toEqual([]);
    // Open now and step-free must hold at the same place: the family service's step-free place is
    // closed at 13:30, its open place is not step-free.
    expect(
      await names('Schwangerschaft', { openNow: true, stepFree: true }, new Date('2026-12-07T12:30:00Z')),
    ).toEqual([]);
  });
  it('an archived service is not found', async () => {
    const s = await createService(sx.sys, ctx.services.db, {
      name: 'Suchtberatung Archiv',
      topics: ['addiction'],
    });
    expect(await names('Suchtberatung Archiv')).toContain(s.id);
    await archiveService(sx.sys, ctx.services.db, s.id);
    expect(await names('Suchtberatung Archiv')).not.toContain(s.id);
  });
  it('staff edit a life situation and the search follows', async () => {
    expect(await names('Kiezkasse')).toEqual([]);
    await updateSituation(sx.actors.coordinator, ctx.services.db, 'debt', {
      label: 'Ich habe Schulden',
      terms: ['Kiezkasse'],
      topics: ['debt', 'sgb2'],
    });
    expect(await names('Kiezkasse')).toEqual([ids.jobs]);
    await expect(
      updateSituation(sx.actors.teamA, ctx.services.db, 'debt', { label: 'x', terms: [], topics: [] }),
    ).rejects.toMatchObject({ status: 403 });
  });
  it('counts searches per day and life situation, found or not, and stores no words', async () => {
    const t = await helpFixture(ctx);
    await createService(t.sys, ctx.services.db, { name: 'Schuldnerberatung', topics: ['debt'] });
    await searchServices(ctx.services.db, t.tenant.id, { q: 'Schulden' }, MONDAY_10);
    await searchServices(ctx.services.db, t.tenant.id, { q: 'Schulden!' }, MONDAY_10);
    await searchServices(ctx.services.db, t.tenant.id, { q: 'Meine Nachbarin Frau Özdemir' }, MONDAY_10);
    const counts = await searchCounts(ctx.services.db, t.tenant.id, '2026-12-07', '2026-12-07');
    expect(counts).toEqual([
      { day: '2026-12-07', situationKey: '', found: false, count: 1 },
      { day: '2026-12-07', situationKey: 'debt', found: true, count: 2 },
    ]);
    const raw = await ctx.services.db
      .select()
      .from(helpSearchCounts)
      .where(and(ofTenant(helpSearchCounts, t.tenant.id), eq(helpSearchCounts.found, false)));
    expect(JSON.stringify(raw)).not.toMatch(/zdemir|nachbarin/i);
  });
});
