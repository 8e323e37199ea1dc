import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../platform/time/index.ts';
import { lastRequestedDate, RETENTION_YEARS_AFTER_LAST_DATE, retentionUntilFor } from './retention.ts';

describe('retention of requesters’ details', () => {
  it('lasts until the end of the year after the last requested date, in local time', () => {
    expect(RETENTION_YEARS_AFTER_LAST_DATE).toBe(1);
    expect(retentionUntilFor('2026-03-03')).toBe('2027-12-31');
    expect(retentionUntilFor('2026-12-31')).toBe('2027-12-31');
    // 00:30 on New Year's Day in Berlin is still 31 December in UTC: the local date counts.
    expect(retentionUntilFor(localToInstant('2027-01-01', '00:30'))).toBe('2028-12-31');
  });

  it('takes the end of a series, else the single date', () => {
    const startsAt = localToInstant('2026-02-03', '18:00');
    expect(lastRequestedDate({ startsAt, repeatUntil: null })).toBe('2026-02-03');
    expect(lastRequestedDate({ startsAt, repeatUntil: '2027-01-26' })).toBe('2027-01-26');
    expect(retentionUntilFor(lastRequestedDate({ startsAt, repeatUntil: '2027-01-26' }))).toBe('2028-12-31');
  });
});
