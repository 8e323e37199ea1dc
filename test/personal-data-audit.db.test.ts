/**
 * Every screen and API answer that shows a person's data writes an audit entry (action 'read',
 * personal, by the member who looked, naming the record but not the person): the moderation page
 * of a public submission, the staff page of a submission (its contact address in the form), the
 * API's event and review queue (the submitter), the list of room requests (the requesters) and the
 * outbox (recipients and subjects), list and single mail. A member who sees the event without the
 * submitter's data leaves no entry. Each case fails when its audit line is removed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { events } from '../src/modules/events/db/schema.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { listAudit } from '../src/platform/audit/index.ts';
import { ofTenant } from '../src/platform/db/index.ts';
import type { TestParams } from '../src/platform/modules.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

const PERSON = { email: 'ruth.pruefweg@example.org', name: 'Ruth Prüfweg', phone: '0176 5550123' };

let ctx: TestContext;
let tenant: { id: string; slug: string };
let adminId: string;
let admin: Agent;
let department: Agent;
let departmentId: string;
let token: string;
let submissionId: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { logLevel: 'error' } });
  tenant = await makeTenant(ctx.services, 'lesespur');
  adminId = (await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' })).id;
  admin = await new Agent(ctx.app).loginAs(ctx.services, adminId);
  departmentId = (
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'department', department: 'Jugendamt' })
  ).id;
  department = await new Agent(ctx.app).loginAs(ctx.services, departmentId);
  token = (await createApiToken(ctx.services.db, tenant.id, adminId, 'audit')).token;
  const params: TestParams = {};
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant,
      marker: 'Spur',
      userId: adminId,
      params,
    });
    for (const [k, v] of Object.entries(made)) params[k] = [...(params[k] ?? []), ...v];
  }
  for (const m of MODULES)
    await m.testPerson?.({ services: ctx.services, tenant, marker: '', userId: adminId, params }, PERSON);
  const [s] = await ctx.services.db
    .select({ id: events.id })
    .from(events)
    .where(
      and(ofTenant(events, tenant.id), eq(events.source, 'public'), eq(events.contactEmail, PERSON.email)),
    )
    .limit(1);
  submissionId = s.id;
});
afterAll(() => ctx?.close());

/** The personal-data reads the call added, newest first. */
async function readsDuring(call: () => Response | Promise<Response>, status = 200) {
  const before = new Set((await listAudit(ctx.services.db, tenant.id, { limit: 1000 })).map((e) => e.id));
  const res = await call();
  expect(res.status).toBe(status);
  return (await listAudit(ctx.services.db, tenant.id, { limit: 1000 })).filter(
    (e) => !before.has(e.id) && e.action === 'read',
  );
}

const api = (path: string) =>
  ctx.app.request(`/api/v1/tenants/${tenant.slug}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('reads of personal data are audited', () => {
  it('the moderation page of a public submission (shows the submitter)', async () => {
    const reads = await readsDuring(() => admin.get(`/staff/${tenant.slug}/events/${submissionId}/moderate`));
    expect(admin.lastHtml).toContain(PERSON.email);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorUserId: adminId,
      entityType: 'event_submission',
      entityId: submissionId,
      personal: 'yes',
    });
    expect(JSON.stringify(reads[0].details)).not.toContain(PERSON.email);
  });

  it('the staff page of a public submission (its contact address in the form)', async () => {
    const reads = await readsDuring(() => admin.get(`/staff/${tenant.slug}/events/${submissionId}`));
    expect(admin.lastHtml).toContain(PERSON.email);
    expect(reads.map((r) => [r.entityType, r.entityId, r.personal, r.actorUserId])).toEqual([
      ['event_submission', submissionId, 'yes', adminId],
    ]);
  });

  it('department staff read the event without the submitter: nothing shown, nothing logged', async () => {
    const reads = await readsDuring(() => department.get(`/staff/${tenant.slug}/events/${submissionId}`));
    expect(department.lastHtml).not.toContain(PERSON.email);
    expect(reads).toEqual([]);
  });

  it('the API: one event with its submitter, and the review queue', async () => {
    const one = await readsDuring(() => api(`/events/${submissionId}`));
    expect(one.map((r) => [r.entityType, r.entityId, r.personal])).toEqual([
      ['event_submission', submissionId, 'yes'],
    ]);
    const queue = await readsDuring(() => api('/events/review-queue'));
    expect(queue.map((r) => r.entityId)).toContain(submissionId);
    expect(queue.every((r) => r.entityType === 'event_submission' && r.personal === 'yes')).toBe(true);
  });

  it('the list of room requests (names the requesters)', async () => {
    const reads = await readsDuring(() => admin.get(`/staff/${tenant.slug}/houses/requests?status=all`));
    expect(admin.lastHtml).toContain(`Chor ${PERSON.name}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entityType: 'booking_request', personal: 'yes', actorUserId: adminId });
    expect((reads[0].details as { count: number }).count).toBeGreaterThan(0);
    expect(JSON.stringify(reads[0].details)).not.toContain(PERSON.name);
  });

  it('the outbox: the list and one mail', async () => {
    const list = await readsDuring(() => admin.get(`/staff/${tenant.slug}/admin/outbox`));
    expect(admin.lastHtml).toContain(PERSON.email);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ entityType: 'mail', personal: 'yes', actorUserId: adminId });
    const ids = (list[0].details as { ids: string[] }).ids;
    expect(ids.length).toBeGreaterThan(0);
    const one = await readsDuring(() => admin.get(`/staff/${tenant.slug}/admin/outbox/${ids[0]}`));
    expect(one.map((r) => [r.entityType, r.entityId, r.personal])).toEqual([['mail', ids[0], 'yes']]);
  });
});
