import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../platform/time/index.ts';
import {
  AKTIONSFONDS_CAP_CENTS,
  checkRules,
  costTotals,
  defaultRules,
  grantProblem,
  nextSessionFor,
  ownContributionValue,
  requiredOwnContribution,
  type Session,
  sessionDeadlines,
} from './rules.ts';

const session = (id: string, date: string, status = 'planned'): Session => ({
  id,
  startsAt: localToInstant(date, '18:00'),
  status,
});
const sessions = [
  session('mar', '2026-03-10'),
  session('jan', '2026-01-13'),
  session('feb', '2026-02-10', 'cancelled'),
  session('apr', '2026-04-14'),
];
const action = defaultRules('action');
const app = (over: Partial<Parameters<typeof checkRules>[1]> = {}) => ({
  costLines: [
    { item: 'Pflanzen', costKind: 'material' as const, amountCents: 80_000 },
    { item: 'Erde', costKind: 'material' as const, amountCents: 20_000 },
  ],
  ownMoneyCents: 0,
  volunteerHours: 10,
  startsOn: '2026-03-20',
  ...over,
});
const byRule = (checks: ReturnType<typeof checkRules>) => Object.fromEntries(checks.map((c) => [c.rule, c]));

describe('Aktionsfonds defaults', () => {
  it('caps an application at 1,500 €, takes material costs only and wants a small own share', () => {
    expect(action.capCents).toBe(150_000);
    expect(action.allowedCostKinds).toEqual(['material']);
    expect(action.ownContributionPercent).toBeGreaterThan(0);
    expect(action.noStartBeforeDecision).toBe(true);
  });
});

describe('the cost plan', () => {
  it('adds up the lines and asks the fund for the rest after the own money', () => {
    expect(costTotals(app().costLines, 10_000)).toEqual({ totalCents: 100_000, requestedCents: 90_000 });
    expect(costTotals(app().costLines, 200_000).requestedCents).toBe(0);
  });
});

describe('the cap per application', () => {
  it('lets 1,500 € through and refuses one cent more', () => {
    const exact = app({
      costLines: [{ item: 'Material', costKind: 'material', amountCents: AKTIONSFONDS_CAP_CENTS }],
    });
    expect(byRule(checkRules(action, exact, { day: '2026-03-01', sessions })).cap.ok).toBe(true);
    const over = app({ costLines: [{ item: 'Material', costKind: 'material', amountCents: 150_001 }] });
    const c = byRule(checkRules(action, over, { day: '2026-03-01', sessions })).cap;
    expect(c.ok).toBe(false);
    expect(c.params).toEqual({ requested: 150_001, cap: 150_000 });
  });

  it('counts what is asked for, after the own money', () => {
    const lines = [{ item: 'Material', costKind: 'material' as const, amountCents: 160_000 }];
    expect(
      byRule(
        checkRules(action, app({ costLines: lines, ownMoneyCents: 10_000 }), { day: '2026-03-01', sessions }),
      ).cap.ok,
    ).toBe(true);
  });
});

describe('allowed cost kinds', () => {
  it('refuses fees in a fund for material costs only and names the lines', () => {
    const lines = [
      { item: 'Farbe', costKind: 'material' as const, amountCents: 10_000 },
      { item: 'Honorar Künstlerin', costKind: 'fee' as const, amountCents: 30_000 },
    ];
    const c = byRule(
      checkRules(action, app({ costLines: lines }), { day: '2026-03-01', sessions }),
    ).cost_kinds;
    expect(c.ok).toBe(false);
    expect(c.params.items).toBe('Honorar Künstlerin');
  });

  it('takes every kind when the fund names none', () => {
    const open = { ...action, allowedCostKinds: [] };
    const lines = [{ item: 'Honorar', costKind: 'fee' as const, amountCents: 10_000 }];
    expect(
      byRule(checkRules(open, app({ costLines: lines }), { day: '2026-03-01', sessions })).cost_kinds,
    ).toBeUndefined();
  });
});

describe('own contribution', () => {
  it('is the share of the total, rounded up to the cent', () => {
    expect(requiredOwnContribution(100_000, 10)).toBe(10_000);
    expect(requiredOwnContribution(100_001, 10)).toBe(10_001);
  });

  it('counts volunteer hours at the fund rate, and not at all without a rate', () => {
    expect(ownContributionValue(1_000, 4, 1_500)).toBe(7_000);
    expect(ownContributionValue(1_000, 4, null)).toBe(1_000);
  });

  it('is met by volunteer hours alone', () => {
    // 10 % of 1,000 € = 100 €; 7 hours × 15 € = 105 €.
    const c = byRule(
      checkRules(action, app({ volunteerHours: 7 }), { day: '2026-03-01', sessions }),
    ).own_contribution;
    expect(c.ok).toBe(true);
    const short = byRule(
      checkRules(action, app({ volunteerHours: 6 }), { day: '2026-03-01', sessions }),
    ).own_contribution;
    expect(short.ok).toBe(false);
    expect(short.params).toEqual({ required: 10_000, value: 9_000 });
  });
});

describe('deadlines derived from the sessions of the deciding body', () => {
  it('falls N days before each session that still takes place, in date order', () => {
    const d = sessionDeadlines(sessions, 7);
    expect(d.map((s) => [s.session.id, s.deadline])).toEqual([
      ['jan', '2026-01-06'],
      ['mar', '2026-03-03'],
      ['apr', '2026-04-07'],
    ]);
  });

  it('sends an application to the first session whose deadline has not passed', () => {
    expect(nextSessionFor(sessions, 7, '2026-03-03')?.session.id).toBe('mar');
    expect(nextSessionFor(sessions, 7, '2026-03-04')?.session.id).toBe('apr');
    expect(nextSessionFor(sessions, 7, '2026-04-08')).toBeNull();
    const c = byRule(checkRules(action, app(), { day: '2026-04-08', sessions })).deadline;
    expect(c.ok).toBe(false);
  });

  it('skips held and cancelled sessions', () => {
    expect(nextSessionFor([session('x', '2026-02-10', 'held')], 0, '2026-01-01')).toBeNull();
  });
});

describe('no start before the decision', () => {
  it('wants the project to start after the day of the session that decides it', () => {
    const on = byRule(
      checkRules(action, app({ startsOn: '2026-03-10' }), { day: '2026-03-01', sessions }),
    ).start_date;
    expect(on.ok).toBe(false);
    expect(on.params.session).toBe('2026-03-10');
    const after = byRule(
      checkRules(action, app({ startsOn: '2026-03-11' }), { day: '2026-03-01', sessions }),
    ).start_date;
    expect(after.ok).toBe(true);
  });

  it('refuses a project that started already (no funding after the fact)', () => {
    const c = byRule(
      checkRules(action, app({ startsOn: '2026-02-01' }), { day: '2026-03-01', sessions }),
    ).start_date;
    expect(c.ok).toBe(false);
  });
});

describe('what the jury may grant', () => {
  it('at most what was asked for and at most the cap', () => {
    expect(grantProblem(100_000, 100_000, 150_000)).toBeNull();
    expect(grantProblem(100_001, 100_000, 150_000)).toBe('funds:errors.grantOverRequested');
    expect(grantProblem(150_001, 200_000, 150_000)).toBe('funds:errors.grantOverCap');
    expect(grantProblem(0, 100, null)).toBe('funds:errors.grantPositive');
  });
});
