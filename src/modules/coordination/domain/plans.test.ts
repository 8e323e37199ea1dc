import { describe, expect, it } from 'vitest';
import { milestoneOverdue, planRollUp, progressPercent, rollUp } from './plans.ts';
import type { MeasureStatus } from './vocab.ts';

const ind = (id: string, baseline: number, target: number) => ({ id, baseline, target });

describe('progress rolls up to goals and fields', () => {
  // Field "Bildung": goal g1 with three measures (one done, one running, one dropped) and two
  // indicators (20 → 60 measured at 40: 50 %; 10 → 5 measured at 2: beyond the target, held at 100 %);
  // goal g2 with one done measure and an indicator not measured. Field "Raum": goal g3, nothing.
  const fields = [
    {
      id: 'f1',
      goals: [
        {
          id: 'g1',
          measures: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }],
          indicators: [ind('i1', 20, 60), ind('i2', 10, 5)],
        },
        { id: 'g2', measures: [{ id: 'm4' }], indicators: [ind('i3', 0, 10)] },
      ],
    },
    { id: 'f2', goals: [{ id: 'g3', measures: [], indicators: [] }] },
  ];
  const statuses = new Map<string, MeasureStatus>([
    ['m1', 'done'],
    ['m2', 'running'],
    ['m3', 'dropped'],
    ['m4', 'done'],
  ]);
  const latest = new Map([
    ['i1', { value: 40 }],
    ['i2', { value: 2 }],
  ]);
  const r = planRollUp(fields, statuses, latest);

  it('counts the share of measures done, leaving dropped ones out', () => {
    expect(r.goals.get('g1')).toMatchObject({ measures: 2, done: 1, donePercent: 50 });
    expect(r.goals.get('g2')).toMatchObject({ measures: 1, done: 1, donePercent: 100 });
    // The field pools its goals' measures: 2 of 3, not the mean of 50 % and 100 %.
    expect(r.fields.get('f1')).toMatchObject({ measures: 3, done: 2, donePercent: 67 });
    expect(r.plan).toMatchObject({ measures: 3, done: 2, donePercent: 67 });
  });

  it('averages the measured indicators, each held between 0 and 100 %', () => {
    expect(r.goals.get('g1')).toMatchObject({ indicators: 2, measured: 2, indicatorPercent: 75 });
    expect(r.goals.get('g2')).toMatchObject({ indicators: 1, measured: 0, indicatorPercent: null });
    expect(r.fields.get('f1')).toMatchObject({ indicators: 3, measured: 2, indicatorPercent: 75 });
  });

  it('says nothing where there is nothing to count', () => {
    expect(r.fields.get('f2')).toEqual({
      measures: 0,
      done: 0,
      donePercent: null,
      indicators: 0,
      measured: 0,
      indicatorPercent: null,
    });
  });

  it('a value that went the wrong way counts as 0, not below', () => {
    const one = rollUp(
      [{ id: 'g', measures: [{ id: 'x' }], indicators: [ind('a', 20, 60), ind('b', 20, 60)] }],
      () => undefined,
      (id) => (id === 'a' ? 10 : 60),
    );
    expect(progressPercent(ind('a', 20, 60), 10)).toBe(-25);
    expect(one).toMatchObject({ measures: 1, done: 0, donePercent: 0, indicatorPercent: 50 });
  });
});

describe('milestones', () => {
  it('are overdue when due before today and not reached', () => {
    expect(milestoneOverdue({ dueOn: '2027-03-01', doneOn: null }, '2027-03-02')).toBe(true);
    expect(milestoneOverdue({ dueOn: '2027-03-02', doneOn: null }, '2027-03-02')).toBe(false);
    expect(milestoneOverdue({ dueOn: '2027-03-01', doneOn: '2027-03-05' }, '2027-04-01')).toBe(false);
  });
});
