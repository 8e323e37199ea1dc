/**
 * The agenda: the approval of the last minutes comes first on the next meeting's agenda by itself,
 * so no minutes stay unapproved because someone forgot the item.
 */
import type { AgendaKind, MeetingStatus, MinutesStatus } from './vocab.ts';

/** Minutes written but not yet approved. */
export const awaitsApproval = (s: MinutesStatus): boolean => s === 'draft' || s === 'circulated';

/**
 * The meeting whose minutes the agenda must approve, or null: the body's last meeting held before
 * this one, when its minutes await approval and the agenda has no approval item for them yet.
 * Meetings that were cancelled or not held have no minutes and are skipped.
 */
export function minutesToApprove(
  earlier: readonly { id: string; startsAt: Date; status: MeetingStatus; minutesStatus: MinutesStatus }[],
  meeting: { startsAt: Date },
  items: readonly { kind: AgendaKind; minutesOf: string | null }[],
): string | null {
  const last = earlier
    .filter((m) => m.status === 'held' && m.startsAt.getTime() < meeting.startsAt.getTime())
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
  if (!last || !awaitsApproval(last.minutesStatus)) return null;
  return items.some((i) => i.kind === 'approval_of_minutes' && i.minutesOf === last.id) ? null : last.id;
}

/** The position a new item takes: after the last one (positions start at 1). */
export const nextPosition = (items: readonly { position: number }[]): number =>
  items.reduce((max, i) => Math.max(max, i.position), 0) + 1;
