import { describe, expect, it } from 'vitest';
import { quoteFee, type RoomRates } from './fees.ts';

const rates: RoomRates = {
  hourCents: 1500,
  halfDayCents: 5000,
  dayCents: 9000,
  nonprofitReductionPct: 50,
  residentReductionPct: 25,
};

describe('fee calculation', () => {
  it('charges whole hours when that is cheapest', () => {
    expect(quoteFee(rates, 'standard', 60)).toMatchObject({ cents: 1500, basis: 'hour', units: 1 });
    // 90 minutes are two started hours.
    expect(quoteFee(rates, 'standard', 90)).toMatchObject({ cents: 3000, basis: 'hour', units: 2 });
    expect(quoteFee(rates, 'standard', 180)).toMatchObject({ cents: 4500, basis: 'hour', units: 3 });
  });

  it('switches to the half-day rate at four hours and the day rate beyond', () => {
    // 4 h: 4 × 15 € = 60 € > half day 50 €.
    expect(quoteFee(rates, 'standard', 240)).toMatchObject({ cents: 5000, basis: 'halfDay', units: 1 });
    // 4 h 01: 5 hours 75 €, two half days 100 €, a day 90 € → 75 €.
    expect(quoteFee(rates, 'standard', 241)).toMatchObject({ cents: 7500, basis: 'hour' });
    // 7 h: 105 € by the hour, 100 € for two half days, 90 € for the day.
    expect(quoteFee(rates, 'standard', 420)).toMatchObject({ cents: 9000, basis: 'day', units: 1 });
  });

  it('applies the reductions for non-profit groups and residents, rounded to whole cents', () => {
    expect(quoteFee(rates, 'nonprofit', 180)).toMatchObject({
      cents: 2250,
      fullCents: 4500,
      reductionPct: 50,
    });
    expect(quoteFee(rates, 'resident', 180)).toMatchObject({
      cents: 3375,
      fullCents: 4500,
      reductionPct: 25,
    });
    expect(quoteFee({ ...rates, hourCents: 1999 }, 'resident', 60).cents).toBe(1499); // 14.9925 €
  });

  it('is free when the room has no rates, and uses only the units offered', () => {
    expect(
      quoteFee(
        {
          hourCents: null,
          halfDayCents: null,
          dayCents: null,
          nonprofitReductionPct: 0,
          residentReductionPct: 0,
        },
        'standard',
        300,
      ),
    ).toMatchObject({
      cents: 0,
      basis: 'free',
    });
    expect(quoteFee({ ...rates, hourCents: null, dayCents: null }, 'standard', 300)).toMatchObject({
      cents: 10000,
      basis: 'halfDay',
      units: 2,
    });
  });
});
