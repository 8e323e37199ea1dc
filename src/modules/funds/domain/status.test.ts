import { describe, expect, it } from 'vitest';
import { canMove, editableByApplicant, NEXT } from './status.ts';
import { APPLICATION_STATUSES } from './vocab.ts';

describe('application statuses', () => {
  it('go draft → submitted → in review → on the agenda → granted → settlement → settled → closed', () => {
    const path = [
      'draft',
      'submitted',
      'in_review',
      'on_agenda',
      'granted',
      'settlement',
      'settled',
      'closed',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1], path[i])).toBe(true);
  });

  it('send an application back for changes, and it comes in again', () => {
    expect(canMove('in_review', 'changes_requested')).toBe(true);
    expect(canMove('changes_requested', 'submitted')).toBe(true);
    expect(editableByApplicant('changes_requested')).toBe(true);
    expect(editableByApplicant('in_review')).toBe(false);
  });

  it('never skip the decision: no grant without the agenda, no payment stage without a grant', () => {
    expect(canMove('submitted', 'granted')).toBe(false);
    expect(canMove('in_review', 'granted')).toBe(false);
    expect(canMove('refused', 'settlement')).toBe(false);
    expect(canMove('granted', 'refused')).toBe(false);
  });

  it('end in closed or withdrawn, from where nothing follows', () => {
    expect(NEXT.closed).toEqual([]);
    expect(NEXT.withdrawn).toEqual([]);
    for (const s of APPLICATION_STATUSES) for (const t of NEXT[s]) expect(APPLICATION_STATUSES).toContain(t);
  });
});
