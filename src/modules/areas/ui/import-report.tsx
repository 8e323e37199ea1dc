import type { TFunction } from '../../../platform/i18n/index.ts';
import { DataTable, KeyValueList } from '../../../ui/index.ts';
import { rejectionMessage } from '../rejection-messages.ts';
import type { BoundaryImportReport, ImportRejection } from '../use-cases/import-boundaries.ts';

/** Counts of an import (or a dry run) as a description list. */
export function ReportCounts({ t, report }: { t: TFunction; report: BoundaryImportReport }) {
  const parents = report.parentsAssigned + report.parentsMissing > 0;
  return (
    <KeyValueList
      items={[
        { key: 'kind', term: t('areas:page.kind'), value: t(`areas:kinds.${report.kind}`) },
        { key: 'file', term: t('areas:import.file'), value: report.fileName },
        { key: 'crs', term: t('areas:import.crsUsed'), value: report.crs },
        {
          key: 'created',
          term: t(report.dryRun ? 'areas:import.willCreate' : 'areas:import.created'),
          value: String(report.created),
        },
        {
          key: 'updated',
          term: t(report.dryRun ? 'areas:import.willUpdate' : 'areas:import.updated'),
          value: String(report.updated),
        },
        { key: 'unchanged', term: t('areas:import.unchanged'), value: String(report.unchanged) },
        { key: 'rejected', term: t('areas:import.rejected'), value: String(report.rejected.length) },
        ...(parents
          ? [
              { key: 'pa', term: t('areas:import.parentsAssigned'), value: String(report.parentsAssigned) },
              { key: 'pm', term: t('areas:import.parentsMissing'), value: String(report.parentsMissing) },
            ]
          : []),
      ]}
    />
  );
}

/** One row per rejected feature (or the whole file) with the message that says how to fix it. */
export function RejectionTable({ t, rejections }: { t: TFunction; rejections: ImportRejection[] }) {
  if (rejections.length === 0) return null;
  return (
    <DataTable
      caption={t('areas:import.rejectionsCaption', { count: rejections.length })}
      rows={rejections}
      rowKey={(r, i) => `${r.index}-${i}`}
      emptyMessage=""
      columns={[
        {
          key: 'feature',
          header: t('areas:import.feature'),
          numeric: true,
          cell: (r: ImportRejection) => (r.index < 0 ? t('areas:import.wholeFile') : String(r.index + 1)),
        },
        { key: 'key', header: t('areas:page.key'), cell: (r: ImportRejection) => r.key ?? '' },
        {
          key: 'message',
          header: t('areas:import.problem'),
          cell: (r: ImportRejection) => rejectionMessage(t, r),
        },
      ]}
    />
  );
}
