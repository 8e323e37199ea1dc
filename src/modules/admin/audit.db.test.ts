import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, writeAudit } from '../../platform/audit/index.ts';
import { newId } from '../../platform/db/index.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';

let ctx: TestContext;
let agent: Agent;
let tenantId: string;
let adminId: string;
let mitte: string;
const requestId = newId();
const eventId = newId();

/** An entry written at a given local time in Berlin. */
async function entryAt(date: string, time: string, e: Omit<Parameters<typeof writeAudit>[1], 'tenantId'>) {
  const id = await writeAudit(ctx.services.db, { tenantId, ...e });
  await ctx.services.db
    .update(auditLog)
    .set({ at: localToInstant(date, time) })
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.id, id)));
  return id;
}

const rows = (html: string) =>
  (html.split('<tbody')[1] ?? '')
    .split('<tr ')
    .slice(1)
    .map((r) =>
      `<tr ${r}`
        .replace(/<!-- -->/g, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'protokoll', 'Protokollstadt');
  tenantId = tenant.id;
  const admin = await makeUser(ctx.services, { tenantId, role: 'admin', name: 'Ada Admin' });
  adminId = admin.id;
  agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  const { ids } = await upsertAreas(ctx.services.db, tenantId, 'district', [
    { kind: 'district', key: '01', name: 'Mitte' },
  ]);
  mitte = ids.get('01')!;
  // Just before midnight on 1 March, just after it on 2 March, and on 5 March (Berlin time).
  await entryAt('2026-03-01', '23:30', {
    actorUserId: adminId,
    action: 'update',
    entityType: 'booking_request',
    entityId: requestId,
    personal: true,
    details: { status: { from: 'pending', to: 'approved' } },
  });
  await entryAt('2026-03-02', '00:30', {
    actorUserId: adminId,
    action: 'update',
    entityType: 'membership',
    entityId: newId(),
    details: {
      userId: adminId,
      role: 'team',
      scopeAreaId: mitte,
      department: { from: 'Jugendamt', to: 'Sozialamt' },
    },
  });
  await entryAt('2026-03-05', '10:00', {
    actorLabel: 'cli',
    action: 'moderate.accept',
    entityType: 'event',
    entityId: eventId,
  });
});
afterAll(() => ctx.close());

describe('audit log screen', () => {
  it('says what happened in words, with readable changes and links to the records', async () => {
    const html = await (await agent.get('/staff/protokoll/admin/audit')).text();
    const [moderated, membership, request] = rows(html);
    expect(moderated).toContain('angenommen (Prüfung)');
    expect(moderated).toContain('Veranstaltung');
    expect(moderated).toContain('cli');
    expect(html).toContain(`href="/staff/protokoll/events/${eventId}"`);

    expect(membership).toContain('geändert');
    expect(membership).toContain('Mitgliedschaft');
    expect(membership).toContain('Rolle: Quartiersteam');
    expect(membership).toContain('Gebiet: Mitte');
    expect(membership).toContain('Person: Ada Admin');
    expect(membership).toContain('Fachamt: Jugendamt → Sozialamt');
    expect(membership).not.toContain(mitte);

    expect(request).toContain('Raumanfrage');
    expect(request).toContain('personenbezogen');
    expect(request).toContain('Status: pending → approved');
    expect(html).toContain(`href="/staff/protokoll/houses/requests/${requestId}"`);
    // No raw JSON anywhere.
    expect(html).not.toContain('{&quot;');

    const en = rows(await (await agent.get('/staff/protokoll/admin/audit?lang=en')).text()).join('\n');
    expect(en).toContain('accepted (review)');
    expect(en).toContain('Room request');
    expect(en).toContain('Department: Jugendamt → Sozialamt');
    await agent.get('/staff/protokoll/admin/audit?lang=de');
  });

  it('filters by local days: "from" and "to" include their whole days in Berlin', async () => {
    const day2 = rows(
      await (await agent.get('/staff/protokoll/admin/audit?from=2026-03-02&to=2026-03-02')).text(),
    );
    expect(day2).toHaveLength(1);
    expect(day2[0]).toContain('Mitgliedschaft');

    const fromDay2 = rows(await (await agent.get('/staff/protokoll/admin/audit?from=2026-03-02')).text());
    expect(fromDay2.map((r) => (r.includes('Raumanfrage') ? 'request' : 'other'))).toEqual([
      'other',
      'other',
    ]);

    const untilDay1 = rows(await (await agent.get('/staff/protokoll/admin/audit?to=2026-03-01')).text());
    expect(untilDay1).toHaveLength(1);
    expect(untilDay1[0]).toContain('Raumanfrage');

    // "to" before "from": said next to the field, and nothing is filtered by it.
    const wrong = await (
      await agent.get('/staff/protokoll/admin/audit?from=2026-03-05&to=2026-03-01')
    ).text();
    expect(wrong).toContain('Das Bis-Datum liegt vor dem Von-Datum.');
    expect(rows(wrong)).toHaveLength(1);
  });

  it('exports the filtered entries as CSV in words, and logs the export', async () => {
    const res = await agent.get('/staff/protokoll/admin/audit.csv?from=2026-03-01&to=2026-03-02');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('protokoll-protokoll-2026-03-01_2026-03-02.csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Zeitpunkt;Person;Aktion;Art des Datensatzes;Datensatz;Personenbezogen;Einzelheiten;IP-Adresse',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(';Ada Admin;geändert;Mitgliedschaft;');
    expect(lines[1]).toContain('Fachamt: Jugendamt → Sozialamt');
    expect(lines[2]).toContain(`;Raumanfrage;${requestId};Ja;`);
    const [exported] = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityType, 'audit_log')));
    expect(exported).toMatchObject({ action: 'export', actorUserId: adminId });
    expect(exported.details).toMatchObject({ from: '2026-03-01', to: '2026-03-02', rows: 2 });
  });

  it('is for tenant-wide administrators only, screen and export', async () => {
    const team = await makeUser(ctx.services, { tenantId, role: 'team', scopeAreaId: mitte });
    const as = await new Agent(ctx.app).loginAs(ctx.services, team.id);
    expect((await as.get('/staff/protokoll/admin/audit')).status).toBe(403);
    expect((await as.get('/staff/protokoll/admin/audit.csv')).status).toBe(403);
  });
});
