import type { Services } from '../../../platform/http/context.ts';
import type { JobDefinition } from '../../../platform/jobs/index.ts';
import { dueSources, runImport } from './run.ts';

/** Every 15 minutes: import the partner calendars whose interval has passed. */
export function importJobs(services: Services): JobDefinition[] {
  return [
    {
      name: 'events.import-poll',
      schedule: '*/15 * * * *',
      retryLimit: 0,
      handler: async () => {
        for (const s of await dueSources(services.db)) {
          try {
            await runImport(services, s.tenantId, s.id, { trigger: 'schedule' });
          } catch (err) {
            services.log.warn({ err, source: s.id }, 'events: import failed');
          }
        }
      },
    },
  ];
}
