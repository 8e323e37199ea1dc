export { createdAt, idColumn, tenantIdColumn, updatedAt } from './columns.ts';
export {
  appliedMigration,
  type Database,
  type Db,
  MIGRATIONS_DIR,
  migrate,
  openDatabase,
  redact,
  rows,
  sqlStatementCount,
} from './engine.ts';
export { isUuid, newId } from './ids.ts';
export { TtlMemo } from './memo.ts';
export { breakTenantConditionForTest, ofTenant, type TenantOwned } from './tenant-scope.ts';
export { rowsVersion } from './versions.ts';
