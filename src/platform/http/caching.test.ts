import { describe, expect, it } from 'vitest';
import { etagMatches, hashEtag } from './caching.ts';

describe('HTTP caching', () => {
  it('matches If-None-Match lists, weak tags and *', () => {
    const tag = hashEtag('body');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`"old", W/${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"old"', tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
  });
});
