import type { IcalEvent } from '../../../platform/calendar/ical.ts';
import { plainText } from '../../../platform/richtext/index.ts';
import { TIME_ZONE, zoned } from '../../../platform/time/index.ts';
import { hasEnd } from '../domain/recurrence.ts';
import type { Category, Event } from '../use-cases/events.ts';

export interface LinkContext {
  baseUrl: string;
  tenantSlug: string;
  /** Host part of stable UIDs. */
  host: string;
}

/** Stable UID of an event: the same in every feed and every request, also across edits. */
export const eventUid = (id: string, host: string) => `event-${id}@${host}`;
export const eventUrl = (l: LinkContext, id: string) => `${l.baseUrl}/${l.tenantSlug}/events/${id}`;

export function toIcalEvent(e: Event, l: LinkContext, categories: Map<string, Category>): IcalEvent {
  const text = plainText(e.descriptionHtml);
  const extra = [
    e.organiserName ? `${e.organiserName}` : '',
    e.onlineUrl ? e.onlineUrl : '',
    e.costNote ? e.costNote : '',
  ].filter(Boolean);
  return {
    uid: eventUid(e.id, l.host),
    sequence: e.sequence,
    stamp: e.updatedAt,
    created: e.createdAt,
    lastModified: e.updatedAt,
    start: e.startsAt,
    // Without an end time no DTEND (RFC 5545 3.6.1).
    end: hasEnd(e.allDay, e.startsAt, e.endsAt) ? e.endsAt : null,
    allDay: e.allDay,
    rrule: e.rrule,
    repeatUntil: e.repeatUntil,
    exdates: e.exdates,
    summary: e.title,
    description: [text, ...extra].filter(Boolean).join('\n\n') || undefined,
    location: [e.locationName, e.locationAddress].filter(Boolean).join(', ') || e.onlineUrl || undefined,
    url: eventUrl(l, e.id),
    categories: e.categoryIds.map((id) => categories.get(id)?.name).filter((x): x is string => !!x),
    status: e.cancelledAt ? 'CANCELLED' : 'CONFIRMED',
    organizer: e.contactEmail ? { name: e.organiserName || e.contactEmail, email: e.contactEmail } : null,
  };
}

const isoLocal = (d: Date) =>
  zoned(d).toString({ timeZoneName: 'never', smallestUnit: 'second', offset: 'auto' });
const isoDate = (d: Date) => zoned(d).toPlainDate().toString();

/**
 * "Musterstraße 1, 13357 Berlin" → PostalAddress parts. Anything else ("Hof hinter der Schule") is
 * free text and stays text (schema.org `address` takes Text): forced into `streetAddress` it would
 * claim to be a street.
 */
export function postalAddress(address: string) {
  const m = /^(.*?),\s*(\d{5})\s+(.+)$/.exec(address.trim());
  if (m) {
    return {
      '@type': 'PostalAddress',
      streetAddress: m[1],
      postalCode: m[2],
      addressLocality: m[3],
      addressCountry: 'DE',
    };
  }
  return address.trim();
}

const WEEKDAY_URI: Record<string, string> = {
  MO: 'https://schema.org/Monday',
  TU: 'https://schema.org/Tuesday',
  WE: 'https://schema.org/Wednesday',
  TH: 'https://schema.org/Thursday',
  FR: 'https://schema.org/Friday',
  SA: 'https://schema.org/Saturday',
  SU: 'https://schema.org/Sunday',
};

function schedule(e: Event) {
  if (!e.rrule) return undefined;
  const freq = /FREQ=(\w+)/.exec(e.rrule)?.[1];
  const interval = Number(/INTERVAL=(\d+)/.exec(e.rrule)?.[1] ?? 1);
  const unit = freq === 'DAILY' ? 'D' : freq === 'WEEKLY' ? 'W' : freq === 'MONTHLY' ? 'M' : 'Y';
  const byDay = (/BYDAY=([^;]+)/.exec(e.rrule)?.[1] ?? '').split(',').filter(Boolean);
  const days = [...new Set(byDay.map((d) => WEEKDAY_URI[d.replace(/^[+-]?\d+/, '')]).filter(Boolean))];
  // "1SA" is the first Saturday of the month: the week of the month goes into byMonthWeek (1–5;
  // schema.org has no "last", so -1 is left to the dates themselves).
  const weeks = [
    ...new Set(byDay.map((d) => Number(/^\+?(\d)/.exec(d)?.[1] ?? 0)).filter((n) => n >= 1 && n <= 5)),
  ];
  const monthDays = (/BYMONTHDAY=([^;]+)/.exec(e.rrule)?.[1] ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 31);
  const s = zoned(e.startsAt);
  const en = hasEnd(e.allDay, e.startsAt, e.endsAt) ? zoned(e.endsAt) : null;
  return {
    '@type': 'Schedule',
    repeatFrequency: `P${interval}${unit}`,
    ...(days.length ? { byDay: days.length === 1 ? days[0] : days } : {}),
    ...(weeks.length ? { byMonthWeek: weeks.length === 1 ? weeks[0] : weeks } : {}),
    ...(monthDays.length ? { byMonthDay: monthDays.length === 1 ? monthDays[0] : monthDays } : {}),
    // Dates left out of the series.
    ...(e.exdates.length ? { exceptDate: e.exdates } : {}),
    startDate: s.toPlainDate().toString(),
    ...(e.repeatUntil ? { endDate: e.repeatUntil } : {}),
    startTime: s.toPlainTime().toString({ smallestUnit: 'second' }),
    ...(en ? { endTime: en.toPlainTime().toString({ smallestUnit: 'second' }) } : {}),
    scheduleTimezone: TIME_ZONE,
  };
}

/**
 * schema.org Event as JSON-LD for the public page. `start`/`end` are the occurrence shown (the next
 * one of a series); a series also carries its Schedule.
 */
export function eventJsonLd(
  e: Event,
  o: {
    links: LinkContext;
    start: Date;
    end: Date;
    categories: Map<string, Category>;
    imageUrl?: string | null;
    organiserUrl?: string | null;
    /** Places left on the shown date of a series registered per date (else the event's counter counts). */
    remaining?: number | null;
    /** The target groups in the reader's words (codes otherwise). */
    audienceLabel?: (code: string) => string;
  },
): Record<string, unknown> {
  const url = eventUrl(o.links, e.id);
  const place = e.locationName
    ? { '@type': 'Place', name: e.locationName, address: postalAddress(e.locationAddress || e.locationName) }
    : null;
  const virtual = e.onlineUrl ? { '@type': 'VirtualLocation', url: e.onlineUrl } : null;
  const mode = place && virtual ? 'Mixed' : virtual ? 'Online' : 'Offline';
  const price =
    e.cost === 'paid' ? Number((/(\d+(?:[.,]\d{1,2})?)/.exec(e.costNote)?.[1] ?? '').replace(',', '.')) : 0;
  // Places left of the shown date (`remaining`, for a series registered per date) or of the event.
  const left =
    e.registrationRequired && e.capacity !== null
      ? Math.max(0, o.remaining ?? e.capacity - e.confirmedPlaces)
      : null;
  const soldOut = left === 0;
  const description = plainText(e.descriptionHtml);
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': `${url}#event`,
    name: e.title,
    url,
    startDate: e.allDay ? isoDate(o.start) : isoLocal(o.start),
    eventStatus: e.cancelledAt ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: `https://schema.org/${mode}EventAttendanceMode`,
    location: place && virtual ? [place, virtual] : (place ?? virtual ?? { '@type': 'Place', name: '–' }),
    isAccessibleForFree: e.cost !== 'paid',
  };
  // An event without an end time has no endDate (schema.org: optional).
  if (hasEnd(e.allDay, o.start, o.end))
    ld.endDate = e.allDay ? isoDate(new Date(o.end.getTime() - 1)) : isoLocal(o.end);
  if (description) ld.description = description.slice(0, 5000);
  if (o.imageUrl) ld.image = [o.imageUrl];
  if (e.organiserName)
    ld.organizer = {
      '@type': 'Organization',
      name: e.organiserName,
      ...(o.organiserUrl ? { url: o.organiserUrl } : {}),
      ...(e.contactEmail ? { email: e.contactEmail } : {}),
    };
  if (e.cost !== 'paid' || Number.isFinite(price)) {
    ld.offers = {
      '@type': 'Offer',
      price: Number.isFinite(price) ? price : 0,
      priceCurrency: 'EUR',
      availability: soldOut ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
      url,
      validFrom: isoLocal(e.publishedAt ?? e.createdAt),
    };
  }
  if (e.languages.length) ld.inLanguage = e.languages.length === 1 ? e.languages[0] : e.languages;
  if (e.targetGroups.length)
    ld.audience = {
      '@type': 'Audience',
      audienceType: e.targetGroups.map((g) => o.audienceLabel?.(g) ?? g).join(', '),
    };
  const keywords = e.categoryIds.map((id) => o.categories.get(id)?.name).filter(Boolean);
  if (keywords.length) ld.keywords = keywords.join(', ');
  if (left !== null) {
    ld.maximumAttendeeCapacity = e.capacity;
    ld.remainingAttendeeCapacity = left;
  }
  const sched = schedule(e);
  if (sched) ld.eventSchedule = sched;
  return ld;
}
