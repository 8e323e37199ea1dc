/** The staff list of news is paged by 50, newest first, with every post on one of its pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createPost } from './use-cases/content.ts';

let ctx: TestContext;
let slug: string;
let adminId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  adminId = (await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' })).id;
  const sys = systemActor(tenant.id);
  for (let i = 0; i < 53; i++)
    await createPost(
      sys,
      ctx.services.db,
      { areaId: null, slug: '', topics: [] },
      { lang: 'de', title: `Meldung ${String(i).padStart(2, '0')}`, summary: '', bodyHtml: '<p>Text</p>' },
    );
});
afterAll(() => ctx.close());

describe('staff list of news', () => {
  it('shows 50 a page, the newest first, and the rest on page 2', async () => {
    const admin = await new Agent(ctx.app).loginAs(ctx.services, adminId);
    const titles = (html: string) => [...html.matchAll(/>Meldung (\d\d)</g)].map((m) => m[1]);
    const first = await (await admin.get(`/staff/${slug}/website`)).text();
    expect(titles(first)).toHaveLength(50);
    expect(titles(first)[0]).toBe('52');
    expect(first).toContain(`/staff/${slug}/website?page=2`);
    const second = titles(await (await admin.get(`/staff/${slug}/website?page=2`)).text());
    expect(second).toEqual(['02', '01', '00']);
  });
});
