// Reads the staff forms of funds, budgets and the split into the use cases' inputs. Amounts are typed
// in euros (`parseEuros`); an amount that is no amount is a message at its field. No rules here: the
// use cases' schemas check the rest and name each field.

import type { z } from 'zod';
import { ValidationError } from '../../../platform/http/errors.ts';
import { parseEuros } from '../domain/money.ts';
import type { Fund } from '../queries.ts';
import {
  type FundInput,
  fundInput,
  parse,
  type SplitInput,
  type YearBudgetInput,
  yearBudgetInput,
} from '../schemas.ts';

/** What a form sent: one string per field, a list for checkboxes of one name. */
export type Posted = Record<string, string | string[]>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** A whole number as typed; empty is null; anything else goes to the schema as it is (NaN is refused there). */
const whole = (v: string) => (v.trim() ? Number(v.trim()) : null);
const idOrNull = (v: string) => v.trim() || null;

/** Which form field shows a use case's message (the first part of its path). */
const FIELD: Record<string, string> = {
  capCents: 'cap',
  volunteerHourRateCents: 'hourRate',
  budgetCents: 'budget',
};
export const fieldOf = (key: string) => {
  const head = key.split('.')[0];
  return FIELD[head] ?? head;
};

/**
 * When an amount was no amount, the form's other fields are checked too, so that one answer names
 * every field that needs a change.
 */
function refuse(errors: Record<string, string>, schema: z.ZodType, input: unknown): void {
  if (!Object.keys(errors).length) return;
  try {
    parse(schema, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const [k, m] of Object.entries(err.fields)) if (!(fieldOf(k) in errors)) errors[k] = m;
  }
  throw new ValidationError(errors);
}

/** Euros into cents; empty is null; no amount is a message at `field`. */
function euros(v: string, field: string, errors: Record<string, string>): number | null {
  const n = parseEuros(v);
  if (n !== null && (Number.isNaN(n) || n < 0)) {
    errors[field] = 'funds:errors.euros';
    return null;
  }
  return n;
}

/** The fund form into the fund's input; throws a ValidationError for amounts that are no amounts. */
export function readFundForm(p: Posted): FundInput {
  const errors: Record<string, string> = {};
  const input: FundInput = {
    name: one(p.name),
    kind: one(p.kind) as FundInput['kind'],
    areaId: idOrNull(one(p.areaId)),
    workingGroupId: idOrNull(one(p.workingGroupId)),
    decidingBodyId: idOrNull(one(p.decidingBodyId)),
    parentFundId: idOrNull(one(p.parentFundId)),
    fundingSource: one(p.fundingSource),
    programme: one(p.programme),
    goals: one(p.goals),
    criteria: lines(one(p.criteria)),
    targetGroups: lines(one(p.targetGroups)),
    capCents: euros(one(p.cap), 'cap', errors),
    allowedCostKinds: many(p.allowedCostKinds) as FundInput['allowedCostKinds'],
    ownContributionPercent: whole(one(p.ownContributionPercent)) ?? 0,
    volunteerHourRateCents: euros(one(p.hourRate), 'hourRate', errors),
    noStartBeforeDecision: one(p.noStartBeforeDecision) === 'on',
    deadlineDaysBeforeSession: whole(one(p.deadlineDaysBeforeSession)),
    yearEndRule: one(p.yearEndRule) as FundInput['yearEndRule'],
    publicBalance: one(p.publicBalance) === 'on',
  };
  refuse(errors, fundInput, input);
  return input;
}

const euroText = (cents: number | null) =>
  cents === null
    ? ''
    : (cents / 100)
        .toFixed(2)
        .replace('.', ',')
        .replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** What the fund form shows for a stored fund (the same fields as the form sends). */
export function fundFormValues(f: Fund): Posted {
  return {
    name: f.name,
    kind: f.kind,
    areaId: f.areaId ?? '',
    workingGroupId: f.workingGroupId ?? '',
    decidingBodyId: f.decidingBodyId ?? '',
    parentFundId: f.parentFundId ?? '',
    fundingSource: f.fundingSource,
    programme: f.programme,
    goals: f.goals,
    criteria: f.criteria.join('\n'),
    targetGroups: f.targetGroups.join('\n'),
    cap: euroText(f.capCents),
    allowedCostKinds: [...f.allowedCostKinds],
    ownContributionPercent: String(f.ownContributionPercent),
    hourRate: euroText(f.volunteerHourRateCents),
    noStartBeforeDecision: f.noStartBeforeDecision ? 'on' : '',
    deadlineDaysBeforeSession:
      f.deadlineDaysBeforeSession === null ? '' : String(f.deadlineDaysBeforeSession),
    yearEndRule: f.yearEndRule,
    publicBalance: f.publicBalance ? 'on' : '',
  };
}

/** A year's budget as typed. */
export function readBudgetForm(p: Posted): YearBudgetInput {
  const errors: Record<string, string> = {};
  const input = {
    year: whole(one(p.year)) as number,
    budgetCents: euros(one(p.budget), 'budget', errors) as number,
    reason: one(p.reason),
  };
  refuse(errors, yearBudgetInput, input);
  return input;
}

/** The split as typed: one amount per working group's fund (`share_<fundId>`); an empty one is left out. */
export function readSplitForm(p: Posted, childIds: string[]): SplitInput {
  const errors: Record<string, string> = {};
  const shares = [];
  for (const id of childIds) {
    const cents = euros(one(p[`share_${id}`]), `share_${id}`, errors);
    if (cents !== null) shares.push({ fundId: id, budgetCents: cents });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { shares, reason: one(p.reason) };
}

export { euroText };
