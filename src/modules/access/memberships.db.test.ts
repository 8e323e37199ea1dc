import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/http/errors.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { addMembership, listDepartments, listMemberships, normaliseDepartment } from './memberships.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('addMembership with a department', () => {
  it('normalises the department, keeps it only for department staff, and counts it as part of the membership', async () => {
    const db = ctx.services.db;
    const tenant = await makeTenant(ctx.services);
    const other = await makeTenant(ctx.services);
    const user = await makeUser(ctx.services);

    const youth = await addMembership(db, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'department',
      department: '  Jugendamt \t Mitte ',
    });
    expect(youth.department).toBe('Jugendamt Mitte');
    // The same department (in other capitals) is the same membership; another one is a second membership.
    const again = await addMembership(db, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'department',
      department: 'jugendamt mitte',
    });
    expect(again.id).toBe(youth.id);
    const social = await addMembership(db, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'department',
      department: 'Sozialamt Neukölln',
    });
    expect(social.id).not.toBe(youth.id);
    // Without a department (single sign-on) it is a membership of its own, to be completed later.
    const open = await addMembership(db, { tenantId: tenant.id, userId: user.id, role: 'department' });
    expect(open.department).toBeNull();

    const team = await addMembership(db, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'team',
      department: 'Jugendamt Mitte',
    });
    expect(team.department).toBeNull();
    expect(await listMemberships(db, tenant.id)).toHaveLength(4);

    await addMembership(db, {
      tenantId: other.id,
      userId: user.id,
      role: 'department',
      department: 'Bauamt',
    });
    expect(await listDepartments(db, tenant.id)).toEqual(['Jugendamt Mitte', 'Sozialamt Neukölln']);
    expect(await listDepartments(db, other.id)).toEqual(['Bauamt']);

    await expect(
      addMembership(db, {
        tenantId: tenant.id,
        userId: user.id,
        role: 'department',
        department: 'x'.repeat(121),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('treats blank department names as none', () => {
    expect(normaliseDepartment('   ')).toBeNull();
    expect(normaliseDepartment(undefined)).toBeNull();
    expect(normaliseDepartment(' A  B ')).toBe('A B');
  });
});
