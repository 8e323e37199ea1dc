// The names every module offers as referral targets (manifest `referralTargets`): the concern form
// suggests them, so a referral names a service the way the directory does (and is counted there).
import type { Services } from './http/context.ts';

/** Every module's referral targets, each name once, in German alphabetical order. */
export async function referralTargetsOf(services: Services, tenantId: string): Promise<string[]> {
  const lists = await Promise.all(services.modules.map((m) => m.referralTargets?.(services, tenantId) ?? []));
  return [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b, 'de'));
}
