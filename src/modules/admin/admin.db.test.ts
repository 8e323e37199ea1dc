import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, writeAudit } from '../../platform/audit/index.ts';
import { MAX_ATTEMPTS, mailOutbox, queueMail } from '../../platform/mail/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { getTenant } from '../tenancy/index.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let team: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'moabit', 'Moabit');
  other = await makeTenant(ctx.services, 'wedding', 'Wedding');
  admin = await makeUser(ctx.services, {
    tenantId: tenant.id,
    role: 'admin',
    name: 'Ada Admin',
    email: 'ada@example.org',
  });
  team = await makeUser(ctx.services, {
    tenantId: tenant.id,
    role: 'team',
    name: 'Tom Team',
    email: 'tom.team@example.org',
  });
});
afterAll(() => ctx.close());

const as = async (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('outbox screen', () => {
  it('lists only this tenant’s mails, explains embedded mode, and shows the nav item to admins only', async () => {
    await queueMail(ctx.services.db, {
      tenantId: tenant.id,
      to: 'rita@example.org',
      subject: 'Einladung Moabit',
      text: 'Bitte hier klicken:\nhttps://q.test/invite/abc123\n\nGruß',
    });
    await queueMail(ctx.services.db, {
      tenantId: other.id,
      to: 'sam@example.org',
      subject: 'Einladung Wedding',
      text: 'x',
    });
    await queueMail(ctx.services.db, { to: 'acc@example.org', subject: 'Konto ohne Mandant', text: 'x' });
    const agent = await as(admin.id);
    const res = await agent.get('/staff/moabit/admin/outbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Einladung Moabit');
    expect(html).toContain('rita@example.org');
    expect(html).toContain('Wartet auf Versand');
    expect(html).not.toContain('Einladung Wedding');
    expect(html).not.toContain('Konto ohne Mandant');
    expect(html).toContain('Kein Mailserver eingerichtet');
    expect(html).toContain('href="/staff/moabit/admin/outbox"');
    expect(html).toContain('href="/staff/moabit/admin/audit"');
    expect(html).toContain('href="/staff/moabit/settings"');

    const teamAgent = await as(team.id);
    expect((await teamAgent.get('/staff/moabit/admin/outbox')).status).toBe(403);
    const home = await (await teamAgent.get('/staff/moabit')).text();
    expect(home).not.toContain('/staff/moabit/admin/outbox');
    expect(home).not.toContain('/staff/moabit/settings');
  });

  it('opens a mail to read its text, records the reading, and hides other tenants’ mails', async () => {
    const id = await queueMail(ctx.services.db, {
      tenantId: tenant.id,
      to: 'lea@example.org',
      subject: 'Ihr Zugang',
      text: 'Ihr Link:\nhttps://q.test/magic/xyz\n\nViele Grüße',
      headers: { 'List-Unsubscribe': '<mailto:u@q.test>' },
    });
    const foreign = await queueMail(ctx.services.db, {
      tenantId: other.id,
      to: 'x@example.org',
      subject: 'Fremd',
      text: 'geheim',
    });
    const agent = await as(admin.id);
    const res = await agent.get(`/staff/moabit/admin/outbox/${id}`);
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain('<h1>Ihr Zugang</h1>');
    expect(html).toContain('https://q.test/magic/xyz');
    expect(html).not.toContain('href="https://q.test/magic/xyz"');
    expect(html).toContain('List-Unsubscribe: <mailto:u@q.test>');
    const trail = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.entityId, id)));
    expect(trail).toMatchObject([
      { action: 'read', entityType: 'mail', personal: 'yes', actorUserId: admin.id },
    ]);

    expect((await agent.get(`/staff/moabit/admin/outbox/${foreign}`)).status).toBe(404);
    expect((await agent.get('/staff/moabit/admin/outbox/not-a-uuid')).status).toBe(404);
  });

  it('filters by status, pages with before, and retries a failed mail', async () => {
    const failed = await queueMail(ctx.services.db, {
      tenantId: tenant.id,
      to: 'f@example.org',
      subject: 'Kaputt',
      text: 'x',
    });
    await ctx.services.db
      .update(mailOutbox)
      .set({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: '550 mailbox unavailable' })
      .where(eq(mailOutbox.id, failed));
    const agent = await as(admin.id);
    const list = await (await agent.get('/staff/moabit/admin/outbox?status=failed')).text();
    expect(list).toContain('Kaputt');
    expect(list).toContain('550 mailbox unavailable');
    expect(list).not.toContain('Ihr Zugang');

    const page = await (await agent.get(`/staff/moabit/admin/outbox/${failed}`)).text();
    expect(page).toContain('Jetzt erneut senden');
    const res = await agent.post(`/staff/moabit/admin/outbox/${failed}/retry`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/moabit/admin/outbox/${failed}?retried=1`);
    const [row] = await ctx.services.db.select().from(mailOutbox).where(eq(mailOutbox.id, failed));
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    const trail = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, failed), eq(auditLog.action, 'update')));
    expect(trail).toHaveLength(1);
    // Without the form token nothing happens.
    expect((await agent.post(`/staff/moabit/admin/outbox/${failed}/retry`, {}, { csrf: false })).status).toBe(
      403,
    );
    // Team members may not retry.
    const teamAgent = await as(team.id);
    await teamAgent.get('/staff/moabit');
    expect((await teamAgent.post(`/staff/moabit/admin/outbox/${failed}/retry`, {})).status).toBe(403);

    for (let i = 0; i < 52; i++)
      await queueMail(ctx.services.db, {
        tenantId: tenant.id,
        to: `n${i}@example.org`,
        subject: `Rundbrief ${i}`,
        text: 'x',
      });
    const first = decode(await (await agent.get('/staff/moabit/admin/outbox')).text());
    const older = /href="(\/staff\/moabit\/admin\/outbox\?before=[^"]+)"/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await agent.get(older!)).text();
    expect(second).toContain('Einladung Moabit');
    expect(second).not.toContain('Rundbrief 51');
  });
});

describe('audit screen', () => {
  it('shows this tenant’s entries with filters for type, person and personal data, and pages back', async () => {
    const db = ctx.services.db;
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: team.id,
      action: 'update',
      entityType: 'area',
      entityId: 'area-1',
      details: { field: 'name' },
    });
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: admin.id,
      action: 'read',
      entityType: 'person',
      entityId: 'person-7',
      personal: true,
    });
    await writeAudit(db, {
      tenantId: other.id,
      actorUserId: admin.id,
      action: 'delete',
      entityType: 'area',
      entityId: 'foreign-area',
    });
    const agent = await as(admin.id);

    const all = await (await agent.get('/staff/moabit/admin/audit')).text();
    expect(all).toContain('area-1');
    expect(all).toContain('person-7');
    expect(all).toContain('Tom Team');
    expect(all).not.toContain('foreign-area');

    const areas = await (await agent.get('/staff/moabit/admin/audit?entityType=area')).text();
    expect(areas).toContain('area-1');
    expect(areas).not.toContain('person-7');

    const personal = await (await agent.get('/staff/moabit/admin/audit?personal=1')).text();
    expect(personal).toContain('person-7');
    expect(personal).not.toContain('area-1');

    const byTom = await (await agent.get(`/staff/moabit/admin/audit?actor=${team.id}`)).text();
    expect(byTom).toContain('area-1');
    expect(byTom).not.toContain('person-7');

    const en = await (await agent.get('/staff/moabit/admin/audit?lang=en&entityType=area')).text();
    expect(en).toContain('Audit log');
    expect(en).toContain('changed');

    for (let i = 0; i < 55; i++)
      await writeAudit(db, {
        tenantId: tenant.id,
        action: 'import',
        entityType: 'bulk',
        entityId: `bulk-${i}`,
      });
    const first = decode(await (await agent.get('/staff/moabit/admin/audit?entityType=bulk&lang=de')).text());
    expect(first).toContain('bulk-54');
    expect(first).not.toContain('bulk-4<');
    expect(first).toContain('55 Einträge');
    const older = /href="(\/staff\/moabit\/admin\/audit\?[^"]*page=2)"/.exec(first)?.[1];
    expect(older).toContain('entityType=bulk');
    const second = await (await agent.get(older!)).text();
    expect(second).toContain('bulk-4<');
    expect(second).not.toContain('bulk-54');

    expect((await (await as(team.id)).get('/staff/moabit/admin/audit')).status).toBe(403);
  });
});

describe('tenant settings screen', () => {
  it('saves name, legal texts, contact and attribution, writes an audit entry, and shows them publicly', async () => {
    const agent = await as(admin.id);
    const form = await agent.get('/staff/moabit/settings');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="Moabit"');
    const res = await agent.post('/staff/moabit/settings', {
      name: 'Moabit West',
      imprintDe: 'Bezirksamt Mitte\r\n\r\nKarl-Marx-Allee 31',
      imprintEn: 'District Office Mitte',
      privacyDe: 'Wir speichern wenig.',
      privacyEn: '',
      contactEmail: 'Kiez@Example.org',
      attribution: 'Geodaten: Amt für Statistik Berlin-Brandenburg',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/moabit/settings?saved=1');
    expect(await (await agent.get('/staff/moabit/settings?saved=1')).text()).toContain(
      'Die Einstellungen wurden gespeichert.',
    );

    const t = await getTenant(ctx.services.db, tenant.id);
    expect(t?.name).toBe('Moabit West');
    expect(t?.settings).toEqual({
      imprint: { de: 'Bezirksamt Mitte\n\nKarl-Marx-Allee 31', en: 'District Office Mitte' },
      privacy: { de: 'Wir speichern wenig.' },
      contactEmail: 'kiez@example.org',
      attribution: 'Geodaten: Amt für Statistik Berlin-Brandenburg',
    });
    const trail = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.entityType, 'tenant')));
    expect(trail).toHaveLength(1);
    expect(trail[0].details).toEqual({
      fields: ['name', 'imprintDe', 'imprintEn', 'privacyDe', 'contactEmail', 'attribution'],
    });

    const imprint = await (await new Agent(ctx.app).get('/moabit/imprint')).text();
    expect(imprint).toContain('<p>Bezirksamt Mitte</p><p>Karl-Marx-Allee 31</p>');
    const privacyEn = await (await new Agent(ctx.app).get('/moabit/privacy?lang=en')).text();
    expect(privacyEn).toContain('Wir speichern wenig.');
  });

  it('re-renders with per-field messages and everything typed kept', async () => {
    const agent = await as(admin.id);
    const res = await agent.post(
      '/staff/moabit/settings',
      { name: '', contactEmail: 'not-an-address', imprintDe: 'Mein Entwurf', attribution: 'x'.repeat(501) },
      { csrfFrom: '/staff/moabit/settings' },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(html).toContain('gültige E-Mail-Adresse');
    expect(html).toContain('höchstens 500 Zeichen');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('Mein Entwurf');
    expect((await getTenant(ctx.services.db, tenant.id))?.name).toBe('Moabit West');

    const en = await agent.post(
      '/staff/moabit/settings?lang=en',
      { name: 'M', contactEmail: '' },
      { csrfFrom: '/staff/moabit/settings?lang=en' },
    );
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('Please enter at least 2 characters.');
  });

  it('is for administrators only', async () => {
    const agent = await as(team.id);
    expect((await agent.get('/staff/moabit/settings')).status).toBe(403);
    await agent.get('/staff/moabit');
    expect((await agent.post('/staff/moabit/settings', { name: 'Gekapert' })).status).toBe(403);
    expect((await getTenant(ctx.services.db, tenant.id))?.name).toBe('Moabit West');
  });
});
