import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/engine.ts';
import { newId } from '../db/ids.ts';
import { ofTenant } from '../db/index.ts';
import type { BackupTable } from '../modules.ts';
import { auditLog } from './schema.ts';

export { auditLog } from './schema.ts';

/** The audit trail goes with a tenant's backup (after the module tables). */
export const auditBackupTables: BackupTable[] = [{ name: 'audit_log', tenantColumn: 'tenant_id' }];

export interface AuditEntry {
  tenantId: string;
  actorUserId?: string | null;
  actorLabel?: string | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'export' | 'erase' | 'login' | 'import' | string;
  entityType: string;
  entityId?: string | null;
  /** 'yes' when the record is personal data (GDPR Art. 30 trail). */
  personal?: boolean;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends an entry; returns its id. */
export async function writeAudit(db: Db, e: AuditEntry): Promise<string> {
  const id = newId();
  await db.insert(auditLog).values({
    tenantId: e.tenantId,
    id,
    actorUserId: e.actorUserId ?? null,
    actorLabel: e.actorLabel ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    personal: e.personal ? 'yes' : 'no',
    details: e.details ?? {},
    ip: e.ip ?? null,
  });
  return id;
}

/** One entry of the tenant's log, or undefined. */
export async function getAuditEntry(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(ofTenant(auditLog, tenantId), eq(auditLog.id, id)))
    .limit(1);
  return row;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  personalOnly?: boolean;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  /** Keyset pagination: entries older than this id (UUIDv7 sorts by time). */
  before?: string;
  limit?: number;
  offset?: number;
}

/** Longest list one call returns (the screen pages by 50, a CSV export takes up to this many). */
export const AUDIT_MAX_ROWS = 10_000;

function auditWhere(tenantId: string, q: AuditQuery): SQL | undefined {
  const where: SQL[] = [ofTenant(auditLog, tenantId)];
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.actorUserId) where.push(eq(auditLog.actorUserId, q.actorUserId));
  if (q.personalOnly) where.push(eq(auditLog.personal, 'yes'));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lt(auditLog.at, q.to));
  if (q.before) where.push(lt(auditLog.id, q.before));
  return and(...where);
}

/** A tenant's entries, newest first. */
export async function listAudit(db: Db, tenantId: string, q: AuditQuery = {}) {
  return db
    .select()
    .from(auditLog)
    .where(auditWhere(tenantId, q))
    .orderBy(desc(auditLog.id))
    .limit(Math.min(q.limit ?? 50, AUDIT_MAX_ROWS))
    .offset(Math.max(0, q.offset ?? 0));
}

/** How many entries match (for the pages of the screen). */
export async function countAudit(db: Db, tenantId: string, q: AuditQuery = {}): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(auditWhere(tenantId, q));
  return Number(row?.n ?? 0);
}

/** Entity types that occur in a tenant's audit log (for the filter of the admin screen). */
export async function auditEntityTypes(db: Db, tenantId: string): Promise<string[]> {
  const r = await db
    .selectDistinct({ entityType: auditLog.entityType })
    .from(auditLog)
    .where(ofTenant(auditLog, tenantId))
    .orderBy(auditLog.entityType)
    .limit(200);
  return r.map((x) => x.entityType);
}
