import { asc } from 'drizzle-orm';
import { type Db, ofTenant } from '../../platform/db/index.ts';
import { installationKey, SecretKeyError, unseal } from '../../platform/secrets/sealed.ts';
import { oidcProviders } from './db/schema.ts';

/**
 * Names of the tenant's sign-in providers whose client secret this server cannot open: sealed under
 * another key (a backup restored on another server without its SECRET_KEY or key file). The restore
 * command names them, so the operator sets that key again or enters each secret anew.
 */
export async function providersNeedingSecret(db: Db, tenantId: string): Promise<string[]> {
  const list = await db
    .select({ name: oidcProviders.name, clientSecret: oidcProviders.clientSecret })
    .from(oidcProviders)
    .where(ofTenant(oidcProviders, tenantId))
    .orderBy(asc(oidcProviders.name));
  const key = installationKey();
  return list
    .filter((p) => {
      try {
        unseal(key, p.clientSecret);
        return false;
      } catch (err) {
        if (err instanceof SecretKeyError) return true;
        throw err;
      }
    })
    .map((p) => p.name);
}
