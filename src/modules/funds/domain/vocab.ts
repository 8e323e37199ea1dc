/**
 * Fixed vocabularies of the funds module (FUND-1 … FUND-5). Values are stable English codes stored
 * in the database; labels come from i18n (`funds:vocab.<list>.<code>`).
 */

/**
 * Kinds of funds (seeds 002, 003): Aktionsfonds (small resident projects, jury), Projektfonds
 * (≥ 5,000 €, several years), Baufonds (construction), Initiativfonds (Magdeburg's AG GWA fund),
 * Verfügungsfonds (a disposal fund of a programme area), and any other (free).
 */
export const FUND_KINDS = ['action', 'project', 'construction', 'initiative', 'disposition', 'free'] as const;
export type FundKind = (typeof FUND_KINDS)[number];

/** What happens at year end with money that was not committed: it lapses, or carries over to next year. */
export const YEAR_END_RULES = ['lapse', 'carry_over'] as const;
export type YearEndRule = (typeof YEAR_END_RULES)[number];

/**
 * Kinds of cost in a cost plan. `material` are Sachkosten (material, rent of a room, printing,
 * food for a street party); `fee` are fees of freelancers (Honorare); `staff` personnel costs;
 * `investment` construction and lasting goods; `other` anything else.
 */
export const COST_KINDS = ['material', 'fee', 'staff', 'investment', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/**
 * Statuses of an application. The way through: draft → submitted → in_review (eligibility notes;
 * changes_requested sends it back to the applicant, who submits again) → on_agenda (of the deciding
 * body's meeting) → granted or refused → settlement (money paid, proof of use awaited) → settled →
 * closed. An applicant may withdraw it before the decision.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'on_agenda',
  'granted',
  'refused',
  'settlement',
  'settled',
  'closed',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICANT_KINDS = ['person', 'group'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/**
 * Entries of a fund-year's ledger (append-only):
 * - `commitment` — money granted to an application (Bewilligung);
 * - `correction` — a signed change of what is committed (a grant reduced or cancelled);
 * - `payment` — money paid out (an advance or a reimbursement, possibly in instalments);
 * - `return` — money paid back (Rückzahlung);
 * - `lapse` — uncommitted money that lapses at year end;
 * - `carry_over_out` / `carry_over_in` — uncommitted money moved to the next year (both sides).
 */
export const LEDGER_KINDS = [
  'commitment',
  'correction',
  'payment',
  'return',
  'lapse',
  'carry_over_out',
  'carry_over_in',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const PAYMENT_KINDS = ['advance', 'reimbursement'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/** The rules an eligibility check notes on (one note per rule, plus free notes). */
export const ELIGIBILITY_RULES = [
  'cap',
  'cost_kinds',
  'own_contribution',
  'start_date',
  'deadline',
  'guideline',
  'other',
] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/**
 * The proof of use (settlement) of a granted application: the applicant writes it (draft) and submits
 * it; staff accept it or ask for corrections, after which the applicant submits again.
 */
export const SETTLEMENT_STATUSES = ['draft', 'submitted', 'corrections', 'accepted'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** Files of a settlement: receipts (of one cost line) and photos of the project. */
export const SETTLEMENT_FILE_KINDS = ['receipt', 'photo'] as const;
export type SettlementFileKind = (typeof SETTLEMENT_FILE_KINDS)[number];
