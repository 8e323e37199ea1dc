/**
 * The printed papers of a meeting (pdfkit, fonts and bidi text from platform/pdf): the invitation
 * with its agenda, and the minutes — drafted from the agenda, attendance and votes with the text
 * written per item. `publicOnly` leaves closed items and members' names out (the published part).
 */
import PDFDocument from 'pdfkit';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDateTime, formatTime } from '../../../platform/time/index.ts';
import type { Member } from '../queries.ts';
import type { MeetingView } from './meetings.ts';

export interface MeetingPaper {
  t: TFunction;
  lang: string;
  tenantName: string;
  view: MeetingView;
  members: Member[];
  kind: 'agenda' | 'minutes';
  publicOnly?: boolean;
}

const when = (v: MeetingView, lang: string) =>
  v.meeting.endsAt
    ? `${formatDateTime(v.meeting.startsAt, lang)}–${formatTime(v.meeting.endsAt, lang)}`
    : formatDateTime(v.meeting.startsAt, lang);

export async function meetingPdf(o: MeetingPaper): Promise<Buffer> {
  const { t, lang, view } = o;
  const m = view.meeting;
  const title = String(
    t(o.kind === 'agenda' ? 'councils:paper.invitationTitle' : 'councils:paper.minutesTitle', {
      name: view.body.name,
    }),
  );
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: lang === 'en' ? 'en' : 'de',
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: when(view, lang) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const text = (value: string, size = 11, s: { bold?: boolean; gap?: number } = {}) =>
    writeText(doc, value, { size, width, x, bold: s.bold, paragraphGap: s.gap ?? 0 });
  const byId = new Map(o.members.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name || String(t('councils:staff.erasedMember'));

  text(title, 18, { bold: true, gap: 4 });
  doc.fillColor('#444');
  text(
    `${o.tenantName} · ${m.title || String(t('councils:meetingPage.meetingOn', { date: when(view, lang) }))}`,
    10,
    {
      gap: 12,
    },
  );
  doc.fillColor('black');
  text(String(t('councils:meetingPage.when')), 9, { bold: true });
  text(when(view, lang), 11, { gap: 6 });
  text(String(t('councils:meeting.place')), 9, { bold: true });
  text([m.locationName, m.onlineUrl].filter(Boolean).join(', ') || '–', 11, { gap: 6 });
  if (o.kind === 'minutes' && m.minutesStatus !== 'approved') {
    text(String(t(`councils:paper.state.${m.minutesStatus === 'circulated' ? 'circulated' : 'draft'}`)), 11, {
      bold: true,
      gap: 6,
    });
  }
  if (o.kind === 'minutes') {
    const there = view.attendance.filter((a) => ['present', 'late', 'left_early'].includes(a.status));
    text(String(t('councils:meetingPage.attendance')), 13, { bold: true, gap: 4 });
    if (o.publicOnly) text(String(t('councils:paper.presentCount', { count: there.length })), 11, { gap: 6 });
    else {
      for (const s of ['present', 'excused', 'absent'] as const) {
        const list = view.attendance
          .filter((a) => (s === 'present' ? there.includes(a) : a.status === s))
          .map((a) => name(a.memberId));
        if (list.length) text(`${t(`councils:vocab.attendance.${s}`)}: ${list.join(', ')}`, 11, { gap: 2 });
      }
      if (m.guestNames.length)
        text(`${t('councils:attendance.guests')}: ${m.guestNames.join(', ')}`, 11, { gap: 2 });
      doc.moveDown(0.5);
    }
  }
  text(String(t('councils:meetingPage.agenda')), 13, { bold: true, gap: 4 });
  for (const item of view.items) {
    if (o.publicOnly && !item.public) continue;
    doc.moveDown(0.3);
    text(String(t('councils:meetingPage.itemHeading', { position: item.position, title: item.title })), 12, {
      bold: true,
      gap: 2,
    });
    doc.fillColor('#444');
    text(
      [
        String(t(`councils:vocab.agendaKind.${item.kind}`)),
        item.public ? '' : String(t('councils:item.closed')),
        item.presenter ? `${t('councils:item.presenter')}: ${item.presenter}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      9,
      { gap: 3 },
    );
    doc.fillColor('black');
    if (o.kind === 'agenda') {
      if (item.text) text(item.text, 11, { gap: 4 });
      continue;
    }
    if (item.minutes) text(item.minutes, 11, { gap: 4 });
    if (!o.publicOnly && item.conflicts.length)
      text(
        `${t('councils:meetingPage.conflicts')}: ${item.conflicts.map((c) => name(c.memberId)).join(', ')}`,
        10,
        {
          gap: 3,
        },
      );
    for (const v of item.votes) {
      text(
        `${v.subject ? `${v.subject}: ` : ''}${t('councils:meetingPage.voteLine', {
          kind: t(`councils:vocab.voteKind.${v.kind}`),
          yes: v.yes,
          no: v.no,
          abstain: v.abstain,
        })} — ${t(`councils:vocab.result.${v.result}`)}`,
        11,
        { bold: true, gap: 2 },
      );
      if (!o.publicOnly)
        for (const b of v.ballots) text(`${name(b.memberId)}: ${t(`councils:vocab.choice.${b.choice}`)}`, 10);
      if (v.resolution) text(`${t('councils:vote.resolution')}: ${v.resolution}`, 11, { gap: 4 });
    }
  }
  doc.end();
  return done;
}
