/**
 * The way of an application through its statuses (FUND-2, FUND-3). Each status says which may follow;
 * the use cases refuse any other step, so the history in `funds_status_changes` reads as a path.
 */
import type { ApplicationStatus } from './vocab.ts';

export const NEXT: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['in_review', 'withdrawn'],
  in_review: ['changes_requested', 'on_agenda', 'withdrawn'],
  changes_requested: ['submitted', 'withdrawn'],
  on_agenda: ['granted', 'refused', 'in_review', 'withdrawn'],
  // Settled straight from granted when the proof of use comes before any payment (reimbursement).
  granted: ['settlement', 'settled', 'closed'],
  refused: ['closed'],
  settlement: ['settled'],
  settled: ['closed'],
  closed: [],
  withdrawn: [],
};

export const canMove = (from: ApplicationStatus, to: ApplicationStatus): boolean => NEXT[from].includes(to);

/** The applicant may still change the application (before it is checked, or when asked to). */
export const editableByApplicant = (s: ApplicationStatus): boolean =>
  s === 'draft' || s === 'changes_requested';

/** Staff may still change the application's content (not after the decision). */
export const editableByStaff = (s: ApplicationStatus): boolean =>
  s === 'draft' || s === 'submitted' || s === 'in_review' || s === 'changes_requested';

/** Decided with money: payments and returns may be booked. */
export const hasGrant = (s: ApplicationStatus): boolean =>
  s === 'granted' || s === 'settlement' || s === 'settled' || s === 'closed';
