/**
 * Fixed vocabularies of the network module. Values are stable English codes stored in the
 * database; labels come from i18n (`network:vocab.<list>.<code>`).
 */
export const ACTOR_KINDS = ['organisation', 'person'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ORG_TYPES = [
  'provider',
  'association',
  'initiative',
  'school',
  'daycare',
  'housing_company',
  'church',
  'business',
  'foundation',
  'department',
  'youth_centre',
] as const;

export const FIELDS = [
  'youth',
  'education',
  'family',
  'seniors',
  'health',
  'counselling',
  'integration',
  'culture',
  'sport',
  'environment',
  'housing',
  'employment',
  'neighbourhood',
  'public_space',
] as const;

export const TARGET_GROUPS = [
  'children',
  'young_people',
  'families',
  'seniors',
  'migrants',
  'refugees',
  'unemployed',
  'disabled',
  'women',
  'all_residents',
] as const;

/** Languages offered in forms (ISO 639-1; 'ku' Kurdish, 'fa' Persian). */
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
  'ro',
  'bg',
  'fr',
  'es',
  'vi',
  'sgn',
] as const;

export const RELATION_TYPES = ['member_of', 'runs', 'partner_of', 'funds'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const CONTACT_KINDS = ['visit', 'call', 'meeting', 'email', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const LEGAL_BASES = ['consent', 'contract', 'public_task'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Version of the consent text shown in the forms; stored with every consent. */
export const CONSENT_TEXT_VERSION = 'network-consent-2025-01';

/** Concern topics, including the areas of the social code (SGB). */
export const TOPICS = [
  'sgb2',
  'housing_benefit',
  'sgb8',
  'sgb12',
  'health',
  'debt',
  'residence',
  'family',
  'neighbourhood_conflict',
  'public_space',
  'housing',
  'education',
  'work',
  'other',
] as const;

export const REFERRAL_KINDS = ['none', 'service', 'department', 'fund', 'team_member'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

export const CONCERN_STATUSES = ['open', 'in_progress', 'referred', 'done'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

export { TIME_ZONE } from '../../platform/time/index.ts';

/** Default retention: person records three years, contact data of a concern one year. */
export const PERSON_RETENTION_YEARS = 3;
export const CONCERN_RETENTION_YEARS = 1;
