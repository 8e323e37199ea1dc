/**
 * The Prüfsteine self-assessment (COORD-5), both engines: district coordination rates a Prüfstein for
 * a year with a comment and evidence (pages of this tenant in Quartier only — other websites and other
 * tenants refused at the field); bad input is named at its field and nothing is written; the trend
 * against the latest earlier rating; everyone who reads coordination reads it, only district
 * coordination rates; every rating is audited.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { pruefsteinRatings } from './db/resources.ts';
import { PRUEFSTEINE } from './domain/pruefsteine.ts';
import { assessmentFor, ratePruefstein } from './index.ts';
import { coordinationFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;
const year = Number(todayLocal().slice(0, 4));
const BASE = 'https://quartier.example.org';

async function ratingsOf(tenantId: string) {
  return db().select().from(pruefsteinRatings).where(ofTenant(pruefsteinRatings, tenantId));
}

describe('the Prüfsteine self-assessment', () => {
  it('names bad input at its field and writes nothing: the rating, and evidence that is no page of this district', async () => {
    const f = await coordinationFixture(ctx);
    const site = { slug: f.tenant.slug, baseUrl: BASE };
    const refuse = async (input: Parameters<typeof ratePruefstein>[4]) => {
      const err = await ratePruefstein(f.actors.coordinator, db(), year, 1, input, site).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).fields;
    };
    expect(await refuse({ rating: 7 } as never)).toEqual({
      rating: 'validation.numberRange|{"min":0,"max":4,"field":"coordination:pruefstein.rating"}',
    });
    expect(Object.keys(await refuse({} as never))).toEqual(['rating']);
    expect(
      await refuse({
        rating: 3,
        evidence: [
          { label: 'Fremde Seite', link: 'https://example.org/staff/x' },
          { label: 'Anderer Bezirk', link: '/staff/anderer-bezirk/coordination' },
          { label: 'Skript', link: 'javascript:alert(1)' },
          { label: 'Ohne Adresse', link: '' },
          { label: '', link: `/staff/${f.tenant.slug}/coordination` },
          { label: '', link: '' },
          { label: 'Nach oben', link: `/staff/${f.tenant.slug}/../other/staff` },
          { label: 'Ohne Schrägstrich', link: 'coordination/needs' },
        ],
      }),
    ).toEqual({
      'evidence.0.link': 'coordination:pruefstein.errors.external',
      'evidence.1.link': 'coordination:pruefstein.errors.otherTenant',
      'evidence.2.link': 'coordination:pruefstein.errors.external',
      'evidence.3.link': 'validation.required',
      'evidence.4.label': 'validation.required',
      'evidence.6.link': 'coordination:pruefstein.errors.path',
      'evidence.7.link': 'coordination:pruefstein.errors.path',
    });
    // The year must be one that can be assessed; the Prüfstein one of the ten.
    await expect(
      ratePruefstein(f.actors.coordinator, db(), year + 2, 1, { rating: 1 }, site),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      ratePruefstein(f.actors.coordinator, db(), year, 11, { rating: 1 }, site),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(await ratingsOf(f.tenant.id)).toEqual([]);
  });

  it('keeps evidence as links relative to the district: pasted from the browser or written as a path', async () => {
    const f = await coordinationFixture(ctx);
    const site = { slug: f.tenant.slug, baseUrl: BASE };
    await ratePruefstein(
      f.actors.coordinator,
      db(),
      year,
      9,
      {
        rating: 2,
        comment: 'Regelmittel und Programme liegen erstmals nebeneinander.',
        evidence: [
          {
            label: 'Ressourcen je Gebiet',
            link: `${BASE}/staff/${f.tenant.slug}/coordination/resources?year=${year}`,
          },
          { label: 'Handlungskonzepte', link: `/${f.tenant.slug}/plans` },
          { label: 'Start', link: `/staff/${f.tenant.slug}` },
        ],
      },
      site,
    );
    const a = await assessmentFor(f.actors.teamA, db(), year);
    const nine = a.items.find((i) => i.pruefstein.number === 9)!;
    expect(nine.rating?.evidence).toEqual([
      { label: 'Ressourcen je Gebiet', scope: 'staff', path: `/coordination/resources?year=${year}` },
      { label: 'Handlungskonzepte', scope: 'public', path: '/plans' },
      { label: 'Start', scope: 'staff', path: '/' },
    ]);
    expect(a.rated).toBe(1);
    expect(a.mayEdit).toBe(false);
  });

  it('shows the trend against the latest earlier rating, and the ratings over the years', async () => {
    const f = await coordinationFixture(ctx);
    const site = { slug: f.tenant.slug, baseUrl: BASE };
    const rate = (y: number, n: number, rating: number) =>
      ratePruefstein(f.actors.coordinator, db(), y, n, { rating }, site);
    await rate(year - 3, 1, 1);
    await rate(year - 1, 1, 3);
    await rate(year, 1, 2);
    await rate(year - 1, 2, 1);
    await rate(year, 2, 3);
    await rate(year - 1, 3, 2);
    await rate(year, 3, 2);
    await rate(year, 4, 4);
    await rate(year - 2, 5, 1);
    // Rating again replaces the year's rating.
    await rate(year, 4, 0);

    const a = await assessmentFor(f.actors.youth, db(), year);
    expect(a.items).toHaveLength(10);
    expect(a.items.map((i) => i.pruefstein.text.de)).toEqual(PRUEFSTEINE.map((p) => p.text.de));
    const trend = Object.fromEntries(a.items.map((i) => [i.pruefstein.number, [i.trend, i.previous]]));
    expect(trend[1]).toEqual(['down', { year: year - 1, rating: 3 }]);
    expect(trend[2]).toEqual(['up', { year: year - 1, rating: 1 }]);
    expect(trend[3]).toEqual(['same', { year: year - 1, rating: 2 }]);
    expect(trend[4]).toEqual(['first', null]);
    expect(trend[5]).toEqual(['unrated', { year: year - 2, rating: 1 }]);
    expect(a.rated).toBe(4);
    expect(a.years).toEqual([year - 3, year - 2, year - 1, year]);
    expect(a.history[1]).toEqual({ [year - 3]: 1, [year - 1]: 3, [year]: 2 });
    expect(a.history[4]).toEqual({ [year]: 0 });
    // A year earlier, the trend is that year's.
    const before = await assessmentFor(f.actors.coordinator, db(), year - 1);
    expect(before.items[0].trend).toBe('up');
    expect(before.items[0].previous).toEqual({ year: year - 3, rating: 1 });

    // Every rating audited, with the rating before when it was changed.
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, f.tenant.id), eq(auditLog.entityType, 'coordination_pruefstein')));
    expect(audits).toHaveLength(10);
    expect(audits.find((e) => e.entityId === `${year}-4` && e.action === 'update')?.details).toMatchObject({
      rating: 0,
      before: 4,
    });
  });

  it('is rated by district coordination only; everyone who reads coordination reads it', async () => {
    const f = await coordinationFixture(ctx);
    const site = { slug: f.tenant.slug, baseUrl: BASE };
    for (const who of [f.actors.teamA, f.actors.youth, f.actors.jury]) {
      const err = await ratePruefstein(who, db(), year, 1, { rating: 2 }, site).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(403);
    }
    expect(await ratingsOf(f.tenant.id)).toEqual([]);
    await expect(assessmentFor(f.actors.jury, db(), year)).rejects.toMatchObject({ status: 403 });
    expect((await assessmentFor(f.actors.teamB, db(), year)).items).toHaveLength(10);
  });
});
