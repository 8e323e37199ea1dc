/**
 * The minutes over HTTP: drafted from a held meeting, a text per item, circulated to the members
 * by e-mail with the PDF, approved at the next meeting through the approval item's vote, and then
 * the public part published (publishedMinutesFor: public items, counts, no names).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, listOutbox } from '../../platform/mail/index.ts';
import { deliverAllPending, leaves, parseMime, startTestSmtp } from '../../platform/mail/smtp-test-server.ts';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { meetings } from './db/schema.ts';
import {
  addAgendaItem,
  meetingFor,
  publishedMinutesFor,
  recordAttendance,
  recordVote,
  scheduleMeeting,
} from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([:,.])/g, '$1');

beforeAll(async () => {
  ctx = await createTestContext({ fresh: true });
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

describe('minutes', () => {
  it('drafted, written, circulated by e-mail with the PDF, approved at the next meeting, then published', async () => {
    const db = ctx.services.db;
    const { body, members } = await fx.body(
      { name: 'Quartiersrat Protokoll', kind: 'quartiersrat', public: true },
      0,
      [
        fx.member('Rosa Rat', { email: 'rosa@example.org' }),
        fx.member('Ali Rat', { email: 'ali@example.org' }),
        fx.member('Ute Rat'),
      ],
    );
    const first = await fx.meeting(body.id, 14);
    const team = await agentOf(fx.users.teamA.id);
    const minutes = `${base}/meetings/${first.id}/minutes`;

    // Before the meeting is held there are no minutes to draft.
    const early = await team.post(`${minutes}/draft`, {}, { csrfFrom: minutes });
    expect(early.status).toBe(422);
    expect(text(await early.text())).toContain('erst, wenn die Sitzung stattgefunden hat');

    const [open] = await addAgendaItem(fx.sys, db, first.id, { title: 'Spielplatz', kind: 'decision' });
    const [closed] = await addAgendaItem(fx.sys, db, first.id, {
      title: 'Personalfrage',
      kind: 'discussion',
      public: false,
    });
    await recordAttendance(fx.sys, db, first.id, {
      entries: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
    });
    await recordVote(fx.sys, db, open.id, {
      kind: 'open',
      counts: { yes: 3, no: 0, abstain: 0 },
      resolution: 'Der Spielplatz bekommt eine Schaukel.',
    });
    expect((await team.post(`${minutes}/draft`, {}, { csrfFrom: minutes })).status).toBe(303);
    const saved = await team.post(
      minutes,
      {
        [`minutes.${open.id}`]: 'Kurze Aussprache über die Schaukel.',
        [`minutes.${closed.id}`]: 'Vertraulich besprochen.',
      },
      { csrfFrom: minutes },
    );
    expect(saved.status).toBe(303);
    const page = text(await (await team.get(minutes)).text());
    expect(page).toContain('Kurze Aussprache über die Schaukel.');
    expect(page).toContain('Rosa Rat, Ali Rat, Ute Rat');
    expect(page).toContain('3 Ja, 0 Nein, 0 Enthaltungen');

    expect((await team.post(`${minutes}/circulate`, {}, { csrfFrom: minutes })).status).toBe(303);
    const mails = (await listOutbox(db, fx.tenant.id)).filter((m) =>
      m.subject.includes('Quartiersrat Protokoll'),
    );
    expect(mails.map((m) => m.to).sort()).toEqual(['ali@example.org', 'rosa@example.org']);
    const attachment = (mails[0].attachments as { contentType: string; content: string }[])[0];
    expect(attachment.contentType).toBe('application/pdf');
    expect(Buffer.from(attachment.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await team.get(`${minutes}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Not published before the approval.
    expect(await publishedMinutesFor(db, fx.tenant.id, body.id)).toEqual([]);
    const dept = await agentOf(fx.users.department.id);
    expect((await dept.get(`${minutes}.pdf`)).status).toBe(403);
    // Nor on the public body page: no link, and the public address of the PDF is 404.
    const publicPage = `/${fx.tenant.slug}/councils/${body.slug}`;
    const publicPdf = `${publicPage}/meetings/${first.id}/minutes.pdf`;
    expect(await (await ctx.app.request(publicPage)).text()).not.toContain(publicPdf);
    expect((await ctx.app.request(publicPdf)).status).toBe(404);

    // The next meeting: the approval comes first by itself; a carried vote approves and publishes.
    const next = (await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(0, '00:01') })).meetings[0];
    const nextPage = `${base}/meetings/${next.id}`;
    expect(
      (
        await team.post(
          `${nextPage}/items`,
          { title: 'Verschiedenes', kind: 'discussion' },
          { csrfFrom: nextPage },
        )
      ).status,
    ).toBe(303);
    const approval = (await meetingFor(fx.sys, db, next.id)).items[0];
    expect(approval.kind).toBe('approval_of_minutes');
    await recordAttendance(fx.sys, db, next.id, {
      entries: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
    });
    const vote = `${base}/items/${approval.id}/vote`;
    expect(
      (
        await team.post(
          vote,
          {
            kind: 'open',
            yes: '3',
            no: '0',
            abstain: '0',
            resolution: 'Genehmigt mit einer Korrektur in TOP 1.',
          },
          { csrfFrom: vote },
        )
      ).status,
    ).toBe(303);
    const approved = (await meetingFor(fx.sys, db, first.id)).meeting;
    expect(approved.minutesStatus).toBe('approved');
    expect(approved.minutesApprovedIn).toBe(next.id);

    const published = await publishedMinutesFor(db, fx.tenant.id, body.id);
    expect(published).toHaveLength(1);
    expect(published[0].present).toBe(3);
    expect(published[0].items.map((i) => i.title)).toEqual(['Spielplatz']);
    expect(published[0].items[0].minutes).toBe('Kurze Aussprache über die Schaukel.');
    expect(published[0].items[0].votes[0]).toMatchObject({ yes: 3, result: 'accepted' });
    expect(JSON.stringify(published)).not.toContain('Rosa');
    expect(JSON.stringify(published)).not.toContain('Vertraulich');
    // The public body page links the published part, a PDF anyone may open.
    const bodyPage = await (await ctx.app.request(publicPage)).text();
    expect(bodyPage).toContain(`href="${publicPdf}"`);
    expect(text(bodyPage)).toContain('Protokoll, öffentlicher Teil (PDF)');
    expect(text(await (await ctx.app.request(`${publicPage}?lang=tr`)).text())).toContain(
      'Tutanak, herkese açık bölüm (PDF)',
    );
    const anyone = await ctx.app.request(publicPdf);
    expect(anyone.status).toBe(200);
    expect(anyone.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await anyone.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The approval meeting itself has no approved minutes yet: nothing to open.
    expect((await ctx.app.request(`${publicPage}/meetings/${next.id}/minutes.pdf`)).status).toBe(404);
    // The published part is readable as PDF by other readers now; approved minutes stay as they are.
    expect((await dept.get(`${minutes}.pdf`)).status).toBe(200);
    const late = await team.post(
      minutes,
      { [`minutes.${open.id}`]: 'Nachträglich geändert.' },
      { csrfFrom: minutes },
    );
    expect(late.status).toBe(422);
    expect(text(await late.text())).toContain('Das Protokoll ist genehmigt');
  });

  it('the invitation with the agenda goes to the members by e-mail with the PDF, through a real SMTP server; a member without an account gets a private link that opens the papers, the closed one included', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury Einladung', invitationDays: 7 }, 0, [
      fx.member('Jana Jurorin', { email: 'jana@example.org' }),
      fx.member('Jo ohne Adresse'),
      fx.member('Kai Konto', { email: 'kai@example.org', userId: fx.users.jury.id }),
    ]);
    const team = await agentOf(fx.users.teamA.id);
    const schedule = `${base}/${body.id}/meetings/new`;
    const made = await team.post(
      schedule,
      {
        title: 'Jurysitzung',
        startsOn: addDays(fx.today, 3),
        startTime: '18:00',
        locationName: 'Stadtteilladen',
      },
      { csrfFrom: schedule },
    );
    expect(made.status).toBe(303);
    const page = made.headers.get('location')!.replace(/\?.*$/, '');
    // Three days ahead with a seven-day period: scheduled, with the warning in words.
    expect(text(await (await team.get(made.headers.get('location')!)).text())).toContain(
      'Einladungsfrist des Gremiums ist nicht mehr einzuhalten',
    );
    expect(
      (
        await team.post(
          `${page}/items`,
          { title: 'Antrag Hoffest', kind: 'decision', text: 'Förderung 500 €' },
          { csrfFrom: page },
        )
      ).status,
    ).toBe(303);
    const meetingId = page.split('/').pop()!;
    await addAgendaItem(fx.sys, db, meetingId, {
      title: 'Vertrauliche Personalsache',
      kind: 'discussion',
      public: false,
      text: 'Nur für die Jury',
    });
    const sent = await team.post(`${page}/invite`, {}, { csrfFrom: page });
    expect(sent.status).toBe(303);
    const after = text(await (await team.get(sent.headers.get('location')!)).text());
    expect(after).toContain('später als die Einladungsfrist');
    expect(after).toContain('eingeladen');
    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'quartier@example.org' });
    try {
      await deliverAllPending(mailer, db, fx.tenant.id);
      const mine = smtp.received.filter((m) => m.raw.includes('Jury Einladung'));
      expect(mine.map((m) => m.to).sort()).toEqual([['jana@example.org'], ['kai@example.org']]);
      const mailTo = (to: string) => {
        const parts = leaves(parseMime(mine.find((m) => m.to[0] === to)!.raw));
        const plain = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))!;
        return { parts, plain: plain.body.toString('utf8') };
      };
      const jana = mailTo('jana@example.org');
      expect(jana.plain).toContain('1. Antrag Hoffest');
      expect(jana.plain).toContain('Stadtteilladen');
      const attached = jana.parts.find((p) => p.headers['content-type']?.startsWith('application/pdf'))!;
      expect(attached.body.subarray(0, 5).toString()).toBe('%PDF-');
      // Jana has no account: her private link opens the papers, the closed one included.
      const link = jana.plain.match(/http:\/\/localhost(\/\S+\/councils\/papers\/\S+)/)?.[1];
      expect(link, jana.plain).toBeTruthy();
      const visitor = new Agent(ctx.app);
      const papers = await visitor.get(link!);
      expect(papers.status).toBe(200);
      const html = await papers.text();
      expect(text(html)).toContain('Vertrauliche Personalsache');
      const closedHref = html.match(/href="([^"]+\/items\/[^"]+)"[^>]*>Unterlage zu TOP 2/)?.[1];
      expect(closedHref).toBeTruthy();
      const closedPdf = await visitor.get(closedHref!);
      expect(closedPdf.status).toBe(200);
      expect(
        Buffer.from(await closedPdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      // Kai has an account: the link to the meeting's staff page, no private link.
      const kai = mailTo('kai@example.org').plain;
      expect(kai).toContain(`http://localhost${page}`);
      expect(kai).not.toContain('/councils/papers/');
    } finally {
      mailer.close();
      await smtp.close();
    }
    const pdf = await team.get(`${page}/agenda.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('a closed meeting is never published, and other areas do not reach the minutes', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury Protokoll', public: false }, 3);
    const meeting = await fx.meeting(body.id, 3);
    const teamB = await agentOf(fx.users.teamB.id);
    const minutes = `${base}/meetings/${meeting.id}/minutes`;
    expect((await teamB.get(minutes)).status).toBe(404);
    expect((await teamB.get(`${minutes}.pdf`)).status).toBe(404);
    expect((await teamB.post(`${minutes}/draft`, {}, { csrfFrom: base })).status).toBe(404);
    expect((await meetingFor(fx.sys, db, meeting.id)).meeting.minutesStatus).toBe('none');
    expect(await publishedMinutesFor(db, fx.tenant.id, body.id)).toEqual([]);
    // A closed body has no public page, nor public minutes, even when approved.
    await db
      .update(meetings)
      .set({ minutesStatus: 'approved', minutesPublishedAt: new Date() })
      .where(eq(meetings.id, meeting.id));
    expect(
      (await ctx.app.request(`/${fx.tenant.slug}/councils/${body.slug}/meetings/${meeting.id}/minutes.pdf`))
        .status,
    ).toBe(404);
  });
});
