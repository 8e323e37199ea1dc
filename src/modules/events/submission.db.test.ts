import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { events } from './db/schema.ts';
import { eventsFixture, PNG_1x1 } from './test/fixtures.ts';
import { SUBMIT_LIMIT } from './ui/submit.tsx';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  // Behind a proxy, so each test's requests come from their own client address (X-Forwarded-For).
  ctx = await createTestContext({ config: { trustProxy: true } });
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const day = () => addDays(todayLocal(), 10);
const form = (over: Record<string, string> = {}) => ({
  title: 'Hoffest',
  description: 'Wir feiern im Hof.\n\nAlle sind willkommen.',
  date: day(),
  startTime: '15:00',
  endTime: '18:00',
  repeat: 'none',
  areaId: fx.qmA,
  locationName: 'Hof Beispielstraße 3',
  organiserName: 'Hausgemeinschaft',
  cost: 'free',
  submitterName: 'Sam Sender',
  submitterEmail: 'sam@example.org',
  criteria: 'on',
  ...over,
});

/** Posts the public form as multipart (like a browser, with an optional file). */
async function submit(
  a: Agent,
  fields: Record<string, string>,
  file?: { name: string; type: string; bytes: Uint8Array },
  ip = '10.0.0.1',
) {
  await a.get(`/${fx.tenant.slug}/events/submit`);
  const body = new FormData();
  body.append('_csrf', a.csrfToken() ?? '');
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('image', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return a.request(`/${fx.tenant.slug}/events/submit`, {
    method: 'POST',
    body,
    headers: { 'x-forwarded-for': ip },
  });
}

async function mailsTo(to: string) {
  return ctx.services.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, to)))
    .orderBy(desc(mailOutbox.createdAt));
}

describe('public submission', () => {
  it('validates every field with a message in the visitor language and keeps what was typed', async () => {
    const a = new Agent(ctx.app);
    const res = await submit(
      a,
      form({ title: '', date: '2020-01-01', endTime: '14:00', submitterEmail: 'kein-at', criteria: '' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(html).toContain('Das Datum liegt in der Vergangenheit.');
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse');
    expect(html).toContain('Bitte bestätigen Sie, dass die Veranstaltung die Aufnahmekriterien erfüllt.');
    expect(html).toContain('value="Hof Beispielstraße 3"');
    expect(html).toContain('Wir feiern im Hof.');
    const en = await submit(new Agent(ctx.app), form({ title: '', lang: 'en' }));
    expect(en.status).toBe(422);
  });

  it('rejects oversized and wrong-type images with a reason', async () => {
    const a = new Agent(ctx.app);
    const fake = await submit(a, form(), {
      name: 'bild.png',
      type: 'image/png',
      bytes: new TextEncoder().encode('<svg onload=alert(1)>'),
    });
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain('Diese Datei ist kein JPEG-, PNG- oder WebP-Bild.');
    const big = new Uint8Array(5 * 1024 * 1024 + 10);
    big.set(PNG_1x1.subarray(0, 8));
    const large = await submit(new Agent(ctx.app), form(), {
      name: 'gross.png',
      type: 'image/png',
      bytes: big,
    });
    expect(large.status).toBe(422);
    expect(await large.text()).toContain('größer als 5 MB');
    const noAlt = await submit(new Agent(ctx.app), form(), {
      name: 'ok.png',
      type: 'image/png',
      bytes: PNG_1x1,
    });
    expect(noAlt.status).toBe(422);
    const html = await noAlt.text();
    expect(html).toContain('Bitte beschreiben Sie das Bild');
    // The valid image is kept for the next attempt.
    expect(html).toMatch(/name="pendingImage" value="[0-9a-f-]{36}\.png"/);
  });

  it('stores a valid submission in the queue (sanitised), mails a private link, and holds back bots', async () => {
    const a = new Agent(ctx.app);
    const res = await submit(
      a,
      form({
        title: 'Sommerfest im Hof',
        description:
          '<p onclick="steal()">Hallo <script>alert(1)</script><a href="javascript:alert(2)">x</a> <strong>fett</strong></p>',
        imageAlt: 'Girlanden im Hof',
      }),
      { name: 'ok.png', type: 'image/png', bytes: PNG_1x1 },
      '10.0.0.2',
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Danke für Ihre Veranstaltung');
    const [e] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Sommerfest im Hof')));
    expect(e.status).toBe('pending');
    expect(e.source).toBe('public');
    expect(e.descriptionHtml).not.toMatch(/script|onclick|javascript:/i);
    expect(e.descriptionHtml).toContain('<strong>fett</strong>');
    expect(e.imageType).toBe('image/png');
    expect(e.submitterEmail).toBe('sam@example.org');
    const [mail] = await mailsTo('sam@example.org');
    expect(mail.subject).toContain('Sommerfest im Hof');
    expect(mail.text).toMatch(new RegExp(`/${fx.tenant.slug}/events/edit/[A-Za-z0-9_-]{20,}`));
    // Not public while waiting; its image neither.
    expect((await a.get(`/${fx.tenant.slug}/events/${e.id}`)).status).toBe(404);
    expect((await a.get(`/${fx.tenant.slug}/events/images/${e.imageId}.png`)).status).toBe(404);

    const before = (await ctx.services.db.select().from(events).where(eq(events.tenantId, fx.tenant.id)))
      .length;
    const bot = await submit(
      new Agent(ctx.app),
      form({ title: 'Spam', homepage: 'http://spam.example' }),
      undefined,
      '10.0.0.3',
    );
    expect(bot.status).toBe(200);
    expect(
      (await ctx.services.db.select().from(events).where(eq(events.tenantId, fx.tenant.id))).length,
    ).toBe(before);
  });

  it('limits submissions per client address', async () => {
    let last = 0;
    for (let i = 0; i <= SUBMIT_LIMIT.perIp; i++) {
      const r = await submit(new Agent(ctx.app), form({ title: '' }), undefined, '10.9.9.9');
      last = r.status;
    }
    expect(last).toBe(429);
  });
});

describe('moderation', () => {
  it('accept publishes and mails the outcome with a private link; edits after publication wait for review', async () => {
    const a = new Agent(ctx.app);
    await submit(
      a,
      form({ title: 'Nachbarschaftsflohmarkt', submitterEmail: 'flo@example.org' }),
      undefined,
      '10.0.1.1',
    );
    const [e] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Nachbarschaftsflohmarkt')));

    // Team B (other area) may not decide (the event does not exist for them); team A may.
    const b = await fx.agent(fx.teamB.id);
    expect((await b.get(`/staff/${fx.tenant.slug}/events/${e.id}/moderate`)).status).toBe(404);
    const staff = await fx.agent(fx.teamA.id);
    const queue = await (await staff.get(`/staff/${fx.tenant.slug}/events/queue`)).text();
    expect(queue).toContain('Nachbarschaftsflohmarkt');
    const missingNote = await staff.post(
      `/staff/${fx.tenant.slug}/events/${e.id}/moderate`,
      { decision: 'reject', note: '' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/${e.id}/moderate` },
    );
    expect(missingNote.status).toBe(422);
    const ok = await staff.post(
      `/staff/${fx.tenant.slug}/events/${e.id}/moderate`,
      { decision: 'accept', note: 'Danke!' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/${e.id}/moderate` },
    );
    // The queue confirms the decision and offers to undo it (see undo-decision).
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toContain(`undo=${e.id}`);
    expect((await a.get(`/${fx.tenant.slug}/events/${e.id}`)).status).toBe(200);
    const [accepted] = await mailsTo('flo@example.org');
    expect(accepted.subject).toContain('veröffentlicht');
    const link = /\/events\/edit\/([A-Za-z0-9_-]+)/.exec(accepted.text)![1];

    // The submitter changes the title: the public keeps the accepted version until staff accept it.
    const page = await a.get(`/${fx.tenant.slug}/events/edit/${link}`);
    expect(page.status).toBe(200);
    const edit = new FormData();
    edit.append('_csrf', a.csrfToken()!);
    for (const [k, v] of Object.entries(form({ title: 'Großer Flohmarkt' }))) edit.append(k, v);
    const saved = await a.request(`/${fx.tenant.slug}/events/edit/${link}`, { method: 'POST', body: edit });
    expect(saved.status).toBe(200);
    expect(await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text()).toContain(
      'Nachbarschaftsflohmarkt',
    );
    expect(await (await staff.get(`/staff/${fx.tenant.slug}/events/queue`)).text()).toContain(
      'Nachbarschaftsflohmarkt',
    );
    await staff.post(
      `/staff/${fx.tenant.slug}/events/${e.id}/moderate`,
      { decision: 'accept', note: '' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/${e.id}/moderate` },
    );
    expect(await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text()).toContain('Großer Flohmarkt');
  });

  it('asking for changes and rejecting tell the submitter why', async () => {
    const a = new Agent(ctx.app);
    await submit(
      a,
      form({ title: 'Werbeveranstaltung', submitterEmail: 'ads@example.org' }),
      undefined,
      '10.0.2.1',
    );
    const [e] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Werbeveranstaltung')));
    const staff = await fx.agent(fx.admin.id);
    await staff.post(
      `/staff/${fx.tenant.slug}/events/${e.id}/moderate`,
      { decision: 'changes', note: 'Bitte ohne Preise.' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/${e.id}/moderate` },
    );
    let [mail] = await mailsTo('ads@example.org');
    expect(mail.text).toContain('Bitte ohne Preise.');
    expect(mail.text).toMatch(/\/events\/edit\//);
    await staff.post(
      `/staff/${fx.tenant.slug}/events/${e.id}/moderate`,
      { decision: 'reject', note: 'Kommerzielle Werbung.' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/${e.id}/moderate` },
    );
    [mail] = await mailsTo('ads@example.org');
    expect(mail.subject).toContain('nicht veröffentlicht');
    expect(mail.text).toContain('Kommerzielle Werbung.');
    expect((await a.get(`/${fx.tenant.slug}/events/${e.id}`)).status).toBe(404);
  });
});
