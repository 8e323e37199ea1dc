// The public dates other modules offer for the public calendars (manifest `publicDates`): asked of
// every module at once, so the area page and the events listing show the same.
import { type SQL, sql } from 'drizzle-orm';
import { rows } from './db/index.ts';
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

/**
 * Changes whenever any module's public dates may change (for pages that keep their rendering): an SQL
 * text expression to put into the page's own version read, so a conditional request (304) costs one
 * statement however many modules offer dates.
 */
export function publicDatesVersionSql(services: Services, tenantId: string): SQL {
  const parts = services.modules.flatMap((m) => (m.publicDates ? [m.publicDates.versionSql(tenantId)] : []));
  return parts.length ? sql.join(parts, sql` || '/' || `) : sql`''`;
}

/** The same version read on its own (pages without a version read of their own). */
export async function publicDatesVersion(services: Services, tenantId: string): Promise<string> {
  const r = rows<{ v: string }>(
    await services.db.execute(sql`select ${publicDatesVersionSql(services, tenantId)} as v`),
  );
  return r[0]?.v ?? '';
}
