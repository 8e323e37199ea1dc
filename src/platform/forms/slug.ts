import { z } from 'zod';

/**
 * The one rule for slugs, the readable keys in public addresses (/berlin/gebiete/wedding): lower-case
 * letters, digits and single hyphens; German umlauts and ß spelt out, other accents dropped.
 */
export function slugify(s: string, max = 60): string {
  return s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug someone types (the message explains the rule). */
export const slug = (max = 60) =>
  z.string().trim().max(max).regex(SLUG, { error: 'validation.slug' }).meta({ pattern: SLUG.source });
