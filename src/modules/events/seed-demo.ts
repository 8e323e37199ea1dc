import { and, eq, sql } from 'drizzle-orm';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { hashToken } from '../../platform/http/security.ts';
import { richText } from '../../platform/richtext/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listVenues } from '../network/index.ts';
import { events } from './db/schema.ts';
import { repeatToRrule } from './domain/recurrence.ts';
import { createEvent, type EventInput, upsertCategory, venueAddressOf } from './use-cases/events.ts';
import { saveSettings } from './use-cases/moderation.ts';
import { saveResults } from './use-cases/results.ts';

const CATEGORIES = [
  {
    slug: 'nachbarschaft',
    name: 'Nachbarschaft',
    labels: { en: 'Neighbourhood', tr: 'Komşuluk', ar: 'الجوار' },
  },
  { slug: 'kultur', name: 'Kultur', labels: { en: 'Culture', tr: 'Kültür', ar: 'ثقافة' } },
  { slug: 'familie', name: 'Familie', labels: { en: 'Family', tr: 'Aile', ar: 'العائلة' } },
  {
    slug: 'beteiligung',
    name: 'Beteiligung',
    labels: { en: 'Participation', tr: 'Katılım', ar: 'المشاركة' },
  },
  {
    slug: 'bewegung',
    name: 'Sport und Bewegung',
    labels: { en: 'Sport and exercise', tr: 'Spor', ar: 'رياضة' },
  },
  { slug: 'beratung', name: 'Beratung', labels: { en: 'Advice', tr: 'Danışmanlık', ar: 'استشارة' } },
];

const CRITERIA = {
  de: 'Wir veröffentlichen Veranstaltungen, die im Quartier stattfinden oder sich an seine Bewohnerinnen und Bewohner richten und allen offenstehen.\n\nNicht veröffentlicht werden: kommerzielle Werbung, parteipolitische Wahlwerbung, Inhalte, die Menschen herabsetzen. Wir prüfen jede Meldung in der Regel innerhalb von drei Werktagen.',
  en: 'We publish events that take place in the neighbourhood or address its residents and are open to everyone.\n\nWe do not publish: commercial advertising, party-political campaigning, content that demeans people. We usually review each submission within three working days.',
};

/**
 * Clearly fictional demo events in the demo programme area (QM-DEMO-1): a weekly breakfast, a
 * Stadtteilforum with published results, a workshop with registration, a family party, and one public
 * submission waiting in the moderation queue. Idempotent; dates are relative to today.
 */
export async function seedDemoEvents(services: Services, tenantId: string): Promise<void> {
  const db = services.db;
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area) return;
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.areaId, area.id)));
  const cats = new Map<string, string>();
  for (const [i, c] of CATEGORIES.entries())
    cats.set(c.slug, (await upsertCategory(db, tenantId, { ...c, sort: i })).id);
  if (Number(existing?.n ?? 0) > 0) return;
  await saveSettings(db, tenantId, { criteria: CRITERIA, notifyEmail: '' });
  const venues = await listVenues(db, tenantId, { scope: null, areaId: area.id, limit: 10 });
  const venue = venues[0];
  const today = todayLocal();
  const at = (days: number, time: string) => localToInstant(addDays(today, days), time);
  const base = (over: Partial<EventInput>): EventInput => ({
    kind: 'event',
    title: '',
    descriptionHtml: '',
    startsAt: at(7, '10:00'),
    endsAt: at(7, '12:00'),
    allDay: false,
    rrule: null,
    repeatUntil: null,
    exdates: [],
    areaId: area.id,
    venueId: venue?.id ?? null,
    locationName: venue?.name ?? 'Nachbarschaftstreff Beispielstraße',
    locationAddress: venue ? venueAddressOf(venue) : 'Beispielstraße 1, 13357 Berlin',
    onlineUrl: null,
    organiserActorId: null,
    organiserName: 'Quartiersmanagement (Demo)',
    contactEmail: 'kontakt@example.org',
    categoryIds: [],
    targetGroups: ['all_residents'],
    languages: ['de'],
    stepFree: true,
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
  });
  const opts = { status: 'published' as const, source: 'staff' as const };

  const breakfastStart = at(2, '10:00');
  await createEvent(
    db,
    tenantId,
    base({
      title: 'Nachbarschaftsfrühstück (Demo)',
      descriptionHtml: richText(
        'Jede Woche: Frühstück für alle, die im Kiez wohnen. Bringen Sie gern etwas mit – Kaffee und Tee gibt es vor Ort.\n\nEin fiktiver Demo-Termin.',
      ),
      startsAt: breakfastStart,
      endsAt: at(2, '12:00'),
      rrule: repeatToRrule('weekly', breakfastStart),
      repeatUntil: addDays(today, 120),
      categoryIds: [cats.get('nachbarschaft')!],
      languages: ['de', 'tr', 'ar'],
      // Registration for one breakfast at a time (a date of the series), 20 places each.
      registrationRequired: true,
      capacity: 20,
      registrationMode: 'per_date',
    }),
    opts,
  );
  await createEvent(
    db,
    tenantId,
    base({
      title: 'Fahrrad-Reparaturworkshop (Demo)',
      descriptionHtml: richText(
        'Wir zeigen, wie man Schläuche flickt und Bremsen einstellt. Werkzeug ist da. Bitte anmelden: 12 Plätze.',
      ),
      startsAt: at(9, '16:00'),
      endsAt: at(9, '18:30'),
      categoryIds: [cats.get('bewegung')!],
      targetGroups: ['young_people', 'all_residents'],
      registrationRequired: true,
      capacity: 12,
    }),
    opts,
  );
  await createEvent(
    db,
    tenantId,
    base({
      title: 'Familienfest im Park (Demo)',
      descriptionHtml: richText(
        'Spiele, Musik und ein Picknick für Groß und Klein. Bei Regen im Nachbarschaftstreff.',
      ),
      startsAt: at(16, '14:00'),
      endsAt: at(16, '18:00'),
      categoryIds: [cats.get('familie')!, cats.get('kultur')!],
      targetGroups: ['families', 'children'],
      languages: ['de', 'en', 'tr', 'ar'],
      accessibleToilet: true,
    }),
    opts,
  );
  await createEvent(
    db,
    tenantId,
    base({
      kind: 'forum',
      title: 'Stadtteilforum Soldiner Kiez (Demo)',
      descriptionHtml: richText(
        'Das Stadtteilforum ist offen für alle: Wir sprechen über den Platz vor der Schule und die Ideen für das nächste Jahr.',
      ),
      startsAt: at(23, '18:00'),
      endsAt: at(23, '20:00'),
      categoryIds: [cats.get('beteiligung')!],
      signLanguage: true,
    }),
    opts,
  );
  const past = await createEvent(
    db,
    tenantId,
    base({
      kind: 'future_workshop',
      title: 'Zukunftswerkstatt Grünflächen (Demo)',
      descriptionHtml: richText('Gemeinsam Ideen für mehr Grün im Kiez sammeln.'),
      startsAt: at(-20, '17:00'),
      endsAt: at(-20, '20:00'),
      categoryIds: [cats.get('beteiligung')!],
    }),
    opts,
  );
  await saveResults(
    db,
    tenantId,
    past.id,
    'Rund 30 Nachbarinnen und Nachbarn haben mitgemacht. Die wichtigsten Ideen: Hochbeete am Spielplatz, eine Baumpatenschaft, ein Pflanzentausch im Frühjahr.\n\nDie Ideen gehen an den Quartiersrat. (Fiktives Demo-Ergebnis.)',
    true,
  );
  await createEvent(
    db,
    tenantId,
    base({
      title: 'Hofflohmarkt (Demo-Meldung)',
      descriptionHtml: richText(
        'Flohmarkt in mehreren Höfen der Nachbarschaft. Eine Meldung über das öffentliche Formular, die noch geprüft wird.',
      ),
      startsAt: at(30, '11:00'),
      endsAt: at(30, '16:00'),
      venueId: null,
      locationName: 'Innenhöfe rund um den Beispielplatz',
      locationAddress: '',
      organiserName: 'Hausgemeinschaft Beispielstraße (fiktiv)',
      contactEmail: '',
      categoryIds: [cats.get('nachbarschaft')!],
    }),
    {
      status: 'pending',
      source: 'public',
      submitter: {
        name: 'Alex Beispiel',
        email: 'alex@example.org',
        lang: 'de',
        tokenHash: hashToken(`demo-${tenantId}`),
      },
    },
  );
}
