/**
 * The councils' demo content: a Quartiersrat and an Aktionsfondsjury in the demo area with a year of
 * monthly meetings — each held one with attendance and votes, its minutes approved at the next
 * meeting, the next meetings planned with the approval first — and one circulation vote under way.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { rows } from '../../platform/db/index.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { listBodiesFor, meetingFor } from './index.ts';
import { listMeetings } from './queries.ts';
import { seedDemoCouncils } from './seed-demo.ts';

let ctx: TestContext;
let tenantId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantId = (await makeTenant(ctx.services)).id;
  await upsertAreas(ctx.services.db, tenantId, 'programme', [
    { kind: 'programme', key: 'QM-DEMO-1', name: 'Beispiel-Quartier' },
  ]);
  await seedDemoCouncils(ctx.services, tenantId);
}, 120_000);
afterAll(() => ctx?.close());

describe('demo councils', () => {
  it('a Quartiersrat and an Aktionsfondsjury with a year of meetings, minutes approved at the next one', async () => {
    const db = ctx.services.db;
    const sys = systemActor(tenantId);
    const bodies = await listBodiesFor(sys, db);
    expect(bodies.map((b) => [b.kind, b.public])).toEqual([
      ['aktionsfondsjury', false],
      ['quartiersrat', true],
    ]);
    for (const body of bodies) {
      const all = await listMeetings(db, tenantId, body.id);
      const held = all.filter((m) => m.status === 'held');
      expect(held.length).toBeGreaterThanOrEqual(11);
      expect(all.length - held.length).toBeGreaterThanOrEqual(1);
      // Every held meeting has attendance and at least one vote; all minutes but the last approved.
      for (const m of held) {
        const view = await meetingFor(sys, db, m.id);
        expect(view.attendance.length, m.id).toBeGreaterThan(0);
        expect(view.items.flatMap((i) => i.votes).length, m.id).toBeGreaterThan(0);
      }
      expect(held.slice(0, -1).every((m) => m.minutesStatus === 'approved')).toBe(true);
      expect(held.at(-1)?.minutesStatus).toBe('circulated');
      const next = all.find((m) => m.status !== 'held')!;
      const items = (await meetingFor(sys, db, next.id)).items;
      expect(items[0]).toMatchObject({ kind: 'approval_of_minutes', minutesOf: held.at(-1)?.id });
    }
  });

  it('shows a conflict of interest in the jury, a rejected application and a circulation vote under way', async () => {
    const n = async (q: ReturnType<typeof sql>) => rows<{ n: number }>(await ctx.services.db.execute(q))[0].n;
    expect(
      await n(sql`select count(*)::int as n from councils_conflicts where tenant_id = ${tenantId}`),
    ).toBeGreaterThan(0);
    expect(
      await n(
        sql`select count(*)::int as n from councils_votes where tenant_id = ${tenantId} and result = 'rejected'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await n(
        sql`select count(*)::int as n from councils_circulations where tenant_id = ${tenantId} and closed_at is null`,
      ),
    ).toBe(1);
  });

  it('runs once', async () => {
    await seedDemoCouncils(ctx.services, tenantId);
    expect((await listBodiesFor(systemActor(tenantId), ctx.services.db)).length).toBe(2);
  });
});
