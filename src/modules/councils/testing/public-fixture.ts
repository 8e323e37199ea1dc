// Test support: councils with public and closed parts side by side, for the tests that prove the
// public pages and the OParl API show only what is public. A public Quartiersrat (four monthly
// meetings, the last one next month) with a consenting resident, a resident and a representative
// without consent, a flag without the time of consent; a public meeting at a network venue with a
// public item (paper, vote) and a closed one; a closed meeting; a closed jury; and a public council
// of a second tenant.
import { newId } from '../../../platform/db/index.ts';
import { saveFile } from '../../../platform/files/index.ts';
import type { TestContext } from '../../../test/kit.ts';
import { makeTenant } from '../../../test/kit.ts';
import { createVenue } from '../../network/index.ts';
import { agendaItems, itemFiles, meetings, members, votes } from '../db/schema.ts';
import { councilsFixture } from './fixture.ts';
import { seedCouncilHistory } from './history.ts';

/** Texts that must never appear on a public page or in the API. */
export const SECRETS = [
  'Karl Verborgen',
  'Olga Unsichtbar',
  'Hanna Halbzustimmung',
  '@example.org',
  '030 999 1234',
  'Personalsache Z',
  'Geheimtext Z',
  'Geheimbeschluss',
  'Geschlossene Sitzung Q',
  'Interna Q',
  'Jury Verschlossen',
  'VERSCHLOSSEN-',
];

export async function publicCouncilsFixture(ctx: TestContext) {
  const ids = {} as Record<string, string>;
  let present: string[] = [];
  const fx = await councilsFixture(ctx);
  const { db } = ctx.services;
  const t = fx.tenant.id;
  // A public Quartiersrat with four monthly meetings, the last one next month (planned).
  const history = await seedCouncilHistory(db, t, {
    name: 'Quartiersrat Nord',
    slug: 'quartiersrat-nord',
    areaId: fx.qmA,
    meetings: 4,
    items: 12,
    until: fx.at(31).toISOString().slice(0, 10),
  });
  ids.body = history.bodyId;
  present = history.memberIds;
  const venue = await createVenue(fx.sys, db, {
    name: 'Nachbarschaftshaus Nord',
    street: 'Soldiner Straße',
    houseNumber: '12',
    postcode: '13359',
    city: 'Berlin',
    lon: 13.37,
    lat: 52.56,
    phone: '030 999 1234',
    email: 'haus@example.org',
    areaId: fx.qmA,
  });
  ids.venue = venue.id;
  const person = (name: string, over: Partial<typeof members.$inferInsert> = {}) => ({
    tenantId: t,
    id: newId(),
    bodyId: history.bodyId,
    kind: 'resident' as const,
    name,
    termFrom: fx.since,
    ...over,
  });
  const rosa = person('Rosa Offen', {
    publishName: true,
    publishNameConsentAt: new Date(),
    email: 'rosa@example.org',
  });
  const karl = person('Karl Verborgen', { email: 'karl@example.org' });
  const olga = person('Olga Unsichtbar', {
    kind: 'organisation',
    organisation: 'Kita Sonnenschein',
    email: 'olga@example.org',
  });
  // A flag without the recorded time of consent is no consent.
  const half = person('Hanna Halbzustimmung', { publishName: false });
  await db.insert(members).values([rosa, karl, olga, half]);
  ids.karl = karl.id;
  ids.rosa = rosa.id;
  // A public meeting at the venue: one public item with a paper and a vote, one closed item.
  ids.meeting = newId();
  ids.closedMeeting = newId();
  await db.insert(meetings).values([
    {
      tenantId: t,
      id: ids.meeting,
      bodyId: history.bodyId,
      title: 'Sitzung im Nachbarschaftshaus',
      startsAt: fx.at(-3),
      venueId: venue.id,
      status: 'held',
      // Approved minutes, their public part published (OParl: the Meeting's resultsProtocol).
      minutesStatus: 'approved',
      minutesPublishedAt: new Date(),
    },
    {
      tenantId: t,
      id: ids.closedMeeting,
      bodyId: history.bodyId,
      title: 'Geschlossene Sitzung Q',
      startsAt: fx.at(-2),
      public: false,
      status: 'held',
    },
  ]);
  ids.item = newId();
  ids.closedItem = newId();
  ids.itemOfClosedMeeting = newId();
  await db.insert(agendaItems).values([
    {
      tenantId: t,
      id: ids.item,
      meetingId: ids.meeting,
      position: 1,
      title: 'Spielplatz an der Panke',
      kind: 'decision',
      text: 'Der Rat empfiehlt, den Spielplatz zu erneuern.',
    },
    {
      tenantId: t,
      id: ids.closedItem,
      meetingId: ids.meeting,
      position: 2,
      title: 'Personalsache Z',
      kind: 'decision',
      public: false,
      text: 'Geheimtext Z',
    },
    {
      tenantId: t,
      id: ids.itemOfClosedMeeting,
      meetingId: ids.closedMeeting,
      position: 1,
      title: 'Interna Q',
      kind: 'decision',
      text: 'Interner Text Q',
    },
  ]);
  // Uploaded papers: one of the public item, one of the closed item (never public).
  ids.file = newId();
  ids.closedFile = newId();
  const pdf = new TextEncoder().encode('%PDF-1.4\n% Lageplan\n');
  await saveFile(ctx.services.config.storageDir, t, ids.file, pdf);
  await saveFile(ctx.services.config.storageDir, t, ids.closedFile, pdf);
  await db.insert(itemFiles).values([
    {
      tenantId: t,
      id: ids.file,
      agendaItemId: ids.item,
      name: 'Lageplan Spielplatz.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    },
    {
      tenantId: t,
      id: ids.closedFile,
      agendaItemId: ids.closedItem,
      name: 'Personalsache Z Anlage.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    },
  ]);
  const vote = (agendaItemId: string, resolution: string) => ({
    tenantId: t,
    id: newId(),
    agendaItemId,
    kind: 'open' as const,
    yes: 3,
    no: 1,
    abstain: 1,
    entitled: 5,
    presentMemberIds: history.memberIds,
    quorum: 3,
    result: 'accepted' as const,
    resolution,
  });
  await db
    .insert(votes)
    .values([
      vote(ids.item, 'Beschluss Spielplatz'),
      vote(ids.closedItem, 'Geheimbeschluss Z'),
      vote(ids.itemOfClosedMeeting, 'Geheimbeschluss Q'),
    ]);
  // A closed jury of the same tenant, and a public council of another tenant.
  const closed = await seedCouncilHistory(db, t, {
    name: 'Jury Verschlossen',
    slug: 'jury-verschlossen',
    public: false,
    meetings: 2,
    items: 4,
    marker: 'VERSCHLOSSEN-',
  });
  ids.closedBody = closed.bodyId;
  ids.closedBodyMeeting = closed.meetingIds[0];
  ids.closedBodyMember = closed.memberIds[0];
  const other = await makeTenant(ctx.services, `oparl-b-${newId().slice(-6)}`, 'Mandant B');
  ids.otherSlug = other.slug;
  const b = await seedCouncilHistory(db, other.id, {
    name: 'Rat B',
    slug: 'rat-b',
    meetings: 2,
    items: 4,
    marker: 'MANDANT-B-',
  });
  ids.otherBody = b.bodyId;
  ids.otherMeeting = b.meetingIds[0];
  ids.otherMember = b.memberIds[0];
  return { fx, ids, present };
}
