import { describe, expect, it } from 'vitest';
import { OFF_SITE_TARGETS } from '../../test/redirect-attacks.ts';
import { safeRedirect, sameOriginPath } from './redirect.ts';

const ORIGIN = 'https://quartier.example';

describe('sameOriginPath', () => {
  it.each(OFF_SITE_TARGETS)('refuses %j', (input) => {
    expect(sameOriginPath(input, ORIGIN)).toBeNull();
  });

  it.each([
    ['/staff', '/staff'],
    ['/staff/mitte/events?status=draft&page=2', '/staff/mitte/events?status=draft&page=2'],
    ['/staff/mitte/actors?q=K%C3%BCche', '/staff/mitte/actors?q=K%C3%BCche'],
    ['/staff/mitte/events#list', '/staff/mitte/events#list'],
    ['/staff/mitte/../other', '/staff/other'],
    ['/staff/m%C3%BCnchen', '/staff/m%C3%BCnchen'],
    ['/staff/münchen', '/staff/m%C3%BCnchen'],
    ['/staff/mitte/actors?q=50%25', '/staff/mitte/actors?q=50%25'],
  ])('keeps the path %j (as %j)', (input, out) => {
    expect(sameOriginPath(input, ORIGIN)).toBe(out);
  });

  it('refuses what is not a string', () => {
    expect(sameOriginPath(undefined, ORIGIN)).toBeNull();
    expect(sameOriginPath(['/staff'], ORIGIN)).toBeNull();
    expect(sameOriginPath(null, ORIGIN)).toBeNull();
  });

  it('falls back to the given page', () => {
    expect(safeRedirect('//evil.example', ORIGIN, '/staff')).toBe('/staff');
    expect(safeRedirect('/staff/a', ORIGIN, '/staff')).toBe('/staff/a');
  });

  it('never returns something a browser would resolve to another origin', () => {
    for (const input of OFF_SITE_TARGETS) {
      const out = safeRedirect(input, ORIGIN, '/staff');
      // What a browser does with Location: strip tab/CR/LF, then resolve against the page.
      expect(new URL(out.replace(/[\t\n\r]/g, ''), ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
