/**
 * Demo content of the profiles module for the Berlin demo tenant: the Monitoring Soziale
 * Stadtentwicklung 2013–2021 (the 2013–2019 tables on the old LOR keys, carried over to the 2021
 * planning areas) and the inhabitants of 30 June 2022, imported through the import use case so the
 * higher levels are derived as after any import; the indicators are published. Idempotent: a tenant
 * that has indicators is left as it is.
 */
import { systemActor } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { indicators } from './db/schema.ts';
import { readDemoFile } from './demo-data/index.ts';
import { readTable } from './domain/parse.ts';
import { listIndicators } from './queries.ts';
import { importIndicatorFile } from './use-cases/import.ts';

/** The MSS columns the demo shows (the file's heading → the indicator key). */
const MSS_COLUMNS = [
  'inhabitants',
  'status_index',
  's1_percentage_unemployed',
  's3_percentage_transfer_payments_recipients',
  's4_percentage_transfer_payments_recipients_below_15_years',
  'k05_inhabitants_with_migration_background',
];
const POPULATION_COLUMNS: Record<string, string> = {
  Gesamt: 'inhabitants',
  unter6: 'inhabitants_under_6',
  '65undmehr': 'inhabitants_65_plus',
};

export async function seedDemoProfiles(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const sys = systemActor(tenantId);
  if ((await listIndicators(db, tenantId)).length > 0) return;
  const wide = async (file: string, period: string, columns: (heading: string) => string | undefined) => {
    const bytes = await readDemoFile(file);
    const table = readTable(bytes);
    const keyColumn = table.header.findIndex((h) => h === 'id' || h === 'PLR-ID');
    const seen = new Set<string>();
    const mapped = table.header.flatMap((h, index) => {
      const key = columns(h);
      if (!key || seen.has(key)) return [];
      seen.add(key);
      return [{ index, indicatorKey: key }];
    });
    await importIndicatorFile(sys, db, {
      fileName: file,
      bytes,
      mapping: { layout: 'wide', keyColumn, period, columns: mapped },
    });
  };
  for (const year of ['2013', '2015', '2017', '2019', '2021'])
    await wide(`mss-${year}-planning-areas.csv`, year, (h) => (MSS_COLUMNS.includes(h) ? h : undefined));
  await wide('population-2022-06-plr.csv', '2022-06-30', (h) => POPULATION_COLUMNS[h]);
  await db.update(indicators).set({ published: true }).where(ofTenant(indicators, tenantId));
}
