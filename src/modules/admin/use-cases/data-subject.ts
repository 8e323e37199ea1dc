/**
 * Data-subject requests for the whole tenant (GDPR Art. 15 access, Art. 17 erasure): one person,
 * found by e-mail address (and optionally phone), answered by every module's privacy hook in mount
 * order. Each search, export and erasure writes one audit entry that names the person only by a
 * keyed hash of the address (`subjectRef`), with counts per category — never the address, name or
 * phone. The modules write their own entries per record on top.
 */
import { getAuditEntry, writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type {
  DataSubject,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { subjectRef } from '../../../platform/privacy/index.ts';
import { listTenants } from '../../tenancy/index.ts';
import { PERMS } from '../policies.ts';

/** The audit entity type of data-subject requests. */
export const DATA_SUBJECT = 'data_subject';

/** The modules that hold personal data, in mount order. */
export const privacyModules = (services: Services): { name: string; privacy: PrivacyHook }[] =>
  services.modules.flatMap((m) => (m.privacy ? [{ name: m.name, privacy: m.privacy }] : []));

export interface ModuleFindings {
  module: string;
  records: PrivacyRecord[];
}

export interface ModuleExport {
  module: string;
  sections: PrivacyExportSection[];
}

/** What one module did on an erasure: counts per category, what it kept and why, or that it failed. */
export interface ModuleErasureResult {
  module: string;
  erased: number;
  details: Record<string, number>;
  kept?: string;
  keptValues?: Record<string, string | number>;
  /** Error code when the module could not erase (the others went on). */
  failed?: string;
}

export interface ErasureReport {
  id: string;
  at: Date;
  actorUserId: string | null;
  results: ModuleErasureResult[];
}

interface Options {
  ip?: string | null;
}

const counts = (list: { module: string; records: { category: string; count: number }[] }[]) =>
  Object.fromEntries(list.flatMap((m) => m.records.map((r) => [r.category, r.count])));

/** Everything the modules hold about the person, per module and category (counts, bases, retention). */
export async function findDataSubject(
  actor: Actor,
  services: Services,
  subject: DataSubject,
  o: Options = {},
): Promise<ModuleFindings[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const out: ModuleFindings[] = [];
  for (const m of privacyModules(services))
    out.push({ module: m.name, records: await m.privacy.find(services, actor, subject) });
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'read',
    entityType: DATA_SUBJECT,
    entityId: await subjectRef(services.db, subject),
    personal: true,
    details: { search: { phone: !!subject.phone, name: !!subject.name }, found: counts(out) },
    ip: o.ip ?? null,
  });
  return out;
}

/** The person's data from every module (GDPR Art. 15), each category with its legal basis. */
export async function exportDataSubject(
  actor: Actor,
  services: Services,
  subject: DataSubject,
  o: Options & { format?: 'json' | 'html' } = {},
): Promise<ModuleExport[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const out: ModuleExport[] = [];
  for (const m of privacyModules(services)) {
    const sections = await m.privacy.export(services, actor, subject);
    // Plain JSON values only (dates become ISO strings), as the download and the page show them.
    out.push({
      module: m.name,
      sections: sections.map((s) => ({ ...s, records: JSON.parse(JSON.stringify(s.records)) as unknown[] })),
    });
  }
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'export',
    entityType: DATA_SUBJECT,
    entityId: await subjectRef(services.db, subject),
    personal: true,
    details: {
      format: o.format ?? 'json',
      exported: counts(
        out.map((m) => ({
          module: m.module,
          records: m.sections.map((s) => ({ category: s.category, count: s.records.length })),
        })),
      ),
    },
    ip: o.ip ?? null,
  });
  return out;
}

/**
 * Erases the person in every module (GDPR Art. 17), module by module, each in its own transaction
 * with its own audit entries; a module that fails does not stop the others, and the report says so.
 * The report is the audit entry written last (its id names it; no personal data in it).
 */
export async function eraseDataSubject(
  actor: Actor,
  services: Services,
  subject: DataSubject,
  o: Options = {},
): Promise<ErasureReport> {
  authorizeTenantWide(actor, PERMS.privacy);
  const results: ModuleErasureResult[] = [];
  for (const m of privacyModules(services)) {
    try {
      const r = await m.privacy.erase(services, actor, subject);
      results.push({ module: m.name, ...r });
    } catch (err) {
      services.log.error({ err, module: m.name }, 'data-subject erasure failed in a module');
      results.push({
        module: m.name,
        erased: 0,
        details: {},
        failed: err instanceof AppError ? err.code : 'error',
      });
    }
  }
  const at = new Date();
  const id = await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'erase',
    entityType: DATA_SUBJECT,
    entityId: await subjectRef(services.db, subject),
    personal: true,
    details: { results },
    ip: o.ip ?? null,
  });
  return { id, at, actorUserId: actor.userId ?? null, results };
}

/** An erasure's report, read back from its audit entry (404 for anything else). */
export async function erasureReport(actor: Actor, db: Db, id: string): Promise<ErasureReport> {
  authorizeTenantWide(actor, PERMS.privacy);
  const e = await getAuditEntry(db, actor.tenantId, id);
  if (!e || e.entityType !== DATA_SUBJECT || e.action !== 'erase') throw new AppError(404, 'not_found');
  const results = (e.details as { results?: ModuleErasureResult[] }).results ?? [];
  return { id: e.id, at: e.at, actorUserId: e.actorUserId, results };
}

/**
 * The daily retention run: every module's `retention` for every tenant. What was erased is written
 * to that tenant's audit log (per module, counts only); what waits for staff is only counted.
 */
export async function runRetention(
  services: Services,
  now = new Date(),
): Promise<{ tenants: number; due: number; erased: number; failed: number }> {
  const total = { tenants: 0, due: 0, erased: 0, failed: 0 };
  const modules = privacyModules(services).filter((m) => m.privacy.retention);
  for (const tenant of await listTenants(services.db)) {
    total.tenants++;
    for (const m of modules) {
      try {
        const r = await m.privacy.retention!(services, tenant.id, now);
        total.due += r.due;
        total.erased += r.erased;
        if (r.erased > 0)
          await writeAudit(services.db, {
            tenantId: tenant.id,
            actorLabel: 'retention',
            action: 'erase',
            entityType: 'privacy.retention',
            entityId: m.name,
            personal: true,
            details: { due: r.due, erased: r.erased },
          });
      } catch (err) {
        total.failed++;
        services.log.error({ err, module: m.name, tenant: tenant.slug }, 'retention failed');
      }
    }
  }
  return total;
}
