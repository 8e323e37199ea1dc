/**
 * Demo content of the help module: the Berlin directory of psychosocial services (the bundled open
 * data file, demo-data/), imported through the module's import, so each service's places lie in the
 * demo tenant's areas by their coordinates — those in the demo programme area (QM-DEMO-1) show up
 * in its area filter. Idempotent: a second run updates the same services.
 */
import { readFile } from 'node:fs/promises';
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { importBerlinServices } from './use-cases/import-berlin.ts';
import { ensureVocabulary } from './use-cases/vocabulary.ts';

export const DEMO_FILE = new URL('./demo-data/berlin-services.csv', import.meta.url);

export async function seedDemoHelp(services: Services, tenantId: string): Promise<void> {
  await ensureVocabulary(services.db, tenantId);
  await importBerlinServices(systemActor(tenantId), services.db, new Uint8Array(await readFile(DEMO_FILE)));
}
