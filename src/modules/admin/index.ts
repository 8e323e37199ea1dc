export { adminManifest } from './manifest.ts';
// The tenant-wide data-subject requests: each takes the acting member and checks first.
export {
  type ErasureReport,
  eraseDataSubject,
  erasureReport,
  exportDataSubject,
  findDataSubject,
  type ModuleErasureResult,
  type ModuleExport,
  type ModuleFindings,
  runRetention,
} from './use-cases/data-subject.ts';
// The outbox: reading it (audited) and sending a failed mail again (administrators, whole tenant).
export {
  exportOutboxFor,
  listOutboxFor,
  outboxMailFor,
  retryOutboxMail,
} from './use-cases/outbox.ts';
