import { describe, expect, it } from 'vitest';
import { circulationState } from './circulation.ts';
import type { QuorumRule } from './vocab.ts';

const closesAt = new Date('2025-06-14T22:00:00Z');
const during = new Date('2025-06-12T10:00:00Z');
const after = new Date('2025-06-15T08:00:00Z');
const rules = { majorityRule: 'simple', tieRule: 'chair_decides' } as const;
const entitled = ['a', 'b', 'c', 'd', 'e'];
const state = (
  ballots: [string, 'yes' | 'no' | 'abstain'][],
  now: Date,
  quorumRule: QuorumRule = 'more_than_half',
) =>
  circulationState({
    entitled,
    ballots: ballots.map(([memberId, choice]) => ({ memberId, choice })),
    closesAt,
    now,
    quorumRule,
    rules,
  });

describe('circulation vote', () => {
  it('stays open during the window while members are still to vote', () => {
    const s = state(
      [
        ['a', 'yes'],
        ['b', 'yes'],
        ['c', 'no'],
      ],
      during,
    );
    expect(s).toMatchObject({
      voted: 3,
      entitled: 5,
      needed: 3,
      complete: false,
      windowOver: false,
      closable: false,
    });
  });

  it('may close as soon as every member entitled to vote has voted', () => {
    const s = state(
      [
        ['a', 'yes'],
        ['b', 'yes'],
        ['c', 'no'],
        ['d', 'abstain'],
        ['e', 'yes'],
      ],
      during,
    );
    expect(s).toMatchObject({
      complete: true,
      closable: true,
      result: 'accepted',
      counts: { yes: 3, no: 1, abstain: 1 },
    });
  });

  it('at the end of the window: a result when enough took part, else no quorum', () => {
    expect(
      state(
        [
          ['a', 'no'],
          ['b', 'no'],
          ['c', 'yes'],
        ],
        after,
      ),
    ).toMatchObject({ closable: true, windowOver: true, result: 'rejected' });
    expect(
      state(
        [
          ['a', 'yes'],
          ['b', 'yes'],
        ],
        after,
      ),
    ).toMatchObject({ closable: true, result: 'no_quorum' });
  });

  it('abstentions count as taking part; a tie is rejected, as there is no chair to cast a vote', () => {
    expect(
      state(
        [
          ['a', 'yes'],
          ['b', 'no'],
          ['c', 'abstain'],
        ],
        after,
      ),
    ).toMatchObject({ voted: 3, result: 'rejected' });
  });

  it('ignores ballots of members not entitled (e.g. one who declared a conflict of interest later)', () => {
    const s = state(
      [
        ['a', 'yes'],
        ['x', 'no'],
      ],
      after,
      'none',
    );
    expect(s).toMatchObject({ voted: 1, counts: { yes: 1, no: 0, abstain: 0 }, result: 'accepted' });
  });

  it('without anyone entitled to vote, nothing is decided', () => {
    const s = circulationState({
      entitled: [],
      ballots: [],
      closesAt,
      now: after,
      quorumRule: 'none',
      rules,
    });
    expect(s).toMatchObject({ complete: false, result: 'no_quorum' });
  });
});
