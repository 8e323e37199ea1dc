import { describe, expect, it } from 'vitest';
import { euroCents, parseEuroCents, parseFields } from './index.ts';

describe('euros as typed', () => {
  it('reads German and international ways of writing an amount into cents', () => {
    expect(parseEuroCents('15')).toBe(1500);
    expect(parseEuroCents('15,5')).toBe(1550);
    expect(parseEuroCents(' 1.234,50 € ')).toBe(123_450);
    expect(parseEuroCents('15.50')).toBe(1550);
    expect(parseEuroCents('0,07')).toBe(7);
    expect(parseEuroCents('')).toBeNull();
  });

  it('refuses what is no amount, and a minus unless a correction allows it', () => {
    for (const bad of ['15,555', '1,234.50', 'zehn', '12.3.4', '-5']) expect(parseEuroCents(bad)).toBeNaN();
    expect(parseEuroCents('-40,00', { negative: true })).toBe(-4000);
  });

  it('as a field: none, a message for no amount, and the range in euros', () => {
    const field = { fee: euroCents({ min: 0, max: 100, error: 'houses:errors.money' }).optional() };
    expect(parseFields(field, { fee: '12,50' }).data.fee).toBe(1250);
    expect(parseFields(field, { fee: '' }).data.fee).toBeNull();
    expect(parseFields(field, {}).ok).toBe(true);
    expect(parseFields(field, { fee: 'viel' }).errors.fee).toBe('houses:errors.money');
    expect(parseFields(field, { fee: '100,01' }).errors.fee).toMatch(
      /^validation\.decimalRange\|.*"max":100/,
    );
  });
});
