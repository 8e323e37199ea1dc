import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { newId } from '../../platform/db/index.ts';
import { localParts, localToInstant } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { parseStrict } from '../../test/strict-ical.ts';
import { bookingRequests, bookings } from './db/schema.ts';
import { countOverlaps } from './queries.ts';
import { futureWeekday, linkIn, makeHouse, outbox, requestForm } from './test-helpers.ts';
import { addClosure } from './use-cases/manage.ts';
import { groupKeySalt, saltedGroupKey } from './use-cases/privacy.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let staff: Agent;
let setup: Awaited<ReturnType<typeof makeHouse>>;

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'hausstadt', 'Hausstadt');
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin', name: 'Ada Admin' });
  staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  setup = await makeHouse(ctx.services, tenant.id, { contactEmail: 'haus@example.org' });
});
afterAll(() => ctx.close());

const formUrl = () => `/hausstadt/houses/${setup.house.slug}/request`;

async function sendPublic(agent: Agent, form: Record<string, string>) {
  return agent.post(formUrl(), form, { csrfFrom: formUrl() });
}

async function requestsOf(email: string) {
  return ctx.services.db
    .select()
    .from(bookingRequests)
    .where(and(eq(bookingRequests.tenantId, tenant.id), eq(bookingRequests.requesterEmail, email)));
}

/** Status check that shows the page's messages when it fails. */
async function expectStatus(res: Response, status: number) {
  if (res.status !== status) {
    const html = await res.clone().text();
    const main = html
      .replace(/[\s\S]*<main[^>]*>/, '')
      .replace(/<\/main>[\s\S]*/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    throw new Error(`expected ${status}, got ${res.status}: ${main.slice(0, 1500)}`);
  }
}

/** A mailed .ics: it must pass the strict checks (src/test/strict-ical.ts) and ical.js. */
function parseIcs(base64: string) {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const { problems, cal, events } = parseStrict(text);
  expect(problems).toEqual([]);
  return { text, cal, events };
}

describe('public request → staff approval → confirmation with iCalendar', () => {
  it('checks dates and fee before anything is saved, then sends, approves and mails a valid .ics', async () => {
    const date = futureWeekday(2);
    const visitor = new Agent(ctx.app);
    // "Check" shows the fee and stores nothing.
    const check = await sendPublic(
      visitor,
      requestForm(setup.hall.id, date, { intent: 'check', email: 'check@example.org' }),
    );
    expect(check.status).toBe(200);
    const checkHtml = await check.text();
    expect(checkHtml).toContain('Die Zeit ist frei.');
    // 2 hours × 20 € = 40 €, 50 % off for a non-profit group = 20 €.
    expect(checkHtml).toContain('20,00');
    expect(checkHtml).toContain('50');
    expect(await requestsOf('check@example.org')).toHaveLength(0);

    const sent = await sendPublic(visitor, requestForm(setup.hall.id, date, { email: 'rosa@example.org' }));
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Anfrage gesendet');
    const [req] = await requestsOf('rosa@example.org');
    expect(req).toMatchObject({
      status: 'pending',
      source: 'public',
      feeCents: 2000,
      tariff: 'nonprofit',
      // Only the salted hash of the group is kept for the statistics, never its name in clear.
      groupKey: saltedGroupKey(await groupKeySalt(ctx.services.db, tenant.id), 'Chor  Beispielkiez E.V.', ''),
      legalBasis: 'contract',
      retentionUntil: `${Number(date.slice(0, 4)) + 1}-12-31`,
      erasedAt: null,
    });
    expect(req.groupKey).toMatch(/^[0-9a-f]{64}$/);
    expect(localParts(req.startsAt)).toMatchObject({ date, time: '18:00' });

    const mails = await outbox(ctx.services, tenant.id);
    const received = mails.find((m) => m.to === 'rosa@example.org')!;
    expect(received.subject).toContain('Ihre Raumanfrage');
    expect(received.text).toContain('/hausstadt/houses/requests/');
    expect(
      mails.some(
        (m) => m.to === 'haus@example.org' && m.text.includes(`/staff/hausstadt/houses/requests/${req.id}`),
      ),
    ).toBe(true);

    // Staff see it in the queue and approve it.
    const queue = await staff.get('/staff/hausstadt/houses/requests');
    expect(await queue.text()).toContain('Chor Beispielkiez');
    const approve = await staff.post(
      `/staff/hausstadt/houses/requests/${req.id}/approve`,
      {},
      { csrfFrom: `/staff/hausstadt/houses/requests/${req.id}` },
    );
    expect(approve.status).toBe(303);
    const [after] = await requestsOf('rosa@example.org');
    expect(after.status).toBe('approved');
    const booked = await ctx.services.db.select().from(bookings).where(eq(bookings.requestId, req.id));
    expect(booked).toHaveLength(1);
    expect(booked[0].status).toBe('confirmed');
    // 30 minutes buffer after the hall booking.
    expect(booked[0].blockedUntil.getTime() - booked[0].endsAt.getTime()).toBe(30 * 60_000);

    const confirmation = (await outbox(ctx.services, tenant.id, 'rosa@example.org')).find((m) =>
      m.subject.startsWith('Bestätigt'),
    )!;
    expect(confirmation).toBeDefined();
    const icsFile = confirmation.attachments.find((a) => a.filename.endsWith('.ics'))!;
    expect(icsFile.contentType).toContain('text/calendar');
    const { events, cal, text } = parseIcs(icsFile.content);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(events).toHaveLength(1);
    expect(events[0].startDate.toJSDate().toISOString()).toBe(localToInstant(date, '18:00').toISOString());
    expect(events[0].endDate.toJSDate().toISOString()).toBe(localToInstant(date, '20:00').toISOString());
    expect(events[0].summary).toContain('Saal');
    expect(events[0].location).toContain('Teststraße 1');
    const pdf = confirmation.attachments.find((a) => a.filename.endsWith('.pdf'))!;
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    // The public week view now shows the time as booked, buffer included.
    const week = await new Agent(ctx.app).get(`/hausstadt/houses/${setup.house.slug}?date=${date}&room=saal`);
    const weekHtml = await week.text();
    expect(weekHtml).toContain('18:00–20:30');
    expect(weekHtml).toContain('belegt');

    // The same time for someone else is refused with the reason, everything typed is kept.
    const second = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.hall.id, date, {
        start: '19:00',
        end: '21:00',
        email: 'other@example.org',
        name: 'Otto Other',
      }),
    );
    expect(second.status).toBe(422);
    const secondHtml = await second.text();
    expect(secondHtml).toContain('schon belegt');
    expect(secondHtml).toContain('value="Otto Other"');
  });

  it('a standing weekly slot across the change to summer time: one request, every date booked at 18:00 local', async () => {
    // Tuesdays from the first one in March to the last in April of next year: across the last Sunday of March.
    const year = Number(localParts(new Date()).date.slice(0, 4)) + 1;
    const first = futureWeekdayIn(`${year}-03-01`, 2);
    const until = `${year}-04-30`;
    const res = await staff.post(
      `/staff/hausstadt/houses/${setup.house.id}/book`,
      {
        ...requestForm(setup.seminar.id, first, {
          repeat: 'weekly',
          until,
          email: 'kurs@example.org',
          organisation: 'Sprachkurs',
          category: 'education',
          participants: '10',
          tariff: 'standard',
        }),
      },
      { csrfFrom: `/staff/hausstadt/houses/${setup.house.id}/book` },
    );
    expect(res.status).toBe(303);
    const [req] = await requestsOf('kurs@example.org');
    expect(req.status).toBe('approved');
    expect(req.rrule).toContain('TZID=Europe/Berlin');
    const rows = await ctx.services.db
      .select()
      .from(bookings)
      .where(eq(bookings.requestId, req.id))
      .orderBy(bookings.startsAt);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const b of rows) {
      expect(localParts(b.startsAt).time).toBe('18:00');
      expect(localParts(b.endsAt).time).toBe('20:00');
    }
    const utcHours = new Set(rows.map((b) => b.startsAt.getUTCHours()));
    expect(utcHours).toEqual(new Set([17, 16]));
    // 2 hours × 10 € per date.
    expect(req.feeCents).toBe(rows.length * 2000);
    const mail = (await outbox(ctx.services, tenant.id, 'kurs@example.org')).find((m) =>
      m.subject.startsWith('Bestätigt'),
    )!;
    const { events } = parseIcs(mail.attachments.find((a) => a.filename.endsWith('.ics'))!.content);
    expect(events).toHaveLength(rows.length);
  });

  it('says which dates of a series conflict before anything is saved, and can leave them out', async () => {
    const year = Number(localParts(new Date()).date.slice(0, 4)) + 1;
    const first = futureWeekdayIn(`${year}-03-01`, 2);
    // Same room, Tuesdays 19:00–20:00: overlaps every date of the course above in March and April.
    const form = requestForm(setup.seminar.id, first, {
      repeat: 'weekly',
      until: `${year}-05-31`,
      start: '19:00',
      end: '20:00',
      email: 'yoga@example.org',
      category: 'health_sport',
      tariff: 'standard',
      participants: '10',
    });
    const visitor = new Agent(ctx.app);
    const check = await sendPublic(visitor, { ...form, intent: 'check' });
    expect(check.status).toBe(422);
    const html = await check.text();
    expect(html).toMatch(/\d+ von \d+ Terminen sind nicht möglich/);
    expect(html).toContain('bereits belegt');
    expect(await requestsOf('yoga@example.org')).toHaveLength(0);
    const sent = await sendPublic(visitor, { ...form, skipConflicts: 'on' });
    await expectStatus(sent, 200);
    const [req] = await requestsOf('yoga@example.org');
    expect(req.exceptions.length).toBeGreaterThanOrEqual(8);
    expect(req.exceptions.every((d) => d < `${year}-05-01`)).toBe(true);
  });
});

describe('checking availability and price from room, date and times alone (no JavaScript)', () => {
  const only = (roomId: string, date: string, over: Record<string, string> = {}) => ({
    room: roomId,
    date,
    start: '10:00',
    end: '12:00',
    repeat: 'none',
    intent: 'check',
    ...over,
  });

  it('answers the fee without name, e-mail, purpose, participants or house rules, and keeps what was typed', async () => {
    const own = await makeHouse(ctx.services, tenant.id, { slug: 'pruefhaus' });
    const url = `/hausstadt/houses/${own.house.slug}/request`;
    const date = futureWeekday(3, 21);
    const visitor = new Agent(ctx.app);
    // Half-filled: an organisation and a phone number typed, nothing else about the requester.
    const res = await visitor.post(
      url,
      only(own.hall.id, date, { organisation: 'Kiezchor', phone: '030 123456', tariff: 'standard' }),
      { csrfFrom: url },
    );
    await expectStatus(res, 200);
    const html = await res.text();
    expect(html).toContain('Die Zeit ist frei.');
    // 2 hours × 20 € standard rate.
    expect(html).toContain('Voraussichtliche Miete: 40,00');
    expect(html).not.toContain('q-error-summary');
    expect(html).not.toContain('Bitte füllen Sie');
    for (const v of [date, '10:00', '12:00', 'Kiezchor', '030 123456'])
      expect(html).toContain(`value="${v}"`);
    expect(html).toMatch(new RegExp(`<option value="${own.hall.id}" selected`));

    // A confirmed booking at that time: the same check names the conflict, still stores nothing.
    const booked = await staff.post(
      `/staff/hausstadt/houses/${own.house.id}/book`,
      requestForm(own.hall.id, date, { start: '11:00', end: '13:00', email: 'team@example.org', rules: '' }),
      { csrfFrom: `/staff/hausstadt/houses/${own.house.id}/book` },
    );
    expect(booked.status).toBe(303);
    const conflict = await visitor.post(url, only(own.hall.id, date, { organisation: 'Kiezchor' }), {
      csrfFrom: url,
    });
    expect(conflict.status).toBe(422);
    const conflictHtml = await conflict.text();
    expect(conflictHtml).toContain('Der Raum ist zu dieser Zeit schon belegt');
    expect(conflictHtml).toContain('bereits belegt');
    expect(conflictHtml).not.toContain('Bitte füllen Sie');
    expect(conflictHtml).toContain('value="Kiezchor"');
    expect(await requestsOf('')).toHaveLength(0);
  });

  it('still requires who asks and what for when the request is sent', async () => {
    const date = futureWeekday(3, 28);
    const res = await sendPublic(
      new Agent(ctx.app),
      only(setup.seminar.id, date, { intent: 'send', organisation: 'Kiezchor' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ['name', 'email', 'purpose', 'category', 'participants', 'rules'])
      expect(html, field).toContain(`href="#${field}"`);
    expect(html).toContain('value="Kiezchor"');
    expect(html).toContain(`value="${date}"`);
  });
});

describe('staff decisions and the requester’s private link', () => {
  it('declines with a reason that reaches the requester', async () => {
    await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, futureWeekday(3), { email: 'decline@example.org', participants: '5' }),
    );
    const [req] = await requestsOf('decline@example.org');
    const page = `/staff/hausstadt/houses/requests/${req.id}`;
    const empty = await staff.post(`${page}/decline`, { reason: '' }, { csrfFrom: page });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte geben Sie eine Begründung an');
    const res = await staff.post(
      `${page}/decline`,
      { reason: 'Der Raum wird an diesem Tag renoviert.' },
      { csrfFrom: page },
    );
    expect(res.status).toBe(303);
    const [after] = await requestsOf('decline@example.org');
    expect(after).toMatchObject({
      status: 'declined',
      declineReason: 'Der Raum wird an diesem Tag renoviert.',
    });
    const mail = (await outbox(ctx.services, tenant.id, 'decline@example.org')).at(-1)!;
    expect(mail.subject).toContain('kann nicht bestätigt werden');
    expect(mail.text).toContain('Der Raum wird an diesem Tag renoviert.');
  });

  it('cancels by the private link: the booking is released and the requester gets a mail', async () => {
    const date = futureWeekday(4);
    await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, date, { email: 'cancel@example.org', participants: '5' }),
    );
    const [req] = await requestsOf('cancel@example.org');
    const page = `/staff/hausstadt/houses/requests/${req.id}`;
    await staff.post(`${page}/approve`, {}, { csrfFrom: page });
    // Each mail carries a fresh link; the one in the confirmation is valid, older ones are not.
    const mails = await outbox(ctx.services, tenant.id, 'cancel@example.org');
    const oldLink = linkIn(mails[0].text);
    const link = linkIn(mails.find((m) => m.subject.startsWith('Bestätigt'))!.text);
    expect((await new Agent(ctx.app).get(oldLink)).status).toBe(404);
    const visitor = new Agent(ctx.app);
    const status = await visitor.get(link);
    expect(status.status).toBe(200);
    expect(await status.text()).toContain('Bestätigt');
    const res = await visitor.post(`${link}/cancel`, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Die Anfrage ist storniert');
    const [after] = await requestsOf('cancel@example.org');
    expect(after.status).toBe('cancelled');
    const [b] = await ctx.services.db.select().from(bookings).where(eq(bookings.requestId, req.id));
    expect(b.status).toBe('cancelled');
    const last = (await outbox(ctx.services, tenant.id, 'cancel@example.org')).at(-1)!;
    expect(last.subject).toContain('Storniert');
    const ics = parseIcs(last.attachments[0].content);
    expect(ics.cal.getFirstPropertyValue('method')).toBe('CANCEL');
    // The freed time can be requested again.
    const again = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, date, { email: 'again@example.org', participants: '5', intent: 'check' }),
    );
    expect(again.status).toBe(200);
  });

  it('proposes another time; the requester accepts it by link and it is confirmed', async () => {
    const date = futureWeekday(5);
    await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, date, { email: 'propose@example.org', participants: '5' }),
    );
    const [req] = await requestsOf('propose@example.org');
    const page = `/staff/hausstadt/houses/requests/${req.id}`;
    const res = await staff.post(
      `${page}/propose`,
      { proposeDate: date, proposeStart: '10:00', proposeEnd: '12:00', message: 'Abends ist leider Chor.' },
      { csrfFrom: page },
    );
    expect(res.status).toBe(303);
    const mail = (await outbox(ctx.services, tenant.id, 'propose@example.org')).at(-1)!;
    expect(mail.subject).toContain('Anderer Termin');
    expect(mail.text).toContain('10:00');
    const link = linkIn(mail.text);
    const visitor = new Agent(ctx.app);
    expect(await (await visitor.get(link)).text()).toContain('Diesen Termin annehmen');
    const accept = await visitor.post(`${link}/accept`, {});
    await expectStatus(accept, 200);
    const [after] = await requestsOf('propose@example.org');
    expect(after.status).toBe('approved');
    expect(localParts(after.startsAt).time).toBe('10:00');
    const [b] = await ctx.services.db.select().from(bookings).where(eq(bookings.requestId, req.id));
    expect(localParts(b.startsAt).time).toBe('10:00');
    expect((await outbox(ctx.services, tenant.id, 'propose@example.org')).at(-1)!.subject).toContain(
      'Bestätigt',
    );
  });

  it('records payment status and exports the rentals as CSV for German spreadsheets', async () => {
    const [req] = await requestsOf('rosa@example.org');
    const page = `/staff/hausstadt/houses/requests/${req.id}`;
    const res = await staff.post(
      `${page}/payment`,
      { paymentStatus: 'paid', paymentNote: 'RE-2026-001' },
      { csrfFrom: page },
    );
    expect(res.status).toBe(303);
    const csv = await staff.get('/staff/hausstadt/houses/payments.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // UTF-8 byte order mark, so spreadsheet programs read the umlauts right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('Vorgangsnummer;Haus;Raum');
    expect(text).toContain(';20,00;paid;');
    expect(text).toContain('RE-2026-001');
    const pdf = await staff.get(`${page}/confirmation.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Both files carry the renter's name: who took them is in the audit log.
    const audit = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.personal, 'yes')));
    const views = audit.map((a) => (a.details as { view?: string }).view);
    expect(views).toContain('payments.csv');
    expect(
      audit.some(
        (a) => a.entityId === req.id && a.action === 'read' && a.details.view === 'confirmation.pdf',
      ),
    ).toBe(true);
  });
});

// Refusals below use the "check" button (same validation as sending) so the file stays under the
// public send limit of 10 per hour; the limit itself is tested in limits.db.test.ts.
describe('bad input and abuse', () => {
  it('refuses times outside the opening hours and during closures, with the reason', async () => {
    const date = futureWeekday(1);
    const early = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, date, {
        start: '07:00',
        end: '09:00',
        email: 'early@example.org',
        participants: '5',
        intent: 'check',
      }),
    );
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('Das Haus ist an diesem Tag 08:00–22:00 geöffnet');
    await addClosure(
      ctx.services.db,
      tenant.id,
      setup.house.id,
      {
        roomId: null,
        kind: 'holiday',
        startsAt: localToInstant(date, '00:00'),
        endsAt: localToInstant(date, '24:00'),
        reason: 'Sommerfest der Nachbarschaft',
      },
      null,
    );
    const closed = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, date, {
        email: 'closed@example.org',
        participants: '5',
        intent: 'check',
      }),
    );
    expect(closed.status).toBe(422);
    expect(await closed.text()).toContain('Sommerfest der Nachbarschaft');
    expect(await requestsOf('early@example.org')).toHaveLength(0);
    expect(await requestsOf('closed@example.org')).toHaveLength(0);
  });

  it('validates every field with a message and keeps what was typed', async () => {
    const res = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, '2020-01-01', {
        email: 'kein-mail',
        participants: '99',
        rules: '',
        start: '20:00',
        end: '19:00',
        purpose: '',
        name: 'Karl Kurz',
        intent: 'send',
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Dieses Datum liegt in der Vergangenheit.');
    expect(html).toContain('Das Ende muss nach dem Beginn liegen.');
    expect(html).toContain('gültige E-Mail-Adresse');
    expect(html).toContain('höchstens 12 Personen');
    expect(html).toContain('Hausordnung akzeptieren');
    expect(html).toContain('value="Karl Kurz"');
    expect(html).toContain('value="kein-mail"');
  });

  it('answers a filled honeypot like a success but keeps nothing', async () => {
    const res = await sendPublic(
      new Agent(ctx.app),
      requestForm(setup.seminar.id, futureWeekday(6), {
        email: 'bot@example.org',
        website: 'http://spam.example',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Anfrage gesendet');
    expect(await requestsOf('bot@example.org')).toHaveLength(0);
    expect(await outbox(ctx.services, tenant.id, 'bot@example.org')).toHaveLength(0);
  });

  it('the database refuses overlapping confirmed bookings even when code is bypassed', async () => {
    const [req] = await requestsOf('rosa@example.org');
    const start = localToInstant(futureWeekday(7, 40), '10:00');
    const row = (s: Date, e: Date, blocked: Date) => ({
      tenantId: tenant.id,
      id: newId(),
      houseId: setup.house.id,
      roomId: setup.hall.id,
      requestId: req.id,
      startsAt: s,
      endsAt: e,
      blockedUntil: blocked,
      category: 'other',
      groupKey: 'x',
      title: 'direct',
    });
    const h = 3_600_000;
    await ctx.services.db
      .insert(bookings)
      .values(row(start, new Date(start.getTime() + h), new Date(start.getTime() + 1.5 * h)));
    // Starts inside the buffer of the first one.
    const overlapping = ctx.services.db
      .insert(bookings)
      .values(
        row(
          new Date(start.getTime() + 1.25 * h),
          new Date(start.getTime() + 2 * h),
          new Date(start.getTime() + 2 * h),
        ),
      );
    await expect(overlapping).rejects.toMatchObject({ cause: { code: '23P01' } });
    // Back to back after the buffer is fine, and cancelled rows do not count.
    await ctx.services.db
      .insert(bookings)
      .values(
        row(
          new Date(start.getTime() + 1.5 * h),
          new Date(start.getTime() + 2 * h),
          new Date(start.getTime() + 2 * h),
        ),
      );
    await ctx.services.db.insert(bookings).values({
      ...row(start, new Date(start.getTime() + h), new Date(start.getTime() + h)),
      status: 'cancelled',
    });
    expect(await countOverlaps(ctx.services.db, tenant.id)).toBe(0);
    const n = await ctx.services.db.execute(
      sql`select count(*)::int as n from pg_constraint where conname = 'bookings_no_overlap' and contype = 'x'`,
    );
    expect((n as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1);
  });
});

/** First date with the ISO weekday on or after a local date. */
function futureWeekdayIn(from: string, weekday: number): string {
  const d = new Date(`${from}T12:00:00Z`);
  const wd = ((d.getUTCDay() + 6) % 7) + 1;
  d.setUTCDate(d.getUTCDate() + ((weekday - wd + 7) % 7));
  return d.toISOString().slice(0, 10);
}
