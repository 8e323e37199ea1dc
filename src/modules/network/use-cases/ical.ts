import ical, { ICalEventStatus } from 'ical-generator';
import type { Occurrence, Series } from './consultation.ts';
import { type Venue, venueAddress } from './venues.ts';

/**
 * iCalendar feed (RFC 5545) of consultation hours: one VEVENT per occurrence, times in UTC, stable
 * UIDs; a cancelled occurrence stays in the feed with STATUS:CANCELLED and a higher SEQUENCE, so
 * subscribed calendars strike it instead of silently keeping it.
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
  const cal = ical({
    name: o.name,
    prodId: { company: 'Quartier', product: 'consultation-hours', language: 'DE' },
    url: o.url,
    ttl: 60 * 15,
  });
  for (const occ of o.occurrences) {
    const venue = o.venues.get(occ.venueId);
    const cancelled = occ.status === 'cancelled';
    cal.createEvent({
      id: `${occ.key.replace(':', '-')}@${o.host}`,
      start: occ.start,
      end: occ.end,
      stamp: occ.series.updatedAt,
      summary: cancelled ? `${o.labels.cancelled}: ${occ.series.title}` : occ.series.title,
      description: [occ.series.description, occ.note].filter(Boolean).join('\n\n') || null,
      location: venue ? [venue.name, venueAddress(venue)].filter(Boolean).join(', ') : null,
      url: o.seriesUrl(occ.seriesId),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: occ.sequence,
    });
  }
  return cal.toString();
}
