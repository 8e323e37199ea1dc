import { describe, expect, it } from 'vitest';
import type { MemberTerm } from './members.ts';
import {
  type AttendanceEntry,
  itemQuorum,
  presentFor,
  quorumNeeded,
  voteErrors,
  voteOutcome,
} from './votes.ts';

const member = (id: string, over: Partial<MemberTerm> = {}): MemberTerm => ({
  id,
  kind: 'resident',
  role: 'member',
  voting: true,
  termFrom: '2025-01-01',
  termTo: '2026-12-31',
  endedOn: null,
  ...over,
});
const here = (memberId: string, over: Partial<AttendanceEntry> = {}): AttendanceEntry => ({
  memberId,
  status: 'present',
  fromPosition: null,
  untilPosition: null,
  ...over,
});
const jury = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => member(id));
const simple = { majorityRule: 'simple', tieRule: 'rejected' } as const;

describe('quorum needed', () => {
  it('is more than half of the voting members by default', () => {
    expect(quorumNeeded('more_than_half', null, 7)).toBe(4);
    expect(quorumNeeded('more_than_half', null, 8)).toBe(5);
    expect(quorumNeeded('more_than_half', null, 1)).toBe(1);
  });

  it('follows the other rules, and always needs at least one member', () => {
    expect(quorumNeeded('at_least_half', null, 8)).toBe(4);
    expect(quorumNeeded('at_least_half', null, 7)).toBe(4);
    expect(quorumNeeded('at_least_third', null, 9)).toBe(3);
    expect(quorumNeeded('at_least_third', null, 10)).toBe(4);
    expect(quorumNeeded('fixed', 5, 9)).toBe(5);
    expect(quorumNeeded('none', null, 9)).toBe(1);
    expect(quorumNeeded('more_than_half', null, 0)).toBe(1);
  });

  it('a fixed quorum never asks for more than may vote (after conflicts of interest)', () => {
    expect(quorumNeeded('fixed', 5, 3)).toBe(3);
  });
});

describe('presence for an agenda item', () => {
  it('counts present, late and left-early members only for the items they were there for', () => {
    expect(presentFor(here('a'), 3)).toBe(true);
    expect(presentFor(here('a', { status: 'excused' }), 3)).toBe(false);
    expect(presentFor(here('a', { status: 'absent' }), 3)).toBe(false);
    expect(presentFor(here('a', { status: 'late', fromPosition: 4 }), 3)).toBe(false);
    expect(presentFor(here('a', { status: 'late', fromPosition: 4 }), 4)).toBe(true);
    expect(presentFor(here('a', { status: 'left_early', untilPosition: 5 }), 5)).toBe(true);
    expect(presentFor(here('a', { status: 'left_early', untilPosition: 5 }), 6)).toBe(false);
  });
});

describe('quorum of an agenda item', () => {
  const rules = { quorumRule: 'more_than_half', quorumFixed: null } as const;

  it('counts present voting members against the voting members in term', () => {
    const q = itemQuorum({
      rules,
      members: jury,
      date: '2025-06-10',
      attendance: ['a', 'b', 'c', 'd'].map((id) => here(id)),
      conflicted: new Set(),
      position: 2,
    });
    expect(q).toMatchObject({ needed: 4, quorate: true });
    expect(q.entitled).toHaveLength(7);
    expect(q.present).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves a member with a conflict of interest out of both the members and those present', () => {
    // 7 members, 4 present, one of them conflicted: 3 of 6 present, 4 needed → no quorum.
    const q = itemQuorum({
      rules,
      members: jury,
      date: '2025-06-10',
      attendance: ['a', 'b', 'c', 'd'].map((id) => here(id)),
      conflicted: new Set(['a']),
      position: 2,
    });
    expect(q.entitled).toHaveLength(6);
    expect(q.present).toEqual(['b', 'c', 'd']);
    expect(q).toMatchObject({ needed: 4, quorate: false });
  });

  it('does not count advisory members, guests, members whose term ended, or who left before the item', () => {
    const members = [
      ...jury.slice(0, 3),
      member('adv', { role: 'advisory', voting: false }),
      member('guest', { role: 'guest', voting: false }),
      member('gone', { endedOn: '2025-05-31' }),
      member('future', { termFrom: '2025-07-01' }),
    ];
    const q = itemQuorum({
      rules,
      members,
      date: '2025-06-10',
      attendance: [
        here('a'),
        here('b', { status: 'left_early', untilPosition: 1 }),
        here('adv'),
        here('guest'),
        here('gone'),
      ],
      conflicted: new Set(),
      position: 2,
    });
    expect(q.entitled).toEqual(['a', 'b', 'c']);
    expect(q.present).toEqual(['a']);
    expect(q).toMatchObject({ needed: 2, quorate: false });
  });

  it('is never reached when everyone with a vote has a conflict of interest', () => {
    const q = itemQuorum({
      rules: { quorumRule: 'none', quorumFixed: null },
      members: jury.slice(0, 2),
      date: '2025-06-10',
      attendance: [here('a'), here('b')],
      conflicted: new Set(['a', 'b']),
      position: 1,
    });
    expect(q).toMatchObject({ entitled: [], present: [], quorate: false });
  });
});

describe('result of a vote', () => {
  it('simple majority: more yes than no, abstentions do not count', () => {
    expect(voteOutcome({ yes: 3, no: 2, abstain: 2 }, simple).result).toBe('accepted');
    expect(voteOutcome({ yes: 2, no: 3, abstain: 0 }, simple).result).toBe('rejected');
  });

  it('a tie is rejected unless the rules let the chair decide', () => {
    expect(voteOutcome({ yes: 2, no: 2, abstain: 1 }, simple)).toEqual({
      result: 'rejected',
      tie: true,
      casting: false,
    });
    const chair = { majorityRule: 'simple', tieRule: 'chair_decides' } as const;
    expect(voteOutcome({ yes: 2, no: 2, abstain: 1 }, chair).result).toBeNull();
    expect(voteOutcome({ yes: 2, no: 2, abstain: 1 }, chair, 'yes')).toEqual({
      result: 'accepted',
      tie: true,
      casting: true,
    });
    expect(voteOutcome({ yes: 2, no: 2, abstain: 1 }, chair, 'no').result).toBe('rejected');
  });

  it('nothing decided when everyone abstained', () => {
    expect(voteOutcome({ yes: 0, no: 0, abstain: 5 }, simple).result).toBe('rejected');
    expect(voteOutcome({ yes: 0, no: 0, abstain: 5 }, { ...simple, tieRule: 'chair_decides' }).result).toBe(
      'rejected',
    );
  });

  it('absolute majority counts abstentions against the motion', () => {
    const abs = { majorityRule: 'absolute', tieRule: 'rejected' } as const;
    expect(voteOutcome({ yes: 3, no: 1, abstain: 2 }, abs).result).toBe('rejected');
    expect(voteOutcome({ yes: 4, no: 1, abstain: 2 }, abs).result).toBe('accepted');
  });

  it('two thirds of the yes and no votes', () => {
    const tt = { majorityRule: 'two_thirds', tieRule: 'chair_decides' } as const;
    expect(voteOutcome({ yes: 4, no: 2, abstain: 3 }, tt).result).toBe('accepted');
    expect(voteOutcome({ yes: 3, no: 2, abstain: 0 }, tt).result).toBe('rejected');
  });
});

describe('checking a vote before it is recorded', () => {
  const quorum = {
    entitled: ['a', 'b', 'c', 'd', 'e'],
    present: ['a', 'b', 'c'],
    needed: 3,
    quorate: true,
  };
  const base = {
    itemKind: 'decision' as const,
    voteByNameRequired: false,
    quorum,
    conflicted: new Set<string>(['e']),
    rules: simple,
  };

  it('accepts counts that fit the members present', () => {
    expect(voteErrors({ kind: 'open', counts: { yes: 2, no: 1, abstain: 0 } }, base)).toEqual({});
  });

  it('refuses without quorum', () => {
    expect(
      voteErrors(
        { kind: 'open', counts: { yes: 1, no: 0, abstain: 0 } },
        { ...base, quorum: { ...quorum, quorate: false } },
      ),
    ).toEqual({ quorum: 'councils:errors.noQuorum' });
  });

  it('refuses more votes than members with a vote present', () => {
    expect(voteErrors({ kind: 'secret', counts: { yes: 2, no: 1, abstain: 1 } }, base)).toEqual({
      counts: 'councils:errors.moreVotesThanPresent',
    });
  });

  it('refuses the ballot of a member with a conflict of interest, of an absent member and a second ballot', () => {
    const ballots = (list: [string, 'yes' | 'no' | 'abstain'][]) =>
      list.map(([memberId, choice]) => ({ memberId, choice }));
    expect(
      voteErrors(
        {
          kind: 'by_name',
          ballots: ballots([
            ['a', 'yes'],
            ['e', 'no'],
          ]),
        },
        base,
      ),
    ).toEqual({
      ballots: 'councils:errors.ballotConflicted',
    });
    expect(
      voteErrors(
        {
          kind: 'by_name',
          ballots: ballots([
            ['a', 'yes'],
            ['d', 'no'],
          ]),
        },
        base,
      ),
    ).toEqual({
      ballots: 'councils:errors.ballotNotPresent',
    });
    expect(
      voteErrors(
        {
          kind: 'by_name',
          ballots: ballots([
            ['a', 'yes'],
            ['a', 'no'],
          ]),
        },
        base,
      ),
    ).toEqual({
      ballots: 'councils:errors.ballotTwice',
    });
    expect(
      voteErrors(
        {
          kind: 'by_name',
          ballots: ballots([
            ['a', 'yes'],
            ['b', 'no'],
            ['c', 'yes'],
          ]),
        },
        base,
      ),
    ).toEqual({});
  });

  it('a body that votes by name takes no open vote, and a secret vote only in an election', () => {
    const byName = { ...base, voteByNameRequired: true };
    expect(voteErrors({ kind: 'open', counts: { yes: 2, no: 0, abstain: 0 } }, byName)).toEqual({
      kind: 'councils:errors.voteByNameRequired',
    });
    expect(voteErrors({ kind: 'secret', counts: { yes: 2, no: 0, abstain: 0 } }, byName)).toEqual({
      kind: 'councils:errors.secretOnlyElections',
    });
    expect(
      voteErrors(
        { kind: 'secret', counts: { yes: 2, no: 0, abstain: 0 } },
        { ...byName, itemKind: 'election' },
      ),
    ).toEqual({});
  });

  it('asks for the chair’s casting vote on a tie when the rules say so', () => {
    const chair = { ...base, rules: { majorityRule: 'simple', tieRule: 'chair_decides' } as const };
    expect(voteErrors({ kind: 'open', counts: { yes: 1, no: 1, abstain: 1 } }, chair)).toEqual({
      chairCasting: 'councils:errors.castingVoteNeeded',
    });
    expect(
      voteErrors({ kind: 'open', counts: { yes: 1, no: 1, abstain: 1 }, chairCasting: 'no' }, chair),
    ).toEqual({});
  });

  it('takes no vote on an item that is only for information', () => {
    expect(
      voteErrors(
        { kind: 'open', counts: { yes: 1, no: 0, abstain: 0 } },
        { ...base, itemKind: 'information' },
      ),
    ).toEqual({ kind: 'councils:errors.noVoteOnInformation' });
  });
});
