/**
 * The funds module's part in data-subject requests (GDPR Art. 15 and 17): applications found by the
 * applicant's e-mail address or phone number. Erasure removes the applicant's name, group, address,
 * phone, the project description and the private link; the application stays without them with its
 * title, status and amounts, so the fund's figures and its ledger (which holds amounts, never names)
 * stay correct. An application that still runs (submitted up to settlement) is kept until it is
 * settled, closed or withdrawn: the fund needs to reach the applicant for the decision and the
 * proof of use. The settlement's report, receipts and photos go with the rest (the participant
 * counts, anonymous, stay for the figures).
 *
 * Retention (daily, the admin module's retention job): once an application is finished — settled,
 * closed or withdrawn — the same data are erased `FUNDS_RETENTION_YEARS` years (default 5, the
 * keeping period of the proof of use in the funding rules) after that step. The ledger keeps its
 * amounts; it never held a name.
 */
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { deleteFile } from '../../../platform/files/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type {
  DataSubject,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { sameEmail, samePhone } from '../../../platform/privacy/index.ts';
import { applications, costLines, funds, settlementFiles, settlements, statusChanges } from '../db/schema.ts';
import type { ApplicationStatus } from '../domain/vocab.ts';
import { PRIVACY } from '../policies.ts';

const CATEGORY = 'funds.applications';
/** Years after an application is finished before its applicant's data are erased (module config). */
export const DEFAULT_RETENTION_YEARS = 5;
/** Finished: the retention runs from the step into one of these. */
const FINISHED: ApplicationStatus[] = ['settled', 'closed', 'withdrawn'];

const retentionYears = (services: Services): number =>
  (services.config.modules?.funds as { retentionYears?: number } | undefined)?.retentionYears ??
  DEFAULT_RETENTION_YEARS;
/** Statuses in which the application still runs and its applicant must stay reachable. */
const RUNNING: ApplicationStatus[] = [
  'submitted',
  'in_review',
  'changes_requested',
  'on_agenda',
  'granted',
  'settlement',
];

async function recordsOf(services: Services, tenantId: string, subject: DataSubject) {
  const match = subject.phone
    ? or(sameEmail(applications.email, subject), samePhone(applications.phone, subject))
    : sameEmail(applications.email, subject);
  return services.db
    .select({ application: applications, fundName: funds.name })
    .from(applications)
    .innerJoin(funds, and(eq(funds.tenantId, applications.tenantId), eq(funds.id, applications.fundId)))
    .where(and(ofTenant(applications, tenantId), match))
    .orderBy(asc(applications.createdAt), asc(applications.id));
}

async function find(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  if (list.length === 0) return [];
  return [
    {
      category: CATEGORY,
      label: 'funds:dataSubject.applications',
      description: 'funds:dataSubject.applicationsDescription',
      count: list.length,
      legalBasis: ['public_task'],
      retention: 'funds:dataSubject.applicationsRetention',
      retentionUntil: null,
    },
  ];
}

async function exportData(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  if (list.length === 0) return [];
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'export',
    entityType: 'funds.application',
    personal: true,
    details: { records: list.map((r) => r.application.id) },
  });
  const lines = list.length
    ? await services.db
        .select()
        .from(costLines)
        .where(
          and(
            ofTenant(costLines, actor.tenantId),
            inArray(
              costLines.applicationId,
              list.map((r) => r.application.id),
            ),
          ),
        )
        .orderBy(asc(costLines.position))
    : [];
  const ids = list.map((r) => r.application.id);
  const reports = await services.db
    .select()
    .from(settlements)
    .where(and(ofTenant(settlements, actor.tenantId), inArray(settlements.applicationId, ids)));
  const files = await services.db
    .select()
    .from(settlementFiles)
    .where(and(ofTenant(settlementFiles, actor.tenantId), inArray(settlementFiles.applicationId, ids)));
  return [
    {
      category: CATEGORY,
      label: 'funds:dataSubject.applications',
      legalBasis: ['public_task'],
      retentionUntil: null,
      records: list.map(({ application: a, fundName }) => ({
        fund: fundName,
        status: a.status,
        applicantKind: a.applicantKind,
        applicantName: a.applicantName,
        groupName: a.groupName,
        email: a.email,
        phone: a.phone,
        title: a.title,
        description: a.description,
        startsOn: a.startsOn,
        endsOn: a.endsOn,
        targetGroups: a.targetGroups,
        expectedParticipants: a.expectedParticipants,
        criteria: a.criteria,
        costLines: lines
          .filter((l) => l.applicationId === a.id)
          .map((l) => ({ item: l.item, costKind: l.costKind, amountCents: l.amountCents })),
        ownMoneyCents: a.ownMoneyCents,
        volunteerHours: a.volunteerHours,
        requestedCents: a.requestedCents,
        submittedAt: a.submittedAt,
        decidedAt: a.decidedAt,
        grantedCents: a.grantedCents,
        conditions: a.conditions,
        refusalReasons: a.refusalReasons,
        settlement: reports
          .filter((r) => r.applicationId === a.id)
          .map((r) => ({ status: r.status, report: r.report, submittedAt: r.submittedAt }))[0],
        settlementFiles: files
          .filter((f) => f.applicationId === a.id)
          .map((f) => ({ kind: f.kind, name: f.name, caption: f.caption, size: f.size })),
      })),
    },
  ];
}

async function erase(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  const running = list.filter((r) => RUNNING.includes(r.application.status));
  const ids = list.filter((r) => !RUNNING.includes(r.application.status)).map((r) => r.application.id);
  await eraseApplications(services, actor.tenantId, ids, actor.userId ?? null, 'request');
  return {
    erased: ids.length,
    details: ids.length ? { [CATEGORY]: ids.length } : {},
    ...(running.length
      ? { kept: 'funds:dataSubject.keptRunning', keptValues: { count: running.length } }
      : {}),
  };
}

/**
 * Removes the applicant's name, group, contact, description and private link of these applications,
 * the settlement's report and its files (rows in one transaction with the audit entries, then the
 * bytes). Amounts, statuses and the ledger stay.
 */
async function eraseApplications(
  services: Services,
  tenantId: string,
  ids: string[],
  actorUserId: string | null,
  reason: 'request' | 'retention',
) {
  let erasedFiles: { id: string }[] = [];
  if (ids.length)
    await services.db.transaction(async (tx) => {
      await tx
        .update(applications)
        .set({
          applicantName: '',
          groupName: '',
          email: '',
          phone: '',
          description: '',
          tokenHash: null,
          updatedAt: new Date(),
        })
        .where(and(ofTenant(applications, tenantId), inArray(applications.id, ids)));
      // The settlement's report, receipts and photos (they may show or name the applicant).
      await tx
        .update(settlements)
        .set({ report: '', staffNote: '', updatedAt: new Date() })
        .where(and(ofTenant(settlements, tenantId), inArray(settlements.applicationId, ids)));
      erasedFiles = await tx
        .delete(settlementFiles)
        .where(and(ofTenant(settlementFiles, tenantId), inArray(settlementFiles.applicationId, ids)))
        .returning({ id: settlementFiles.id });
      for (const id of ids)
        await writeAudit(tx, {
          tenantId: tenantId,
          actorUserId,
          action: 'erase',
          entityType: 'funds.application',
          entityId: id,
          personal: true,
          details: { category: CATEGORY, reason },
        });
    });
  // The bytes after the commit: a failed erasure keeps the files its rows still name.
  for (const f of erasedFiles) await deleteFile(services.config.storageDir, tenantId, f.id);
}

/**
 * The daily retention of one tenant: applications finished more than the retention period ago
 * whose applicant's data are still there.
 */
export async function fundsRetention(
  services: Services,
  tenantId: string,
  now: Date,
): Promise<{ due: number; erased: number }> {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - retentionYears(services));
  const finishedAt = sql`(select max(${statusChanges.createdAt}) from ${statusChanges}
    where ${statusChanges.tenantId} = ${applications.tenantId}
      and ${statusChanges.applicationId} = ${applications.id})`;
  const due = await services.db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        ofTenant(applications, tenantId),
        inArray(applications.status, FINISHED),
        or(
          ne(applications.applicantName, ''),
          ne(applications.email, ''),
          ne(applications.phone, ''),
          ne(applications.description, ''),
          sql`${applications.tokenHash} is not null`,
        ),
        sql`${finishedAt} < ${cutoff.toISOString()}`,
      ),
    );
  const ids = due.map((d) => d.id);
  await eraseApplications(services, tenantId, ids, null, 'retention');
  return { due: ids.length, erased: ids.length };
}

export const fundsPrivacy: PrivacyHook = { find, export: exportData, erase, retention: fundsRetention };
