/**
 * CSV exports of staff lists: the events list and the room requests, through the one CSV writer.
 * Each export holds what the list's filters find in the member's areas — every page of it, not only
 * the one on screen — and a team member of one area never gets another area's rows. The room
 * requests and the outbox name people, so their exports are audited; the requests list is paged.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAreas } from '../src/modules/areas/index.ts';
import { eventInput } from '../src/modules/events/test/fixtures.ts';
import { createEvent } from '../src/modules/events/use-cases/events.ts';
import { bookingRequests, houses, rooms } from '../src/modules/houses/db/schema.ts';
import { createActor } from '../src/modules/network/use-cases/actors.ts';
import { CONSENT_TEXT_VERSION } from '../src/modules/network/vocab.ts';
import { listAudit } from '../src/platform/audit/index.ts';
import { newId } from '../src/platform/db/index.ts';
import { mailOutbox, queueMail } from '../src/platform/mail/index.ts';
import { addDays, localToInstant, todayLocal } from '../src/platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
const users = { admin: '', team: '' };
let personId = '';

const rowsOf = async (res: Response): Promise<string[][]> => {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return parse((await res.text()).replace(/^\uFEFF/, ''), { delimiter: ';' });
};

beforeAll(async () => {
  ctx = await createTestContext();
  const { services } = ctx;
  const { db } = services;
  tenant = await makeTenant(services);
  const q = await upsertAreas(db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QA', name: 'Quartier Alpha' },
    { kind: 'programme', key: 'QB', name: 'Quartier Beta' },
  ]);
  const areaA = q.ids.get('QA')!;
  const areaB = q.ids.get('QB')!;
  users.admin = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
  users.team = (await makeUser(services, { tenantId: tenant.id, role: 'team', scopeAreaId: areaA })).id;
  // 60 published events in A (more than one page of 50), 3 in B; "=1+1" in a title is neutralised.
  for (let i = 0; i < 60; i++)
    await createEvent(db, tenant.id, eventInput({ areaId: areaA, title: `Alpha-Fest ${i}` }), {
      status: 'published',
      source: 'staff',
    });
  for (let i = 0; i < 3; i++)
    await createEvent(db, tenant.id, eventInput({ areaId: areaB, title: `=1+1 Beta-Fest ${i}` }), {
      status: 'published',
      source: 'staff',
    });
  // Room requests: 55 pending in A's house, 2 pending and 1 approved in B's.
  const today = todayLocal();
  for (const [areaId, list] of [
    [areaA, Array(55).fill('pending')],
    [areaB, ['pending', 'pending', 'approved']],
  ] as const) {
    const houseId = newId();
    const roomId = newId();
    await db.insert(houses).values({
      tenantId: tenant.id,
      id: houseId,
      slug: `haus-${houseId.slice(-6)}`,
      name: areaId === areaA ? 'Haus Alpha' : 'Haus Beta',
      areaId,
      published: true,
    });
    await db
      .insert(rooms)
      .values({ tenantId: tenant.id, id: roomId, houseId, slug: 'saal', name: 'Saal', capacity: 20 });
    for (const [i, status] of list.entries()) {
      const startsAt = localToInstant(addDays(today, 10 + i), '10:00');
      await db.insert(bookingRequests).values({
        tenantId: tenant.id,
        id: newId(),
        houseId,
        roomId,
        status,
        source: 'public',
        requesterName: `Person ${areaId === areaA ? 'A' : 'B'}${i}`,
        requesterEmail: `p${i}@example.org`,
        groupKey: 'gruppe',
        purpose: 'Treffen',
        category: 'meeting',
        participants: 10,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        cancelTokenHash: randomBytes(16).toString('hex'),
        retentionUntil: '2099-12-31',
      });
    }
  }
  // The network directory: 55 organisations in A (more than a page), 2 in B, and one person in A.
  for (let i = 0; i < 55; i++)
    await createActor(db, tenant.id, {
      kind: 'organisation',
      orgType: 'association',
      name: `Verein Alpha ${String(i).padStart(2, '0')}`,
      fields: ['education'],
      areaId: areaA,
      street: 'Koloniestraße',
      houseNumber: String(i + 1),
      postcode: '13359',
    });
  for (let i = 0; i < 2; i++)
    await createActor(db, tenant.id, { kind: 'organisation', name: `=Verein Beta ${i}`, areaId: areaB });
  personId = (
    await createActor(db, tenant.id, {
      kind: 'person',
      name: 'Hatice Beispiel',
      areaId: areaA,
      legalBasis: 'consent',
      consentAt: new Date(),
      consentTextVersion: CONSENT_TEXT_VERSION,
      retentionUntil: '2099-12-31',
    })
  ).id;
});
afterAll(() => ctx?.close());

const staff = (path: string) => `/staff/${tenant.slug}${path}`;
const as = (who: keyof typeof users) => new Agent(ctx.app).loginAs(ctx.services, users[who]);

describe('CSV of the events list', () => {
  it('holds every event the filters find, beyond the first page, and neutralises formulas', async () => {
    const a = await as('admin');
    const page = await (await a.get(staff('/events?when=upcoming'))).text();
    expect(page).toContain('63 Veranstaltungen als CSV herunterladen');
    const rows = await rowsOf(await a.get(staff('/events?when=upcoming&format=csv')));
    expect(rows[0]).toEqual([
      'Wann',
      'Titel',
      'Stand',
      'Art',
      'Wiederholung',
      'Ort',
      'Veranstaltet von',
      'Bestätigte Plätze',
      'Plätze',
      'Link',
    ]);
    expect(rows.length - 1).toBe(63);
    expect(rows.map((r) => r[1])).toContain("'=1+1 Beta-Fest 0");
    const searched = await rowsOf(await a.get(staff('/events?when=upcoming&q=Beta&format=csv')));
    expect(searched.length - 1).toBe(3);
  });

  it('a team member of area A gets only A’s events', async () => {
    const rows = await rowsOf(await (await as('team')).get(staff('/events?when=upcoming&format=csv')));
    expect(rows.length - 1).toBe(60);
    expect(rows.some((r) => r[1].includes('Beta'))).toBe(false);
  });
});

describe('room requests: pages and CSV', () => {
  it('the list is paged with the total; the CSV holds every request the filter finds, and is audited', async () => {
    const a = await as('admin');
    const first = await (await a.get(staff('/houses/requests?status=pending'))).text();
    expect(first).toContain('57 Anfragen');
    expect(first.match(/\/houses\/requests\/[0-9a-f-]{36}"/g)).toHaveLength(50);
    const second = await (await a.get(staff('/houses/requests?status=pending&page=2'))).text();
    expect(second.match(/\/houses\/requests\/[0-9a-f-]{36}"/g)).toHaveLength(7);
    const rows = await rowsOf(await a.get(staff('/houses/requests?status=pending&format=csv')));
    expect(rows[0].slice(0, 3)).toEqual(['Vorgangsnummer', 'Stand', 'Erster Termin']);
    expect(rows.length - 1).toBe(57);
    expect(rows.every((r, i) => i === 0 || r[1] === 'Angefragt' || r[1] === rows[1][1])).toBe(true);
    const audit = await listAudit(ctx.services.db, tenant.id, { limit: 20 });
    const entry = audit.find((e) => (e.details as { view?: string })?.view === 'csv');
    expect(entry?.entityType).toBe('booking_request');
    expect((entry?.details as { count?: number } | undefined)?.count).toBe(57);
  });

  it('a team member of area A gets only the requests of A’s house', async () => {
    const rows = await rowsOf(await (await as('team')).get(staff('/houses/requests?status=all&format=csv')));
    expect(rows.length - 1).toBe(55);
    expect(rows.some((r) => r.includes('Haus Beta'))).toBe(false);
  });
});

describe('outbox CSV', () => {
  it('an administrator downloads every mail of the filter beyond one page, audited; a team member may not', async () => {
    const { db } = ctx.services;
    for (let i = 0; i < 520; i++) {
      const id = await queueMail(db, {
        tenantId: tenant.id,
        to: `m${i}@example.org`,
        subject: `Mail ${i}`,
        text: 'x',
      });
      if (i % 2 === 0)
        await db.update(mailOutbox).set({ status: 'failed', lastError: '=cmd' }).where(eq(mailOutbox.id, id));
    }
    const a = await as('admin');
    const page = await (await a.get(staff('/admin/outbox?status=failed'))).text();
    expect(page).toContain('/admin/outbox?status=failed&amp;format=csv');
    const rows = await rowsOf(await a.get(staff('/admin/outbox?status=failed&format=csv')));
    expect(rows[0]).toEqual(['Erstellt', 'An', 'Betreff', 'Stand', 'Versuche', 'Gesendet', 'Fehler']);
    expect(rows.length - 1).toBe(260);
    expect(rows.slice(1).every((r) => r[3] === rows[1][3] && r[6] === "'=cmd")).toBe(true);
    expect((await rowsOf(await a.get(staff('/admin/outbox?format=csv')))).length - 1).toBe(520);
    const audit = await listAudit(ctx.services.db, tenant.id, { limit: 5 });
    const entry = audit.find(
      (e) => e.entityType === 'mail' && (e.details as { view?: string })?.view === 'csv',
    );
    expect((entry?.details as { count?: number } | undefined)?.count).toBe(520);
    const team = await (await as('team')).get(staff('/admin/outbox?format=csv'));
    expect(team.status).toBe(403);
  });
});

describe('CSV of the network directory', () => {
  it('holds every record the filters find, beyond the first page, and names people only in an audited download', async () => {
    const a = await as('admin');
    const page = await (await a.get(staff('/network/actors'))).text();
    expect(page).toContain('58 Einträge als CSV herunterladen');
    const rows = await rowsOf(await a.get(staff('/network/actors?format=csv')));
    expect(rows[0]).toEqual([
      'Name',
      'Art',
      'Handlungsfelder',
      'Zielgruppen',
      'Sprachen',
      'Multiplikator',
      'Seismograf',
      'Straße und Hausnummer',
      'PLZ',
      'Adresse in Quartier',
    ]);
    expect(rows.length - 1).toBe(58);
    const alpha = rows.find((r) => r[0] === 'Verein Alpha 07')!;
    expect(alpha.slice(2, 3)).toEqual(['Bildung']);
    expect(alpha.slice(7, 9)).toEqual(['Koloniestraße 8', '13359']);
    expect(alpha[9]).toMatch(new RegExp(`/staff/${tenant.slug}/network/actors/[0-9a-f-]{36}$`));
    expect(rows.map((r) => r[0])).toContain("'=Verein Beta 0");
    expect(rows.map((r) => r[0])).toContain('Hatice Beispiel');
    const audit = await listAudit(ctx.services.db, tenant.id, { entityType: 'network.person' });
    const read = audit.find((e) => (e.details as { view?: string }).view === 'directory.csv');
    expect(read?.details).toMatchObject({ count: 1, ids: [personId] });
    expect(read?.actorUserId).toBe(users.admin);

    const searched = await rowsOf(await a.get(staff('/network/actors?q=Beta&format=csv')));
    expect(searched.map((r) => r[0]).slice(1)).toEqual(["'=Verein Beta 0", "'=Verein Beta 1"]);
  });

  it('a team member of area A gets only A’s records', async () => {
    const rows = await rowsOf(await (await as('team')).get(staff('/network/actors?format=csv')));
    expect(rows.some((r) => r[0].includes('Beta'))).toBe(false);
    expect(rows.filter((r) => r[0].startsWith('Verein Alpha'))).toHaveLength(55);
  });
});
