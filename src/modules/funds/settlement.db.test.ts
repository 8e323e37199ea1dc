/**
 * The settlement (proof of use) on both engines: the applicant writes it through the private link
 * (actual costs, receipts checked by their bytes, participants, report, photos with consent), saved
 * and submitted, refused with messages at the fields while something is missing; staff ask for
 * corrections (mailed in the applicant's language), accept (the application is settled) or claim
 * back unspent money (a return and a correction in the ledger); the reminder before the due day goes
 * out once; a jury member may read but not decide; erasure removes receipts and photos with their bytes.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { readStoredFile } from '../../platform/files/index.ts';
import { resetKey } from '../../platform/http/rate-limit.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { applications, fundYears, ledger, settlementFiles, settlements } from './db/schema.ts';
import { bookEntry, checkEligibility, closeApplication, putOnAgenda, startApplication } from './index.ts';
import { makePdf, makePng } from './testing/files.ts';
import { fundsFixture } from './testing/fixture.ts';
import { fundsPrivacy } from './use-cases/privacy.ts';
import {
  acceptSettlement,
  claimBackUnspent,
  requestSettlementCorrections,
  sendSettlementReminders,
} from './use-cases/settlement.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await resetKey(ctx.services.db, 'funds-link:unknown');
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

/** An application started through the public form (in `lang`), granted 900 € and paid in full. */
async function grantedByLink(f: Awaited<ReturnType<typeof fundsFixture>>, email: string, lang = 'de') {
  const db = ctx.services.db;
  const { application, token } = await startApplication(
    db,
    f.tenant.id,
    f.fund.id,
    f.applicationInput({
      email,
      costLines: [
        { item: 'Bänke', costKind: 'material', amountCents: 60_000 },
        { item: 'Farbe', costKind: 'material', amountCents: 40_000 },
      ],
      ownMoneyCents: 10_000,
      endsOn: addDays(f.today, 40),
    }),
    { lang, submit: true },
  );
  await checkEligibility(f.actors.admin, db, application.id, {});
  await putOnAgenda(f.actors.admin, db, application.id, { meetingId: f.session.id });
  await f.grant(application.id, 90_000);
  await bookEntry(f.actors.admin, db, application.id, {
    kind: 'payment',
    paymentKind: 'advance',
    amountCents: 90_000,
  });
  return { id: application.id, token };
}

async function upload(
  agent: Agent,
  path: string,
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Uint8Array } | null,
) {
  await agent.get(path);
  const form = new FormData();
  form.append('_csrf', agent.csrfToken() ?? '');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
  return agent.request(`${path}/files`, { method: 'POST', body: form });
}

const mailsTo = (email: string) => ctx.services.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));

async function settlementOf(tenantId: string, applicationId: string) {
  const [row] = await ctx.services.db
    .select()
    .from(settlements)
    .where(and(ofTenant(settlements, tenantId), eq(settlements.applicationId, applicationId)));
  return row;
}

describe('the applicant settles through the private link', () => {
  it('saves a draft, is told what is missing, uploads receipts checked by their bytes and photos, and submits', async () => {
    const f = await fundsFixture(ctx);
    const email = 'settle-link@example.org';
    const app = await grantedByLink(f, email, 'en');
    const page = `/${f.tenant.slug}/funds/applications/${app.token}/settlement`;
    const visitor = new Agent(ctx.app);

    const status = await (await visitor.get(`/${f.tenant.slug}/funds/applications/${app.token}`)).text();
    expect(status).toContain(`/funds/applications/${app.token}/settlement`);
    const first = await visitor.get(`${page}?lang=en`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('no-store');
    const html = await first.text();
    expect(html).not.toContain('<script');
    expect(text(html)).toContain('Bänke');

    // A bad amount and genders that do not add up: named at their fields, everything typed kept.
    const bad = await visitor.post(page, {
      intent: 'save',
      actual_0: 'sechzig',
      actual_1: '300',
      participantsChildren: '12',
      participantsAdults: '30',
      participantsFemale: '10',
      report: 'Ein schöner Tag im Hof.',
    });
    expect(bad.status).toBe(422);
    const badHtml = text(await bad.text());
    expect(badHtml).toContain('Please enter an amount in euros');
    expect(visitor.lastHtml).toContain('value="sechzig"');
    expect(visitor.lastHtml).toContain('Ein schöner Tag im Hof.');
    const genders = await visitor.post(page, {
      intent: 'save',
      actual_0: '550',
      actual_1: '300',
      participantsChildren: '12',
      participantsAdults: '30',
      participantsFemale: '10',
      report: 'Ein schöner Tag im Hof.',
    });
    expect(genders.status).toBe(422);
    expect(text(await genders.text())).toContain('do not add up to the number by age');

    const saved = await visitor.post(page, {
      intent: 'save',
      actual_0: '550',
      actual_1: '300',
      participantsChildren: '12',
      participantsAdults: '30',
      report: 'Ein schöner Tag im Hof.',
    });
    expect(saved.status).toBe(303);
    expect((await settlementOf(f.tenant.id, app.id)).status).toBe('draft');

    // Submitting without receipts names each line that needs one.
    const missing = await visitor.post(page, {
      intent: 'submit',
      actual_0: '550',
      actual_1: '300',
      participantsChildren: '12',
      participantsAdults: '30',
      report: 'Ein schöner Tag im Hof.',
    });
    expect(missing.status).toBe(422);
    const missingText = text(await missing.text());
    expect(missingText).toContain('A receipt for “Bänke” is missing');
    expect(missingText).toContain('A receipt for “Farbe” is missing');

    const lines = (await ctx.services.db.select().from((await import('./db/schema.ts')).costLines)).filter(
      (l) => l.applicationId === app.id,
    );
    const [bench, paint] = [...lines].sort((a, b) => a.position - b.position);
    // A text file named .pdf is no receipt; a PDF by its bytes is.
    const fake = await upload(
      visitor,
      page,
      { kind: 'receipt', costLineId: bench.id },
      {
        name: 'beleg.pdf',
        type: 'application/pdf',
        bytes: new TextEncoder().encode('not a pdf at all'),
      },
    );
    expect(fake.status).toBe(422);
    expect(text(await fake.text())).toContain('A receipt must be a PDF file or a JPEG or PNG image');
    const tooBig = await upload(
      visitor,
      page,
      { kind: 'photo' },
      {
        name: 'big.png',
        type: 'image/png',
        bytes: new Uint8Array(5 * 1024 * 1024 + 1),
      },
    );
    expect(tooBig.status).toBe(422);
    expect(text(await tooBig.text())).toContain('at most 5 MB');
    expect(
      (
        await upload(
          visitor,
          page,
          { kind: 'receipt', costLineId: bench.id },
          { name: 'bank.pdf', type: 'application/pdf', bytes: makePdf() },
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await upload(
          visitor,
          page,
          { kind: 'receipt', costLineId: paint.id },
          { name: 'farbe.png', type: 'image/png', bytes: makePng(40, 30) },
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await upload(
          visitor,
          page,
          { kind: 'photo', caption: 'Der Hof', consent: 'yes' },
          { name: 'hof.png', type: 'image/png', bytes: makePng(60, 40) },
        )
      ).status,
    ).toBe(303);
    const files = await ctx.services.db
      .select()
      .from(settlementFiles)
      .where(and(ofTenant(settlementFiles, f.tenant.id), eq(settlementFiles.applicationId, app.id)));
    expect(files.map((x) => [x.kind, x.contentType, x.consent]).sort()).toEqual([
      ['photo', 'image/png', true],
      ['receipt', 'application/pdf', false],
      ['receipt', 'image/png', false],
    ]);
    const pdf = files.find((x) => x.contentType === 'application/pdf')!;
    const download = await visitor.get(`${page}/files/${pdf.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');

    const sent = await visitor.post(page, {
      intent: 'submit',
      actual_0: '550',
      actual_1: '300',
      participantsChildren: '12',
      participantsAdults: '30',
      report: 'Ein schöner Tag im Hof.',
    });
    expect(sent.status).toBe(303);
    const s = await settlementOf(f.tenant.id, app.id);
    expect(s.status).toBe('submitted');
    expect(s.participantsChildren).toBe(12);
    // In the language they applied in.
    expect((await mailsTo(email)).map((m) => m.subject)).toContain(
      'Your settlement for “Hoffest” has arrived',
    );
    // Submitted: nothing more to change or remove.
    const late = await visitor.post(`${page}/files/${pdf.id}/remove`, {});
    expect(late.status).toBe(422);
    expect(await readStoredFile(ctx.services.config.storageDir, f.tenant.id, pdf.id)).not.toBeNull();
  });

  it('is not there before the grant, and another tenant’s link is 404', async () => {
    const f = await fundsFixture(ctx);
    const g = await fundsFixture(ctx);
    const { token } = await startApplication(
      ctx.services.db,
      f.tenant.id,
      f.fund.id,
      f.applicationInput(),
      {},
    );
    const visitor = new Agent(ctx.app);
    expect((await visitor.get(`/${f.tenant.slug}/funds/applications/${token}/settlement`)).status).toBe(404);
    const app = await grantedByLink(f, 'settle-404@example.org');
    expect((await visitor.get(`/${f.tenant.slug}/funds/applications/${app.token}/settlement`)).status).toBe(
      200,
    );
    expect((await visitor.get(`/${g.tenant.slug}/funds/applications/${app.token}/settlement`)).status).toBe(
      404,
    );
  });
});

/** A submitted settlement: 850 € spent of 1,000 € planned, own money 100 €, 900 € paid. */
async function submitted(f: Awaited<ReturnType<typeof fundsFixture>>, email: string) {
  const app = await grantedByLink(f, email);
  const page = `/${f.tenant.slug}/funds/applications/${app.token}/settlement`;
  const visitor = new Agent(ctx.app);
  const { costLines } = await import('./db/schema.ts');
  const lines = (await ctx.services.db.select().from(costLines).where(ofTenant(costLines, f.tenant.id)))
    .filter((l) => l.applicationId === app.id)
    .sort((a, b) => a.position - b.position);
  for (const l of lines)
    await upload(
      visitor,
      page,
      { kind: 'receipt', costLineId: l.id },
      { name: 'b.pdf', type: 'application/pdf', bytes: makePdf() },
    );
  const form = { actual_0: '550', actual_1: '300', participantsAdults: '25', report: 'Bericht' };
  expect((await visitor.post(page, { intent: 'submit', ...form })).status).toBe(303);
  return { ...app, page, visitor, form };
}

describe('staff check the settlement', () => {
  it('ask for corrections by mail, then accept: the application is settled with the participants', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const app = await submitted(f, 'settle-corr@example.org');
    await expect(
      requestSettlementCorrections(f.actors.admin, db, app.id, { note: '' }),
    ).rejects.toMatchObject({
      fields: { note: 'validation.required' },
    });
    await requestSettlementCorrections(f.actors.teamA, db, app.id, {
      note: 'Der Beleg für Farbe ist unleserlich.',
    });
    expect((await settlementOf(f.tenant.id, app.id)).status).toBe('corrections');
    const mail = (await mailsTo('settle-corr@example.org')).find((m) => m.subject.includes('korrigieren'));
    expect(mail?.text).toContain('Der Beleg für Farbe ist unleserlich.');
    const page = text(await (await app.visitor.get(app.page)).text());
    expect(page).toContain('Der Beleg für Farbe ist unleserlich.');
    expect(
      (await app.visitor.post(app.page, { intent: 'submit', ...app.form, participantsAdults: '26' })).status,
    ).toBe(303);

    await acceptSettlement(f.actors.teamA, db, app.id, { note: 'Danke!' });
    const [row] = await db
      .select()
      .from(applications)
      .where(and(ofTenant(applications, f.tenant.id), eq(applications.id, app.id)));
    expect(row.status).toBe('settled');
    expect(row.actualParticipants).toBe(26);
    expect((await settlementOf(f.tenant.id, app.id)).status).toBe('accepted');
    // Accepted once: not again.
    await expect(acceptSettlement(f.actors.teamA, db, app.id, {})).rejects.toMatchObject({
      fields: { note: 'funds:errors.settlementNotIn' },
    });
  });

  it('claim back what was not spent: a return of what was paid beyond the share and a freed commitment, once', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const app = await submitted(f, 'settle-claim@example.org');
    // Spent 850 €, own money 100 €: the fund's share is 750 € of the 900 € paid.
    const r = await claimBackUnspent(f.actors.teamA, db, app.id, { note: 'Restmittel' });
    expect(r).toMatchObject({ returnedCents: 15_000, freedCents: 15_000 });
    const entries = await db
      .select()
      .from(ledger)
      .where(and(ofTenant(ledger, f.tenant.id), eq(ledger.applicationId, app.id)));
    expect(entries.filter((e) => e.kind === 'return').map((e) => e.amountCents)).toEqual([15_000]);
    expect(entries.filter((e) => e.kind === 'correction').map((e) => e.amountCents)).toEqual([-15_000]);
    const [fy] = await db
      .select()
      .from(fundYears)
      .where(and(ofTenant(fundYears, f.tenant.id), eq(fundYears.id, f.fundYear.id)));
    expect(fy.committedCents).toBe(75_000);
    expect(fy.paidCents - fy.returnedCents).toBe(75_000);
    expect((await mailsTo('settle-claim@example.org')).some((m) => m.text.includes('150,00'))).toBe(true);
    await expect(claimBackUnspent(f.actors.teamA, db, app.id, {})).rejects.toMatchObject({
      fields: { note: 'funds:errors.claimedAlready' },
    });
  });

  it('refuse a jury member and staff of another area, who change nothing; the jury reads it', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const app = await submitted(f, 'settle-jury@example.org');
    for (const actor of [f.actors.jury, f.actors.teamB]) {
      await expect(acceptSettlement(actor, db, app.id, {})).rejects.toMatchObject({
        status: expect.any(Number),
      });
      await expect(claimBackUnspent(actor, db, app.id, {})).rejects.toMatchObject({
        status: expect.any(Number),
      });
    }
    expect((await settlementOf(f.tenant.id, app.id)).status).toBe('submitted');
    const jury = await new Agent(ctx.app).loginAs(ctx.services, f.users.jury.id);
    const page = await jury.get(`/staff/${f.tenant.slug}/funds/applications/${app.id}/settlement`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Bericht');
    expect(html).not.toContain('/settlement/accept');
    const team = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    expect(
      await (await team.get(`/staff/${f.tenant.slug}/funds/applications/${app.id}/settlement`)).text(),
    ).toContain('/settlement/accept');
    const refused = await jury.post(
      `/staff/${f.tenant.slug}/funds/applications/${app.id}/settlement/accept`,
      {},
    );
    expect(refused.status).toBe(403);
  });
});

describe('reminder and erasure', () => {
  it('remind once, in the applicant’s language, when the settlement is due within two weeks', async () => {
    const f = await fundsFixture(ctx);
    const app = await grantedByLink(f, 'settle-remind@example.org', 'tr');
    const later = await grantedByLink(f, 'settle-later@example.org');
    const db = ctx.services.db;
    // Due eight weeks after the end (40 days from today): not yet today; a month later it is.
    expect(await sendSettlementReminders(ctx.services, new Date(), { tenantId: f.tenant.id })).toBe(0);
    const inAMonth = new Date(Date.now() + 85 * 86_400_000);
    expect(await sendSettlementReminders(ctx.services, inAMonth, { tenantId: f.tenant.id })).toBe(2);
    expect(await sendSettlementReminders(ctx.services, inAMonth, { tenantId: f.tenant.id })).toBe(0);
    const mail = (await mailsTo('settle-remind@example.org')).find((m) =>
      m.subject.includes('hesap dökümünü'),
    );
    expect(mail?.text).toContain(app.token ? 'ilk e-postamızdaki bağlantıyı' : '');
    // The row keeps that it was reminded: the next run leaves it out.
    const [s] = await db
      .select()
      .from(settlements)
      .where(and(ofTenant(settlements, f.tenant.id), eq(settlements.applicationId, later.id)));
    expect(s.remindedAt).not.toBeNull();
  });

  it('erase receipts and photos with their bytes once the application is closed', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const app = await submitted(f, 'settle-erase@example.org');
    await acceptSettlement(f.actors.admin, db, app.id, {});
    await closeApplication(f.actors.admin, db, app.id);
    const before = await db
      .select()
      .from(settlementFiles)
      .where(and(ofTenant(settlementFiles, f.tenant.id), eq(settlementFiles.applicationId, app.id)));
    expect(before.length).toBe(2);
    const r = await fundsPrivacy.erase(ctx.services, f.actors.admin, { email: 'settle-erase@example.org' });
    expect(r.erased).toBe(1);
    const after = await db
      .select()
      .from(settlementFiles)
      .where(and(ofTenant(settlementFiles, f.tenant.id), eq(settlementFiles.applicationId, app.id)));
    expect(after).toEqual([]);
    for (const file of before)
      expect(await readStoredFile(ctx.services.config.storageDir, f.tenant.id, file.id)).toBeNull();
    const s = await settlementOf(f.tenant.id, app.id);
    expect(s.report).toBe('');
    expect(s.participantsAdults).toBe(25);
  });
});
