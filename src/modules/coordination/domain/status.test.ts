import { describe, expect, it } from 'vitest';
import { canMove, daysOverdue, isOverdue, listOrder, needOverdue, overallStatus } from './status.ts';
import type { RoutingStatus } from './vocab.ts';

const r = (status: RoutingStatus, deadline = '2026-03-10') => ({ status, deadline });

describe('overall status of a need', () => {
  it('is "reported" until district coordination routes it', () => {
    expect(overallStatus([])).toBe('reported');
  });
  it('is "sent" while no department has started', () => {
    expect(overallStatus([r('sent'), r('sent')])).toBe('sent');
  });
  it('is "in progress" when one department answered and the other has not', () => {
    expect(overallStatus([r('answered'), r('sent')])).toBe('in_progress');
    expect(overallStatus([r('in_progress'), r('sent')])).toBe('in_progress');
    expect(overallStatus([r('closed'), r('sent')])).toBe('in_progress');
  });
  it('is "answered" once every department answered (or closed)', () => {
    expect(overallStatus([r('answered'), r('closed')])).toBe('answered');
    expect(overallStatus([r('answered')])).toBe('answered');
  });
  it('is "closed" only when every routing is closed', () => {
    expect(overallStatus([r('closed'), r('closed')])).toBe('closed');
  });
});

describe('status changes of a routing', () => {
  it('go forward only; a department may answer straight away; closed is final', () => {
    expect(canMove('sent', 'in_progress')).toBe(true);
    expect(canMove('sent', 'answered')).toBe(true);
    expect(canMove('in_progress', 'answered')).toBe(true);
    expect(canMove('answered', 'closed')).toBe(true);
    expect(canMove('answered', 'in_progress')).toBe(false);
    expect(canMove('in_progress', 'sent')).toBe(false);
    expect(canMove('closed', 'answered')).toBe(false);
    expect(canMove('sent', 'sent')).toBe(false);
  });
});

describe('overdue routings', () => {
  it('are those past their deadline without an answer', () => {
    expect(isOverdue(r('sent', '2026-03-10'), '2026-03-11')).toBe(true);
    expect(isOverdue(r('in_progress', '2026-03-10'), '2026-03-11')).toBe(true);
    expect(daysOverdue(r('sent', '2026-03-10'), '2026-03-13')).toBe(3);
  });
  it('are not overdue on the deadline day itself', () => {
    expect(isOverdue(r('sent', '2026-03-10'), '2026-03-10')).toBe(false);
    expect(daysOverdue(r('sent', '2026-03-10'), '2026-03-10')).toBe(0);
  });
  it('are never overdue once answered or closed', () => {
    expect(isOverdue(r('answered', '2026-01-01'), '2026-03-11')).toBe(false);
    expect(isOverdue(r('closed', '2026-01-01'), '2026-03-11')).toBe(false);
  });
  it('make the need overdue when one of them is', () => {
    expect(needOverdue([r('answered', '2026-01-01'), r('sent', '2026-03-01')], '2026-03-02')).toBe(true);
    expect(needOverdue([r('answered', '2026-01-01'), r('sent', '2026-03-05')], '2026-03-02')).toBe(false);
  });
});

describe('order of the staff list', () => {
  const n = (
    overdueDays: number,
    status: 'reported' | 'sent' | 'answered' | 'closed',
    urgency: 'low' | 'normal' | 'urgent',
    day: number,
  ) => ({
    overdueDays,
    status,
    urgency,
    createdAt: new Date(2026, 0, day),
  });
  it('puts overdue needs first, the longest overdue first, then open before answered and closed', () => {
    const list = [
      n(0, 'closed', 'urgent', 1),
      n(0, 'sent', 'low', 2),
      n(3, 'sent', 'low', 3),
      n(9, 'sent', 'low', 4),
      n(0, 'reported', 'urgent', 5),
    ];
    expect(list.sort(listOrder).map((x) => x.createdAt.getDate())).toEqual([4, 3, 5, 2, 1]);
  });
});
