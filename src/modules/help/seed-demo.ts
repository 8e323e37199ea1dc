/**
 * Demo content of the help module: the Berlin directory of psychosocial services (the bundled open
 * data file, demo-data/), imported through the module's import, so each service's places lie in the
 * demo tenant's areas by their coordinates — those in the demo programme area (QM-DEMO-1) show up
 * in its area filter. Idempotent: once imported, a second run leaves them as they are.
 */
import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { systemActor } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { helpServices } from './db/schema.ts';
import { importBerlinServices } from './use-cases/import-berlin.ts';
import { ensureVocabulary } from './use-cases/vocabulary.ts';

export const DEMO_FILE = new URL('./demo-data/berlin-services.csv', import.meta.url);

export async function seedDemoHelp(services: Services, tenantId: string): Promise<void> {
  await ensureVocabulary(services.db, tenantId);
  // Seeded before: the import would only update the same services again (and take its time).
  const [seeded] = await services.db
    .select({ id: helpServices.id })
    .from(helpServices)
    .where(and(ofTenant(helpServices, tenantId), eq(helpServices.source, 'berlin_hilf_mir')))
    .limit(1);
  if (seeded) return;
  await importBerlinServices(systemActor(tenantId), services.db, new Uint8Array(await readFile(DEMO_FILE)));
}
