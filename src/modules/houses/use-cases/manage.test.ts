import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../platform/time/index.ts';
import { validateClosure } from './manage.ts';

const NOW = localToInstant('2026-06-01', '12:00');

const closure = {
  roomId: '',
  kind: 'holiday',
  fromDate: '2026-12-24',
  toDate: '2026-12-26',
  reason: 'Feiertage',
};

describe('closures', () => {
  it('may end at 24:00, the end of the last day, but cannot start there', () => {
    const ok = validateClosure({ ...closure, fromTime: '18:00', toTime: '24:00' }, [], NOW);
    expect(ok.errors).toEqual({});
    expect(ok.values?.endsAt.toISOString()).toBe('2026-12-26T23:00:00.000Z');
    expect(validateClosure({ ...closure, fromTime: '24:00', toTime: '' }, [], NOW).errors).toEqual({
      fromTime: { key: 'houses:errors.time' },
    });
  });

  it('lies within five years of today: a closure until 9999 is refused with the range', () => {
    const far = validateClosure({ ...closure, fromTime: '', toTime: '', toDate: '9999-12-31' }, [], NOW);
    expect(far.values).toBeNull();
    expect(far.errors.toDate?.key).toMatch(/^validation\.dateRange\|/);
    expect(JSON.parse(far.errors.toDate!.key.split('|')[1])).toEqual({
      min: '2021-06-01',
      max: '2031-06-01',
      field: 'houses:staff.toDate',
    });
    const past = validateClosure({ ...closure, fromDate: '2019-01-01', fromTime: '', toTime: '' }, [], NOW);
    expect(past.errors.fromDate?.key).toMatch(/^validation\.dateRange\|/);
  });
});
