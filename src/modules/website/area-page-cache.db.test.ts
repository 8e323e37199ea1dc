// The public area page is kept rendered (issue 12): a repeated visit and a conditional request cost
// the tenant lookup and one version read, and every change the page shows — an area's name, a news
// post, an event, consultation hours — is on the next visit. No timing: the statements sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { sqlStatementCount } from '../../platform/db/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { getAreaByKey, upsertAreas } from '../areas/index.ts';
import { createStaffEvent } from '../events/index.ts';
import { createPost } from './use-cases/content.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let areaId: string;
let path: string;

beforeAll(async () => {
  ctx = await createTestContext({ fresh: true });
  tenant = await makeTenant(ctx.services);
  await upsertAreas(ctx.services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-1', name: 'Soldiner Kiez' },
  ]);
  const area = (await getAreaByKey(ctx.services.db, tenant.id, 'programme', 'QM-1'))!;
  areaId = area.id;
  path = `/${tenant.slug}/areas/${area.slug}`;
});
afterAll(() => ctx?.close());

async function visit(headers: Record<string, string> = {}) {
  const before = sqlStatementCount();
  const res = await ctx.app.request(path, { headers: { 'accept-language': 'de', ...headers } });
  const statements = sqlStatementCount() - before;
  return { res, statements, body: res.status === 200 ? await res.text() : '' };
}

describe('the cached area page', () => {
  // At most 3 statements: the tenant, the version read and, when the events' remembered version is
  // older than a few seconds (events module, VERSION_TTL_MS), that version once more.
  it('renders once; a repeated visit and a 304 cost the tenant and one version read', async () => {
    const first = await visit();
    expect(first.res.status).toBe(200);
    expect(first.body).toContain('Soldiner Kiez');
    const etag = first.res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(first.statements).toBeGreaterThan(5);
    const again = await visit();
    expect(again.res.status).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.res.headers.get('etag')).toBe(etag);
    expect(again.statements).toBeLessThanOrEqual(3);
    const notModified = await visit({ 'if-none-match': etag });
    expect(notModified.res.status).toBe(304);
    expect(notModified.statements).toBeLessThanOrEqual(3);
  });

  it('shows each change on the next visit: the area, a news post, an event', async () => {
    const { db } = ctx.services;
    const before = await visit();
    const etag = before.res.headers.get('etag')!;

    await upsertAreas(db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-1', name: 'Soldiner Kiez Nord' },
    ]);
    const renamed = await visit({ 'if-none-match': etag });
    expect(renamed.res.status).toBe(200);
    expect(renamed.body).toContain('Soldiner Kiez Nord');

    await createPost(
      systemActor(tenant.id),
      db,
      { areaId, slug: '', topics: [], publish: true },
      { lang: 'de', title: 'Hoffest am Samstag', summary: '', bodyHtml: '<p>Alle sind eingeladen.</p>' },
    );
    const withPost = await visit();
    expect(withPost.body).toContain('Hoffest am Samstag');

    const day = addDays(todayLocal(), 3);
    await createStaffEvent(
      systemActor(tenant.id),
      db,
      {
        kind: 'event',
        title: 'Kiezspaziergang',
        descriptionHtml: '<p>Treffpunkt am Brunnen.</p>',
        startsAt: localToInstant(day, '15:00'),
        endsAt: localToInstant(day, '17:00'),
        allDay: false,
        rrule: null,
        repeatUntil: null,
        exdates: [],
        areaId,
        venueId: null,
        locationName: 'Brunnen',
        locationAddress: '',
        onlineUrl: null,
        organiserActorId: null,
        organiserName: 'Quartiersmanagement',
        contactEmail: '',
        categoryIds: [],
        targetGroups: [],
        languages: ['de'],
        stepFree: null,
        accessibleToilet: null,
        hearingLoop: null,
        signLanguage: false,
        accessibilityNotes: '',
        cost: 'free',
        costNote: '',
        imageAlt: '',
        registrationRequired: false,
        capacity: null,
        waitlistEnabled: true,
      },
      { publish: true },
    );
    const withEvent = await visit();
    expect(withEvent.body).toContain('Kiezspaziergang');
    expect(withEvent.res.headers.get('etag')).not.toBe(withPost.res.headers.get('etag'));
  });
});
