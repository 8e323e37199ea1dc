/**
 * Defaults of a new body by its kind (seeds 002, 003): what a Quartiersrat, a jury or an AG
 * Gemeinwesenarbeit usually decides for itself. Staff change any of them per body.
 */
import type { BodyKind, CompositionRule, MajorityRule, QuorumRule, TieRule } from './vocab.ts';

export interface BodyRules {
  public: boolean;
  quorumRule: QuorumRule;
  quorumFixed: number | null;
  majorityRule: MajorityRule;
  tieRule: TieRule;
  compositionRule: CompositionRule;
  invitationDays: number;
  voteByNameRequired: boolean;
  circulationQuorumRule: Exclude<QuorumRule, 'fixed'>;
  termYears: number | null;
}

const BASE: BodyRules = {
  public: true,
  quorumRule: 'more_than_half',
  quorumFixed: null,
  majorityRule: 'simple',
  tieRule: 'rejected',
  compositionRule: 'none',
  invitationDays: 7,
  voteByNameRequired: false,
  circulationQuorumRule: 'more_than_half',
  termYears: null,
};

/**
 * - Quartiersrat: meets in public, mainly residents (resident majority), elected for 2 years.
 * - Aktionsfondsjury: residents elected for 2 years, decides on applications in closed session.
 * - AG Gemeinwesenarbeit: self-organised, meets in public (its speaker rule is in `roleRuleViolation`).
 * - Steering rounds and cross-department working groups: closed, administration among itself.
 * - Stadtteilkonferenz, Kiezrunde and free bodies: public.
 */
export function defaultRules(kind: BodyKind): BodyRules {
  switch (kind) {
    case 'quartiersrat':
      return { ...BASE, compositionRule: 'resident_majority', termYears: 2 };
    case 'aktionsfondsjury':
      return { ...BASE, public: false, termYears: 2 };
    case 'steering_local':
    case 'steering_district':
    case 'steering_state':
    case 'working_group':
      return { ...BASE, public: false };
    default:
      return { ...BASE };
  }
}
