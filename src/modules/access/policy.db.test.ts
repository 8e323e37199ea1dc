import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, can, inScope, type Scope, scopeFilter, scopeOf } from '../../platform/authz.ts';
import { type Database, rows } from '../../platform/db/index.ts';
import type { MembershipGrant } from '../../platform/http/context.ts';
import { openTestDatabase } from '../../test/kit.ts';
import { Policy } from './policy.ts';

/** The scope rule in SQL and in memory agree, with the real policy, for every kind of member. */
const DISTRICT = '00000000-0000-7000-8000-00000000000a';
const QUARTER = '00000000-0000-7000-8000-00000000000c'; // below DISTRICT
const OTHER = '00000000-0000-7000-8000-00000000000b';
const RECORDS: { id: string; areaIds: string[] }[] = [
  { id: 'tenant-wide', areaIds: [] },
  { id: 'district', areaIds: [DISTRICT] },
  { id: 'quarter', areaIds: [QUARTER, DISTRICT] },
  { id: 'other', areaIds: [OTHER] },
];

let database: Database;
const policy = new Policy();
policy.register({ 'x.manage': ['coordinator', 'team'] });
const actorWith = (...grants: MembershipGrant[]): Actor => ({
  principal: { userId: 'u', tenantId: 't', grants },
  policy,
  tenantId: 't',
  userId: 'u',
});

async function visibleInSql(scope: Scope): Promise<string[]> {
  const values = sql.join(
    RECORDS.map((r) =>
      r.areaIds.length
        ? sql`(${r.id}, array[${sql.join(
            r.areaIds.map((a) => sql`${a}`),
            sql`, `,
          )}]::uuid[])`
        : sql`(${r.id}, array[]::uuid[])`,
    ),
    sql`, `,
  );
  const where = scopeFilter(sql`r.area_ids`, scope);
  const result = await database.db.execute(
    sql`select r.id from (values ${values}) as r(id, area_ids) ${where ? sql`where ${where}` : sql``} order by r.id`,
  );
  return rows<{ id: string }>(result).map((r) => r.id);
}
const visibleInMemory = (scope: Scope) =>
  RECORDS.filter((r) => inScope(r.areaIds, scope))
    .map((r) => r.id)
    .sort();

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('area scope: one rule, SQL and in memory', () => {
  it('a tenant-wide administrator or coordinator sees everything (scope null, not "no area")', async () => {
    for (const a of [
      actorWith({ role: 'admin', scopeAreaId: null }),
      actorWith({ role: 'coordinator', scopeAreaId: null }),
    ]) {
      expect(scopeOf(a, 'x.manage')).toBeNull();
      expect(await visibleInSql(scopeOf(a, 'x.manage'))).toEqual([
        'district',
        'other',
        'quarter',
        'tenant-wide',
      ]);
      expect(visibleInMemory(scopeOf(a, 'x.manage'))).toEqual([
        'district',
        'other',
        'quarter',
        'tenant-wide',
      ]);
      expect(can(a, 'x.manage', [])).toBe(true);
    }
  });

  it('a team member of one district sees that district and what lies below it, nothing else', async () => {
    const team = actorWith({ role: 'team', scopeAreaId: DISTRICT });
    expect(await visibleInSql(scopeOf(team, 'x.manage'))).toEqual(['district', 'quarter']);
    expect(visibleInMemory(scopeOf(team, 'x.manage'))).toEqual(['district', 'quarter']);
    expect(can(team, 'x.manage', [QUARTER, DISTRICT])).toBe(true);
    expect(can(team, 'x.manage', [OTHER])).toBe(false);
    expect(can(team, 'x.manage', [])).toBe(false);
  });

  it('a member without the permission (jury, department staff) sees nothing', async () => {
    for (const a of [
      actorWith({ role: 'jury', scopeAreaId: null }),
      actorWith({ role: 'department', scopeAreaId: null }),
      actorWith(),
    ]) {
      expect(scopeOf(a, 'x.manage')).toEqual([]);
      expect(await visibleInSql(scopeOf(a, 'x.manage'))).toEqual([]);
      expect(visibleInMemory(scopeOf(a, 'x.manage'))).toEqual([]);
      expect(can(a, 'x.manage')).toBe(false);
    }
  });
});
