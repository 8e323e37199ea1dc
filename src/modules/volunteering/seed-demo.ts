import type { Services } from '../../platform/http/context.ts';

export async function seedDemoVolunteering(_services: Services, _tenantId: string): Promise<void> {}
