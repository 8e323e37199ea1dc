// Public surface of the newsletters module (CAL-6). Other modules import only from here.

export { newslettersManifest } from './manifest.ts';
export { createIssue, type IssueStats, issueStats, queueIssue, sendIssue } from './use-cases/issues.ts';
export { subscriberCounts } from './use-cases/subscribers.ts';
