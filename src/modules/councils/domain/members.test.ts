import { describe, expect, it } from 'vitest';
import { withParams } from '../../../platform/i18n/index.ts';
import {
  compositionWarnings,
  hasVoteOn,
  inTermOn,
  lastDay,
  type MemberTerm,
  roleRuleViolation,
  teamGrantReaches,
} from './members.ts';

const member = (over: Partial<MemberTerm> = {}): MemberTerm => ({
  id: Math.random().toString(36).slice(2),
  kind: 'resident',
  role: 'member',
  voting: true,
  termFrom: '2025-01-01',
  termTo: '2026-12-31',
  endedOn: null,
  ...over,
});

describe('terms', () => {
  it('a term includes its first and last day', () => {
    const m = member();
    expect(inTermOn(m, '2024-12-31')).toBe(false);
    expect(inTermOn(m, '2025-01-01')).toBe(true);
    expect(inTermOn(m, '2026-12-31')).toBe(true);
    expect(inTermOn(m, '2027-01-01')).toBe(false);
  });

  it('a resignation ends the term early; an open-ended term runs on', () => {
    const resigned = member({ endedOn: '2025-08-15' });
    expect(lastDay(resigned)).toBe('2025-08-15');
    expect(inTermOn(resigned, '2025-08-16')).toBe(false);
    expect(inTermOn(member({ termTo: null }), '2040-01-01')).toBe(true);
  });

  it('advisory members and guests have no vote', () => {
    expect(hasVoteOn(member(), '2025-06-01')).toBe(true);
    expect(hasVoteOn(member({ role: 'advisory', voting: false }), '2025-06-01')).toBe(false);
    expect(hasVoteOn(member({ role: 'guest', voting: true }), '2025-06-01')).toBe(false);
    expect(hasVoteOn(member({ voting: false }), '2025-06-01')).toBe(false);
  });
});

describe('composition of a Quartiersrat', () => {
  const residents = (n: number) => Array.from({ length: n }, () => member());
  const others = (n: number) => Array.from({ length: n }, () => member({ kind: 'organisation' }));

  it('warns when residents are no longer more than half of the voting members', () => {
    expect(compositionWarnings('resident_majority', [...residents(5), ...others(4)], '2025-06-01')).toEqual(
      [],
    );
    expect(compositionWarnings('resident_majority', [...residents(4), ...others(4)], '2025-06-01')).toEqual([
      {
        rule: 'resident_majority',
        message: withParams('councils:warnings.residentMajority', { residents: 4, voting: 8 }),
        residents: 4,
        voting: 8,
      },
    ]);
  });

  it('counts only voting members in term on the day', () => {
    const list = [
      ...residents(3),
      ...others(2),
      member({ kind: 'organisation', role: 'advisory', voting: false }),
      member({ kind: 'organisation', termFrom: '2025-07-01' }),
    ];
    expect(compositionWarnings('resident_majority', list, '2025-06-01')).toEqual([]);
    expect(compositionWarnings('resident_majority', list, '2025-07-01')).toHaveLength(1);
  });

  it('has nothing to say without the rule or without voting members', () => {
    expect(compositionWarnings('none', others(5), '2025-06-01')).toEqual([]);
    expect(compositionWarnings('resident_majority', [], '2025-06-01')).toEqual([]);
  });
});

describe('role rule of an AG Gemeinwesenarbeit (seed 003)', () => {
  it('the neighbourhood team cannot be speaker or deputy speaker', () => {
    for (const role of ['speaker', 'deputy'] as const) {
      expect(roleRuleViolation({ bodyKind: 'ag_gwa', role, memberKind: 'team', teamInArea: false })).toBe(
        'councils:errors.teamCannotChair',
      );
      expect(
        roleRuleViolation({ bodyKind: 'ag_gwa', role, memberKind: 'organisation', teamInArea: true }),
      ).toBe('councils:errors.teamCannotChair');
    }
  });

  it('the team may be a member, moderate or take minutes there, and may chair other bodies', () => {
    for (const role of ['member', 'moderator', 'minute_taker', 'advisory'] as const)
      expect(
        roleRuleViolation({ bodyKind: 'ag_gwa', role, memberKind: 'team', teamInArea: true }),
      ).toBeNull();
    expect(
      roleRuleViolation({ bodyKind: 'quartiersrat', role: 'speaker', memberKind: 'team', teamInArea: true }),
    ).toBeNull();
    expect(
      roleRuleViolation({ bodyKind: 'ag_gwa', role: 'speaker', memberKind: 'resident', teamInArea: false }),
    ).toBeNull();
  });

  it('a team grant reaches bodies in its area, above it and for the whole tenant', () => {
    const district = 'd';
    const qmA = 'a';
    const qmB = 'b';
    const inA = { areaId: qmA, areaIds: [qmA, district] };
    const inDistrict = { areaId: district, areaIds: [district] };
    const tenantWide = { areaId: null, areaIds: [] };
    expect(teamGrantReaches(qmA, [qmA, district], inA)).toBe(true);
    expect(teamGrantReaches(qmA, [qmA, district], inDistrict)).toBe(true);
    expect(teamGrantReaches(qmA, [qmA, district], tenantWide)).toBe(true);
    expect(teamGrantReaches(district, [district], inA)).toBe(true);
    expect(teamGrantReaches(null, [], inA)).toBe(true);
    expect(teamGrantReaches(qmB, [qmB, district], inA)).toBe(false);
  });
});
