import { describe, expect, it } from 'vitest';
import { reprojectPoint, resolveCrs } from './crs.ts';

describe('resolveCrs', () => {
  it.each([
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'],
    ['EPSG:4326', 'EPSG:4326'],
    ['urn:ogc:def:crs:EPSG::25833', 'EPSG:25833'],
    ['EPSG:25833', 'EPSG:25833'],
    ['epsg:25832', 'EPSG:25832'],
    ['EPSG:3857', 'EPSG:3857'],
    ['http://www.opengis.net/def/crs/EPSG/0/25833', 'EPSG:25833'],
    ['EPSG:31468', null],
    ['urn:ogc:def:crs:EPSG::2056', null],
    ['WGS 84', null],
    ['', null],
  ])('%s → %s', (name, expected) => {
    expect(resolveCrs(name)).toBe(expected);
  });
});

describe('reprojectPoint', () => {
  it('converts the Berlin TV tower from EPSG:25833', () => {
    // WGS84 52.520817 N, 13.409419 E; UTM values cross-checked with an
    // independent Krüger-series implementation.
    const [lon, lat] = reprojectPoint(392081.07, 5820156.41, 'urn:ogc:def:crs:EPSG::25833');
    expect(Math.abs(lon - 13.409419)).toBeLessThan(0.001);
    expect(Math.abs(lat - 52.520817)).toBeLessThan(0.001);
    expect(lon).toBeCloseTo(13.409419, 5);
    expect(lat).toBeCloseTo(52.520817, 5);
  });

  it('puts E 392,000 N 5,820,000 at Alexanderplatz', () => {
    const [lon, lat] = reprojectPoint(392000, 5820000, 'EPSG:25833');
    expect(Math.abs(lon - 13.4083)).toBeLessThan(0.001);
    expect(Math.abs(lat - 52.5194)).toBeLessThan(0.001);
  });

  it('rounds to 7 decimals and passes WGS84 through', () => {
    expect(reprojectPoint(13.123456789, 52.5, 'EPSG:4326')).toEqual([13.1234568, 52.5]);
  });

  it('throws for unsupported CRSs and unprojectable points', () => {
    expect(() => reprojectPoint(4590000, 5820000, 'EPSG:31468')).toThrow(/Unsupported CRS/);
    expect(() => reprojectPoint(1e12, 1e12, 'EPSG:25833')).toThrow(RangeError);
  });
});
