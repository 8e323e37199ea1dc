import { PgDialect, pgTable, uuid } from 'drizzle-orm/pg-core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  actorOf,
  authorize,
  can,
  canTenantWide,
  inScope,
  scopeFilter,
  scopeOf,
  systemActor,
} from './authz.ts';
import type { AppEnv, MembershipGrant, PolicyPort, Principal } from './http/context.ts';
import { AppError } from './http/errors.ts';

/** A policy with one permission held by `team` (administrators hold every permission), as the access module's. */
const policy: PolicyPort = {
  can(p, _perm, areaPath) {
    const grants = (p?.grants ?? []).filter((g) => g.role === 'admin' || g.role === 'team');
    if (grants.length === 0) return false;
    if (areaPath === undefined) return true;
    return grants.some((g) => g.scopeAreaId === null || (areaPath ?? []).includes(g.scopeAreaId));
  },
  scopeFor(p) {
    const grants = (p?.grants ?? []).filter((g) => g.role === 'admin' || g.role === 'team');
    return grants.some((g) => g.scopeAreaId === null) ? null : grants.map((g) => g.scopeAreaId as string);
  },
};
const actor = (...grants: MembershipGrant[]): Actor => ({
  principal: { userId: 'u1', tenantId: 't1', grants },
  policy,
  tenantId: 't1',
  userId: 'u1',
});
const DISTRICT = '00000000-0000-7000-8000-00000000000a';
const OTHER = '00000000-0000-7000-8000-00000000000b';
const records = pgTable('records', { areaIds: uuid('area_ids').array().notNull() });
const rendered = (s: ReturnType<typeof scopeFilter>) => (s ? new PgDialect().sqlToQuery(s) : undefined);

describe('authz: one authorization path', () => {
  it('a tenant-wide grant: scope null, no SQL condition, every record in scope', () => {
    const admin = actor({ role: 'admin', scopeAreaId: null });
    expect(scopeOf(admin, 'x.manage')).toBeNull();
    expect(scopeFilter(records.areaIds, scopeOf(admin, 'x.manage'))).toBeUndefined();
    expect(inScope([], scopeOf(admin, 'x.manage'))).toBe(true);
    expect(inScope([DISTRICT], scopeOf(admin, 'x.manage'))).toBe(true);
    expect(can(admin, 'x.manage', [])).toBe(true);
    expect(canTenantWide(admin, 'x.manage')).toBe(true);
  });

  it('an area grant: only records in that area (or below it) are in scope', () => {
    const team = actor({ role: 'team', scopeAreaId: DISTRICT });
    const scope = scopeOf(team, 'x.manage');
    expect(scope).toEqual([DISTRICT]);
    const q = rendered(scopeFilter(records.areaIds, scope));
    expect(q?.sql).toBe('"records"."area_ids" && array[$1]::uuid[]');
    expect(q?.params).toEqual([DISTRICT]);
    expect(inScope([DISTRICT], scope)).toBe(true);
    expect(inScope([OTHER], scope)).toBe(false);
    expect(inScope([], scope)).toBe(false); // a record for the whole tenant is not in one area
    expect(can(team, 'x.manage', [DISTRICT])).toBe(true);
    expect(can(team, 'x.manage', [OTHER])).toBe(false);
    expect(canTenantWide(team, 'x.manage')).toBe(false);
  });

  it('no grant: nowhere — SQL false, nothing in scope (never confused with the whole tenant)', () => {
    const jury = actor({ role: 'jury', scopeAreaId: null });
    const scope = scopeOf(jury, 'x.manage');
    expect(scope).toEqual([]);
    expect(rendered(scopeFilter(records.areaIds, scope))?.sql).toBe('false');
    expect(inScope([DISTRICT], scope)).toBe(false);
    expect(inScope([], scope)).toBe(false);
    expect(can(jury, 'x.manage')).toBe(false);
    expect(scopeOf(null, 'x.manage')).toEqual([]);
  });

  it('authorize refuses with 403 forbidden', () => {
    const team = actor({ role: 'team', scopeAreaId: DISTRICT });
    expect(() => authorize(team, 'x.manage', [DISTRICT])).not.toThrow();
    const err = (() => {
      try {
        authorize(team, 'x.manage', [OTHER]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    expect((err as AppError).code).toBe('forbidden');
  });

  it('the system actor may do everything in its tenant', () => {
    const sys = systemActor('t1');
    expect(sys.tenantId).toBe('t1');
    expect(can(sys, 'anything', [OTHER])).toBe(true);
    expect(scopeOf(sys, 'anything')).toBeNull();
    expect(sys.userId).toBeUndefined();
  });

  it('actorOf: 401 without a member, 403 without a policy, else the member in the tenant', async () => {
    const principal: Principal = { userId: 'u1', tenantId: 't1', grants: [] };
    const app = new Hono<AppEnv>();
    app.onError((err, c) => c.text(err instanceof AppError ? String(err.status) : 'x', 500));
    app.get('/none', (c) => c.json(actorOf(c)));
    app.get('/no-policy', (c) => {
      c.set('principal', principal);
      return c.json(actorOf(c));
    });
    app.get('/ok', (c) => {
      c.set('principal', principal);
      c.set('policy', policy);
      c.set('tenant', { id: 't1', slug: 't', name: 'T', settings: {} });
      const a = actorOf(c);
      return c.json({ tenantId: a.tenantId, userId: a.userId });
    });
    expect(await (await app.request('/none')).text()).toBe('401');
    expect(await (await app.request('/no-policy')).text()).toBe('403');
    expect(await (await app.request('/ok')).json()).toEqual({ tenantId: 't1', userId: 'u1' });
  });
});
