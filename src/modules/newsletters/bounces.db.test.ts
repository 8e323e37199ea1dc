import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { newId } from '../../platform/db/index.ts';
import { parseMime } from '../../platform/mail/smtp-test-server.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { EXIT_TEMPFAIL, registerNewslettersCli } from './cli.ts';
import { bounces, deliveries, subscribers } from './db/schema.ts';
import { bounceFixture, type FixtureName, type FixtureValues, mbox } from './test-fixtures/bounces.ts';
import { processBounces } from './use-cases/bounces.ts';
import { createIssue, issueStats, queueIssue, sendIssue } from './use-cases/issues.ts';
import { signUp } from './use-cases/subscribers.ts';
import { parseBounceAddress } from './use-cases/verp.ts';

/** A real SMTP server that records the envelope: MAIL FROM with its DSN parameters, RCPT TO. */
async function sink() {
  const received: { from: string; to: string; envid: string | null; ret: string | null; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Offer DSN (RFC 3461) like Postfix and Exim do, so the client sends RET and ENVID.
    hideDSN: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const dsn = (session.envelope as { dsn?: { envid?: string | null; ret?: string | null } }).dsn;
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo[0].address,
          envid: dsn?.envid ?? null,
          ret: dsn?.ret ?? null,
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

const BOUNCE_ADDRESS = parseBounceAddress('bounces@quartier.example');

let smtp: Awaited<ReturnType<typeof sink>>;
let ctx: TestContext;

beforeAll(async () => {
  smtp = await sink();
  ctx = await createTestContext({
    config: { smtpUrl: smtp.url, mailFrom: 'Quartier <no-reply@quartier.example>' },
  });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

type T = { id: string; slug: string; name: string; settings: object };

async function tenantWith(emails: string[]): Promise<T> {
  const t = await makeTenant(ctx.services);
  const tenant = { id: t.id, slug: t.slug, name: t.name, settings: {} };
  for (const email of emails)
    await signUp(ctx.services, tenant, {
      email,
      lang: 'de',
      areaIds: [],
      topics: [],
      consentText: 'Ja, bitte.',
    });
  await ctx.services.db
    .update(subscribers)
    .set({ status: 'active', confirmedAt: new Date('2025-01-01T00:00:00Z') })
    .where(eq(subscribers.tenantId, tenant.id));
  return tenant;
}

/** Sends one issue to all of the tenant's subscribers with VERP; returns the issue id. */
async function sendTo(tenant: T, subject = 'Kiezbrief Juni') {
  const issue = await createIssue(systemActor(tenant.id), ctx.services.db, {
    subject,
    introHtml: '<p>Hallo Nachbarschaft!</p>',
    lang: 'de',
    segmentLangs: [],
    areaId: null,
    topic: null,
    postIds: [],
    eventIds: [],
  });
  await queueIssue(systemActor(tenant.id), ctx.services, tenant, issue.id);
  const r = await sendIssue(ctx.services, tenant.id, issue.id, {
    ratePerSecond: 0,
    bounceAddress: BOUNCE_ADDRESS,
  });
  expect(r.finished).toBe(true);
  return issue.id;
}

async function sub(tenantId: string, email: string) {
  const [s] = await ctx.services.db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.tenantId, tenantId), eq(subscribers.email, email)));
  return s;
}

async function statuses(tenantId: string) {
  const list = await ctx.services.db
    .select({ email: subscribers.email, status: subscribers.status })
    .from(subscribers)
    .where(eq(subscribers.tenantId, tenantId));
  return Object.fromEntries(list.map((x) => [x.email, x.status]));
}

/** The bounce a mail server would send for this subscriber's copy of the issue. */
async function bounceFor(
  name: FixtureName,
  tenantId: string,
  email: string,
  issueId: string,
  v: FixtureValues = {},
) {
  const s = await sub(tenantId, email);
  return bounceFixture(name, {
    VERP: `bounces+${s.bounceKey}@quartier.example`,
    EMAIL: email,
    KEY: s.bounceKey,
    ISSUE: issueId,
    SUBSCRIBER: s.id,
    ID: newId(),
    DATE: new Date().toUTCString(),
    ...v,
  });
}

/** `npx quartier newsletters bounces …` against the test services; returns what it printed. */
async function cli(args: string[], io?: { stdin: Buffer; env?: NodeJS.ProcessEnv }) {
  const program = new Command().exitOverride();
  registerNewslettersCli(
    program,
    (fn) => fn(ctx.services),
    io ? { stdin: Readable.from([io.stdin]), env: io.env ?? {} } : undefined,
  );
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await program.parseAsync(['newsletters', 'bounces', ...args], { from: 'user' });
    return log.mock.calls.flat().join('\n');
  } finally {
    log.mockRestore();
  }
}

function tmpFile(name: string, content: Buffer) {
  const file = join(tmpdir(), `quartier-bounces-${newId()}-${name}`);
  writeFileSync(file, content);
  return file;
}

describe('sending with a per-recipient bounce address (VERP)', () => {
  it('each newsletter mail has its subscriber’s own envelope sender, DSN envelope id and header', async () => {
    const tenant = await tenantWith(['anna@example.org', 'ben@example.org']);
    const before = smtp.received.length;
    const issueId = await sendTo(tenant);
    const got = smtp.received.slice(before);
    expect(got.map((m) => m.to).sort()).toEqual(['anna@example.org', 'ben@example.org']);
    const keys = new Set<string>();
    for (const m of got) {
      const s = await sub(tenant.id, m.to);
      expect(s.bounceKey).toMatch(/^[0-9a-f]{32}$/);
      keys.add(s.bounceKey);
      // The envelope names the subscriber by the key, not by the address.
      expect(m.from).toBe(`bounces+${s.bounceKey}@quartier.example`);
      expect(m.from).not.toContain('anna');
      expect(m.envid).toBe(`${issueId}.${s.bounceKey}`);
      expect(m.ret).toBe('HDRS');
      const mime = parseMime(m.raw);
      // The From header stays the sender everyone sees.
      expect(mime.headers.from).toBe('Quartier <no-reply@quartier.example>');
      expect(mime.headers['x-quartier-newsletter']).toBe(`issue=${issueId}; key=${s.bounceKey}`);
      expect(mime.headers['message-id']).toBe(`<nl-${issueId}-${s.id}@localhost>`);
    }
    expect(keys.size).toBe(2);
  });

  it('takes NEWSLETTER_BOUNCE_ADDRESS from the environment; without it the envelope stays MAIL_FROM', async () => {
    const tenant = await tenantWith(['carla@example.org']);
    const s = await sub(tenant.id, 'carla@example.org');
    const send = async () => {
      const issue = await createIssue(systemActor(tenant.id), ctx.services.db, {
        subject: 'Env',
        introHtml: '<p>x</p>',
        lang: 'de',
        segmentLangs: [],
        areaId: null,
        topic: null,
        postIds: [],
        eventIds: [],
      });
      await queueIssue(systemActor(tenant.id), ctx.services, tenant, issue.id);
      const before = smtp.received.length;
      await sendIssue(ctx.services, tenant.id, issue.id, { ratePerSecond: 0 });
      return smtp.received.slice(before);
    };
    vi.stubEnv('NEWSLETTER_BOUNCE_ADDRESS', 'NL-Bounces@Quartier.example');
    try {
      const [m] = await send();
      expect(m.from).toBe(`nl-bounces+${s.bounceKey}@quartier.example`);
    } finally {
      vi.unstubAllEnvs();
    }
    vi.stubEnv('NEWSLETTER_BOUNCE_ADDRESS', '');
    try {
      const [m] = await send();
      expect(m.from).toBe('no-reply@quartier.example');
      expect(m.envid).toBeNull();
      // The header is there anyway, for bounces that come back to the sender address.
      expect(parseMime(m.raw).headers['x-quartier-newsletter']).toContain(`key=${s.bounceKey}`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('late bounces from the command line', () => {
  it('an mbox with a Postfix DSN, an Exim bounce, a delayed DSN, an out-of-office reply and garbage', async () => {
    const emails = [
      'hard1@example.org',
      'hard2@example.org',
      'slow@example.org',
      'away@example.org',
      'calm@example.org',
    ];
    const tenant = await tenantWith(emails);
    const issueId = await sendTo(tenant);
    const file = tmpFile(
      'bounces.mbox',
      mbox([
        await bounceFor('postfix-dsn', tenant.id, 'hard1@example.org', issueId),
        await bounceFor('exim-text', tenant.id, 'hard2@example.org', issueId),
        await bounceFor('delayed-dsn', tenant.id, 'slow@example.org', issueId),
        await bounceFor('out-of-office', tenant.id, 'away@example.org', issueId),
        // Garbage that names an address and a failure code marks nothing.
        bounceFixture('garbage', { EMAIL: 'calm@example.org' }),
      ]),
    );
    const out = await cli(['--file', file]);
    expect(out).toContain('5 mails – 2 marked, 1 soft, 1 ignored, 1 unreadable.');
    expect(out).toContain(`#1 marked: hard1@example.org (${tenant.slug}): hard bounce`);
    expect(out).toContain('[5.1.1]');
    expect(out).toContain('#2 marked: hard2@example.org');
    expect(out).toContain('#3 soft: slow@example.org');
    expect(out).toContain('soft bounce 1 of 3');
    expect(out).toContain('#4 ignored: auto-reply (e.g. out of office)');
    expect(out).toContain('#5 unreadable: no mail headers');
    expect(await statuses(tenant.id)).toEqual({
      'hard1@example.org': 'bounced',
      'hard2@example.org': 'bounced',
      'slow@example.org': 'active',
      'away@example.org': 'active',
      'calm@example.org': 'active',
    });
    expect((await sub(tenant.id, 'slow@example.org')).bounceCount).toBe(1);
    expect((await sub(tenant.id, 'hard1@example.org')).lastBounce).toContain('5.1.1');
    // Recorded: kind, code, short diagnostic without addresses, the issue — no mail text.
    const recorded = await ctx.services.db.select().from(bounces).where(eq(bounces.tenantId, tenant.id));
    expect(recorded.map((b) => [b.kind, b.status, b.outcome, b.issueId, b.source]).sort()).toEqual(
      [
        ['hard', '5.1.1', 'marked', issueId, 'cli'],
        ['hard', '550', 'marked', issueId, 'cli'],
        ['soft', '4.2.2', 'counted', issueId, 'cli'],
      ].sort(),
    );
    for (const b of recorded) {
      expect(b.diagnostic ?? '').not.toContain('@');
      expect(b.diagnostic!.length).toBeLessThanOrEqual(300);
    }
    // The issue counts the two hard bounces.
    expect((await issueStats(ctx.services.db, tenant.id, [issueId])).get(issueId)).toMatchObject({
      sent: 3,
      bounced: 2,
    });

    // The same file again changes nothing and counts nothing twice.
    const again = await cli(['--file', file]);
    expect(again).toContain('0 marked, 0 soft, 4 ignored, 1 unreadable');
    expect(again).toContain('processed before');
    expect((await sub(tenant.id, 'slow@example.org')).bounceCount).toBe(1);
    expect(await ctx.services.db.select().from(bounces).where(eq(bounces.tenantId, tenant.id))).toHaveLength(
      3,
    );
  });

  it('reads one piped mail from standard input; the mail server’s RECIPIENT carries the key when the mail lost it', async () => {
    const tenant = await tenantWith(['piped@example.org', 'other@example.org']);
    const issueId = await sendTo(tenant);
    const s = await sub(tenant.id, 'piped@example.org');
    // The bounce names neither the VERP address nor our headers — only the address it failed for.
    const lost = bounceFixture('postfix-dsn', {
      VERP: 'no-reply@quartier.example',
      EMAIL: 'piped@example.org',
      KEY: 'none',
      ISSUE: 'none',
      SUBSCRIBER: 'none',
      ID: newId(),
    });
    // Without a tenant and without our marks it is not applied to anyone.
    const unknown = await cli(['--file', '-'], { stdin: lost });
    expect(unknown).toContain('#1 ignored: names only an address, and no tenant was given');
    expect((await sub(tenant.id, 'piped@example.org')).status).toBe('active');
    // Postfix passes the address it delivered to (bounces+<key>@…) as $ORIGINAL_RECIPIENT.
    const out = await cli(['--file', '-'], {
      stdin: lost,
      env: { ORIGINAL_RECIPIENT: `bounces+${s.bounceKey}@quartier.example` },
    });
    expect(out).toContain('stdin: 1 mail – 1 marked');
    expect(await statuses(tenant.id)).toEqual({
      'piped@example.org': 'bounced',
      'other@example.org': 'active',
    });
    void issueId;
  });

  it('a failure while piped exits with EX_TEMPFAIL (75) so the mail server keeps the bounce and retries', async () => {
    const program = new Command().exitOverride();
    registerNewslettersCli(
      program,
      async () => {
        throw new Error('database unavailable');
      },
      { stdin: Readable.from([bounceFixture('postfix-dsn')]), env: {} },
    );
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const e = await program
        .parseAsync(['newsletters', 'bounces', '--file', '-'], { from: 'user' })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CommanderError);
      expect((e as CommanderError).exitCode).toBe(EXIT_TEMPFAIL);
      expect(err.mock.calls.flat().join(' ')).toContain('database unavailable');
    } finally {
      err.mockRestore();
    }
  });
});

describe('soft bounces', () => {
  it(`mark the address at the 3rd soft-bounced mail within 30 days; reports about the same mail count once`, async () => {
    const tenant = await tenantWith(['full@example.org']);
    const issue1 = await sendTo(tenant, 'Eins');
    const issue2 = await sendTo(tenant, 'Zwei');
    const now = new Date('2025-06-12T12:00:00Z');
    const run = async (mail: Buffer) =>
      processBounces(ctx.services.db, mail, { tenantId: tenant.id, source: 'upload', now });
    const delayed = (issueId: string, date = 'Tue, 10 Jun 2025 14:00:07 +0200') =>
      bounceFor('delayed-dsn', tenant.id, 'full@example.org', issueId, { DATE: date });

    let r = await run(await delayed(issue1));
    expect(r.items[0]).toMatchObject({ result: 'soft', reason: 'soft', softCount: 1, status: '4.2.2' });
    // The final failure of the same mail (4.x.x after the last retry) is the same soft bounce.
    const failedLater = Buffer.from(
      (await delayed(issue1))
        .toString('latin1')
        .replace('Action: delayed', 'Action: failed')
        .replace('4.2.2', '4.4.7'),
      'latin1',
    );
    r = await run(failedLater);
    expect(r.items[0]).toMatchObject({ result: 'soft', softCount: 1 });
    // Older than 30 days: recorded, not counted.
    r = await run(await delayed(issue2, 'Sun, 20 Apr 2025 10:00:00 +0200'));
    expect(r.items[0]).toMatchObject({ result: 'soft', reason: 'softOld', softCount: 1 });
    r = await run(await delayed(issue2));
    expect(r.items[0]).toMatchObject({ result: 'soft', softCount: 2 });
    expect((await sub(tenant.id, 'full@example.org')).status).toBe('active');
    // A third mail (this bounce names no issue it was sent: counted per bounce mail).
    r = await run(await delayed(newId()));
    expect(r.items[0]).toMatchObject({ result: 'marked', reason: 'softLimit', softCount: 3 });
    const s = await sub(tenant.id, 'full@example.org');
    expect(s.status).toBe('bounced');
    expect(s.bouncedAt?.toISOString()).toBe(now.toISOString());
  });
});

describe('staff upload', () => {
  it('reads .eml and .mbox files with the same rules and shows the report and the history', async () => {
    const tenant = await tenantWith(['x1@example.org', 'x2@example.org', 'x3@example.org', 'x4@example.org']);
    const issueId = await sendTo(tenant);
    await upsertAreas(ctx.services.db, tenant.id, 'programme', [{ kind: 'programme', key: 'A', name: 'A' }]);
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const base = `/staff/${tenant.slug}/newsletter/bounces`;
    const page = await a.get(base);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rückläufer einlesen');
    const upload = async (name: string, content: Buffer | null) => {
      await a.get(base);
      const body = new FormData();
      body.append('_csrf', a.csrfToken()!);
      if (content)
        body.append('file', new File([new Uint8Array(content)], name, { type: 'application/mbox' }));
      return a.request(`${base}/upload`, { method: 'POST', body });
    };

    const res = await upload(
      'Rücklaufer.mbox',
      mbox([
        await bounceFor('postfix-dsn', tenant.id, 'x1@example.org', issueId),
        await bounceFor('out-of-office', tenant.id, 'x2@example.org', issueId),
        await bounceFor('delayed-dsn', tenant.id, 'x3@example.org', issueId),
        bounceFixture('garbage', { EMAIL: 'x4@example.org' }),
      ]),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      'Gelesene Mails: 4 · als unzustellbar markiert: 1 · weiche Bounces gezählt: 1 · übergangen: 1 · nicht lesbar: 1',
    );
    expect(html).toContain('automatische Antwort (z. B. Abwesenheitsnotiz)');
    expect(html).toContain('keine Mail-Kopfzeilen (keine Mail)');
    expect(html).toContain('weicher Bounce 1 von 3');
    expect(await statuses(tenant.id)).toEqual({
      'x1@example.org': 'bounced',
      'x2@example.org': 'active',
      'x3@example.org': 'active',
      'x4@example.org': 'active',
    });

    // An Exim bounce that lost the VERP address and our headers: the tenant is known here, so the
    // failed address (X-Failed-Recipients) is looked up among this tenant's subscribers.
    const lost = bounceFixture('exim-text', {
      VERP: 'no-reply@quartier.example',
      EMAIL: 'x4@example.org',
      KEY: 'none',
      ISSUE: 'none',
      SUBSCRIBER: 'none',
      ID: newId(),
    });
    const one = await upload('bounce.eml', lost);
    expect(await one.text()).toContain('Gelesene Mails: 1 · als unzustellbar markiert: 1');
    expect((await sub(tenant.id, 'x4@example.org')).status).toBe('bounced');

    // The history says why: address, kind, code, outcome, issue.
    const history = await (await a.get(`${base}?lang=en`)).text();
    expect(history).toContain('Processed bounce mails');
    expect(history).toMatch(
      /x1@example\.org<\/th>.*?hard.*?5\.1\.1.*?marked as undeliverable.*?Kiezbrief Juni/s,
    );

    // Nothing chosen: the form says so; team members without the subscriber permission are refused.
    const empty = await upload('none', null);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Please');
    const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    const b = await new Agent(ctx.app).loginAs(ctx.services, team.id);
    expect((await b.get(base)).status).toBe(403);
  });
});

describe('tenant isolation', () => {
  it('a bounce carrying tenant A’s marks never marks tenant B’s subscriber, even with the same address', async () => {
    const a = await tenantWith(['shared@example.org']);
    const b = await tenantWith(['shared@example.org']);
    const issueA = await sendTo(a);
    await sendTo(b);
    const bounceA = await bounceFor('postfix-dsn', a.id, 'shared@example.org', issueA);
    const sa = await sub(a.id, 'shared@example.org');
    const sb = await sub(b.id, 'shared@example.org');
    expect(sa.bounceKey).not.toBe(sb.bounceKey);

    // B's staff upload A's bounce: not B's subscriber, and no fallback to the address.
    const adminB = await makeUser(ctx.services, { tenantId: b.id, role: 'admin' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, adminB.id);
    await agent.get(`/staff/${b.slug}/newsletter/bounces`);
    const body = new FormData();
    body.append('_csrf', agent.csrfToken()!);
    body.append('file', new File([new Uint8Array(bounceA)], 'a.eml', { type: 'message/rfc822' }));
    const res = await agent.request(`/staff/${b.slug}/newsletter/bounces/upload`, { method: 'POST', body });
    expect(await res.text()).toContain('keine Abonnentin und kein Abonnent dieses Newsletters gefunden');
    // Only the Message-ID of A's mail left (key removed): still nothing in B.
    const refOnly = Buffer.from(
      bounceA.toString('latin1').replaceAll(sa.bounceKey, 'ffffffffffffffffffffffffffffffff'),
      'latin1',
    );
    expect((await cli(['--file', tmpFile('ref.eml', refOnly), '--tenant', b.slug])).split('\n')[1]).toContain(
      'ignored: no subscriber of this newsletter found',
    );
    expect((await cli(['--file', tmpFile('a.eml', bounceA), '--tenant', b.slug])).split('\n')[1]).toContain(
      'ignored: no subscriber of this newsletter found',
    );
    expect((await sub(a.id, 'shared@example.org')).status).toBe('active');
    expect((await sub(b.id, 'shared@example.org')).status).toBe('active');
    expect(await ctx.services.db.select().from(bounces).where(eq(bounces.tenantId, b.id))).toEqual([]);

    // Piped without a tenant, the key finds A's subscriber — and only that one.
    const out = await cli(['--file', '-'], { stdin: bounceA });
    expect(out).toContain(`#1 marked: shared@example.org (${a.slug})`);
    expect((await sub(a.id, 'shared@example.org')).status).toBe('bounced');
    expect((await sub(b.id, 'shared@example.org')).status).toBe('active');
    const [delivery] = await ctx.services.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.tenantId, b.id), eq(deliveries.subscriberId, sb.id)));
    expect(delivery.status).toBe('sent');
  });
});
