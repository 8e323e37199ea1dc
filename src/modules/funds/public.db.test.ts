/**
 * The public side of funds (both engines): the calls and a fund's call page in five languages, the
 * application form (messages naming each field in the applicant's language, nothing typed lost, more
 * cost rows without script, the honeypot and the rate limit), the private link by mail through a real
 * SMTP server, the applicant's status page (edit, submit, withdraw; another tenant's or a wrong link
 * is 404), and the mails at each step with the decision letter as PDF.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { resetKey } from '../../platform/http/rate-limit.ts';
import { createMailer, mailOutbox } from '../../platform/mail/index.ts';
import { deliverAllPending, leaves, parseMime, startTestSmtp } from '../../platform/mail/smtp-test-server.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { scheduleMeeting } from '../councils/index.ts';
import { applications } from './db/schema.ts';
import {
  applicationFor,
  checkEligibility,
  putOnAgenda,
  requestChanges,
  startApplication,
  submitApplicationByToken,
  updateFund,
} from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  // Requests in tests come from no address ('unknown'): each test starts with fresh counters.
  await resetKey(ctx.services.db, 'funds-apply:unknown');
  await resetKey(ctx.services.db, 'funds-link:unknown');
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

/** A complete form as an applicant fills it in (e-mail unique per test). */
const filled = (email: string, over: Record<string, string> = {}) => ({
  applicantKind: 'group',
  applicantName: 'Aylin Demir',
  groupName: 'Hofgemeinschaft Prinzenallee',
  email,
  phone: '030 1234567',
  title: 'Hofflohmarkt mit Kaffeetafel',
  description: 'Ein Flohmarkt im Hof, mit Kuchen von den Nachbarn.',
  expectedParticipants: '80',
  rows: '3',
  item_0: 'Tische und Bänke leihen',
  kind_0: 'material',
  amount_0: '250',
  item_1: 'Plakate',
  kind_1: 'material',
  amount_1: '49,90',
  item_2: '',
  kind_2: 'material',
  amount_2: '',
  ownMoney: '30',
  volunteerHours: '12',
  consent: 'yes',
  ...over,
});

async function outboxTo(email: string) {
  return ctx.services.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
}

async function applicationsOf(tenantId: string, email: string) {
  return ctx.services.db
    .select()
    .from(applications)
    .where(and(ofTenant(applications, tenantId), eq(applications.email, email)));
}

describe('public call pages', () => {
  it('list the funds that take applications and show a call with its rules, deadlines, money left and funded projects', async () => {
    const f = await fundsFixture(ctx);
    const granted = await f.onAgenda({ title: 'Hoffest im Block' });
    await f.grant(granted.id, 90_000);
    const inMonth = new Date(Date.now() + 30 * 86_400_000);
    await scheduleMeeting(f.sys, ctx.services.db, f.jury.id, { startsAt: inMonth, title: 'Jurysitzung' });
    const visitor = new Agent(ctx.app);
    const list = await visitor.get(`/${f.tenant.slug}/funds`);
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('Aktionsfonds Quartier A');
    expect(listHtml).toMatch(/<nav[^>]*>[\s\S]*href="\/[^"]+\/funds"[^>]*>Förderung</);
    expect(listHtml).not.toContain('<script');

    const page = text(await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}`)).text());
    expect(page).toContain('höchstens 1.500,00 € je Antrag');
    expect(page).toContain('Sachkosten');
    expect(page).toContain('mindestens 10 %');
    expect(page).toContain('Noch verfügbar in diesem Jahr 9.100,00 €');
    expect(page).toContain('Hoffest im Block · 900,00 €');
    expect(page).toContain('Quartier A');
    // The deadline is seven days before the coming session.
    // The session's day in Berlin (late in the UTC evening it is the next day there).
    const session = new Intl.DateTimeFormat('de-DE', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Berlin',
    });
    expect(page).toContain(session.format(inMonth));
    // Never the applicant.
    expect(page).not.toContain('Nachbarschaftsinitiative Hof 3');
    expect(page).not.toContain('hof3@example.org');

    const en = text(await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}?lang=en`)).text());
    expect(en).toContain('at most €1,500.00 per application');
    expect(en).toContain('Projects funded so far');
    const tr = text(await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}?lang=tr`)).text());
    expect(tr).toContain('Şimdiye kadar desteklenen projeler');
    const arHtml = await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}?lang=ar`)).text();
    expect(arHtml).toContain('dir="rtl"');
    expect(text(arHtml)).toContain('المشاريع المدعومة حتى الآن');
    const ls = text(await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}?lang=de-x-ls`)).text());
    expect(ls).toContain('Diese Projekte haben schon Geld bekommen');
  });

  it('hide the money left when the fund does not show it, and know no fund of another tenant', async () => {
    const f = await fundsFixture(ctx);
    await updateFund(f.actors.admin, ctx.services.db, f.fund.id, {
      name: f.fund.name,
      kind: 'action',
      areaId: f.qmA,
      decidingBodyId: f.jury.id,
      publicBalance: false,
    });
    const visitor = new Agent(ctx.app);
    const page = text(await (await visitor.get(`/${f.tenant.slug}/funds/${f.fund.id}`)).text());
    expect(page).toContain('Aktionsfonds Quartier A');
    expect(page).not.toContain('Noch verfügbar');
    const other = await makeTenant(ctx.services);
    expect((await visitor.get(`/${other.slug}/funds/${f.fund.id}`)).status).toBe(404);
    expect((await visitor.get(`/${other.slug}/funds/${f.fund.id}/apply`)).status).toBe(404);
    expect((await visitor.get(`/${f.tenant.slug}/funds/not-a-fund`)).status).toBe(404);
  });
});

describe('the public application form', () => {
  it('names each field with its problem in the applicant’s language and keeps everything typed', async () => {
    const f = await fundsFixture(ctx);
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    const form = await visitor.get(apply);
    expect(form.status).toBe(200);
    expect(await form.text()).not.toContain('<script');
    const res = await visitor.post(apply, {
      ...filled('bad-form@example.org', {
        applicantName: '',
        amount_1: 'zwölf',
        email: 'keine-adresse',
        consent: '',
      }),
      intent: 'submit',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('Bitte prüfen Sie Ihre Angaben');
    expect(page).toContain('Bitte einen Betrag in Euro eingeben');
    expect(page).toContain('Bitte bestätigen Sie, dass Sie die Hinweise zum Datenschutz gelesen haben');
    // The summary names and links the fields.
    expect(html).toMatch(/href="#applicantName"><span[^>]*>Ihr Name</);
    expect(html).toMatch(/href="#amount_1"><span[^>]*>Betrag in Euro – Ausgabe 2</);
    expect(html).toContain('href="#email"');
    // Nothing typed is lost.
    expect(html).toContain('value="zwölf"');
    expect(html).toContain('value="Tische und Bänke leihen"');
    expect(html).toContain('value="keine-adresse"');
    expect(html).toContain('Ein Flohmarkt im Hof, mit Kuchen von den Nachbarn.');
    expect(await applicationsOf(f.tenant.id, 'keine-adresse')).toHaveLength(0);

    const en = await visitor.post(`${apply}?lang=en`, {
      ...filled('bad-form@example.org', { amount_0: '-5', title: '' }),
      intent: 'submit',
    });
    expect(en.status).toBe(422);
    const enPage = text(await en.text());
    expect(enPage).toContain('Please enter an amount in euros');
    expect(enPage).toMatch(/Name of the project/);
  });

  it('checks the fund’s rules at the fields before sending: cap, own share, start after the deciding session', async () => {
    const f = await fundsFixture(ctx);
    const inMonth = new Date(Date.now() + 30 * 86_400_000);
    await scheduleMeeting(f.sys, ctx.services.db, f.jury.id, { startsAt: inMonth, title: 'Jurysitzung' });
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    await visitor.get(apply);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await visitor.post(apply, {
      ...filled('rules@example.org', {
        amount_0: '2000',
        ownMoney: '',
        volunteerHours: '',
        startsOn: tomorrow,
      }),
      intent: 'submit',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('Der Fonds gibt höchstens 1.500,00 € je Antrag');
    expect(page).toContain('Ihr Eigenanteil reicht noch nicht');
    expect(page).toContain('Das Projekt darf erst nach der Entscheidung am');
    expect(html).toContain('href="#item_0"');
    expect(html).toContain('href="#ownMoney"');
    expect(html).toContain('href="#startsOn"');
    expect(html).toContain(`value="${tomorrow}"`);
    expect(await applicationsOf(f.tenant.id, 'rules@example.org')).toHaveLength(0);
    // A draft may be saved as it is; sending waits for the rules.
    const saved = await visitor.post(apply, {
      ...filled('rules@example.org', {
        amount_0: '2000',
        ownMoney: '',
        volunteerHours: '',
        startsOn: tomorrow,
      }),
      intent: 'save',
    });
    expect(saved.status).toBe(200);
    expect((await applicationsOf(f.tenant.id, 'rules@example.org'))[0].status).toBe('draft');
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const sent = await visitor.post(
      apply,
      { ...filled('rules2@example.org', { startsOn: later }), intent: 'submit' },
      { csrfFrom: apply },
    );
    expect(sent.status).toBe(200);
    expect((await applicationsOf(f.tenant.id, 'rules2@example.org'))[0].status).toBe('submitted');
  });

  it('shows more cost rows without script and keeps what was typed', async () => {
    const f = await fundsFixture(ctx);
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    await visitor.get(apply);
    const res = await visitor.post(apply, { ...filled('rows@example.org'), intent: 'more' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="item_5"');
    expect(html).not.toContain('name="item_6"');
    expect(html).toContain('value="49,90"');
    expect(html).toContain('value="Hofflohmarkt mit Kaffeetafel"');
    expect(await applicationsOf(f.tenant.id, 'rows@example.org')).toHaveLength(0);
  });

  it('answers a filled honeypot as if all went well and keeps nothing', async () => {
    const f = await fundsFixture(ctx);
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    await visitor.get(apply);
    const res = await visitor.post(apply, {
      ...filled('bot@example.org'),
      homepage: 'https://spam.example',
      intent: 'submit',
    });
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain('Ihr Antrag ist angekommen');
    expect(await applicationsOf(f.tenant.id, 'bot@example.org')).toHaveLength(0);
    expect(await outboxTo('bot@example.org')).toHaveLength(0);
  });

  it('refuses more than ten applications an hour from one address', async () => {
    const f = await fundsFixture(ctx);
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    await visitor.get(apply);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await visitor.post(apply, { ...filled(''), intent: 'save' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('the private link', () => {
  it('comes by mail and opens the status page; another tenant’s or a wrong link is 404', async () => {
    const f = await fundsFixture(ctx);
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    await visitor.get(apply);
    const res = await visitor.post(apply, { ...filled('aylin.link@example.org'), intent: 'submit' });
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain('aylin.link@example.org');
    const [stored] = await applicationsOf(f.tenant.id, 'aylin.link@example.org');
    expect(stored.status).toBe('submitted');
    expect(stored.totalCents).toBe(29_990);
    expect(stored.requestedCents).toBe(26_990);
    expect(stored.lang).toBe('de');

    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'quartier@example.org' });
    let link = '';
    try {
      await deliverAllPending(mailer, ctx.services.db, f.tenant.id);
      const mine = smtp.received.filter((m) => m.to.includes('aylin.link@example.org'));
      expect(mine).toHaveLength(1);
      const plain = leaves(parseMime(mine[0].raw))
        .find((p) => (p.headers['content-type'] ?? 'text/plain').startsWith('text/plain'))!
        .body.toString('utf8');
      expect(plain).toContain('Hofflohmarkt mit Kaffeetafel');
      link = plain.match(/http:\/\/localhost(\/\S+\/funds\/applications\/[\w-]+)/)?.[1] ?? '';
      expect(link, plain).toBeTruthy();
    } finally {
      mailer.close();
      await smtp.close();
    }
    const status = await visitor.get(link);
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toContain('no-store');
    const page = text(await status.text());
    expect(page).toContain('Eingereicht');
    expect(page).toContain('Das Quartiersbüro prüft, ob der Antrag zu den Regeln des Fonds passt');
    expect(page).toContain('Tische und Bänke leihen');
    // Submitted: no longer editable by the applicant, but still withdrawable.
    expect(page).not.toContain('Antrag bearbeiten');
    expect(page).toContain('Zurückziehen');

    const token = link.split('/').pop()!;
    const other = await makeTenant(ctx.services);
    expect((await visitor.get(`/${other.slug}/funds/applications/${token}`)).status).toBe(404);
    expect((await visitor.get(`/${f.tenant.slug}/funds/applications/${token}x`)).status).toBe(404);
    expect((await visitor.get(`/${f.tenant.slug}/funds/applications/wrong`)).status).toBe(404);
    expect(
      (
        await visitor.post(
          `/${other.slug}/funds/applications/${token}/withdraw`,
          { confirm: 'yes' },
          { csrfFrom: link },
        )
      ).status,
    ).toBe(404);
    expect((await applicationsOf(f.tenant.id, 'aylin.link@example.org'))[0].status).toBe('submitted');
  });

  it('lets the applicant edit a draft, submit it and withdraw it', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const { token } = await startApplication(
      db,
      f.tenant.id,
      f.fund.id,
      f.applicationInput({ email: 'draft.edit@example.org' }),
      { lang: 'en' },
    );
    const visitor = new Agent(ctx.app);
    const base = `/${f.tenant.slug}/funds/applications/${token}`;
    const status = text(await (await visitor.get(base)).text());
    expect(status).toContain('Entwurf');
    expect(status).toContain('Antrag bearbeiten');
    const edit = await visitor.get(`${base}/edit`);
    const editHtml = await edit.text();
    expect(editHtml).toContain('value="Bänke und Farbe"');
    expect(editHtml).toContain('value="1000"');
    const bad = await visitor.post(`${base}/edit`, {
      ...filled('draft.edit@example.org', { title: '', amount_0: 'viel' }),
      intent: 'save',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="viel"');
    const saved = await visitor.post(`${base}/edit`, {
      ...filled('draft.edit@example.org', { title: 'Hofflohmarkt, geändert' }),
      intent: 'save',
    });
    expect(saved.status).toBe(303);
    const after = text(await (await visitor.get(saved.headers.get('location')!)).text());
    expect(after).toContain('Ihre Änderungen sind gespeichert');
    expect(after).toContain('Hofflohmarkt, geändert');
    const sent = await visitor.post(`${base}/submit`, {});
    expect(sent.status).toBe(303);
    expect((await applicationsOf(f.tenant.id, 'draft.edit@example.org'))[0].status).toBe('submitted');
    // The "received" mail speaks the language the applicant applied in.
    const mails = await outboxTo('draft.edit@example.org');
    expect(mails.map((m) => m.subject)).toContain('Your application “Hofflohmarkt, geändert” has arrived');
    const unconfirmed = await visitor.post(`${base}/withdraw`, {});
    expect(unconfirmed.status).toBe(422);
    expect((await applicationsOf(f.tenant.id, 'draft.edit@example.org'))[0].status).toBe('submitted');
    const withdrawn = await visitor.post(`${base}/withdraw`, { confirm: 'yes' });
    expect(withdrawn.status).toBe(303);
    expect((await applicationsOf(f.tenant.id, 'draft.edit@example.org'))[0].status).toBe('withdrawn');
    const last = text(await (await visitor.get(base)).text());
    expect(last).toContain('Zurückgezogen');
    expect(last).not.toContain('Antrag abschicken');
  });
});

describe('mails to applicants', () => {
  it('tell of changes asked for and of the decision, with the decision letter as PDF', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const email = 'ayse.mail@example.org';
    const { application, token } = await startApplication(
      db,
      f.tenant.id,
      f.fund.id,
      f.applicationInput({ email, applicantName: 'Ayşe', title: 'Sokak şenliği' }),
      {
        lang: 'tr',
        linkOf: (t) => `http://localhost/${f.tenant.slug}/funds/applications/${t}`,
        submit: true,
      },
    );
    const first = await outboxTo(email);
    expect(first).toHaveLength(1);
    expect(first[0].subject).toBe('„Sokak şenliği“ başvurunuz ulaştı');
    expect(first[0].text).toContain(`/funds/applications/${token}`);

    await checkEligibility(f.actors.admin, db, application.id, {});
    await requestChanges(f.actors.admin, db, application.id, { note: 'Bitte Angebote beilegen.' });
    const changes = (await outboxTo(email)).find((m) => m.subject.startsWith('Lütfen'));
    expect(changes?.text).toContain('Bitte Angebote beilegen.');
    await submitApplicationByToken(db, f.tenant.id, token);
    await checkEligibility(f.actors.admin, db, application.id, {});
    await putOnAgenda(f.actors.admin, db, application.id, { meetingId: f.session.id });
    const onAgenda = text(
      await (await new Agent(ctx.app).get(`/${f.tenant.slug}/funds/applications/${token}`)).text(),
    );
    expect(onAgenda).toContain('Auf der Tagesordnung');
    expect(onAgenda).toContain(
      `Die Jury berät am ${new Intl.DateTimeFormat('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(f.session.startsAt)}`,
    );
    await f.grant(application.id, 80_000);
    const decision = (await outboxTo(email)).find((m) => m.subject.includes('destekleniyor'));
    expect(decision?.text).toContain('800,00');
    const pdf = decision?.attachments?.[0];
    expect(pdf?.contentType).toBe('application/pdf');
    expect(Buffer.from(pdf!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await outboxTo(email)).map((m) => m.subject)).toHaveLength(4);

    const visitor = new Agent(ctx.app);
    const page = text(await (await visitor.get(`/${f.tenant.slug}/funds/applications/${token}`)).text());
    expect(page).toContain('Die Jury hat 800,00 € bewilligt');
    const letter = await visitor.get(`/${f.tenant.slug}/funds/applications/${token}/letter.pdf`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    const other = await makeTenant(ctx.services);
    expect((await visitor.get(`/${other.slug}/funds/applications/${token}/letter.pdf`)).status).toBe(404);
    expect((await applicationFor(f.actors.admin, db, application.id)).application.status).toBe('granted');
  });
});
