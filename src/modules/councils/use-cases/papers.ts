/**
 * A meeting's papers through a member's private link (BODY-1): members without an account get, with
 * the invitation, a link that opens the agenda and every paper of the meeting — closed ones too —
 * without signing in. The link is signed, not stored (`domain/paper-links.ts`); at every use the
 * member must still be in term on the meeting's day in that body, with an e-mail address (an erased
 * record loses its link), and the meeting and body must exist in the tenant. Anything else is 404.
 * Every read of a closed paper through a link goes to the audit log with the member record.
 */
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { readStoredFile } from '../../../platform/files/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { installationKey } from '../../../platform/secrets/sealed.ts';
import { addDays, dayStart } from '../../../platform/time/index.ts';
import { inTermOn } from '../domain/members.ts';
import { PAPER_LINK_DAYS, signPaperLink, verifyPaperLink } from '../domain/paper-links.ts';
import { meetingDate } from '../policies.ts';
import {
  type AgendaItem,
  type Body,
  getBody,
  getMeeting,
  getMember,
  type ItemFile,
  listAgendaItems,
  listItemFiles,
  listPaperLinkWithdrawals,
  type Meeting,
  type Member,
} from '../queries.ts';
import { meetingPdf } from './documents.ts';
import type { MeetingView } from './meetings.ts';

/** The instant a meeting's links stop opening: the end of the 30th day after the meeting (Berlin). */
export const paperLinkExpiry = (meeting: Pick<Meeting, 'startsAt'>): Date =>
  dayStart(addDays(meetingDate(meeting), PAPER_LINK_DAYS + 1));

/**
 * The address of a member's private link to a meeting's papers, or null when the installation has
 * no secret key (PostgreSQL without SECRET_KEY): then the invitation's PDF is all they get.
 */
export function paperLinkUrl(
  o: { baseUrl: string; tenant: { id: string; slug: string }; meeting: Meeting; memberId: string },
  key: Buffer | null = installationKey(),
): string | null {
  if (!key) return null;
  const token = signPaperLink(key, {
    tenantId: o.tenant.id,
    meetingId: o.meeting.id,
    memberId: o.memberId,
    expiresAt: Math.floor(paperLinkExpiry(o.meeting).getTime() / 1000),
  });
  return `${o.baseUrl}/${o.tenant.slug}/councils/papers/${token}`;
}

export interface PapersByLink {
  body: Body;
  meeting: Meeting;
  member: Member;
  /** The whole agenda, closed items included, in order. */
  items: AgendaItem[];
  /** The uploaded papers of those items. */
  files: ItemFile[];
  expiresAt: Date;
}

const gone = () => new AppError(404, 'not_found');

/** What a private link opens now, or 404 (wrong, forged, expired or no longer a member's). */
export async function papersByLink(
  db: Db,
  tenantId: string,
  token: string,
  now: Date = new Date(),
  key: Buffer | null = installationKey(),
): Promise<PapersByLink> {
  if (!key) throw gone();
  const claims = verifyPaperLink(key, tenantId, token, now);
  if (!claims) throw gone();
  const meeting = await getMeeting(db, tenantId, claims.meetingId);
  if (!meeting) throw gone();
  const body = await getBody(db, tenantId, meeting.bodyId);
  const member = await getMember(db, tenantId, claims.memberId);
  if (!body || !member || member.bodyId !== body.id) throw gone();
  // A resigned or removed member (term over before the meeting) and an erased record lose the link.
  if (!inTermOn(member, meetingDate(meeting)) || !member.email) throw gone();
  // A link the staff withdrew for this meeting opens nothing any more.
  if ((await listPaperLinkWithdrawals(db, tenantId, meeting.id)).some((w) => w.memberId === member.id))
    throw gone();
  const items = await listAgendaItems(db, tenantId, meeting.id);
  const files = await listItemFiles(
    db,
    tenantId,
    items.map((i) => i.id),
  );
  return { body, meeting, member, items, files, expiresAt: new Date(claims.expiresAt * 1000) };
}

/**
 * An uploaded paper through a private link, with its item. A closed one (closed item or meeting) is
 * written to the audit log with the member record.
 */
export async function paperFileByLink(
  services: Pick<Services, 'db' | 'config'>,
  tenant: { id: string },
  token: string,
  fileId: string,
  o: { ip?: string | null; now?: Date; key?: Buffer | null } = {},
): Promise<{ file: ItemFile; bytes: Buffer }> {
  const { db } = services;
  const p = await papersByLink(db, tenant.id, token, o.now, o.key === undefined ? installationKey() : o.key);
  const file = p.files.find((f) => f.id === fileId);
  const item = file && p.items.find((i) => i.id === file.agendaItemId);
  if (!file || !item) throw gone();
  const bytes = await readStoredFile(services.config.storageDir, tenant.id, file.id);
  if (!bytes) throw gone();
  if (!item.public || !p.meeting.public)
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: null,
      actorLabel: `councils.member:${p.member.id}`,
      action: 'read',
      entityType: 'councils.item_file',
      entityId: file.id,
      details: {
        via: 'private_link',
        memberId: p.member.id,
        meetingId: p.meeting.id,
        closedItemIds: [item.id],
      },
      ip: o.ip ?? null,
    });
  return { file, bytes };
}

/** An agenda item that has a paper: a text to read. */
export const hasPaper = (i: AgendaItem): boolean => i.text.trim().length > 0;

/**
 * A paper as PDF through a private link: `'agenda'` is the whole invitation with every item, an
 * item id that item's paper. A closed paper read (a closed item, or the agenda with closed items)
 * is written to the audit log with the member record.
 */
export async function paperPdfByLink(
  services: Pick<Services, 'db' | 'i18n'>,
  tenant: { id: string; name: string },
  token: string,
  paper: 'agenda' | string,
  o: { lang: string; ip?: string | null; now?: Date; key?: Buffer | null } = { lang: 'de' },
): Promise<Buffer> {
  const { db } = services;
  const p = await papersByLink(db, tenant.id, token, o.now, o.key === undefined ? installationKey() : o.key);
  const items = paper === 'agenda' ? p.items : p.items.filter((i) => i.id === paper && hasPaper(i));
  if (items.length === 0) throw gone();
  const closed = items.filter((i) => !i.public || !p.meeting.public);
  const view: MeetingView = {
    body: p.body,
    meeting: p.meeting,
    items: items.map((i) => ({ ...i, conflicts: [], votes: [], quorum: null, files: [] })),
    attendance: [],
  };
  const lang = o.lang === 'en' ? 'en' : 'de';
  const pdf = await meetingPdf({
    t: services.i18n.t(lang, 'councils'),
    lang,
    tenantName: tenant.name,
    view,
    members: [],
    kind: 'agenda',
  });
  if (closed.length)
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: null,
      actorLabel: `councils.member:${p.member.id}`,
      action: 'read',
      entityType: paper === 'agenda' ? 'councils.meeting' : 'councils.agenda_item',
      entityId: paper === 'agenda' ? p.meeting.id : items[0].id,
      details: {
        via: 'private_link',
        memberId: p.member.id,
        meetingId: p.meeting.id,
        closedItemIds: closed.map((i) => i.id),
      },
      ip: o.ip ?? null,
    });
  return pdf;
}
