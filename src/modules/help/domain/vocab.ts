// Vocabularies of the help directory: what a service costs, how one gets an appointment, how the
// counselling happens, what a place offers for access. Stored as text; checked in the schema.

export const COSTS = ['free', 'reduced', 'fee', 'unknown'] as const;
export type Cost = (typeof COSTS)[number];

/** appointment = only with one; walk_in = no appointment needed; both = either. */
export const ACCESS_MODES = ['appointment', 'walk_in', 'both', 'unknown'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export const CHANNELS = ['in_person', 'phone', 'video', 'online', 'outreach', 'callback'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACCESSIBILITY = ['step_free', 'accessible_toilet', 'sign_language', 'hearing_loop'] as const;
export type Accessibility = (typeof ACCESSIBILITY)[number];

export const TOPIC_KINDS = ['social_code', 'theme'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** Where a service's record came from: typed by staff or imported (then `source_key` names the row). */
export const SOURCES = ['manual', 'berlin_hilf_mir'] as const;
export type Source = (typeof SOURCES)[number];

/** Entries not checked for this many months are flagged for staff (per service it can differ). */
export const DEFAULT_REVIEW_MONTHS = 12;

/** The provider's answer through their private link: the entry is still right, or a change is proposed. */
export const REVIEW_ANSWERS = ['confirmed', 'proposed'] as const;
export type ReviewAnswer = (typeof REVIEW_ANSWERS)[number];

/** Staff's decision on a proposed change. */
export const REVIEW_DECISIONS = ['accepted', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** How long a provider's private link works. */
export const REVIEW_LINK_DAYS = 30;

/** The fields a provider may correct through their link (places and hours go in the note). */
export const PROPOSAL_FIELDS = [
  'name',
  'description',
  'eligibility',
  'costNote',
  'phone',
  'email',
  'website',
] as const;
export type ProposalField = (typeof PROPOSAL_FIELDS)[number];
