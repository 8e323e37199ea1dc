/**
 * Volunteering's rules in the database (both engines): an offer waits until its link is opened;
 * staff see volunteers only in their areas and never their contact before both sides agreed; a match
 * is proposed, accepted or declined through the private link (a decline or an expired proposal leaves
 * no trace for the other side); contact details are exchanged only after both agreed; work with
 * children needs a seen, valid extended certificate before a match is confirmed; hours count only
 * when the volunteer confirmed them; a certificate of engagement lists them.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { pdfText } from '../../test/pdf.ts';
import { matches, volunteers } from './db/schema.ts';
import { volunteeringFigures } from './figures.ts';
import { volunteeringFixture } from './testing/fixture.ts';
import {
  certificatePdfByToken,
  requestCertificateByToken,
  signCertificate,
} from './use-cases/certificates.ts';
import { answerHoursByToken, hoursOfVolunteer, recordHoursByToken, suggestHours } from './use-cases/hours.ts';
import {
  answerByToken,
  confirmMatch,
  expireProposals,
  matchesOfNeed,
  matchesOfVolunteer,
  proposeMatch,
  suggestionsFor,
} from './use-cases/matches.ts';
import { publicNeeds } from './use-cases/needs.ts';
import {
  listVolunteersFor,
  offerHelp,
  recordCertificateSeen,
  volunteerByToken,
  volunteerViewFor,
} from './use-cases/volunteers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;

describe('an offer', () => {
  it('waits unconfirmed, mails the private link, and is confirmed when the link is opened', async () => {
    const f = await volunteeringFixture(ctx);
    let link = '';
    const { volunteer, token } = await offerHelp(
      db(),
      f.tenant.id,
      { name: 'Olga Offen', email: 'Olga.Offen@Example.org', areaIds: [f.qmA], consent: true },
      { linkOf: (t) => (link = `https://x/me/${t}`) },
    );
    expect(volunteer.status).toBe('unconfirmed');
    expect(volunteer.email).toBe('olga.offen@example.org');
    expect(volunteer.consentVersion).toBeTruthy();
    expect((await f.mailsTo('olga.offen@example.org'))[0].text).toContain(link);
    // Staff do not see an unconfirmed entry.
    expect((await listVolunteersFor(f.actors.admin, db())).items.map((v) => v.id)).not.toContain(
      volunteer.id,
    );
    const opened = await volunteerByToken(db(), f.tenant.id, token);
    expect(opened.status).toBe('active');
    expect(opened.emailConfirmedAt).not.toBeNull();
  });

  it('is refused without consent and without an area, naming the fields', async () => {
    const f = await volunteeringFixture(ctx);
    await expect(
      offerHelp(
        db(),
        f.tenant.id,
        { name: 'X', email: 'x@example.org', areaIds: [], consent: true },
        { linkOf: () => '' },
      ),
    ).rejects.toMatchObject({ fields: { areaIds: 'volunteering:errors.areaNeeded' } });
    await expect(
      offerHelp(
        db(),
        f.tenant.id,
        { name: 'X', email: 'x@example.org', areaIds: [f.qmA], consent: false },
        { linkOf: () => '' },
      ),
    ).rejects.toMatchObject({ fields: { consent: 'volunteering:errors.consent' } });
  });
});

describe('staff see volunteers', () => {
  it('only in the areas they work in, and without their contact', async () => {
    const f = await volunteeringFixture(ctx);
    const v = await f.volunteer();
    expect((await listVolunteersFor(f.actors.teamA, db())).items.map((x) => x.id)).toEqual([v.id]);
    expect(await listVolunteersFor(f.actors.teamB, db())).toEqual({ items: [], total: 0 });
    await expect(volunteerViewFor(f.actors.teamB, db(), v.id)).rejects.toMatchObject({ status: 404 });
    await expect(listVolunteersFor(f.actors.jury, db())).rejects.toMatchObject({ status: 403 });
    const list = JSON.stringify(await listVolunteersFor(f.actors.teamA, db()));
    expect(list).not.toContain(v.email);
    expect(list).not.toContain('5550123');
    expect((await volunteerViewFor(f.actors.teamA, db(), v.id)).contact).toBeNull();
  });
});

describe('a match', () => {
  it('is suggested with its reasons, best fit first', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need();
    const good = await f.volunteer();
    const weak = await f.volunteer({ skills: ['gardening'], weekdays: ['sat'], languages: ['en'] });
    const s = await suggestionsFor(f.actors.teamA, db(), need.id);
    expect(s.map((x) => x.volunteer.id)).toEqual([good.id, weak.id]);
    expect(s[0].score).toBe(100);
    expect(s[0].reasons.map((r) => r.key)).toEqual(['skills', 'time', 'place', 'language']);
    expect(s[1].reasons.map((r) => r.key)).toEqual([
      'skillsMissing',
      'timeMissing',
      'place',
      'languageMissing',
    ]);
    await expect(suggestionsFor(f.actors.teamB, db(), need.id)).rejects.toMatchObject({ status: 404 });
  });

  it('exchanges contact details only after both sides agreed', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need();
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id, { message: 'Passt prima' });
    // Proposed: neither side sees the other's contact.
    const staffBefore = await matchesOfNeed(f.actors.teamA, db(), need.id);
    expect(staffBefore.map((x) => x.match.status)).toEqual(['proposed']);
    expect(staffBefore[0].contact).toBeNull();
    expect(JSON.stringify(staffBefore)).not.toContain(v.email);
    const vol = await volunteerByToken(db(), f.tenant.id, v.token);
    const mineBefore = await matchesOfVolunteer(db(), f.tenant.id, vol);
    expect(mineBefore[0].contact).toBeNull();
    expect(JSON.stringify(mineBefore)).not.toContain('leitung@kita.example.org');
    expect((await volunteerViewFor(f.actors.teamA, db(), v.id)).contact).toBeNull();
    expect((await f.mailsTo(v.email)).map((x) => x.subject).join()).toContain('Lesepatenschaft');
    // The volunteer accepts: both see each other's contact, and both are told by mail.
    await answerByToken(db(), f.tenant.id, v.token, m.id, 'accept');
    const staffAfter = await matchesOfNeed(f.actors.teamA, db(), need.id);
    expect(staffAfter[0].contact).toEqual({ email: v.email, phone: '0176 5550123' });
    expect((await volunteerViewFor(f.actors.teamA, db(), v.id)).contact?.email).toBe(v.email);
    const mineAfter = await matchesOfVolunteer(db(), f.tenant.id, vol);
    expect(mineAfter[0].contact).toEqual({
      name: 'Frau Leitung',
      email: 'leitung@kita.example.org',
      phone: '030 5550199',
    });
    expect((await f.mailsTo('leitung@kita.example.org'))[0].text).toContain(v.email);
    // Another area's team still sees nothing.
    await expect(matchesOfNeed(f.actors.teamB, db(), need.id)).rejects.toMatchObject({ status: 404 });
  });

  it('declined, leaves no trace for the other side and is not suggested or proposed again', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need();
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id);
    await answerByToken(db(), f.tenant.id, v.token, m.id, 'decline');
    expect(await matchesOfNeed(f.actors.teamA, db(), need.id)).toEqual([]);
    const vol = await volunteerByToken(db(), f.tenant.id, v.token);
    expect(await matchesOfVolunteer(db(), f.tenant.id, vol)).toEqual([]);
    expect((await suggestionsFor(f.actors.teamA, db(), need.id)).map((s) => s.volunteer.id)).not.toContain(
      v.id,
    );
    await expect(proposeMatch(f.actors.teamA, db(), need.id, v.id)).rejects.toMatchObject({
      fields: { volunteerId: 'volunteering:errors.alreadyProposed' },
    });
    // The decline cannot be turned into a yes later.
    await expect(answerByToken(db(), f.tenant.id, v.token, m.id, 'accept')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('expired, is shown to neither side and cannot be accepted', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need();
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id, {
      now: new Date(Date.now() - 20 * 86_400_000),
    });
    expect(await matchesOfNeed(f.actors.teamA, db(), need.id)).toEqual([]);
    await expect(answerByToken(db(), f.tenant.id, v.token, m.id, 'accept')).rejects.toMatchObject({
      fields: { match: 'volunteering:errors.expired' },
    });
    // The refused answer wrote nothing; the daily job marks it.
    expect(await expireProposals(db(), f.tenant.id)).toBe(1);
    const [row] = await db()
      .select()
      .from(matches)
      .where(and(ofTenant(matches, f.tenant.id), eq(matches.id, m.id)));
    expect(row.status).toBe('expired');
    // The volunteer's link does not open another volunteer's proposal either.
    const other = await f.volunteer();
    const m2 = await proposeMatch(f.actors.teamA, db(), need.id, other.id);
    await expect(answerByToken(db(), f.tenant.id, v.token, m2.id, 'accept')).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('safeguarding', () => {
  it('a match for work with children is confirmed only with a seen, valid extended certificate', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need({ safeguarding: true });
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id);
    // Not before both agreed.
    await expect(confirmMatch(f.actors.teamA, db(), m.id)).rejects.toMatchObject({
      fields: { match: 'volunteering:errors.notAgreed' },
    });
    await answerByToken(db(), f.tenant.id, v.token, m.id, 'accept');
    await expect(confirmMatch(f.actors.teamA, db(), m.id)).rejects.toMatchObject({
      fields: { certificate: 'volunteering:errors.certificateNeeded' },
    });
    // A certificate older than five years does not count; the document itself is never asked for.
    await recordCertificateSeen(f.actors.teamA, db(), v.id, { issuedOn: addDays(todayLocal(), -400) });
    await db()
      .update(volunteers)
      .set({ certificateIssuedOn: addDays(todayLocal(), -(5 * 366 + 1)) })
      .where(and(ofTenant(volunteers, f.tenant.id), eq(volunteers.id, v.id)));
    await expect(confirmMatch(f.actors.teamA, db(), m.id)).rejects.toMatchObject({
      fields: { certificate: 'volunteering:errors.certificateNeeded' },
    });
    // A shorter period set for the installation counts too.
    await recordCertificateSeen(f.actors.teamA, db(), v.id, { issuedOn: addDays(todayLocal(), -400) });
    await expect(confirmMatch(f.actors.teamA, db(), m.id, { certificateYears: 1 })).rejects.toMatchObject({
      fields: { certificate: 'volunteering:errors.certificateNeeded' },
    });
    const ok = await confirmMatch(f.actors.teamA, db(), m.id);
    expect(ok.status).toBe('confirmed');
    // Another area's team may neither record a certificate nor confirm.
    await expect(
      recordCertificateSeen(f.actors.teamB, db(), v.id, { issuedOn: todayLocal() }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('a need without children is confirmed without a certificate', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need({ safeguarding: false });
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id);
    await answerByToken(db(), f.tenant.id, v.token, m.id, 'accept');
    expect((await confirmMatch(f.actors.teamA, db(), m.id)).status).toBe('confirmed');
  });
});

describe('hours and the certificate of engagement', () => {
  it('count only what the volunteer confirmed, and the signed certificate lists them', async () => {
    const f = await volunteeringFixture(ctx);
    const need = await f.need();
    const v = await f.volunteer();
    const m = await proposeMatch(f.actors.teamA, db(), need.id, v.id);
    // No hours on a proposal.
    await expect(
      recordHoursByToken(db(), f.tenant.id, v.token, m.id, { day: todayLocal(), hours: 2 }),
    ).rejects.toMatchObject({
      fields: { hours: 'volunteering:errors.notAgreed' },
    });
    await answerByToken(db(), f.tenant.id, v.token, m.id, 'accept');
    await confirmMatch(f.actors.teamA, db(), m.id);
    await recordHoursByToken(db(), f.tenant.id, v.token, m.id, { day: todayLocal(), hours: 1.5 });
    const suggested = await suggestHours(f.actors.teamA, db(), m.id, { day: todayLocal(), hours: 3 });
    const hoursFigure = volunteeringFigures.find((x) => x.key === 'volunteering.hours')!;
    const q = {
      areaIds: [f.qmA],
      from: new Date(Date.now() - 86_400_000 * 2),
      to: new Date(Date.now() + 86_400_000 * 2),
    };
    expect(await hoursFigure.compute(ctx.services, f.tenant.id, q)).toBe(1.5);
    await answerHoursByToken(db(), f.tenant.id, v.token, suggested.id, 'confirm');
    expect(await hoursFigure.compute(ctx.services, f.tenant.id, q)).toBe(4.5);
    expect(await hoursFigure.compute(ctx.services, f.tenant.id, { ...q, areaIds: [f.qmB] })).toBe(0);
    expect((await hoursOfVolunteer(db(), f.tenant.id, v.id)).every((h) => h.confirmedAt)).toBe(true);
    const cert = await requestCertificateByToken(db(), f.tenant.id, v.token);
    await expect(signCertificate(f.actors.teamB, db(), cert.id, 'Tina')).rejects.toMatchObject({
      status: 404,
    });
    const signed = await signCertificate(f.actors.teamA, db(), cert.id, 'Tom Team');
    expect(signed.content).toMatchObject({
      totalMinutes: 270,
      engagements: [{ title: 'Lesepatenschaft in der Kita', minutes: 270 }],
    });
    const pdf = await certificatePdfByToken(db(), f.tenant.id, v.token, cert.id);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Engagementnachweis');
    expect(text).toContain('Lesepatenschaft in der Kita (Kita Sonnenschein)');
    expect(text).toContain('Zusammen: 4,5 bestätigte Stunden');
    expect(text).toContain('Unterschrieben von Tom Team');
    // Another volunteer's link does not open it.
    const other = await f.volunteer();
    await expect(certificatePdfByToken(db(), f.tenant.id, other.token, cert.id)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('the public page', () => {
  it('lists open needs without their contact, filtered by area and skill', async () => {
    const f = await volunteeringFixture(ctx);
    await f.need();
    await f.need({ title: 'Gärtnern im Hof', skills: ['gardening'], areaId: f.qmB }, f.actors.teamB);
    const all = await publicNeeds(db(), f.tenant.id);
    expect(all.map((n) => n.title).sort()).toEqual(['Gärtnern im Hof', 'Lesepatenschaft in der Kita']);
    expect(JSON.stringify(all)).not.toContain('leitung@kita.example.org');
    expect((await publicNeeds(db(), f.tenant.id, { areaId: f.qmB })).map((n) => n.title)).toEqual([
      'Gärtnern im Hof',
    ]);
    expect((await publicNeeds(db(), f.tenant.id, { skill: 'reading' })).map((n) => n.title)).toEqual([
      'Lesepatenschaft in der Kita',
    ]);
    expect((await publicNeeds(db(), f.tenant.id, { areaId: f.district })).length).toBe(2);
  });
});
