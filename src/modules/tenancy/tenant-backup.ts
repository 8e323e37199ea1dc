import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getTableName } from 'drizzle-orm';
import {
  assertCompatibleMigration,
  type BackupPlan,
  type BackupWritten,
  deleteTenantRows,
  type RestoreResult,
  readBackupHeader,
  restoreBackup,
  writeBackup,
} from '../../platform/backup/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { newId } from '../../platform/db/index.ts';
import { deleteStoredFilesExcept, moveFilesIntoStore } from '../../platform/files/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { tenants } from './db/schema.ts';
import { assertSlug, forgetPublicTenant, getTenant, getTenantBySlug } from './tenants.ts';

/** Writes the backup of the tenant `slug` to `file`: its rows and its uploaded files from `storageDir`. */
export async function backupTenant(
  database: Database,
  opts: { slug: string; file: string; plan: BackupPlan; appVersion: string; storageDir: string },
): Promise<BackupWritten> {
  const tenant = await getTenantBySlug(database.db, opts.slug);
  if (!tenant) throw new AppError(404, 'tenant_not_found', `Tenant "${opts.slug}" not found`);
  return writeBackup(database, {
    file: opts.file,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    plan: opts.plan,
    appVersion: opts.appVersion,
    storageDir: opts.storageDir,
  });
}

export interface TenantRestoreResult extends RestoreResult {
  slug: string;
  replaced: boolean;
}

/**
 * Restores a tenant backup in one transaction, as its own slug or `as` another one. An existing
 * tenant with that slug is an error unless `replace` (its rows are deleted first). The tenant keeps
 * its id unless another tenant in this database has it (a copy next to the original), then it gets a
 * new one.
 *
 * Only the same tenant — its own slug and its own id, as after a loss or on a new server — gets its
 * secrets back. Anything else is a copy (`result.copy`): it starts without API tokens and sign-in
 * providers, and every private link (registrations, submissions, room requests, newsletter links)
 * gets a new random value, so no token of the original ever opens the copy.
 *
 * Files: the backup's files are written to a folder inside `storageDir` while the transaction runs
 * and moved into the tenant's folder after it committed; a failed restore leaves none behind. With
 * `replace`, files of the replaced tenant that are not in the backup are deleted afterwards, as its
 * rows were.
 */
export async function restoreTenant(
  database: Database,
  opts: { file: string; plan: BackupPlan; storageDir: string; as?: string; replace?: boolean },
): Promise<TenantRestoreResult> {
  const header = await readBackupHeader(opts.file);
  await assertCompatibleMigration(database, header);
  const slug = opts.as ?? header.tenant.slug;
  assertSlug(slug);
  const tenantTable = getTableName(tenants);
  await mkdir(opts.storageDir, { recursive: true });
  const filesDir = await mkdtemp(join(opts.storageDir, '.restore-'));
  try {
    const restored = await database.db.transaction(async (tx) => {
      const existing = await getTenantBySlug(tx, slug);
      if (existing && !opts.replace) {
        throw new AppError(
          409,
          'tenant_exists',
          `Tenant "${slug}" already exists (restore with --replace to overwrite it, or --as <new-slug>)`,
        );
      }
      if (existing) await deleteTenantRows(tx, opts.plan.tables, existing.id);
      const tenantId = (await getTenant(tx, header.tenant.id)) ? newId() : header.tenant.id;
      const copy = slug !== header.tenant.slug || tenantId !== header.tenant.id;
      const result = await restoreBackup(tx, {
        file: opts.file,
        plan: opts.plan,
        tenantId,
        filesDir,
        copy,
        rewrite: (table, row) => (table === tenantTable ? { ...row, slug } : row),
      });
      return { ...result, slug, replaced: !!existing, replacedId: existing?.id };
    });
    const { replacedId, ...result } = restored;
    forgetPublicTenant({ slug, id: replacedId });
    const ids = new Set(await moveFilesIntoStore(opts.storageDir, result.tenantId, filesDir));
    if (replacedId)
      await deleteStoredFilesExcept(
        opts.storageDir,
        replacedId,
        replacedId === result.tenantId ? ids : new Set(),
      );
    return result;
  } finally {
    await rm(filesDir, { recursive: true, force: true });
  }
}
