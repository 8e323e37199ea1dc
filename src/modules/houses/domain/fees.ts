import type { Tariff } from '../db/schema.ts';

/** A half day is up to four hours, a day up to 24 (bookings never cross midnight). */
export const HALF_DAY_MINUTES = 4 * 60;
export const DAY_MINUTES = 24 * 60;

export interface RoomRates {
  hourCents: number | null;
  halfDayCents: number | null;
  dayCents: number | null;
  nonprofitReductionPct: number;
  residentReductionPct: number;
}

export type FeeBasis = 'free' | 'hour' | 'halfDay' | 'day';

export interface FeeQuote {
  /** Fee of one occurrence after the reduction. */
  cents: number;
  /** Before the reduction. */
  fullCents: number;
  basis: FeeBasis;
  units: number;
  reductionPct: number;
}

/**
 * Fee of one booking of `minutes`: the cheapest of the units the room offers (hours, half days,
 * days — each rounded up to whole units), then the tariff's reduction, rounded to whole cents.
 */
export function quoteFee(rates: RoomRates, tariff: Tariff, minutes: number): FeeQuote {
  const options: { basis: FeeBasis; units: number; cents: number }[] = [];
  if (rates.hourCents !== null) {
    const units = Math.ceil(minutes / 60);
    options.push({ basis: 'hour', units, cents: units * rates.hourCents });
  }
  if (rates.halfDayCents !== null) {
    const units = Math.ceil(minutes / HALF_DAY_MINUTES);
    options.push({ basis: 'halfDay', units, cents: units * rates.halfDayCents });
  }
  if (rates.dayCents !== null) {
    const units = Math.ceil(minutes / DAY_MINUTES);
    options.push({ basis: 'day', units, cents: units * rates.dayCents });
  }
  const reductionPct =
    tariff === 'nonprofit'
      ? rates.nonprofitReductionPct
      : tariff === 'resident'
        ? rates.residentReductionPct
        : 0;
  if (options.length === 0) return { cents: 0, fullCents: 0, basis: 'free', units: 0, reductionPct };
  // Cheapest first; on a tie the smaller unit, which is easier to explain on the bill.
  const best = options.reduce((a, b) => (b.cents < a.cents ? b : a));
  const cents = Math.round((best.cents * (100 - reductionPct)) / 100);
  return {
    cents,
    fullCents: best.cents,
    basis: best.cents === 0 ? 'free' : best.basis,
    units: best.units,
    reductionPct,
  };
}

/** Total of a series: every occurrence has the same length, so the same fee. */
export const totalFee = (quote: FeeQuote, occurrences: number): number => quote.cents * occurrences;
