import { describe, expect, it } from 'vitest';
import { minutesToApprove, nextPosition } from './agenda.ts';

const at = (s: string) => new Date(`${s}T17:00:00Z`);
const meeting = (
  id: string,
  day: string,
  over: Partial<Parameters<typeof minutesToApprove>[0][number]> = {},
) => ({
  id,
  startsAt: at(day),
  status: 'held' as const,
  minutesStatus: 'circulated' as const,
  ...over,
});

describe('approval of the last minutes on the agenda', () => {
  const next = { startsAt: at('2025-03-11') };

  it('names the last meeting held before this one when its minutes await approval', () => {
    const earlier = [
      meeting('jan', '2025-01-14', { minutesStatus: 'approved' }),
      meeting('feb', '2025-02-11'),
    ];
    expect(minutesToApprove(earlier, next, [])).toBe('feb');
    expect(minutesToApprove([meeting('feb', '2025-02-11', { minutesStatus: 'draft' })], next, [])).toBe(
      'feb',
    );
  });

  it('not when those minutes are approved or not yet written', () => {
    expect(
      minutesToApprove([meeting('feb', '2025-02-11', { minutesStatus: 'approved' })], next, []),
    ).toBeNull();
    expect(minutesToApprove([meeting('feb', '2025-02-11', { minutesStatus: 'none' })], next, [])).toBeNull();
  });

  it('skips cancelled and later meetings, and adds the item only once', () => {
    const earlier = [
      meeting('jan', '2025-01-14'),
      meeting('feb', '2025-02-11', { status: 'cancelled', minutesStatus: 'none' }),
      meeting('apr', '2025-04-08'),
    ];
    expect(minutesToApprove(earlier, next, [])).toBe('jan');
    expect(minutesToApprove(earlier, next, [{ kind: 'approval_of_minutes', minutesOf: 'jan' }])).toBeNull();
  });

  it('new items go to the end', () => {
    expect(nextPosition([])).toBe(1);
    expect(nextPosition([{ position: 1 }, { position: 4 }])).toBe(5);
  });
});
