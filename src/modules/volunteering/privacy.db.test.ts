/**
 * A volunteer's data (both engines): erased through the privacy hook or their own link so that no
 * name, address or phone stays while the figures keep their counts; deleted after months without
 * activity only after a warning mail and 30 more days, unless the volunteer came back in between;
 * unconfirmed offers go after 7 days; the hook refuses a team member.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { hours, volunteers } from './db/schema.ts';
import { volunteeringFigures } from './figures.ts';
import { volunteeringFixture } from './testing/fixture.ts';
import { recordHoursByToken } from './use-cases/hours.ts';
import { answerByToken, confirmMatch, proposeMatch } from './use-cases/matches.ts';
import { volunteeringPrivacy } from './use-cases/privacy.ts';
import { deleteByToken, exportByToken, offerHelp, volunteerByToken } from './use-cases/volunteers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;
const DAY = 86_400_000;

async function rowOf(tenantId: string, id: string) {
  const [row] = await db()
    .select()
    .from(volunteers)
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, id)));
  return row;
}

/** A volunteer with a confirmed match and 2 confirmed hours. */
async function engaged(f: Awaited<ReturnType<typeof volunteeringFixture>>) {
  const need = await f.need();
  const v = await f.volunteer();
  const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id);
  await answerByToken(db(), f.tenant.id, v.token, m.id, 'accept');
  await confirmMatch(f.actors.teamA, db(), m.id);
  await recordHoursByToken(db(), f.tenant.id, v.token, m.id, {
    day: todayLocal(),
    hours: 2,
    note: 'mit Vera',
  });
  return { ...v, needId: need.id };
}

describe('erasure', () => {
  it('through the privacy hook removes name, address and phone and keeps the counts', async () => {
    const f = await volunteeringFixture(ctx);
    const v = await engaged(f);
    const subject = { email: v.email };
    await expect(volunteeringPrivacy.find(ctx.services, f.actors.teamA, subject)).rejects.toMatchObject({
      status: 403,
    });
    const found = await volunteeringPrivacy.find(ctx.services, f.actors.admin, subject);
    expect(found.map((r) => [r.category, r.count, r.legalBasis])).toEqual([
      ['volunteering.volunteers', 1, ['consent']],
    ]);
    const exported = await volunteeringPrivacy.export(ctx.services, f.actors.admin, subject);
    expect(JSON.stringify(exported)).toContain(v.email);
    expect(JSON.stringify(exported)).toContain('Lesepatenschaft');
    const q = { areaIds: [f.qmA], from: new Date(Date.now() - 2 * DAY), to: new Date(Date.now() + 2 * DAY) };
    const figure = (key: string) =>
      volunteeringFigures.find((x) => x.key === key)!.compute(ctx.services, f.tenant.id, q);
    const before = {
      offers: await figure('volunteering.offers'),
      matches: await figure('volunteering.matches'),
      hours: await figure('volunteering.hours'),
    };
    const r = await volunteeringPrivacy.erase(ctx.services, f.actors.admin, subject);
    expect(r.details).toEqual({ 'volunteering.volunteers': 1 });
    const row = await rowOf(f.tenant.id, v.id);
    const text = JSON.stringify(row);
    for (const needle of [v.email, 'Vera', '5550123']) expect(text).not.toContain(needle);
    expect(row.tokenHash).toBeNull();
    const hs = await db()
      .select()
      .from(hours)
      .where(and(ofTenant(hours, f.tenant.id), eq(hours.volunteerId, v.id)));
    expect(hs.map((h) => h.note)).toEqual(['']);
    expect({
      offers: await figure('volunteering.offers'),
      matches: await figure('volunteering.matches'),
      hours: await figure('volunteering.hours'),
    }).toEqual(before);
    expect(await volunteeringPrivacy.find(ctx.services, f.actors.admin, subject)).toEqual([]);
    // The link no longer opens anything.
    await expect(volunteerByToken(db(), f.tenant.id, v.token)).rejects.toMatchObject({ status: 404 });
  });

  it('through the volunteer’s own link, after an export of everything kept', async () => {
    const f = await volunteeringFixture(ctx);
    const v = await engaged(f);
    const mine = await exportByToken(db(), f.tenant.id, v.token);
    expect(mine.offer.email).toBe(v.email);
    expect(mine.consent.legalBasis).toBe('consent');
    expect(mine.hours.map((h) => h.minutes)).toEqual([120]);
    await deleteByToken(db(), f.tenant.id, v.token);
    expect((await rowOf(f.tenant.id, v.id)).email).toBe('');
    await expect(exportByToken(db(), f.tenant.id, v.token)).rejects.toMatchObject({ status: 404 });
  });
});

describe('retention', () => {
  it('warns after the months without activity, erases 30 days later, and a visit in between keeps the entry', async () => {
    const f = await volunteeringFixture(ctx);
    const gone = await f.volunteer();
    const back = await f.volunteer();
    const now = Date.now();
    const longAgo = new Date(now - 25 * 30.5 * DAY);
    for (const id of [gone.id, back.id])
      await db()
        .update(volunteers)
        .set({ lastActiveAt: longAgo })
        .where(and(ofTenant(volunteers, f.tenant.id), eq(volunteers.id, id)));
    const run = (at: number) => volunteeringPrivacy.retention!(ctx.services, f.tenant.id, new Date(at));
    await run(now);
    expect((await f.mailsTo(gone.email)).some((m) => m.text.includes('24'))).toBe(true);
    expect((await rowOf(f.tenant.id, gone.id)).retentionWarnedAt).not.toBeNull();
    // Not yet erased within the 30 days.
    await run(now + 10 * DAY);
    expect((await rowOf(f.tenant.id, gone.id)).email).toBe(gone.email);
    // The other one opens their link: the warning is cleared.
    await volunteerByToken(db(), f.tenant.id, back.token, new Date(now + 11 * DAY));
    const r = await run(now + 31 * DAY);
    expect(r.erased).toBeGreaterThanOrEqual(1);
    expect((await rowOf(f.tenant.id, gone.id)).email).toBe('');
    expect((await rowOf(f.tenant.id, gone.id)).erasedAt).not.toBeNull();
    expect((await rowOf(f.tenant.id, back.id)).email).toBe(back.email);
  });

  it('deletes an offer whose address was never confirmed after 7 days', async () => {
    const f = await volunteeringFixture(ctx);
    const { volunteer } = await offerHelp(
      db(),
      f.tenant.id,
      { name: 'Nie Bestätigt', email: `nie-${f.tenant.slug}@example.org`, areaIds: [f.qmA], consent: true },
      { linkOf: () => '' },
    );
    await volunteeringPrivacy.retention!(ctx.services, f.tenant.id, new Date(Date.now() + 3 * DAY));
    expect(await rowOf(f.tenant.id, volunteer.id)).toBeDefined();
    await volunteeringPrivacy.retention!(ctx.services, f.tenant.id, new Date(Date.now() + 8 * DAY));
    expect(await rowOf(f.tenant.id, volunteer.id)).toBeUndefined();
  });
});
