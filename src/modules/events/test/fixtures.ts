import type { Services } from '../../../platform/http/context.ts';
import { addDays, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { Agent, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';
import { createEvent, type EventInput, upsertCategory } from '../use-cases/events.ts';

/**
 * A tenant with one district and two programme areas below it ("QM-A", "QM-B"), two categories, an
 * administrator and a team member scoped to each programme area.
 */
export async function eventsFixture(ctx: TestContext) {
  const { services } = ctx;
  const tenant = await makeTenant(services);
  await upsertAreas(services.db, tenant.id, 'district', [
    { kind: 'district', key: 'D1', name: 'Bezirk Eins' },
  ]);
  const district = (await getAreaByKey(services.db, tenant.id, 'district', 'D1'))!;
  const qm = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A', parentId: district.id },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B', parentId: district.id },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const areaA = (await getAreaByKey(services.db, tenant.id, 'programme', 'QM-A'))!;
  const culture = await upsertCategory(services.db, tenant.id, { name: 'Kultur', labels: { en: 'Culture' } });
  const sport = await upsertCategory(services.db, tenant.id, { name: 'Sport', labels: { en: 'Sport' } });
  const admin = await makeUser(services, { tenantId: tenant.id, role: 'admin', name: 'Ada Admin' });
  const teamA = await makeUser(services, {
    tenantId: tenant.id,
    role: 'team',
    scopeAreaId: qmA,
    name: 'Tom A',
  });
  const teamB = await makeUser(services, {
    tenantId: tenant.id,
    role: 'team',
    scopeAreaId: qmB,
    name: 'Tina B',
  });
  const agent = async (userId: string) => new Agent(ctx.app).loginAs(services, userId);
  return { tenant, district, qmA, qmB, areaA, culture, sport, admin, teamA, teamB, agent };
}

export function eventInput(over: Partial<EventInput> = {}): EventInput {
  const day = addDays(todayLocal(), 5);
  return {
    kind: 'event',
    title: 'Testveranstaltung',
    descriptionHtml: '<p>Beschreibung</p>',
    startsAt: localToInstant(day, '18:00'),
    endsAt: localToInstant(day, '20:00'),
    allDay: false,
    rrule: null,
    repeatUntil: null,
    exdates: [],
    areaId: null,
    venueId: null,
    locationName: 'Nachbarschaftstreff',
    locationAddress: 'Beispielstraße 1, 13357 Berlin',
    onlineUrl: null,
    organiserActorId: null,
    organiserName: 'Verein Beispiel',
    contactEmail: '',
    categoryIds: [],
    targetGroups: [],
    languages: ['de'],
    stepFree: null,
    accessibleToilet: null,
    hearingLoop: null,
    signLanguage: false,
    accessibilityNotes: '',
    cost: 'free',
    costNote: '',
    imageAlt: '',
    registrationRequired: false,
    capacity: null,
    waitlistEnabled: true,
    ...over,
  };
}

export const publishEvent = (services: Services, tenantId: string, over: Partial<EventInput> = {}) =>
  createEvent(services.db, tenantId, eventInput(over), { status: 'published', source: 'staff' });

/** A tiny valid PNG (1×1, transparent). */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
