import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { leaves, parseMime } from '../../platform/mail/smtp-test-server.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { getAreaByKey, upsertAreas } from '../areas/index.ts';
import { deliveries, issues, subscribers } from './db/schema.ts';
import { createIssue, issueStats, queueIssue, sendIssue } from './use-cases/issues.ts';
import { CONSENT_VERSION, signUp } from './use-cases/subscribers.ts';

/** A real SMTP server for the test; addresses containing "bounce" are refused with 550. */
async function sink() {
  const received: { to: string; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _s, cb) {
      if (address.address.includes('bounce'))
        return cb(Object.assign(new Error(`Mailbox ${address.address} unknown`), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo[0].address,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let smtp: Awaited<ReturnType<typeof sink>>;
let ctx: TestContext;
let tenant: { id: string; slug: string; name: string; settings: object };
let areaA: string;
let areaB: string;

beforeAll(async () => {
  smtp = await sink();
  ctx = await createTestContext({ config: { smtpUrl: smtp.url, trustProxy: true } });
  const t = await makeTenant(ctx.services);
  tenant = { id: t.id, slug: t.slug, name: t.name, settings: {} };
  const ids = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'A', name: 'Quartier A' },
    { kind: 'programme', key: 'B', name: 'Quartier B' },
  ]);
  areaA = ids.ids.get('A')!;
  areaB = ids.ids.get('B')!;
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

/** Active subscribers straight in the database (the sign-up itself is tested through the pages). */
async function subscribe(email: string, o: { lang?: string; areaIds?: string[] } = {}) {
  await signUp(ctx.services, tenant, {
    email,
    lang: (o.lang ?? 'de') as 'de',
    areaIds: o.areaIds ?? [],
    topics: [],
    consentText: 'Ja, bitte.',
  });
  await ctx.services.db
    .update(subscribers)
    .set({ status: 'active', confirmedAt: new Date() })
    .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, email)));
}

const issueInput = (over: Partial<Parameters<typeof createIssue>[2]> = {}) => ({
  subject: 'Kiezbrief Juni',
  introHtml: '<p>Hallo Nachbarschaft!</p>',
  lang: 'de' as const,
  segmentLangs: [],
  areaId: null,
  topic: null,
  postIds: [],
  eventIds: [],
  ...over,
});

describe('sign-up with double opt-in', () => {
  it('asks for consent, mails a confirmation link, and activates only after the button is pressed', async () => {
    const a = new Agent(ctx.app);
    const noConsent = await a.post(
      `/${tenant.slug}/newsletter`,
      { email: 'lea@example.org', language: 'de' },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(noConsent.status).toBe(422);
    expect(await noConsent.text()).toContain('Bitte stimmen Sie zu');
    const ok = await a.post(
      `/${tenant.slug}/newsletter`,
      { email: 'Lea@Example.org', language: 'tr', areas: [areaA], topics: ['culture'], consent: 'on' },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(ok.status).toBe(200);
    const [s] = await ctx.services.db
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, 'lea@example.org')));
    expect(s).toMatchObject({
      status: 'pending',
      lang: 'tr',
      areaIds: [areaA],
      topics: ['culture'],
      consentVersion: CONSENT_VERSION,
    });
    expect(s.consentText).toContain('Newsletter');
    expect(s.consentAt).toBeInstanceOf(Date);
    const [mail] = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, 'lea@example.org')));
    const token = /\/newsletter\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    // Opening the link (as a mail scanner would) changes nothing.
    expect((await a.get(`/${tenant.slug}/newsletter/confirm/${token}`)).status).toBe(200);
    expect(
      (
        await ctx.services.db
          .select()
          .from(subscribers)
          .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, 'lea@example.org')))
      )[0].status,
    ).toBe('pending');
    const confirmed = await a.post(`/${tenant.slug}/newsletter/confirm/${token}`, {});
    expect(confirmed.status).toBe(303);
    const prefs = confirmed.headers.get('location')!;
    expect(prefs).toMatch(/\/newsletter\/s\/[A-Za-z0-9_-]+\?confirmed=1$/);
    expect(
      (
        await ctx.services.db
          .select()
          .from(subscribers)
          .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, 'lea@example.org')))
      )[0],
    ).toMatchObject({
      status: 'active',
    });
    // The link works once.
    expect(
      (
        await a.post(
          `/${tenant.slug}/newsletter/confirm/${token}`,
          {},
          { csrfFrom: `/${tenant.slug}/newsletter` },
        )
      ).status,
    ).toBe(404);
    // The preferences page changes the language.
    const page = await a.get(prefs);
    expect(await page.text()).toContain('lea@example.org');
    const saved = await a.post(prefs.split('?')[0], { language: 'en', areas: [areaB] });
    expect(saved.status).toBe(200);
    expect(
      (
        await ctx.services.db
          .select()
          .from(subscribers)
          .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, 'lea@example.org')))
      )[0],
    ).toMatchObject({
      lang: 'en',
      areaIds: [areaB],
    });
  });

  it('does not reveal who is subscribed: an active address gets its preferences link by mail instead', async () => {
    await subscribe('known@example.org');
    const a = new Agent(ctx.app);
    const r = await a.post(
      `/${tenant.slug}/newsletter`,
      { email: 'known@example.org', language: 'de', consent: 'on' },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(await r.text()).toContain('Bitte sehen Sie in Ihre E-Mails');
    const mails = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, 'known@example.org')));
    expect(mails.at(-1)!.subject).toContain('Ihr Newsletter');
  });
});

describe('sending an issue', () => {
  it('goes through SMTP to the segment only, with one-click unsubscribe headers; bounces mark the address', async () => {
    await subscribe('a1@example.org', { areaIds: [areaA] });
    await subscribe('a2@example.org');
    await subscribe('b1@example.org', { areaIds: [areaB] });
    await subscribe('en1@example.org', { lang: 'en' });
    await subscribe('bounce-me@example.org', { areaIds: [areaA] });
    const issue = await createIssue(
      systemActor(tenant.id),
      ctx.services.db,
      issueInput({ areaId: areaA, segmentLangs: ['de'] }),
    );
    const before = smtp.received.length;
    const n = await queueIssue(systemActor(tenant.id), ctx.services, tenant, issue.id);
    // a1, a2 (all areas), bounce-me; known@ (all areas, de) too — b1 (area B) and en1 (English) not.
    expect(n).toBe(4);
    const r = await sendIssue(ctx.services, tenant.id, issue.id, { ratePerSecond: 0 });
    expect(r).toMatchObject({ sent: 3, bounced: 1, finished: true });
    const got = smtp.received.slice(before);
    expect(got.map((m) => m.to).sort()).toEqual(['a1@example.org', 'a2@example.org', 'known@example.org']);
    const mime = parseMime(got[0].raw);
    expect(mime.headers['list-unsubscribe']).toMatch(
      new RegExp(`^<http://localhost/${tenant.slug}/newsletter/unsubscribe/[A-Za-z0-9_-]{20,}>$`),
    );
    expect(mime.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const parts = leaves(mime);
    expect(parts.map((p) => p.headers['content-type']?.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(parts[0].body.toString()).toContain('Hallo Nachbarschaft!');
    expect(parts[1].body.toString()).not.toContain('%%');
    const [bounced] = await ctx.services.db
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, 'bounce-me@example.org')));
    expect(bounced.status).toBe('bounced');
    const stats = (await issueStats(ctx.services.db, tenant.id, [issue.id])).get(issue.id)!;
    expect(stats).toMatchObject({ recipients: 4, sent: 3, bounced: 1, pending: 0 });
    const [after] = await ctx.services.db.select().from(issues).where(eq(issues.id, issue.id));
    expect(after.status).toBe('sent');

    // One click from the mail program: exactly this body, no cookie, no CSRF token.
    const link = new URL(/^<(.+)>$/.exec(mime.headers['list-unsubscribe'])![1]);
    const bare = (body: string, path = link.pathname) =>
      ctx.app.request(path, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await bare('something=else')).status).toBe(403);
    expect((await bare('List-Unsubscribe=One-Click', `/${tenant.slug}/newsletter`)).status).toBe(403);
    expect((await bare('List-Unsubscribe=One-Click')).status).toBe(200);
    const [gone] = await ctx.services.db
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.tenantId, tenant.id), eq(subscribers.email, got[0].to)));
    expect(gone.status).toBe('unsubscribed');
    expect((await issueStats(ctx.services.db, tenant.id, [issue.id])).get(issue.id)!.unsubscribed).toBe(1);
  });

  it('after a crash in the middle of sending, a restart sends each remaining subscriber the issue exactly once', async () => {
    const t = await makeTenant(ctx.services);
    const other = { id: t.id, slug: t.slug, name: t.name, settings: {} };
    const emails = Array.from({ length: 30 }, (_, i) => `crash${String(i).padStart(2, '0')}@example.org`);
    for (const email of emails) {
      await signUp(ctx.services, other, { email, lang: 'de', areaIds: [], topics: [], consentText: 'Ja' });
    }
    await ctx.services.db
      .update(subscribers)
      .set({ status: 'active' })
      .where(eq(subscribers.tenantId, other.id));
    const issue = await createIssue(
      systemActor(other.id),
      ctx.services.db,
      issueInput({ subject: 'Absturztest' }),
    );
    expect(await queueIssue(systemActor(other.id), ctx.services, other, issue.id)).toBe(30);
    const mine = () => smtp.received.filter((m) => m.to.startsWith('crash'));

    // First sender: the 11th mail never completes — the process "dies" while talking to the server.
    let calls = 0;
    let stuck = false;
    const dying = sendIssue(ctx.services, other.id, issue.id, {
      ratePerSecond: 0,
      batchSize: 5,
      send: (m) => {
        calls++;
        if (calls > 10) {
          stuck = true;
          return new Promise(() => {});
        }
        return ctx.services.mailer.send(m);
      },
    });
    void dying;
    await expect.poll(() => stuck && mine().length === 10, { timeout: 10_000 }).toBe(true);
    const claimed = await ctx.services.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.tenantId, other.id), eq(deliveries.status, 'sending')));
    expect(claimed.length).toBeGreaterThan(0);

    // Restart: a new sender, later than the claim timeout, finishes the issue.
    const later = new Date(Date.now() + 11 * 60_000);
    const r = await sendIssue(ctx.services, other.id, issue.id, {
      ratePerSecond: 0,
      batchSize: 5,
      now: () => later,
    });
    expect(r.finished).toBe(true);
    expect(r.sent).toBe(20);
    const counts = new Map<string, number>();
    for (const m of mine()) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(emails);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // A third run finds nothing left to send.
    expect((await sendIssue(ctx.services, other.id, issue.id, { now: () => later })).sent).toBe(0);
  });

  it('two senders working at once share the recipients without sending anyone twice', async () => {
    const t = await makeTenant(ctx.services);
    const other = { id: t.id, slug: t.slug, name: t.name, settings: {} };
    for (let i = 0; i < 40; i++)
      await signUp(ctx.services, other, {
        email: `par${i}@example.org`,
        lang: 'de',
        areaIds: [],
        topics: [],
        consentText: 'Ja',
      });
    await ctx.services.db
      .update(subscribers)
      .set({ status: 'active' })
      .where(eq(subscribers.tenantId, other.id));
    const issue = await createIssue(
      systemActor(other.id),
      ctx.services.db,
      issueInput({ subject: 'Parallel' }),
    );
    await queueIssue(systemActor(other.id), ctx.services, other, issue.id);
    const [x, y] = await Promise.all([
      sendIssue(ctx.services, other.id, issue.id, { ratePerSecond: 0, batchSize: 3 }),
      sendIssue(ctx.services, other.id, issue.id, { ratePerSecond: 0, batchSize: 3 }),
    ]);
    expect(x.sent + y.sent).toBe(40);
    const got = smtp.received.filter((m) => m.to.startsWith('par'));
    expect(new Set(got.map((m) => m.to)).size).toBe(40);
    expect(got).toHaveLength(40);
  });
});

describe('staff screens', () => {
  it('compose an issue with a preview, then send it; area team members write only to their area', async () => {
    const { makeUser } = await import('../../test/kit.ts');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const empty = await a.post(
      `/staff/${tenant.slug}/newsletter/issues/new`,
      { subject: '', lang: 'de' },
      { csrfFrom: `/staff/${tenant.slug}/newsletter/issues/new` },
    );
    expect(empty.status).toBe(422);
    // A post that is not offered and an unknown language are named, not silently left out.
    const unknown = await a.post(
      `/staff/${tenant.slug}/newsletter/issues/new`,
      {
        subject: 'Mit Fremdem',
        lang: 'de',
        intro: 'x',
        postIds: '00000000-0000-4000-8000-000000000001',
        segmentLangs: 'xx',
      },
      { csrfFrom: `/staff/${tenant.slug}/newsletter/issues/new` },
    );
    expect(unknown.status).toBe(422);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain('href="#postIds"');
    expect(unknownHtml).toContain('href="#segmentLangs"');
    expect(unknownHtml).toContain('value="Mit Fremdem"');
    const created = await a.post(
      `/staff/${tenant.slug}/newsletter/issues/new`,
      { subject: 'Sommerbrief', lang: 'de', intro: 'Schöne Ferien!' },
      { csrfFrom: `/staff/${tenant.slug}/newsletter/issues/new` },
    );
    expect(created.status).toBe(302);
    const url = created.headers.get('location')!.split('?')[0];
    const page = await (await a.get(url)).text();
    expect(page).toContain('Schöne Ferien!');
    expect(page).toContain('Vorschau');
    // The preview is the mail itself in a sandboxed frame: its inline styles need a policy of their own.
    expect(page).toMatch(new RegExp(`<iframe[^>]*src="${url}/preview"[^>]*sandbox=""`));
    const long = await a.post(
      url,
      { subject: 'Sommerbrief', lang: 'de', intro: 'Liebe Nachbarinnen,\n\nschöne Ferien!\nBis bald.' },
      { csrfFrom: url },
    );
    expect(long.status).toBe(302);
    const preview = await a.get(`${url}/preview`);
    expect(preview.status).toBe(200);
    const csp = preview.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("default-src 'none'");
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const mail = await preview.text();
    expect(mail).toContain('<p>Liebe Nachbarinnen,</p>');
    expect(mail).toContain('<p>schöne Ferien!<br />Bis bald.</p>');
    expect(mail).toContain('style="');
    expect(mail).not.toMatch(/\{\{|%%|unsubscribe-placeholder/i);
    // The staff page itself keeps its strict policy.
    expect((await a.get(url)).headers.get('content-security-policy')).toContain("style-src 'self'");
    const sent = await a.post(`${url}/send`, {});
    expect(sent.status).toBe(302);
    const [i] = await ctx.services.db
      .select()
      .from(issues)
      .where(and(eq(issues.tenantId, tenant.id), eq(issues.subject, 'Sommerbrief')));
    expect(i.status).toBe('sending');

    const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', scopeAreaId: areaB });
    const b = await new Agent(ctx.app).loginAs(ctx.services, team.id);
    const wrong = await b.post(
      `/staff/${tenant.slug}/newsletter/issues/new`,
      { subject: 'X', lang: 'de', intro: 'x', areaId: areaA },
      { csrfFrom: `/staff/${tenant.slug}/newsletter/issues/new` },
    );
    expect(wrong.status).toBe(422);
    // Another area's member gets no preview of this (tenant-wide) issue's mail either.
    expect([403, 404]).toContain((await b.get(`${url}/preview`)).status);
    expect((await b.get(`/staff/${tenant.slug}/newsletter/subscribers`)).status).toBe(403);
    expect((await a.get(`/staff/${tenant.slug}/newsletter/subscribers`)).status).toBe(200);
    void getAreaByKey;
  });
});
