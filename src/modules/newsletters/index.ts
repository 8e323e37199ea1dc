// Public surface of the newsletters module (CAL-6). Other modules import only from here.

export { newslettersManifest } from './manifest.ts';
export { listBounces, uploadBounces } from './use-cases/bounces.ts';
export {
  createIssue,
  deleteIssue,
  getIssueForStaff,
  type IssueStats,
  issueStats,
  listIssues,
  queueIssue,
  sendIssue,
  sendTestIssue,
  updateIssue,
} from './use-cases/issues.ts';
export {
  eraseSubscriber,
  listSubscribers,
  reportBounces,
  subscriberCounts,
} from './use-cases/subscribers.ts';
