// Public meetings of public bodies in the public calendar of an area (the manifest's `publicDates`):
// what is public is decided in public-reads.ts; this only turns the meetings into dates.
import type { PublicDatesHook } from '../../platform/modules.ts';
import { getVenue } from '../network/index.ts';
import { publicMeetingDates, publicMeetingsVersionSql } from './public-reads.ts';

export const councilsPublicDates: PublicDatesHook = {
  heading: 'public.calendarHeading',
  async list(services, tenantId, q) {
    const found = await publicMeetingDates(services.db, tenantId, q);
    const venues = new Map<string, string>();
    for (const id of new Set(found.map((f) => f.meeting.venueId).filter((v): v is string => !!v))) {
      const v = await getVenue(services.db, tenantId, id);
      if (v) venues.set(id, v.name);
    }
    return found.map(({ meeting: m, body }) => ({
      key: `councils.meeting:${m.id}`,
      start: m.startsAt,
      end: m.endsAt,
      // The meeting's own title says more; without one the body's name is what residents know.
      title: m.title.trim() ? `${body.name}: ${m.title.trim()}` : body.name,
      label: 'public.calendarLabel',
      place: (m.venueId ? venues.get(m.venueId) : undefined) ?? m.locationName.trim(),
      href: `/councils/${body.slug}#meeting-${m.id}`,
      cancelled: m.status === 'cancelled',
    }));
  },
  versionSql: publicMeetingsVersionSql,
};
