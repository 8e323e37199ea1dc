import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { subscribers } from './db/schema.ts';

/** The subscriber list pages through every subscriber, and its CSV holds all of them (it stopped at 500). */
let ctx: TestContext;
let slug: string;
let admin: string;
const COUNT = 620;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  admin = (await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' })).id;
  const at = new Date('2026-01-01T10:00:00Z');
  await ctx.services.db.insert(subscribers).values(
    Array.from({ length: COUNT }, (_, i) => ({
      tenantId: tenant.id,
      id: newId(),
      email: `leser${String(i).padStart(4, '0')}@example.org`,
      status: 'active' as const,
      consentText: 'Ich möchte den Newsletter.',
      consentVersion: 'v1',
      consentAt: at,
      confirmedAt: at,
    })),
  );
});
afterAll(() => ctx.close());

describe('newsletter subscribers', () => {
  it('are listed a hundred a page with a pager, and exported whole as CSV', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const base = `/staff/${slug}/newsletter/subscribers`;
    const first = await (await a.get(base)).text();
    expect(first).toContain('leser0000@example.org');
    expect(first).toContain('leser0099@example.org');
    expect(first).not.toContain('leser0100@example.org');
    expect(first).toContain(`href="${base}?page=7"`);
    const last = await (await a.get(`${base}?page=7`)).text();
    expect(last).toContain('leser0619@example.org');
    expect(last).not.toContain('leser0599@example.org');

    const csv = await (await a.get(`${base}?format=csv`)).text();
    const rows = csv.trim().split(/\r?\n/);
    expect(rows).toHaveLength(COUNT + 1);
    expect(csv).toContain('leser0619@example.org');
    // The search narrows the export as it narrows the list.
    const found = await (await a.get(`${base}?q=leser061&format=csv`)).text();
    expect(found.trim().split(/\r?\n/)).toHaveLength(11);
  });
});
