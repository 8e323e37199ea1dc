// OParl 1.1 objects from the public records of the councils module. Pure mapping: what is public was
// decided by public-reads.ts; names follow domain/public.ts. Texts are German (the content language).
import { createHash } from 'node:crypto';
import { localDate } from '../../../platform/time/index.ts';
import type { Venue } from '../../network/index.ts';
import { publicAffiliation, publicMemberName } from '../domain/public.ts';
import de from '../i18n/de.json' with { type: 'json' };
import type { PublicItem, PublicItemFile, WithModified } from '../public-reads.ts';
import type { Body, Meeting, Member, Vote } from '../queries.ts';
import type { OParlUrls } from './urls.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
const type = (name: string) => `https://schema.oparl.org/1.1/${name}`;
const iso = (d: Date) => d.toISOString();

const vocab = de.vocab;
const MEETING_STATE: Record<Meeting['status'], string> = {
  planned: 'terminiert',
  invited: 'eingeladen',
  held: 'durchgeführt',
  cancelled: 'abgesagt',
};
/** Agenda kinds whose item decides something (the consultation is authoritative). */
const DECIDING = new Set(['decision', 'election', 'approval_of_minutes']);

type Json = Record<string, unknown>;
/** Leaves out properties without a value (OParl: absent, not null). */
const compact = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function system(u: OParlUrls, o: { name: string; website: string }): Json {
  return compact({
    id: u.system,
    type: type('System'),
    oparlVersion: OPARL_VERSION,
    body: u.bodies,
    name: o.name,
    website: o.website,
  });
}

export interface TenantLike {
  slug: string;
  name: string;
  createdAt: Date;
}

export function body(u: OParlUrls, tenant: TenantLike, years: number[], modified: Date): Json {
  return compact({
    id: u.body,
    type: type('Body'),
    system: u.system,
    shortName: tenant.slug,
    name: tenant.name,
    website: u.site,
    organization: u.list('organizations'),
    person: u.list('persons'),
    meeting: u.list('meetings'),
    paper: u.list('papers'),
    agendaItem: u.list('agendaitems'),
    consultation: u.list('consultations'),
    file: u.list('files'),
    locationList: u.list('locations'),
    legislativeTermList: u.list('legislativeterms'),
    membership: u.list('memberships'),
    legislativeTerm: years.map((y) => legislativeTerm(u, y, tenant.createdAt, true)),
    classification: 'Quartier',
    created: iso(tenant.createdAt),
    modified: iso(modified > tenant.createdAt ? modified : tenant.createdAt),
    web: u.site,
  });
}

/**
 * Quartier's bodies have no common electoral period: the API offers each year with public meetings
 * as a term ("Sitzungsjahr"), so clients that group by term still can (documented in docs/oparl.md).
 */
export function legislativeTerm(u: OParlUrls, year: number, created: Date, embedded = false): Json {
  return compact({
    id: u.object('legislativeterm', String(year)),
    type: type('LegislativeTerm'),
    body: embedded ? undefined : u.body,
    name: `Sitzungsjahr ${year}`,
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    created: iso(created),
    modified: iso(created),
  });
}

/** Is the member record's term running on the day (both ends included)? */
const inTerm = (m: Member, day: string) =>
  m.termFrom <= day && (!m.termTo || m.termTo >= day) && (!m.endedOn || m.endedOn >= day);

export function organization(u: OParlUrls, b: Body, records: Member[], today: string): Json {
  const current = records.filter((m) => inTerm(m, today));
  return compact({
    id: u.object('organization', b.id),
    type: type('Organization'),
    body: u.body,
    name: b.name,
    membership: records.map((m) => u.object('membership', m.id)),
    meeting: `${u.object('organization', b.id)}/meetings`,
    organizationType: 'Gremium',
    classification: vocab.kind[b.kind],
    endDate: b.dissolvedOn ?? undefined,
    memberCount: current.length,
    votingMemberCount: current.filter((m) => m.voting).length,
    keyword: [b.kind],
    'quartier:purpose': b.purpose || undefined,
    created: iso(b.createdAt),
    modified: iso(b.updatedAt),
    web: u.bodyPage(b.slug),
  });
}

/** The name the public may see, else what the member is ("Bewohner*in", "Vertretung: Kita …"). */
export function personName(m: Member): string {
  const name = publicMemberName(m);
  if (name) return name;
  const affiliation = publicAffiliation(m);
  const kind = vocab.memberKind[m.kind];
  return affiliation ? `${kind}: ${affiliation}` : kind;
}

export function membership(u: OParlUrls, m: Member, embedded = false): Json {
  const end = [m.termTo, m.endedOn].filter((d): d is string => !!d).sort()[0];
  return compact({
    id: u.object('membership', m.id),
    type: type('Membership'),
    person: embedded ? undefined : u.object('person', m.id),
    organization: u.object('organization', m.bodyId),
    role: vocab.role[m.role],
    votingRight: m.voting,
    startDate: m.termFrom,
    endDate: end,
    created: iso(m.createdAt),
    modified: iso(m.updatedAt),
  });
}

/**
 * One Person per member record (a term): Quartier keeps no person apart from the record. The name
 * only with recorded consent; never an e-mail address, an account or the consent's time.
 */
export function person(u: OParlUrls, m: Member): Json {
  return compact({
    id: u.object('person', m.id),
    type: type('Person'),
    body: u.body,
    name: personName(m),
    status: [vocab.role[m.role]],
    membership: [membership(u, m, true)],
    'quartier:namePublished': publicMemberName(m) !== null,
    created: iso(m.createdAt),
    modified: iso(m.updatedAt),
  });
}

export function venueLocation(u: OParlUrls, v: Venue): Json {
  const street = [v.street, v.houseNumber].filter(Boolean).join(' ');
  const place = [v.postcode, v.city].filter(Boolean).join(' ');
  return compact({
    id: u.object('location', v.id),
    type: type('Location'),
    description: [v.name, street, place].filter(Boolean).join(', '),
    streetAddress: street || undefined,
    postalCode: v.postcode || undefined,
    locality: v.city || undefined,
    geojson:
      v.lon != null && v.lat != null
        ? {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
            properties: { name: v.name },
          }
        : undefined,
    created: iso(v.createdAt),
    modified: iso(v.updatedAt),
  });
}

/** A place typed as text on the meeting (no venue record): served below the meeting. */
export function textLocation(u: OParlUrls, m: Meeting): Json {
  return {
    id: `${u.object('meeting', m.id)}/location`,
    type: type('Location'),
    description: m.locationName,
    created: iso(m.createdAt),
    modified: iso(m.updatedAt),
  };
}

/**
 * The extension `quartier:votes`: every vote taken on the item with its counts (OParl has no place
 * for them). Only counts — never who voted how, even in a vote by name.
 */
export function voteExtension(v: Vote): Json {
  return compact({
    subject: v.subject || undefined,
    kind: v.kind,
    yes: v.yes,
    no: v.no,
    abstain: v.abstain,
    entitled: v.entitled,
    present: v.presentMemberIds.length,
    quorum: v.quorum,
    chairCasting: v.chairCasting ?? undefined,
    result: v.result,
    resolution: v.resolution || undefined,
    recorded: iso(v.createdAt),
  });
}

const hasText = (i: { text: string }) => i.text.trim() !== '';

/**
 * An uploaded paper (PDF) of a public item: served by the public site (accessUrl and downloadUrl are
 * the same public address, `/:tenant/councils/files/:id`). A file never changes once uploaded.
 */
export function uploadedFile(u: OParlUrls, f: PublicItemFile, embedded = false): Json {
  const url = `${u.site}/councils/files/${encodeURIComponent(f.id)}`;
  return compact({
    id: u.object('file', f.id),
    type: type('File'),
    name: f.name,
    fileName: f.name,
    mimeType: f.contentType,
    date: localDate(f.createdAt),
    size: f.size,
    accessUrl: url,
    downloadUrl: url,
    agendaItem: embedded ? undefined : [u.object('agendaitem', f.agendaItemId)],
    meeting: embedded ? undefined : [u.object('meeting', f.meetingId)],
    created: iso(f.createdAt),
    modified: iso(f.createdAt),
  });
}

/**
 * The published part of a meeting's approved minutes (the public body page's PDF) as the Meeting's
 * `resultsProtocol`, served at `meeting/:id/resultsprotocol`.
 */
export function resultsProtocol(u: OParlUrls, m: Meeting, bodySlug: string, embedded = false): Json {
  const published = m.minutesPublishedAt ?? m.updatedAt;
  const url = `${u.bodyPage(bodySlug)}/meetings/${encodeURIComponent(m.id)}/minutes.pdf`;
  return compact({
    id: `${u.object('meeting', m.id)}/resultsprotocol`,
    type: type('File'),
    name: `Protokoll der Sitzung vom ${localDate(m.startsAt)} (öffentlicher Teil)`,
    fileName: 'protokoll.pdf',
    mimeType: 'application/pdf',
    date: localDate(published),
    accessUrl: url,
    downloadUrl: url,
    meeting: embedded ? undefined : [u.object('meeting', m.id)],
    created: iso(published),
    modified: iso(published),
  });
}

export function agendaItem(
  u: OParlUrls,
  i: PublicItem,
  itemVotes: Vote[],
  embedded = false,
  files: PublicItemFile[] = [],
): Json {
  const resolutions = itemVotes.map((v) => v.resolution.trim()).filter(Boolean);
  return compact({
    id: u.object('agendaitem', i.id),
    type: type('AgendaItem'),
    meeting: embedded ? undefined : u.object('meeting', i.meetingId),
    number: String(i.position),
    order: i.position,
    name: i.title,
    public: true,
    consultation: hasText(i) ? u.object('consultation', i.id) : undefined,
    result: itemVotes.length ? itemVotes.map((v) => vocab.result[v.result]).join('; ') : undefined,
    resolutionText: resolutions.length ? resolutions.join('\n\n') : undefined,
    auxiliaryFile: files.length ? files.map((f) => uploadedFile(u, f, true)) : undefined,
    keyword: [i.kind],
    'quartier:kind': vocab.agendaKind[i.kind],
    'quartier:votes': itemVotes.map(voteExtension),
    created: iso(i.createdAt),
    modified: iso(i.modified),
  });
}

export function meeting(
  u: OParlUrls,
  m: WithModified<Meeting>,
  o: {
    bodyName: string;
    bodySlug?: string;
    items: PublicItem[];
    votes: Map<string, Vote[]>;
    venue?: Venue;
    files?: Map<string, PublicItemFile[]>;
  },
): Json {
  const location = o.venue
    ? venueLocation(u, o.venue)
    : m.locationName.trim()
      ? textLocation(u, m)
      : undefined;
  return compact({
    id: u.object('meeting', m.id),
    type: type('Meeting'),
    name: m.title.trim() || `Sitzung: ${o.bodyName}`,
    meetingState: MEETING_STATE[m.status],
    cancelled: m.status === 'cancelled',
    start: iso(m.startsAt),
    end: m.endsAt ? iso(m.endsAt) : undefined,
    location,
    organization: [u.object('organization', m.bodyId)],
    agendaItem: o.items.map((i) => agendaItem(u, i, o.votes.get(i.id) ?? [], true, o.files?.get(i.id))),
    resultsProtocol: m.minutesPublishedAt && o.bodySlug ? resultsProtocol(u, m, o.bodySlug, true) : undefined,
    'quartier:minutesStatus': m.minutesStatus,
    created: iso(m.createdAt),
    modified: iso(m.modified),
  });
}

/** The text of a public agenda item, as a plain-text file. */
export function file(u: OParlUrls, i: PublicItem, embedded = false): Json {
  const bytes = Buffer.from(i.text, 'utf8');
  return compact({
    id: u.object('file', i.id),
    type: type('File'),
    name: i.title,
    fileName: `top-${i.position}.txt`,
    mimeType: 'text/plain',
    date: localDate(i.meetingStartsAt),
    size: bytes.length,
    sha1Checksum: createHash('sha1').update(bytes).digest('hex'),
    text: i.text,
    accessUrl: `${u.object('file', i.id)}/content`,
    paper: embedded ? undefined : [u.object('paper', i.id)],
    agendaItem: [u.object('agendaitem', i.id)],
    meeting: [u.object('meeting', i.meetingId)],
    created: iso(i.createdAt),
    modified: iso(i.modified),
  });
}

export function consultation(u: OParlUrls, i: PublicItem, embedded = false): Json {
  return compact({
    id: u.object('consultation', i.id),
    type: type('Consultation'),
    paper: embedded ? undefined : u.object('paper', i.id),
    agendaItem: u.object('agendaitem', i.id),
    meeting: u.object('meeting', i.meetingId),
    organization: [u.object('organization', i.bodyId)],
    authoritative: DECIDING.has(i.kind),
    role: vocab.agendaKind[i.kind],
    created: iso(i.createdAt),
    modified: iso(i.modified),
  });
}

/** A public agenda item with a text is a paper (Vorlage) with that text as its main file. */
export function paper(u: OParlUrls, i: PublicItem): Json {
  const date = localDate(i.meetingStartsAt);
  return compact({
    id: u.object('paper', i.id),
    type: type('Paper'),
    body: u.body,
    name: i.title,
    reference: `${date}/TOP ${i.position}`,
    date,
    paperType: vocab.agendaKind[i.kind],
    mainFile: file(u, i, true),
    consultation: [consultation(u, i, true)],
    created: iso(i.createdAt),
    modified: iso(i.modified),
  });
}

/**
 * An object that was public and is no longer: OParl 1.1 keeps it with `deleted: true`, its id, type,
 * creation and the time it went as `modified`. The schema's required properties are kept too (an
 * agenda item's `order`, unknown now: 0; a file's `accessUrl`: the public download address, which answers 404).
 */
export function deleted(
  u: OParlUrls,
  word: string,
  typeName: string,
  t: { objectId: string; createdAt: Date; deletedAt: Date },
): Json {
  const id = u.object(word as Parameters<OParlUrls['object']>[0], t.objectId);
  return compact({
    id,
    type: type(typeName),
    order: typeName === 'AgendaItem' ? 0 : undefined,
    accessUrl: typeName === 'File' ? `${u.site}/councils/files/${encodeURIComponent(t.objectId)}` : undefined,
    created: iso(t.createdAt),
    modified: iso(t.deletedAt),
    deleted: true,
  });
}
