import { describe, expect, it } from 'vitest';
import { normaliseHouseNumber, normaliseStreet, parseAddress } from './addresses.ts';

describe('normaliseStreet', () => {
  it('brings the usual spellings of a street to one form', () => {
    const forms = [
      'Soldiner Straße',
      'Soldiner Str.',
      'soldiner strasse',
      'SOLDINER STRASSE',
      '  Soldiner   Str ',
      'Soldiner Str',
    ];
    expect(new Set(forms.map(normaliseStreet))).toEqual(new Set(['soldiner str']));
    expect(normaliseStreet('Ackerstraße')).toBe('ackerstr');
    expect(normaliseStreet('Ackerstr.')).toBe('ackerstr');
  });

  it('folds umlauts and ß and keeps words apart', () => {
    expect(normaliseStreet('Müllerstraße')).toBe(normaliseStreet('Muellerstrasse'));
    expect(normaliseStreet('Tromsöer Straße')).toBe('tromsoeer str');
    expect(normaliseStreet('Karl-Marx-Straße')).toBe('karl marx str');
    expect(normaliseStreet('Straße des 17. Juni')).toBe('str des 17 juni');
    expect(normaliseStreet('Strandweg')).toBe('strandweg');
  });
});

describe('normaliseHouseNumber', () => {
  it('upper-cases the letter and drops spaces', () => {
    expect(normaliseHouseNumber('12', 'a')).toBe('12A');
    expect(normaliseHouseNumber('12 a')).toBe('12A');
    expect(normaliseHouseNumber('7')).toBe('7');
  });
});

describe('parseAddress', () => {
  it('reads street, number, postcode and city', () => {
    expect(parseAddress('Soldiner Straße 12a, 13359 Berlin')).toEqual({
      street: 'Soldiner Straße',
      houseNumber: '12a',
      postcode: '13359',
      city: 'Berlin',
    });
    expect(parseAddress('Soldiner Str. 12 A')).toEqual({ street: 'Soldiner Str.', houseNumber: '12A' });
    expect(parseAddress('13359 Berlin, Soldiner Straße 12')).toEqual({
      street: 'Soldiner Straße',
      houseNumber: '12',
      postcode: '13359',
      city: 'Berlin',
    });
    expect(parseAddress('Straße des 17. Juni 100, Berlin')).toEqual({
      street: 'Straße des 17. Juni',
      houseNumber: '100',
      city: 'Berlin',
    });
    expect(parseAddress('Hauptstraße 12-14')).toEqual({ street: 'Hauptstraße', houseNumber: '12-14' });
  });

  it('returns null without a house number or street', () => {
    expect(parseAddress('Soldiner Straße')).toBeNull();
    expect(parseAddress('12')).toBeNull();
    expect(parseAddress('  ')).toBeNull();
  });
});
