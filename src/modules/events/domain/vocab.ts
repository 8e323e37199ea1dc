/**
 * Fixed vocabularies of the events module. Values are stable English codes stored in the database;
 * labels come from i18n (`events:vocab.<list>.<code>`).
 */
export const TARGET_GROUPS = [
  'all_residents',
  'children',
  'young_people',
  'families',
  'seniors',
  'women',
  'migrants',
  'newcomers',
  'disabled',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** Languages an event is held in (ISO 639-1, plus German Sign Language and easy German). */
export const EVENT_LANGUAGES = [
  'de',
  'en',
  'tr',
  'ar',
  'ru',
  'uk',
  'pl',
  'fa',
  'ku',
  'ro',
  'bg',
  'fr',
  'es',
  'dgs',
  'de-x-ls',
] as const;
export type EventLanguage = (typeof EVENT_LANGUAGES)[number];

/** Age groups of the attendance count (as in the KPI reports of the programme). */
export const AGE_GROUPS = ['under_6', '6_13', '14_17', '18_26', '27_64', '65_plus'] as const;
export const GENDERS = ['female', 'male', 'diverse', 'unknown'] as const;

export const REPEATS = ['none', 'weekly', 'biweekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];
