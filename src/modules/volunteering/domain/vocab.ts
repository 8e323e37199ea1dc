/**
 * Fixed vocabularies of the volunteering module: stable English codes stored in the database; labels
 * come from i18n (`volunteering:vocab.<list>.<code>`).
 */

/** A need (ENGAGE-1, regular or one-off help wanted) or a call (ENGAGE-3, one concrete project day with sign-up). */
export const NEED_KINDS = ['need', 'call'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

export const SCHEDULES = ['once', 'regular'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export const NEED_STATUSES = ['open', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

/** What volunteers can do and needs ask for: the words matching compares. */
export const SKILLS = [
  'tutoring',
  'reading',
  'language_teaching',
  'translation',
  'accompaniment',
  'childcare',
  'seniors',
  'crafts',
  'gardening',
  'cooking',
  'sport',
  'music_art',
  'it',
  'organising',
  'driving',
] as const;
export type Skill = (typeof SKILLS)[number];

/** Languages offered in the forms (ISO 639-1; 'fa' Persian, 'ku' Kurdish). */
export const LANGUAGES = [
  'de',
  'en',
  'tr',
  'ar',
  'ru',
  'uk',
  'pl',
  'fa',
  'ku',
  'fr',
  'es',
  'ro',
  'bg',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** A volunteer's entry: waiting for the e-mail to be confirmed, active (matched), or paused by them. */
export const VOLUNTEER_STATUSES = ['unconfirmed', 'active', 'paused'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

export const MATCH_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'confirmed', 'ended'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** How people join an initiative: through a contact form (its address stays hidden) or by coming along. */
export const JOIN_MODES = ['contact', 'come_by'] as const;
export type JoinMode = (typeof JOIN_MODES)[number];

export const CERTIFICATE_STATUSES = ['requested', 'signed'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** The version of the consent text the offer form shows (stored with each consent). */
export const CONSENT_TEXT_VERSION = '2026-12';
