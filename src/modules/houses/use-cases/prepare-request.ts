import type { Db } from '../../../platform/db/index.ts';
import { rangeMessage } from '../../../platform/http/form-reader.ts';
import { NUMBER_LIMITS } from '../../../platform/http/limits.ts';
import {
  daysBetween,
  isDate,
  isEndTime,
  isTime,
  timeToMinutes,
  todayLocal,
  weekdayOf,
} from '../../../platform/time/index.ts';
import { TARIFFS, type Tariff } from '../db/schema.ts';
import { isCategory } from '../domain/categories.ts';
import type { CheckedOccurrence } from '../domain/conflicts.ts';
import { type FeeQuote, quoteFee } from '../domain/fees.ts';
import { describeDay } from '../domain/opening-hours.ts';
import {
  expandPattern,
  MAX_OCCURRENCES,
  MAX_SERIES_DAYS,
  type Occurrence,
  REPEATS,
  type Repeat,
  type SlotPattern,
} from '../domain/recurrence.ts';
import type { House, Room } from '../queries.ts';
import { REQUEST_LIMITS } from '../schemas.ts';
import { checkAvailability, setProblem } from './check-availability.ts';
import { type FieldErrors, type RequestInput, roomRates } from './request-input.ts';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The furthest ahead anyone may ask for a room. */
export const MAX_DAYS_AHEAD = 550;

export interface Prepared {
  input: RequestInput;
  fields: FieldErrors;
  room?: Room;
  pattern?: SlotPattern;
  /** Every date of the pattern with its problems (empty = bookable). */
  checked: CheckedOccurrence[];
  /** The dates that would be requested: pattern minus exceptions minus skipped conflicts. */
  bookable: Occurrence[];
  exceptions: string[];
  quote?: FeeQuote;
  totalCents: number;
  ok: boolean;
}

/**
 * Validates a request and checks every date against opening hours, closures and confirmed bookings,
 * without saving anything — the same answer for the "check" button, the send button and the API.
 * `intent: 'check'` answers availability and price from the room, date and times alone: who asks and
 * what for are not required yet (what is already typed is still checked), only to send.
 */
export async function prepareRequest(
  db: Db,
  o: {
    tenantId: string;
    house: House;
    rooms: Room[];
    input: RequestInput;
    mode: 'public' | 'staff' | 'api';
    /** 'check' (availability and price only) or 'send' (the default: everything required). */
    intent?: 'check' | 'send';
    now?: Date;
  },
): Promise<Prepared> {
  const { input, house } = o;
  const now = o.now ?? new Date();
  const sending = o.intent !== 'check';
  const f: FieldErrors = {};
  const req = (k: keyof RequestInput) => {
    if (sending && !String(input[k]).trim()) f[k] = { key: 'validation.required' };
  };

  if (house.kind !== 'own') f.room = { key: 'houses:errors.partnerHouse' };
  const room = o.rooms.find(
    (r) => (r.id === input.room || r.slug === input.room) && r.houseId === house.id && r.active,
  );
  if (!input.room) f.room = { key: 'validation.required' };
  else if (!room) f.room = { key: 'validation.choice' };

  const today = todayLocal(now);
  if (!input.date) f.date = { key: 'validation.required' };
  else if (!isDate(input.date)) f.date = { key: 'houses:errors.date' };
  else if (input.date < today) f.date = { key: 'houses:errors.past' };
  else if (daysBetween(today, input.date) > MAX_DAYS_AHEAD)
    f.date = { key: 'houses:errors.tooFarAhead', params: { days: MAX_DAYS_AHEAD } };
  if (!input.start) f.start = { key: 'validation.required' };
  else if (!isTime(input.start)) f.start = { key: 'houses:errors.time' };
  if (!input.end) f.end = { key: 'validation.required' };
  else if (!isEndTime(input.end)) f.end = { key: 'houses:errors.time' };
  else if (!f.start && timeToMinutes(input.end) <= timeToMinutes(input.start))
    f.end = { key: 'houses:errors.endBeforeStart' };

  const repeat = input.repeat as Repeat;
  if (!(REPEATS as readonly string[]).includes(repeat)) f.repeat = { key: 'validation.choice' };
  else if (repeat !== 'none') {
    if (!input.until) f.until = { key: 'houses:errors.untilRequired' };
    else if (!isDate(input.until)) f.until = { key: 'houses:errors.date' };
    else if (!f.date && input.until < input.date) f.until = { key: 'houses:errors.untilBeforeDate' };
    else if (!f.date && daysBetween(input.date, input.until) > MAX_SERIES_DAYS)
      f.until = { key: 'houses:errors.seriesTooLong' };
  }

  let exceptions: string[] = [];
  if (o.mode === 'staff' && input.exceptions) {
    const parts = input.exceptions.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.filter((p) => !isDate(p));
    if (bad.length) f.exceptions = { key: 'houses:errors.exceptions', params: { values: bad.join(', ') } };
    exceptions = parts.filter(isDate);
  }

  req('name');
  const tooLong = (k: keyof typeof REQUEST_LIMITS) => {
    if (input[k].length > REQUEST_LIMITS[k])
      f[k] = { key: 'validation.tooLong', params: { max: REQUEST_LIMITS[k] } };
  };
  tooLong('name');
  if (!input.email) {
    if (sending) f.email = { key: 'validation.required' };
  } else if (input.email.length > REQUEST_LIMITS.email || !EMAIL_RE.test(input.email))
    f.email = { key: 'validation.email' };
  tooLong('phone');
  tooLong('organisation');
  req('purpose');
  tooLong('purpose');
  if (!(TARIFFS as readonly string[]).includes(input.tariff)) f.tariff = { key: 'validation.choice' };
  if (!input.category) {
    if (sending) f.category = { key: 'validation.required' };
  } else if (!isCategory(input.category)) f.category = { key: 'validation.choice' };
  else if (room && room.allowedCategories.length > 0 && !room.allowedCategories.includes(input.category)) {
    f.category = { key: 'houses:errors.categoryNotAllowed', params: { room: room.name } };
  }
  if (!input.participants) {
    if (sending) f.participants = { key: 'validation.required' };
  } else if (!/^\d{1,12}$/.test(input.participants) || Number(input.participants) < 1)
    f.participants = { key: 'houses:errors.participants' };
  else if (room && room.capacity > 0 && Number(input.participants) > room.capacity) {
    // However large the number, the answer is the room's own limit.
    f.participants = { key: 'houses:errors.overCapacity', params: { capacity: room.capacity } };
  } else if (Number(input.participants) > NUMBER_LIMITS.persons.max) {
    f.participants = {
      key: rangeMessage('validation.numberRange', NUMBER_LIMITS.persons.min, NUMBER_LIMITS.persons.max),
    };
  }
  if (sending && o.mode === 'public' && !input.rules) f.rules = { key: 'houses:errors.rules' };

  const result: Prepared = {
    input,
    fields: f,
    room,
    checked: [],
    bookable: [],
    exceptions,
    totalCents: 0,
    ok: false,
  };
  const timeOk = room && !f.room && !f.date && !f.start && !f.end && !f.repeat && !f.until;
  if (!timeOk || !room) return result;

  const pattern: SlotPattern = {
    date: input.date,
    start: input.start,
    end: input.end,
    repeat,
    until: repeat === 'none' ? null : input.until,
    exceptions,
  };
  result.pattern = pattern;
  const all = expandPattern(pattern);
  if (all.length > MAX_OCCURRENCES) {
    f.until = { key: 'houses:errors.tooManyDates', params: { max: MAX_OCCURRENCES } };
    return result;
  }
  if (all.length === 0) {
    f.date = { key: 'houses:errors.noDatesLeft' };
    return result;
  }
  result.checked = await checkAvailability(db, o.tenantId, { house, room, occurrences: all, now });
  const bad = result.checked.filter((c) => c.problems.length > 0);
  const hours = describeDay(house.openingHours, weekdayOf(input.date));
  if (repeat === 'none') {
    const p = bad[0]?.problems ?? [];
    for (const problem of p) setProblem(f, problem, hours);
  } else if (
    bad.length === result.checked.length &&
    bad.every((b) => b.problems.some((p) => p.code === 'outside_opening_hours'))
  ) {
    // Same weekday and time every week: outside the hours means never possible.
    setProblem(f, { code: 'outside_opening_hours' }, hours);
  } else if (bad.length > 0 && !input.skipConflicts) {
    f.date = {
      key: 'houses:errors.seriesConflicts',
      params: { count: bad.length, total: result.checked.length },
    };
  }
  result.exceptions = [
    ...new Set([...exceptions, ...(input.skipConflicts ? bad.map((b) => b.date) : [])]),
  ].sort();
  result.bookable = result.checked.filter((c) => !result.exceptions.includes(c.date));
  if (result.bookable.length === 0 && !f.date && !f.start) f.date = { key: 'houses:errors.noDatesLeft' };

  const minutes = timeToMinutes(input.end) - timeToMinutes(input.start);
  if ((TARIFFS as readonly string[]).includes(input.tariff)) {
    result.quote = quoteFee(roomRates(room), input.tariff as Tariff, minutes);
    result.totalCents = result.quote.cents * result.bookable.length;
  }
  result.ok = Object.keys(f).length === 0;
  return result;
}
