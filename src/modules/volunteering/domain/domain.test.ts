import { describe, expect, it } from 'vitest';
import { type NeedFacts, type OfferFacts, rankOffers, scoreMatch } from './matching.ts';
import { certificateState, safeguardingAllows, validUntil } from './safeguarding.ts';
import { canMove, contactVisible, shownToOrganisation, shownToVolunteer } from './status.ts';

const need: NeedFacts = {
  skills: ['tutoring', 'reading'],
  languages: ['de', 'ar'],
  weekdays: ['tue', 'thu'],
  dayParts: ['afternoon'],
  schedule: 'regular',
  startsOn: null,
  areaId: 'kiez',
  areaIds: ['kiez', 'district'],
};
const offer: OfferFacts = {
  skills: ['tutoring', 'reading', 'cooking'],
  languages: ['ar'],
  weekdays: ['thu'],
  dayParts: ['afternoon', 'evening'],
  chosenAreaIds: ['district'],
};

describe('match score', () => {
  it('gives full points when skills, time, place and language all fit, with a reason for each', () => {
    const r = scoreMatch(need, offer);
    expect(r.score).toBe(100);
    expect(r.reasons.map((x) => x.key)).toEqual(['skills', 'time', 'place', 'language']);
    expect(r.reasons[1].values).toEqual({ days: 'thu', parts: 'afternoon' });
    expect(r.reasons[3].values).toEqual({ languages: 'ar' });
  });

  it('counts half the skills as half the skill points and names what is missing', () => {
    const r = scoreMatch(need, { ...offer, skills: ['tutoring'] });
    expect(r.reasons[0]).toMatchObject({ key: 'skillsPartly', points: 13, values: { skills: 'tutoring' } });
    const none = scoreMatch(need, { ...offer, skills: ['gardening'] });
    expect(none.reasons[0]).toMatchObject({ key: 'skillsMissing', points: 0 });
  });

  it('says when the times or the place do not fit', () => {
    const r = scoreMatch(need, {
      ...offer,
      weekdays: ['mon'],
      dayParts: ['morning'],
      chosenAreaIds: ['elsewhere'],
    });
    expect(r.reasons[1]).toMatchObject({ key: 'timeMissing', points: 0 });
    expect(r.reasons[2]).toMatchObject({ key: 'placeMissing', points: 0 });
    expect(r.score).toBe(50);
  });

  it('takes the weekday of a one-off date (12 May 2027 is a Wednesday)', () => {
    const once = { ...need, schedule: 'once' as const, startsOn: '2027-05-12', weekdays: [] };
    expect(scoreMatch(once, { ...offer, weekdays: ['wed'] }).reasons[1].key).toBe('time');
    expect(scoreMatch(once, { ...offer, weekdays: ['thu'] }).reasons[1].key).toBe('timeMissing');
  });

  it('a need that asks for no skill or language fits everyone in those parts', () => {
    const open = { ...need, skills: [], languages: [] };
    const r = scoreMatch(open, { ...offer, skills: [], languages: [] });
    expect(r.reasons[0].key).toBe('anySkill');
    expect(r.reasons[3].key).toBe('anyLanguage');
  });

  it('ranks the best fit first', () => {
    const ranked = rankOffers(need, [
      { ...offer, id: '1', name: 'B', languages: ['tr'] },
      { ...offer, id: '2', name: 'A' },
    ]);
    expect(ranked.map((o) => o.name)).toEqual(['A', 'B']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });
});

describe('safeguarding', () => {
  it('counts a certificate for five years from its issue date and reminds 60 days before', () => {
    expect(validUntil('2022-03-01')).toBe('2027-02-28');
    expect(certificateState('2022-03-01', '2026-12-07')).toBe('valid');
    expect(certificateState('2022-03-01', '2027-01-15')).toBe('due_soon');
    expect(certificateState('2022-03-01', '2027-03-01')).toBe('expired');
    expect(certificateState(null, '2026-12-07')).toBe('none');
    expect(certificateState('2027-01-01', '2026-12-07')).toBe('future');
  });

  it('lets a match with children be confirmed only with a seen, valid certificate', () => {
    expect(safeguardingAllows(true, null, '2026-12-07')).toBe(false);
    expect(safeguardingAllows(true, '2020-01-01', '2026-12-07')).toBe(false);
    expect(safeguardingAllows(true, '2024-01-01', '2026-12-07')).toBe(true);
    expect(safeguardingAllows(false, null, '2026-12-07')).toBe(true);
    // A shorter period set for the tenant.
    expect(safeguardingAllows(true, '2024-01-01', '2026-12-07', 2)).toBe(false);
  });
});

describe('match status', () => {
  it('goes proposed → accepted → confirmed → ended, and declined or expired end it', () => {
    expect(canMove('proposed', 'accepted')).toBe(true);
    expect(canMove('proposed', 'declined')).toBe(true);
    expect(canMove('proposed', 'expired')).toBe(true);
    expect(canMove('accepted', 'confirmed')).toBe(true);
    expect(canMove('confirmed', 'ended')).toBe(true);
    expect(canMove('proposed', 'confirmed')).toBe(false);
    expect(canMove('declined', 'accepted')).toBe(false);
    expect(canMove('expired', 'accepted')).toBe(false);
  });

  it('shows contact details only once both sides agreed', () => {
    expect(contactVisible('proposed')).toBe(false);
    expect(contactVisible('declined')).toBe(false);
    expect(contactVisible('expired')).toBe(false);
    expect(contactVisible('accepted')).toBe(true);
    expect(contactVisible('confirmed')).toBe(true);
    expect(contactVisible('ended')).toBe(false);
  });

  it('a declined or expired proposal is shown to neither side', () => {
    for (const s of ['declined', 'expired'] as const) {
      expect(shownToVolunteer(s)).toBe(false);
      expect(shownToOrganisation(s)).toBe(false);
    }
  });
});
