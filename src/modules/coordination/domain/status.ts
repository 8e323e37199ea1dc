/**
 * The rules of a need's status (COORD-2), pure: the overall status derived from its routings, which
 * status changes a routing may take, and which routings are overdue. No database, no clock of its
 * own (today is given).
 */
import type { NeedStatus, RoutingStatus } from './vocab.ts';

/** What the rules need of a routing. */
export interface RoutingState {
  status: RoutingStatus;
  /** YYYY-MM-DD (Berlin): the day by which the department should answer. */
  deadline: string;
}

/**
 * The overall status of a need from its routings:
 * - no routing yet: `reported` (waits for district coordination);
 * - every routing closed: `closed`;
 * - every routing answered or closed: `answered`;
 * - all still `sent`: `sent`;
 * - otherwise (some department works on it or answered, others not yet): `in_progress`.
 */
export function overallStatus(routings: readonly Pick<RoutingState, 'status'>[]): NeedStatus {
  if (routings.length === 0) return 'reported';
  if (routings.every((r) => r.status === 'closed')) return 'closed';
  if (routings.every((r) => r.status === 'answered' || r.status === 'closed')) return 'answered';
  if (routings.every((r) => r.status === 'sent')) return 'sent';
  return 'in_progress';
}

const NEXT: Record<RoutingStatus, readonly RoutingStatus[]> = {
  sent: ['in_progress', 'answered', 'closed'],
  in_progress: ['answered', 'closed'],
  answered: ['closed'],
  closed: [],
};

/** May a routing move from one status to the other? Forward only; closed is final. */
export const canMove = (from: RoutingStatus, to: RoutingStatus): boolean => NEXT[from].includes(to);

/** Is the routing still waiting for its department's answer? */
export const awaitsAnswer = (r: Pick<RoutingState, 'status'>): boolean =>
  r.status === 'sent' || r.status === 'in_progress';

/** Overdue: the deadline has passed (before today) and the department has not answered. */
export const isOverdue = (r: RoutingState, today: string): boolean => awaitsAnswer(r) && r.deadline < today;

/** Days past the deadline (0 when not overdue). */
export function daysOverdue(r: RoutingState, today: string): number {
  if (!isOverdue(r, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.deadline}T00:00:00Z`)) / 86_400_000);
}

/** A need is overdue when one of its routings is. */
export const needOverdue = (routings: readonly RoutingState[], today: string): boolean =>
  routings.some((r) => isOverdue(r, today));

/**
 * The order of the staff list: overdue needs first (the longest overdue first), then needs not yet
 * routed, then by urgency and age.
 */
const URGENCY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
export function listOrder(
  a: { overdueDays: number; status: NeedStatus; urgency: keyof typeof URGENCY_RANK; createdAt: Date },
  b: { overdueDays: number; status: NeedStatus; urgency: keyof typeof URGENCY_RANK; createdAt: Date },
): number {
  if (a.overdueDays !== b.overdueDays) return b.overdueDays - a.overdueDays;
  const open = (s: NeedStatus) => (s === 'closed' ? 2 : s === 'answered' ? 1 : 0);
  if (open(a.status) !== open(b.status)) return open(a.status) - open(b.status);
  if (URGENCY_RANK[a.urgency] !== URGENCY_RANK[b.urgency])
    return URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency];
  return a.createdAt.getTime() - b.createdAt.getTime();
}
