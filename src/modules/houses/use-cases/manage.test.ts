import { describe, expect, it } from 'vitest';
import { validateClosure } from './manage.ts';

const closure = {
  roomId: '',
  kind: 'holiday',
  fromDate: '2026-12-24',
  toDate: '2026-12-26',
  reason: 'Feiertage',
};

describe('closures', () => {
  it('may end at 24:00, the end of the last day, but cannot start there', () => {
    const ok = validateClosure({ ...closure, fromTime: '18:00', toTime: '24:00' }, []);
    expect(ok.errors).toEqual({});
    expect(ok.values?.endsAt.toISOString()).toBe('2026-12-26T23:00:00.000Z');
    expect(validateClosure({ ...closure, fromTime: '24:00', toTime: '' }, []).errors).toEqual({
      fromTime: { key: 'houses:errors.time' },
    });
  });
});
