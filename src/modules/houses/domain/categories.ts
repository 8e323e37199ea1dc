/**
 * Categories of use ("Nutzungsarten"). Fixed and few on purpose: the diversity measure compares
 * houses and periods, which only works when everyone counts in the same categories.
 */
export const CATEGORIES = [
  'neighbourhood',
  'culture',
  'education',
  'children_family',
  'youth',
  'seniors',
  'health_sport',
  'counselling',
  'civic',
  'celebration',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const isCategory = (v: string): v is Category => (CATEGORIES as readonly string[]).includes(v);
