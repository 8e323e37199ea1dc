// Test factory of the events module (see TestFactoryContext): a category, an import source with a
// run, a published event with an image, registration, attendance and a result file, and a public
// submission with its private edit link.
import { randomBytes } from 'node:crypto';
import { newId } from '../../../platform/db/index.ts';
import { hashToken } from '../../../platform/http/security.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import {
  attendance,
  eventCategories,
  eventSources,
  events,
  importRuns,
  registrations,
  resultFiles,
} from '../db/schema.ts';

export async function createEventTestEntities({
  services,
  tenant,
  marker,
  userId,
  params,
}: TestFactoryContext) {
  const { db } = services;
  const t = tenant.id;
  const area = params['areas/:id']?.[0]?.value ?? null;
  const venue = params['venues/:id']?.[0]?.value ?? null;
  const organiser = params['organisers/:id']?.[0]?.value ?? null;
  const [category, source, run, event, submission, registration, file, image] = Array.from(
    { length: 8 },
    () => newId(),
  );
  const registrationToken = randomBytes(24).toString('base64url');
  const editToken = randomBytes(24).toString('base64url');
  const categorySlug = `kategorie-${tenant.slug}`.slice(0, 40);
  const startsAt = new Date(Date.now() + 14 * 86_400_000);
  const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
  await db
    .insert(eventCategories)
    .values({ tenantId: t, id: category, slug: categorySlug, name: `${marker} category` });
  await db.insert(eventSources).values({
    tenantId: t,
    id: source,
    name: `${marker} source`,
    kind: 'url',
    url: 'https://calendar.example.org/feed.ics',
    areaId: area,
  });
  await db.insert(importRuns).values({ tenantId: t, id: run, sourceId: source, trigger: 'manual' });
  const common = {
    tenantId: t,
    areaId: area,
    areaIds: area ? [area] : [],
    venueId: venue,
    organiserActorId: organiser,
    categoryIds: [category],
    startsAt,
    endsAt,
  };
  await db.insert(events).values([
    {
      ...common,
      id: event,
      status: 'published',
      title: `${marker} event`,
      imageId: image,
      imageType: 'image/png',
      imageAlt: `${marker} image`,
      registrationRequired: true,
      capacity: 10,
      confirmedPlaces: 1,
      resultsHtml: `<p>${marker} results</p>`,
      createdBy: userId,
      publishedAt: new Date(),
    },
    {
      ...common,
      id: submission,
      status: 'pending',
      source: 'public',
      title: `${marker} submission`,
      submitterName: `${marker} submitter`,
      submitterEmail: `submitter-${tenant.slug}@example.org`,
      editTokenHash: hashToken(editToken),
    },
  ]);
  await db.insert(registrations).values({
    tenantId: t,
    id: registration,
    eventId: event,
    status: 'confirmed',
    name: `${marker} participant`,
    email: `participant-${tenant.slug}@example.org`,
    tokenHash: hashToken(registrationToken),
  });
  await db.insert(resultFiles).values({
    tenantId: t,
    id: file,
    eventId: event,
    title: `${marker} minutes`,
    filename: 'minutes.pdf',
    contentType: 'application/pdf',
    size: 10,
  });
  const p: TestParams = {
    'events/:id': [
      { value: event, table: 'events_events' },
      { value: submission, table: 'events_events' },
    ],
    'categories/:id': [{ value: category, table: 'events_categories' }],
    'categories/:category': [{ value: categorySlug, table: 'events_categories' }],
    'sources/:id': [{ value: source, table: 'events_sources' }],
    'runs/:runId': [{ value: run, table: 'events_import_runs' }],
    'registrations/:rid': [{ value: registration, table: 'events_registrations' }],
    'registrations/:token': [{ value: registrationToken, table: 'events_registrations' }],
    'edit/:token': [{ value: editToken, table: 'events_events' }],
    'files/:fid': [{ value: file, table: 'events_result_files' }],
    'files/:id': [{ value: file, table: 'events_result_files' }],
    'images/:file': [{ value: `${image}.png`, table: 'events_events' }],
  };
  return p;
}

/**
 * The person in the calendar (data-subject test): a confirmed registration (with phone) for a past
 * event whose attendance was counted; the only place of an upcoming event, with someone else on its
 * waiting list; a public submission they sent (with their address as the event's contact too); and
 * a published event whose revision waiting for review gives their address as contact.
 */
export async function createEventTestPerson(
  { services, tenant, params }: TestFactoryContext,
  person: { email: string; name: string; phone: string },
) {
  const { db } = services;
  const t = tenant.id;
  const area = params['areas/:id']?.[0]?.value ?? null;
  const day = 86_400_000;
  const [past, ahead, submission, revised] = Array.from({ length: 4 }, () => newId());
  const common = { tenantId: t, areaId: area, areaIds: area ? [area] : [] };
  const at = (days: number, hours = 2) => {
    const startsAt = new Date(Date.now() + days * day);
    return { startsAt, endsAt: new Date(startsAt.getTime() + hours * 3_600_000) };
  };
  const pastDate = new Date(Date.now() - 3 * day).toISOString().slice(0, 10);
  await db.insert(events).values([
    {
      ...common,
      ...at(-3),
      id: past,
      status: 'published',
      title: 'Nachbarschaftsfrühstück',
      registrationRequired: true,
      capacity: 20,
      confirmedPlaces: 2,
      publishedAt: new Date(),
    },
    {
      ...common,
      ...at(10),
      id: ahead,
      status: 'published',
      title: 'Nähcafé',
      registrationRequired: true,
      capacity: 2,
      confirmedPlaces: 2,
      publishedAt: new Date(),
    },
    {
      ...common,
      ...at(20),
      id: submission,
      status: 'pending',
      source: 'public',
      title: 'Flohmarkt im Hof',
      contactEmail: person.email,
      submitterName: person.name,
      submitterEmail: person.email,
      editTokenHash: hashToken(randomBytes(24).toString('base64url')),
    },
    {
      ...common,
      ...at(30),
      id: revised,
      status: 'published',
      title: 'Hoffest',
      publishedAt: new Date(),
      // A submitter's change as the edit link stores it (the whole form, dates as ISO strings).
      revision: {
        title: 'Hoffest',
        descriptionHtml: '<p>Mit Musik</p>',
        startsAt: at(30).startsAt.toISOString(),
        endsAt: at(30).endsAt.toISOString(),
        allDay: false,
        rrule: null,
        repeatUntil: null,
        locationName: 'Hof',
        locationAddress: '',
        onlineUrl: null,
        organiserName: '',
        contactEmail: person.email,
        categoryIds: [],
        cost: 'free',
        costNote: '',
      },
    },
  ]);
  const reg = (eventId: string, status: 'confirmed' | 'waitlisted', who: typeof person, places = 1) => ({
    tenantId: t,
    id: newId(),
    eventId,
    status,
    name: who.name,
    email: who.email,
    phone: who.phone,
    places,
    tokenHash: hashToken(randomBytes(24).toString('base64url')),
  });
  const neighbour = {
    name: `Nachbar ${tenant.slug}`,
    email: `nachbar-${tenant.slug}@example.org`,
    phone: '',
  };
  await db
    .insert(registrations)
    .values([
      reg(past, 'confirmed', person, 2),
      reg(ahead, 'confirmed', person, 2),
      reg(ahead, 'waitlisted', neighbour, 1),
    ]);
  await db.insert(attendance).values({ tenantId: t, eventId: past, occurrenceDate: pastDate, total: 14 });
}
