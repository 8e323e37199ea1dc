import { writeCalendar } from '../../../platform/calendar/ical.ts';
import type { Occurrence, Series } from './consultation.ts';
import { type Venue, venueAddress } from './venues.ts';

/**
 * iCalendar feed (RFC 5545, the platform's strict writer) of consultation hours: one VEVENT per
 * occurrence, local times in Europe/Berlin with the VTIMEZONE, stable UIDs; a cancelled occurrence
 * stays in the feed with STATUS:CANCELLED and a higher SEQUENCE, so subscribed calendars strike it
 * instead of silently keeping it. A series or area without dates gives a valid calendar with only
 * the VTIMEZONE, never an empty VCALENDAR.
 */
export function consultationFeed(o: {
  name: string;
  host: string;
  url: string;
  occurrences: (Occurrence & { series: Series })[];
  venues: Map<string, Venue>;
  labels: { cancelled: string };
  seriesUrl: (seriesId: string) => string;
}): string {
  return writeCalendar({
    product: 'Consultation hours',
    name: o.name,
    url: o.url,
    refreshMinutes: 15,
    events: o.occurrences.map((occ) => {
      const venue = o.venues.get(occ.venueId);
      const cancelled = occ.status === 'cancelled';
      return {
        uid: `${occ.key.replace(':', '-')}@${o.host}`,
        sequence: occ.sequence,
        stamp: occ.series.updatedAt,
        start: occ.start,
        end: occ.end,
        allDay: false,
        summary: cancelled ? `${o.labels.cancelled}: ${occ.series.title}` : occ.series.title,
        description: [occ.series.description, occ.note].filter(Boolean).join('\n\n') || undefined,
        location: venue ? [venue.name, venueAddress(venue)].filter(Boolean).join(', ') : undefined,
        url: o.seriesUrl(occ.seriesId),
        status: cancelled ? 'CANCELLED' : 'CONFIRMED',
      };
    }),
  });
}
