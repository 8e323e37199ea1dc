// Test factory of the councils module (see TestFactoryContext): a Quartiersrat in the tenant's test
// area with three voting members and an advisory one, a meeting held two hours ago with two agenda
// items, attendance, a declared conflict of interest and a carried vote, and an open circulation vote
// with one ballot and one private link; it names the body, a member, the meeting, the decision item
// and the circulation vote for the staff routes, and a member's private link to the meeting's papers.
// The test person is a resident member of that Quartiersrat.
import { newId } from '../../../platform/db/index.ts';
import { saveFile } from '../../../platform/files/index.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { localDate } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import {
  agendaItems,
  attendance,
  bodies,
  circulationBallots,
  circulationLinks,
  circulations,
  conflicts,
  itemFiles,
  meetings,
  members,
  votes,
} from '../db/schema.ts';
import { getBodyBySlug, listMeetings, type Meeting } from '../queries.ts';
import { paperLinkUrl } from '../use-cases/papers.ts';

const HOUR = 3_600_000;

export async function createCouncilTestEntities({
  services,
  tenant,
  marker,
  params,
}: TestFactoryContext): Promise<TestParams> {
  const { db } = services;
  const tenantId = tenant.id;
  const areaId = params['areas/:id']?.[0]?.value ?? null;
  const areaIds = areaId ? (await areaPath(db, tenantId, areaId)).map((a) => a.id) : [];
  const bodyId = newId();
  const startsAt = new Date(Date.now() - 2 * HOUR);
  const today = localDate(startsAt);
  const since = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  await db.insert(bodies).values({
    tenantId,
    id: bodyId,
    slug: `rat-${tenant.slug}`.slice(0, 60),
    name: `${marker} Quartiersrat`,
    kind: 'quartiersrat',
    purpose: `${marker} purpose`,
    areaId,
    areaIds,
    compositionRule: 'resident_majority',
  });
  const person = (name: string, over: Partial<typeof members.$inferInsert> = {}) => ({
    tenantId,
    id: newId(),
    bodyId,
    kind: 'resident' as const,
    name: `${marker} ${name}`,
    termFrom: since,
    ...over,
  });
  const people = [
    person('resident one', { role: 'speaker', publishName: true, publishNameConsentAt: new Date() }),
    // With an e-mail address: the one a private link to the meeting's papers is for.
    person('resident two', { email: `resident.two@${tenant.slug}.example.org` }),
    person('school', { kind: 'organisation', organisation: `${marker} school` }),
    person('department', { kind: 'administration', role: 'advisory', voting: false }),
  ];
  await db.insert(members).values(people);
  const meetingId = newId();
  await db.insert(meetings).values({
    tenantId,
    id: meetingId,
    bodyId,
    title: `${marker} meeting`,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * HOUR),
    locationName: `${marker} place`,
    // A venue of the network module's factory: the OParl API serves it as the meeting's Location.
    venueId: params['venues/:id']?.[0]?.value ?? null,
    status: 'held',
    guestNames: [`${marker} guest`],
  });
  const info = newId();
  const decision = newId();
  await db.insert(agendaItems).values([
    { tenantId, id: info, meetingId, position: 1, title: `${marker} information`, kind: 'information' },
    {
      tenantId,
      id: decision,
      meetingId,
      position: 2,
      title: `${marker} decision`,
      kind: 'decision',
      text: `${marker} motion`,
    },
  ]);
  await db
    .insert(attendance)
    .values(
      people.map((p) => ({ tenantId, id: newId(), meetingId, memberId: p.id, status: 'present' as const })),
    );
  await db.insert(conflicts).values({
    tenantId,
    id: newId(),
    memberId: people[2].id,
    agendaItemId: decision,
    note: `${marker} conflict`,
  });
  await db.insert(votes).values({
    tenantId,
    id: newId(),
    agendaItemId: decision,
    kind: 'open',
    subject: `${marker} vote`,
    yes: 2,
    no: 0,
    abstain: 0,
    entitled: 2,
    presentMemberIds: [people[0].id, people[1].id],
    quorum: 2,
    result: 'accepted',
    resolution: `${marker} resolution`,
  });
  const circulationId = newId();
  await db.insert(circulations).values({
    tenantId,
    id: circulationId,
    bodyId,
    title: `${marker} circulation`,
    motion: `${marker} circulated motion`,
    opensAt: new Date(Date.now() - HOUR),
    closesAt: new Date(Date.now() + 7 * 24 * HOUR),
    entitledMemberIds: people.slice(0, 3).map((p) => p.id),
  });
  await db.insert(circulationBallots).values({
    tenantId,
    id: newId(),
    circulationId,
    memberId: people[0].id,
    choice: 'yes',
    channel: 'account',
  });
  await db.insert(circulationLinks).values({
    tenantId,
    id: newId(),
    circulationId,
    memberId: people[1].id,
    tokenHash: hashToken(randomToken(24)),
  });
  // An uploaded paper of the public decision item (public body page, staff, private link).
  const fileId = newId();
  await saveFile(
    services.config.storageDir,
    tenantId,
    fileId,
    new TextEncoder().encode(`%PDF-1.4\n% ${marker}\n`),
  );
  await db.insert(itemFiles).values({
    tenantId,
    id: fileId,
    agendaItemId: decision,
    name: `${marker}.pdf`,
    contentType: 'application/pdf',
    size: 20,
  });
  // The private link of resident two to the meeting's papers (signed for this tenant only).
  const paperLink = paperLinkUrl({
    baseUrl: '',
    tenant,
    meeting: { id: meetingId, startsAt } as Meeting,
    memberId: people[1].id,
  });
  return {
    ...(paperLink
      ? { 'papers/:token': [{ value: paperLink.split('/').pop()!, table: 'councils_meetings' }] }
      : {}),
    'councils/:id': [{ value: bodyId, table: 'councils_bodies' }],
    'members/:memberId': [{ value: people[1].id, table: 'councils_members' }],
    'links/:memberId': [{ value: people[1].id, table: 'councils_members' }],
    // Public pages and the OParl API (public body, its consenting speaker, meeting, decision item, venue).
    'councils/:slug': [{ value: `rat-${tenant.slug}`.slice(0, 60), table: 'councils_bodies' }],
    'organization/:id': [{ value: bodyId, table: 'councils_bodies' }],
    'person/:id': [{ value: people[0].id, table: 'councils_members' }],
    'membership/:id': [{ value: people[0].id, table: 'councils_members' }],
    'meeting/:id': [{ value: meetingId, table: 'councils_meetings' }],
    'agendaitem/:id': [{ value: decision, table: 'councils_agenda_items' }],
    'paper/:id': [{ value: decision, table: 'councils_agenda_items' }],
    'consultation/:id': [{ value: decision, table: 'councils_agenda_items' }],
    'file/:id': [{ value: decision, table: 'councils_agenda_items' }],
    ...(params['venues/:id']?.length ? { 'location/:id': params['venues/:id'] } : {}),
    'meetings/:meetingId': [{ value: meetingId, table: 'councils_meetings' }],
    'items/:itemId': [{ value: decision, table: 'councils_agenda_items' }],
    'files/:fileId': [{ value: fileId, table: 'councils_item_files' }],
    'circulations/:circulationId': [{ value: circulationId, table: 'councils_circulations' }],
  };
}

/**
 * The person in the councils (data-subject test): a resident member of the factory's Quartiersrat
 * with name, e-mail and consent to publish the name, who attended the factory's meeting.
 */
export async function createCouncilTestPerson(
  { services, tenant }: TestFactoryContext,
  person: { email: string; name: string; phone: string },
) {
  const { db } = services;
  const body = await getBodyBySlug(db, tenant.id, `rat-${tenant.slug}`.slice(0, 60));
  if (!body) throw new Error('the councils test factory runs first');
  const [meeting] = await listMeetings(db, tenant.id, body.id);
  const id = newId();
  await db.insert(members).values({
    tenantId: tenant.id,
    id,
    bodyId: body.id,
    kind: 'resident',
    name: person.name,
    email: person.email,
    publishName: true,
    publishNameConsentAt: new Date(),
    termFrom: localDate(meeting.startsAt),
  });
  await db
    .insert(attendance)
    .values({ tenantId: tenant.id, id: newId(), meetingId: meeting.id, memberId: id, status: 'present' });
}
