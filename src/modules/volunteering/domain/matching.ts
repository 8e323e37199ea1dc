/**
 * How well a volunteer's offer fits a need, with the reasons shown to staff (and to the volunteer on
 * a proposal). Four parts, each worth up to 25 points: skills (the share of the need's skills the
 * volunteer has; a need without skills asks for none), time (a shared weekday and part of the day;
 * a one-off need on a date: its weekday), place (the need's area is one of the volunteer's areas or
 * below one), languages (one shared language the need asks for). A part that cannot fit at all
 * (no shared language when the need asks for one) is a reason against, not a veto: staff decide.
 */
import { weekdayOf } from '../../../platform/time/index.ts';
import { type DayPart, WEEKDAYS, type Weekday } from './vocab.ts';

export interface NeedFacts {
  skills: readonly string[];
  languages: readonly string[];
  weekdays: readonly string[];
  dayParts: readonly string[];
  schedule: 'once' | 'regular';
  startsOn: string | null;
  /** The need's area with its ancestors. */
  areaIds: readonly string[];
  areaId: string;
}

export interface OfferFacts {
  skills: readonly string[];
  languages: readonly string[];
  weekdays: readonly string[];
  dayParts: readonly string[];
  /** The areas the volunteer chose (not their ancestors). */
  chosenAreaIds: readonly string[];
}

/** A reason of the score, as a translation key below `volunteering:reasons.` with its values. */
export interface Reason {
  key:
    | 'skills'
    | 'skillsPartly'
    | 'skillsMissing'
    | 'anySkill'
    | 'time'
    | 'timeUnknown'
    | 'timeMissing'
    | 'place'
    | 'placeMissing'
    | 'language'
    | 'languageMissing'
    | 'anyLanguage';
  values?: Record<string, string>;
  /** Points this part gives (0…25). */
  points: number;
}

export interface Fit {
  score: number;
  reasons: Reason[];
}

const PART = 25;
const shared = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x));

function skillPart(need: NeedFacts, offer: OfferFacts): Reason {
  if (need.skills.length === 0) return { key: 'anySkill', points: PART };
  const have = shared(need.skills, offer.skills);
  if (have.length === 0)
    return { key: 'skillsMissing', values: { skills: need.skills.join(',') }, points: 0 };
  const points = Math.round((PART * have.length) / need.skills.length);
  return {
    key: have.length === need.skills.length ? 'skills' : 'skillsPartly',
    values: { skills: have.join(',') },
    points,
  };
}

/** The weekdays the need asks for: its own, or the weekday of a one-off date. */
export function needDays(need: Pick<NeedFacts, 'weekdays' | 'schedule' | 'startsOn'>): Weekday[] {
  if (need.schedule === 'once' && need.startsOn) return [WEEKDAYS[weekdayOf(need.startsOn) - 1]];
  return need.weekdays.filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
}

function timePart(need: NeedFacts, offer: OfferFacts): Reason {
  const days = needDays(need);
  if (
    (days.length === 0 && need.dayParts.length === 0) ||
    (offer.weekdays.length === 0 && offer.dayParts.length === 0)
  )
    return { key: 'timeUnknown', points: Math.round(PART / 2) };
  const dayOk = days.length === 0 || offer.weekdays.length === 0 || shared(days, offer.weekdays).length > 0;
  const partOk =
    need.dayParts.length === 0 ||
    offer.dayParts.length === 0 ||
    shared(need.dayParts, offer.dayParts).length > 0;
  if (dayOk && partOk)
    return {
      key: 'time',
      values: {
        days: shared(days, offer.weekdays).join(','),
        parts: shared(need.dayParts as DayPart[], offer.dayParts).join(','),
      },
      points: PART,
    };
  return { key: 'timeMissing', points: dayOk || partOk ? Math.round(PART / 5) : 0 };
}

function placePart(need: NeedFacts, offer: OfferFacts): Reason {
  // The need lies in a chosen area or below it; a volunteer who chose a smaller area inside the
  // need's area fits too (the need is for the whole larger area).
  const fits = offer.chosenAreaIds.some((a) => need.areaIds.includes(a) || a === need.areaId);
  return fits ? { key: 'place', points: PART } : { key: 'placeMissing', points: 0 };
}

function languagePart(need: NeedFacts, offer: OfferFacts): Reason {
  if (need.languages.length === 0) return { key: 'anyLanguage', points: PART };
  const have = shared(need.languages, offer.languages);
  return have.length
    ? { key: 'language', values: { languages: have.join(',') }, points: PART }
    : { key: 'languageMissing', values: { languages: need.languages.join(',') }, points: 0 };
}

/** The fit of an offer to a need: 0…100 with one reason per part (skills, time, place, language). */
export function scoreMatch(need: NeedFacts, offer: OfferFacts): Fit {
  const reasons = [
    skillPart(need, offer),
    timePart(need, offer),
    placePart(need, offer),
    languagePart(need, offer),
  ];
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

/** Suggestions best first; equal scores by name so the list is stable. */
export function rankOffers<T extends OfferFacts & { name: string; id: string }>(
  need: NeedFacts,
  offers: readonly T[],
): (T & Fit)[] {
  return offers
    .map((o) => ({ ...o, ...scoreMatch(need, o) }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Needs best first for a volunteer (the other direction of the same rule). */
export function rankNeeds<T extends NeedFacts & { title: string; id: string }>(
  offer: OfferFacts,
  list: readonly T[],
): (T & Fit)[] {
  return list
    .map((n) => ({ ...n, ...scoreMatch(n, offer) }))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** Reasons as stored with a proposal: `key:points` (values are re-derived when shown). */
export const reasonCodes = (fit: Fit): string[] => fit.reasons.map((r) => r.key);
