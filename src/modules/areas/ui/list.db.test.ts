import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { upsertAreas } from '../use-cases/upsert-areas.ts';

let ctx: TestContext;
let admin: Agent;
const base = '/staff/vielgebiet/areas';

/** The names in the list's table, in order. */
const names = (html: string) =>
  [
    ...(html.split('<tbody')[1] ?? '').matchAll(/<a href="\/staff\/vielgebiet\/areas\/[^"]+">([^<]+)<\/a>/g),
  ].map((m) => m[1]);

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'vielgebiet');
  // 120 areas of one kind, named so they sort as numbered.
  await upsertAreas(
    ctx.services.db,
    tenant.id,
    'programme',
    Array.from({ length: 120 }, (_, i) => ({
      kind: 'programme' as const,
      key: `P${String(i + 1).padStart(3, '0')}`,
      name: `Planungsraum ${String(i + 1).padStart(3, '0')}`,
    })),
  );
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
});
afterAll(() => ctx.close());

describe('staff area list', () => {
  it('shows 50 areas a page with the total, and pages through all of them', async () => {
    const first = await (await admin.get(base)).text();
    expect(names(first)).toHaveLength(50);
    expect(first).toContain('Gebiete 1–50 von 120');
    expect(first).toContain(`href="${base}?page=2"`);
    expect(first).toContain(`href="${base}?page=3"`);

    const last = await (await admin.get(`${base}?page=3`)).text();
    expect(names(last)).toHaveLength(20);
    expect(last).toContain('Gebiete 101–120 von 120');
    const all = [...names(first), ...names(await (await admin.get(`${base}?page=2`)).text()), ...names(last)];
    expect(new Set(all).size).toBe(120);

    // A page beyond the end shows the last one.
    expect(names(await (await admin.get(`${base}?page=99`)).text())).toEqual(names(last));
  });

  it('searches by name or key, and the pages keep the search', async () => {
    const found = await (await admin.get(`${base}?q=Planungsraum%2007`)).text();
    expect(names(found)).toEqual(
      ['Planungsraum 070', ...Array.from({ length: 9 }, (_, i) => `Planungsraum 07${i + 1}`)].sort(),
    );
    expect(found).toContain('10 Gebiete');
    expect(names(await (await admin.get(`${base}?q=P042`)).text())).toEqual(['Planungsraum 042']);

    const many = await (await admin.get(`${base}?kind=programme&q=Planungsraum`)).text();
    expect(many).toContain(`href="${base}?kind=programme&amp;q=Planungsraum&amp;page=2"`);
  });

  it('exports every match as CSV, not only the page, with the search applied', async () => {
    const res = await admin.get(`${base}?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = (await res.text()).trim().split(/\r?\n/);
    expect(rows[0]).toBe('key;name;kind;parent_key;parent_name;slug;boundary;published;public_url');
    expect(rows).toHaveLength(121);
    expect(rows).toContainEqual(expect.stringMatching(/^P120;Planungsraum 120;programme;/));
    const found = (await (await admin.get(`${base}?q=Planungsraum%2007&format=csv`)).text())
      .trim()
      .split(/\r?\n/);
    expect(found).toHaveLength(11);
  });
});
