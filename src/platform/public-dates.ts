// The public dates other modules offer for the public calendars (manifest `publicDates`): asked of
// every module at once, so the area page and the events listing show the same.
import type { Services } from './http/context.ts';
import type { PublicDate, PublicDatesQuery } from './modules.ts';

/** One module's dates under its heading (translation keys in the module's namespace `ns`). */
export interface PublicDateGroup {
  ns: string;
  heading: string;
  dates: PublicDate[];
}

/** Every module's public dates in the window, one group per module that has any. */
export async function publicDatesOf(
  services: Services,
  tenantId: string,
  q: PublicDatesQuery,
): Promise<PublicDateGroup[]> {
  const groups = await Promise.all(
    services.modules.map(async (m) =>
      m.publicDates
        ? {
            ns: m.name,
            heading: m.publicDates.heading,
            dates: await m.publicDates.list(services, tenantId, q),
          }
        : null,
    ),
  );
  return groups.filter((g): g is PublicDateGroup => !!g && g.dates.length > 0);
}

/** Changes whenever any module's public dates may change (for pages that keep their rendering). */
export async function publicDatesVersion(services: Services, tenantId: string): Promise<string> {
  return (
    await Promise.all(services.modules.map((m) => m.publicDates?.version(services, tenantId) ?? ''))
  ).join('/');
}
