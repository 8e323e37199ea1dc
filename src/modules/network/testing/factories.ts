// Test factory of the network module (see TestFactoryContext): an organisation and a person with a
// relation, a contact with a follow-up, a venue, a consultation-hour series with a slot and an extra
// date, a concern with contact data, and an outreach plan.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import {
  networkActors,
  networkConcerns,
  networkContacts,
  networkOutreach,
  networkRelations,
  networkSeries,
  networkSeriesExtras,
  networkSeriesSlots,
  networkTasks,
  networkVenues,
} from '../db/schema.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export async function createNetworkTestEntities({
  services,
  tenant,
  marker,
  userId,
  params,
}: TestFactoryContext) {
  const { db } = services;
  const area = params['areas/:id']?.[0]?.value;
  const areaSlug = params['areas/:slug']?.[0]?.value;
  const areaIds = area ? [area] : [];
  const [org, person, relation, venue, contact, task, series, slot, extra, concern, outreach] = Array.from(
    { length: 11 },
    () => newId(),
  );
  const t = tenant.id;
  await db.insert(networkActors).values([
    { tenantId: t, id: org, kind: 'organisation', name: `${marker} organisation`, areaId: area, areaIds },
    {
      tenantId: t,
      id: person,
      kind: 'person',
      name: `${marker} person`,
      email: `person-${tenant.slug}@example.org`,
      legalBasis: 'consent',
      consentTextVersion: '1',
      consentAt: new Date(),
      retentionUntil: inDays(365),
      areaId: area,
      areaIds,
    },
  ]);
  await db
    .insert(networkRelations)
    .values({ tenantId: t, id: relation, fromActorId: person, toActorId: org, type: 'member_of' });
  await db.insert(networkVenues).values({ tenantId: t, id: venue, name: `${marker} venue`, areaId: area });
  await db.insert(networkContacts).values({
    tenantId: t,
    id: contact,
    actorId: org,
    kind: 'visit',
    happenedAt: new Date(),
    authorUserId: userId,
    summary: `${marker} contact`,
    areaIds,
  });
  await db.insert(networkTasks).values({
    tenantId: t,
    id: task,
    actorId: org,
    contactId: contact,
    title: `${marker} follow-up`,
    dueOn: inDays(3),
    assigneeUserId: userId,
    areaIds,
  });
  await db.insert(networkSeries).values({
    tenantId: t,
    id: series,
    title: `${marker} consultation`,
    areaId: area,
    areaIds,
    published: true,
  });
  await db.insert(networkSeriesSlots).values({
    tenantId: t,
    id: slot,
    seriesId: series,
    venueId: venue,
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    startTime: '10:00',
    endTime: '12:00',
    startsOn: inDays(1),
  });
  await db.insert(networkSeriesExtras).values({
    tenantId: t,
    id: extra,
    seriesId: series,
    venueId: venue,
    onDate: inDays(10),
    startTime: '14:00',
    endTime: '16:00',
  });
  await db.insert(networkConcerns).values({
    tenantId: t,
    id: concern,
    idempotencyKey: newId(),
    topic: 'housing',
    language: 'de',
    venueId: venue,
    seriesId: series,
    areaId: area,
    areaIds,
    note: `${marker} concern`,
    contactName: `${marker} resident`,
    contactEmail: `resident-${tenant.slug}@example.org`,
    legalBasis: 'consent',
    consentTextVersion: '1',
    consentAt: new Date(),
    retentionUntil: inDays(365),
    recordedBy: userId,
    recordedAt: new Date(),
  });
  await db.insert(networkOutreach).values({
    tenantId: t,
    id: outreach,
    areaId: area,
    areaIds,
    targetGroup: 'youth',
    place: `${marker} place`,
    venueId: venue,
    plannedOn: inDays(5),
    occasion: `${marker} occasion`,
    createdBy: userId,
  });
  const p: TestParams = {
    'actors/:id': [
      { value: org, table: 'network_actors' },
      { value: person, table: 'network_actors' },
    ],
    'people/:id': [{ value: person, table: 'network_actors' }],
    'organisers/:id': [{ value: org, table: 'network_actors' }],
    'relations/:rid': [{ value: relation, table: 'network_relations' }],
    'venues/:id': [{ value: venue, table: 'network_venues' }],
    'tasks/:id': [{ value: task, table: 'network_tasks' }],
    'consultation-hours/:id': [{ value: series, table: 'network_series' }],
    'slots/:slotId': [{ value: slot, table: 'network_series_slots' }],
    'extras/:xid': [{ value: extra, table: 'network_series_extras' }],
    'concerns/:id': [{ value: concern, table: 'network_concerns' }],
    'outreach/:id': [{ value: outreach, table: 'network_outreach' }],
  };
  if (areaSlug) p['area-poster/:file'] = [{ value: `${areaSlug}.pdf`, table: 'areas' }];
  return p;
}

/**
 * The person in the network (data-subject test): a person record with e-mail and phone, a relation
 * to the factory's organisation, a visit in the contact log whose notes name them, a follow-up, a
 * concern with their name and e-mail, and a concern that gives only their phone number.
 */
export async function createNetworkTestPerson(
  { services, tenant, userId, params }: TestFactoryContext,
  person: { email: string; name: string; phone: string },
) {
  const { db } = services;
  const t = tenant.id;
  const area = params['areas/:id']?.[0]?.value;
  const areaIds = area ? [area] : [];
  const org = params['organisers/:id']?.[0]?.value;
  const [id, contact, task, concern, byPhone] = Array.from({ length: 5 }, () => newId());
  await db.insert(networkActors).values({
    tenantId: t,
    id,
    kind: 'person',
    name: person.name,
    email: person.email,
    phone: person.phone,
    description: `Sprecherin des Mieterbeirats, erreichbar unter ${person.phone}`,
    legalBasis: 'consent',
    consentTextVersion: '1',
    consentAt: new Date(),
    retentionUntil: inDays(400),
    areaId: area,
    areaIds,
  });
  if (org)
    await db
      .insert(networkRelations)
      .values({ tenantId: t, id: newId(), fromActorId: id, toActorId: org, type: 'member_of' });
  await db.insert(networkContacts).values({
    tenantId: t,
    id: contact,
    actorId: id,
    kind: 'visit',
    happenedAt: new Date(Date.now() - 7 * 86_400_000),
    authorUserId: userId,
    summary: `Besuch bei ${person.name}`,
    notes: `${person.name} möchte beim Hoffest helfen.`,
    areaIds,
  });
  await db.insert(networkTasks).values({
    tenantId: t,
    id: task,
    actorId: id,
    contactId: contact,
    title: `${person.name} wegen Hoffest anrufen`,
    dueOn: inDays(3),
    assigneeUserId: userId,
    areaIds,
  });
  const concernOf = (cid: string, contactData: Record<string, string | null>) => ({
    tenantId: t,
    id: cid,
    idempotencyKey: newId(),
    topic: 'housing',
    language: 'de',
    areaId: area,
    areaIds,
    note: `Schimmel in der Wohnung von ${person.name}`,
    legalBasis: 'consent' as const,
    consentTextVersion: '1',
    consentAt: new Date(),
    retentionUntil: inDays(200),
    recordedBy: userId,
    recordedAt: new Date(),
    ...contactData,
  });
  await db
    .insert(networkConcerns)
    .values([
      concernOf(concern, { contactName: person.name, contactEmail: person.email, contactPhone: null }),
      concernOf(byPhone, { contactName: person.name, contactEmail: null, contactPhone: person.phone }),
    ]);
}
