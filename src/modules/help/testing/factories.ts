// Test factory of the help module (see TestFactoryContext): the tenant's topics and life situations,
// a service with one place (weekday hours) in the tenant's test area, a second one without a place
// (the whole tenant), and today's count of one search that found something.
// Each has a provider's private link: the first one open (`review/:token`), the second answered
// with a proposed change (`proposals/:proposalId`).
// A kiosk screen in the test house (`kiosks/:id`, public `kiosk/:kioskId`).
// It names the first service for the staff routes (`help/:id`), a life situation, its label marked,
// for the situation forms (`situations/:id`), and the objects of the HSDS API (`services/:id`,
// `organizations/:id`, `service_at_locations/:id`, `taxonomies/:id`, `taxonomy_terms/:id`).
import { systemActor } from '../../../platform/authz.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { localDate } from '../../../platform/time/index.ts';
import { organizationIdOf, taxonomyIdOf } from '../hsds/present.ts';
import { saveKiosk } from '../use-cases/kiosks.ts';
import { proposeChange, sendReviewLink } from '../use-cases/reviews.ts';
import { countSearch } from '../use-cases/search.ts';
import { createService } from '../use-cases/services.ts';
import { listSituations, listTopics, updateSituation } from '../use-cases/vocabulary.ts';

export async function createHelpTestEntities({
  services,
  tenant,
  marker,
  params,
}: TestFactoryContext): Promise<TestParams> {
  const sys = systemActor(tenant.id);
  const service = await createService(sys, services.db, {
    name: `${marker} Sozialberatung`,
    providerName: `${marker} Träger`,
    description: `${marker} Beratung zu Bürgergeld und Wohngeld`,
    topics: ['sgb2', 'housing_benefit'],
    cost: 'free',
    access: 'walk_in',
    locations: [
      {
        name: `${marker} Stadtteilzentrum`,
        areaId: params['areas/:id']?.[0]?.value,
        street: `${marker} Straße`,
        houseNumber: '1',
        hours: {
          mode: 'weekly',
          intervals: [{ day: 1, from: '09:00', to: '17:00' }],
          exceptions: [],
          note: `${marker} Termine nach Vereinbarung`,
        },
      },
    ],
  });
  const phoneLine = await createService(sys, services.db, {
    name: `${marker} Telefonberatung`,
    channels: ['phone'],
  });
  // A provider's private link (open), and one answered with a proposed change waiting for staff.
  const tokens: string[] = [];
  const linkOf = (token: string) => {
    tokens.push(token);
    return `/review/${token}`;
  };
  await sendReviewLink(sys, services.db, service.id, { email: 'traeger@example.org' }, { linkOf });
  const proposed = await sendReviewLink(
    sys,
    services.db,
    phoneLine.id,
    { email: 'line@example.org' },
    { linkOf },
  );
  await proposeChange(services.db, tenant.id, tokens[1], { name: `${marker} Telefonberatung neu` });
  await countSearch(services.db, tenant.id, localDate(new Date()), 'debt', true);
  const [situation] = await listSituations(services.db, tenant.id);
  const topic = (await listTopics(services.db, tenant.id)).find((t) => t.key === 'sgb2')!;
  await updateSituation(sys, services.db, situation.key, {
    label: `${marker} ${situation.label}`,
    terms: situation.terms,
    topics: situation.topicKeys,
  });
  // A kiosk screen in the houses module's test house (the houses factory runs before this one).
  const houseId = params['houses/:id']?.[0]?.value;
  const kiosk = houseId
    ? await saveKiosk(sys, services.db, null, {
        name: `${marker} Kiosk Foyer`,
        houseId,
        venueId: params['venues/:id']?.[0]?.value ?? '',
        languages: ['de', 'tr'],
        rotateSeconds: 20,
      })
    : undefined;
  return {
    ...(kiosk
      ? {
          'kiosks/:id': [{ value: kiosk.id, table: 'help_kiosks' }],
          'kiosk/:kioskId': [{ value: kiosk.id, table: 'help_kiosks' }],
        }
      : {}),
    'help/:id': [{ value: service.id, table: 'help_services' }],
    'review/:token': [{ value: tokens[0], table: 'help_review_links' }],
    'proposals/:proposalId': [{ value: proposed.id, table: 'help_review_links' }],
    'situations/:id': [{ value: situation.id, table: 'help_life_situations' }],
    'services/:id': [{ value: service.id, table: 'help_services' }],
    'organizations/:id': [{ value: organizationIdOf(tenant.id, service)!, table: 'help_services' }],
    'service_at_locations/:id': [{ value: service.locations[0].id, table: 'help_locations' }],
    // Made from the tenant's id: no row of its own; the terms are the tenant's topics.
    'taxonomies/:id': [{ value: taxonomyIdOf(tenant.id), table: 'help_topics' }],
    'taxonomy_terms/:id': [{ value: topic.id, table: 'help_topics' }],
  };
}
