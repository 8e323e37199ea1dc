import type { RoomRates } from '../domain/fees.ts';
import type { Room } from '../queries.ts';

/** A message for one field: a key in the houses namespace and its values. */
export interface Msg {
  key: string;
  params?: Record<string, unknown>;
}
export type FieldErrors = Record<string, Msg>;

/** What a request form (or API body) sends; all strings as typed, so nothing is lost on re-render. */
export interface RequestInput {
  room: string;
  date: string;
  start: string;
  end: string;
  repeat: string;
  until: string;
  name: string;
  email: string;
  phone: string;
  organisation: string;
  tariff: string;
  purpose: string;
  category: string;
  participants: string;
  rules: boolean;
  skipConflicts: boolean;
  /** Staff only: local dates to leave out of a series, separated by commas, spaces or new lines. */
  exceptions: string;
}

export const emptyInput = (over: Partial<RequestInput> = {}): RequestInput => ({
  room: '',
  date: '',
  start: '',
  end: '',
  repeat: 'none',
  until: '',
  name: '',
  email: '',
  phone: '',
  organisation: '',
  tariff: 'standard',
  purpose: '',
  category: '',
  participants: '',
  rules: false,
  skipConflicts: false,
  exceptions: '',
  ...over,
});

/** Reads a urlencoded form (or JSON object) into a RequestInput. */
export function readInput(body: Record<string, unknown>): RequestInput {
  const s = (k: string) => {
    const v = body[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return String(v[0] ?? '');
    return '';
  };
  const b = (k: string) => body[k] === true || body[k] === 'on' || body[k] === 'true' || body[k] === '1';
  return {
    room: s('room').trim(),
    date: s('date').trim(),
    start: s('start').trim(),
    end: s('end').trim(),
    repeat: s('repeat').trim() || 'none',
    until: s('until').trim(),
    name: s('name').trim(),
    email: s('email').trim(),
    phone: s('phone').trim(),
    organisation: s('organisation').trim(),
    tariff: s('tariff').trim() || 'standard',
    purpose: s('purpose').trim(),
    category: s('category').trim(),
    participants: s('participants').trim(),
    rules: b('rules'),
    skipConflicts: b('skipConflicts'),
    exceptions: s('exceptions').trim(),
  };
}

export const roomRates = (r: Room): RoomRates => ({
  hourCents: r.feeHourCents,
  halfDayCents: r.feeHalfDayCents,
  dayCents: r.feeDayCents,
  nonprofitReductionPct: r.nonprofitReductionPct,
  residentReductionPct: r.residentReductionPct,
});
