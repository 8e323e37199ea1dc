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
// Sending a failed mail again (administrators, for the whole tenant).
export { retryOutboxMail } from './use-cases/outbox.ts';
