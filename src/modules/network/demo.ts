import { and, eq } from 'drizzle-orm';
import { systemActor } from '../../platform/authz.ts';
import { simpleRrule } from '../../platform/calendar/recurrence.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { getAreaByKey } from '../areas/index.ts';
import { networkSeries } from './db/schema.ts';
import { place } from './placement.ts';
import { upsertActor } from './use-cases/actors.ts';
import { addSlot, createSeries, todayIn } from './use-cases/consultation.ts';
import { upsertVenue } from './use-cases/venues.ts';
import { TIME_ZONE } from './vocab.ts';

const DEMO_SERIES = 'Sprechstunde des Quartiersmanagements (Beispiel)';

/**
 * Fictional demo content for the programme area "QM-DEMO-1" (all names marked as examples):
 * three venues, four organisations, and one consultation-hour series that rotates between the
 * venues (Tue 10–12, Thu 15–17, every first Monday 16–18). Idempotent and fast.
 */
export async function seedDemoNetwork(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const system = systemActor(tenantId);
  const qm = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!qm) return;
  const at = async (lon: number, lat: number) => {
    const p = await place(db, tenantId, { lon, lat, areaId: qm.id });
    return { ...p, areaId: qm.id };
  };
  const venue = async (
    key: string,
    name: string,
    street: string,
    houseNumber: string,
    lon: number,
    lat: number,
    extra: Record<string, unknown> = {},
  ) =>
    (
      await upsertVenue(
        system,
        db,
        {
          name,
          street,
          houseNumber,
          postcode: '13359',
          city: 'Berlin',
          lon,
          lat,
          areaId: qm.id,
          source: 'Demo',
          sourceKey: `demo:${key}`,
          ...extra,
        },
        await at(lon, lat),
      )
    ).venue;
  const cafe = await venue(
    'cafe',
    'Nachbarschaftscafé (Beispiel)',
    'Beispielstraße',
    '12',
    13.3745,
    52.5575,
    { stepFree: true, accessibleToilet: false, hearingLoop: false, openingHours: 'Di–Sa 9–18 Uhr' },
  );
  const centre = await venue('centre', 'Stadtteilzentrum (Beispiel)', 'Musterweg', '3', 13.3791, 52.5561, {
    stepFree: true,
    accessibleToilet: true,
    hearingLoop: true,
    openingHours: 'Mo–Fr 10–20 Uhr',
  });
  const library = await venue(
    'library',
    'Stadtteilbibliothek (Beispiel)',
    'Probeplatz',
    '1',
    13.3712,
    52.5549,
    { stepFree: false, openingHours: 'Mo–Fr 11–19 Uhr' },
  );

  const org = async (
    key: string,
    name: string,
    orgType: string,
    fields: string[],
    targetGroups: string[],
    lon: number,
    lat: number,
    flags: { isMultiplier?: boolean; isSeismograph?: boolean } = {},
  ) =>
    upsertActor(
      db,
      tenantId,
      {
        kind: 'organisation',
        orgType,
        name,
        description: 'Fiktiver Eintrag der Demo-Installation.',
        fields,
        targetGroups,
        languages: ['de', 'tr', 'ar'],
        city: 'Berlin',
        postcode: '13359',
        lon,
        lat,
        areaId: qm.id,
        source: 'Demo',
        sourceKey: `demo:${key}`,
        ...flags,
      },
      await at(lon, lat),
    );
  await org(
    'verein',
    'Nachbarschaftsverein Beispielkiez e. V. (Beispiel)',
    'association',
    ['neighbourhood', 'culture'],
    ['all_residents'],
    13.3762,
    52.5569,
    { isMultiplier: true },
  );
  await org(
    'school',
    'Grundschule am Beispielpark (Beispiel)',
    'school',
    ['education'],
    ['children', 'families'],
    13.3728,
    52.5588,
    { isSeismograph: true },
  );
  await org(
    'family',
    'Familienzentrum Beispielkiez (Beispiel)',
    'provider',
    ['family', 'counselling'],
    ['families', 'migrants'],
    13.3801,
    52.5579,
    { isMultiplier: true, isSeismograph: true },
  );
  await org(
    'housing',
    'Wohnungsgesellschaft Muster (Beispiel)',
    'housing_company',
    ['housing'],
    ['all_residents'],
    13.3699,
    52.5563,
  );

  const [existing] = await db
    .select({ id: networkSeries.id })
    .from(networkSeries)
    .where(and(ofTenant(networkSeries, tenantId), eq(networkSeries.title, DEMO_SERIES)))
    .limit(1);
  if (existing) return;
  const series = await createSeries(system, db, {
    title: DEMO_SERIES,
    description: 'Das Quartiersmanagement kommt zu Ihnen: an wechselnden Orten im Kiez. Ohne Anmeldung.',
    areaId: qm.id,
    languages: ['de', 'tr', 'ar'],
    contact: 'Telefon 030 000000-0 (Beispiel)',
    published: true,
  });
  const startsOn = `${todayIn(TIME_ZONE).slice(0, 7)}-01`;
  await addSlot(system, db, series.id, {
    venueId: cafe.id,
    rrule: simpleRrule('weekly', 'TU'),
    startTime: '10:00',
    endTime: '12:00',
    startsOn,
  });
  await addSlot(system, db, series.id, {
    venueId: centre.id,
    rrule: simpleRrule('weekly', 'TH'),
    startTime: '15:00',
    endTime: '17:00',
    startsOn,
  });
  await addSlot(system, db, series.id, {
    venueId: library.id,
    rrule: simpleRrule('monthly', 'MO', '1'),
    startTime: '16:00',
    endTime: '18:00',
    startsOn,
  });
}
