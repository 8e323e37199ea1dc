import { localDateMs, localMsToInstant, localParts } from '../../../platform/time/index.ts';
import type { OpeningHours } from '../db/schema.ts';
import { CATEGORIES } from './categories.ts';
import { dayIntervals } from './opening-hours.ts';

/** Time of day: before noon, noon to 18:00, from 18:00 ("lively after 6 pm"). */
export const BANDS = ['morning', 'afternoon', 'evening'] as const;
export type Band = (typeof BANDS)[number];
const NOON = 12 * 60;
const EVENING = 18 * 60;

export interface UtilisationInput {
  /** Local dates, both inclusive. */
  from: string;
  to: string;
  houses: readonly { id: string; name: string; openingHours: OpeningHours }[];
  /** `until`: the room was deleted then — it was open (and counts) only before. */
  rooms: readonly { id: string; houseId: string; name: string; until?: Date | null }[];
  closures: readonly { houseId: string; roomId: string | null; startsAt: Date; endsAt: Date }[];
  /** Confirmed bookings (their own time, without buffers). */
  bookings: readonly {
    houseId: string;
    roomId: string;
    startsAt: Date;
    endsAt: Date;
    category: string;
    groupKey: string;
  }[];
}

/**
 * Diversity of use over the categories, weighted by booked hours. `shannon` H = −Σ pᵢ·ln pᵢ;
 * `effective` = e^H, the number of equally used categories that would give the same H (Hill number
 * of order 1: 1 = one kind of use only, 11 = all categories equally); `evenness` = H / ln 11.
 */
export interface Diversity {
  shannon: number;
  effective: number;
  evenness: number;
}

export interface Metrics {
  openHours: number;
  bookedHours: number;
  /** booked / open; null when the house was never open in the period. */
  utilisation: number | null;
  eveningHours: number;
  /** Share of the booked hours from 18:00 on; null without bookings. */
  eveningShare: number | null;
  groups: number;
  bookings: number;
  diversity: Diversity;
}

export interface UtilisationReport {
  from: string;
  to: string;
  total: Metrics;
  byHouse: (Metrics & { id: string; name: string })[];
  byRoom: (Metrics & { id: string; name: string; houseId: string })[];
  byWeekday: (Metrics & { weekday: number })[];
  byBand: (Metrics & { band: Band })[];
  byMonth: (Metrics & { month: string })[];
  byCategory: (Metrics & { category: string; share: number | null })[];
}

class Acc {
  open = 0;
  booked = 0;
  evening = 0;
  bookings = 0;
  groups = new Set<string>();
  byCategory = new Map<string, number>();
}

interface Piece {
  date: string;
  weekday: number;
  month: string;
  band: Band;
  minutes: number;
}

const DAY = 86_400_000;

/** Splits [s, e) at local midnight, noon and 18:00, so every piece lies in one day and one band. */
export function splitLocal(s: number, e: number): Piece[] {
  const out: Piece[] = [];
  let cur = s;
  while (cur < e) {
    const p = localParts(cur);
    const dayLocal = localDateMs(p.date);
    const boundary = p.minutes < NOON ? NOON : p.minutes < EVENING ? EVENING : 1440;
    const next = Math.min(e, localMsToInstant(dayLocal + boundary * 60_000));
    const band: Band = p.minutes < NOON ? 'morning' : p.minutes < EVENING ? 'afternoon' : 'evening';
    if (next <= cur) break;
    out.push({ date: p.date, weekday: p.weekday, month: p.month, band, minutes: (next - cur) / 60_000 });
    cur = next;
  }
  return out;
}

/** [s, e) minus the given intervals. */
function subtract(
  s: number,
  e: number,
  cuts: readonly { startsAt: Date; endsAt: Date }[],
): [number, number][] {
  let parts: [number, number][] = [[s, e]];
  for (const c of cuts) {
    const cs = c.startsAt.getTime();
    const ce = c.endsAt.getTime();
    const next: [number, number][] = [];
    for (const [a, b] of parts) {
      if (ce <= a || cs >= b) next.push([a, b]);
      else {
        if (cs > a) next.push([a, cs]);
        if (ce < b) next.push([ce, b]);
      }
    }
    parts = next;
  }
  return parts;
}

export function diversity(hoursByCategory: ReadonlyMap<string, number>): Diversity {
  const total = [...hoursByCategory.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return { shannon: 0, effective: 0, evenness: 0 };
  let h = 0;
  for (const v of hoursByCategory.values()) {
    if (v <= 0) continue;
    const p = v / total;
    h -= p * Math.log(p);
  }
  return { shannon: h, effective: Math.exp(h), evenness: h / Math.log(CATEGORIES.length) };
}

function metrics(a: Acc): Metrics {
  const openHours = a.open / 60;
  const bookedHours = a.booked / 60;
  return {
    openHours,
    bookedHours,
    utilisation: openHours > 0 ? bookedHours / openHours : null,
    eveningHours: a.evening / 60,
    eveningShare: bookedHours > 0 ? a.evening / a.booked : null,
    groups: a.groups.size,
    bookings: a.bookings,
    diversity: diversity(new Map([...a.byCategory].map(([k, v]) => [k, v / 60]))),
  };
}

/** Booked hours against open hours, evening share, distinct groups and diversity along every dimension. */
export function computeUtilisation(input: UtilisationInput): UtilisationReport {
  const fromMs = localMsToInstant(localDateMs(input.from));
  const toMs = localMsToInstant(localDateMs(input.to) + DAY);
  const get = <K>(m: Map<K, Acc>, k: K) => {
    const found = m.get(k);
    if (found) return found;
    const a = new Acc();
    m.set(k, a);
    return a;
  };
  const total = new Acc();
  const house = new Map<string, Acc>();
  const room = new Map<string, Acc>();
  const weekday = new Map<number, Acc>();
  const band = new Map<Band, Acc>();
  const month = new Map<string, Acc>();
  const category = new Map<string, Acc>();
  const houseById = new Map(input.houses.map((h) => [h.id, h]));

  // Open hours: every room of a house is open when the house is, minus closures of the house or room.
  for (const r of input.rooms) {
    const h = houseById.get(r.houseId);
    if (!h) continue;
    const cuts = input.closures.filter(
      (c) => c.houseId === r.houseId && (c.roomId === null || c.roomId === r.id),
    );
    if (r.until)
      cuts.push({ houseId: r.houseId, roomId: r.id, startsAt: r.until, endsAt: new Date(8.64e15) });
    for (let d = localDateMs(input.from); d <= localDateMs(input.to); d += DAY) {
      const wd = ((new Date(d).getUTCDay() + 6) % 7) + 1;
      for (const [a, b] of dayIntervals(h.openingHours, wd)) {
        const s = localMsToInstant(d + a * 60_000);
        const e = localMsToInstant(d + b * 60_000);
        for (const [ps, pe] of subtract(s, e, cuts)) {
          for (const piece of splitLocal(ps, pe)) {
            for (const acc of [
              total,
              get(house, r.houseId),
              get(room, r.id),
              get(weekday, piece.weekday),
              get(band, piece.band),
              get(month, piece.month),
            ]) {
              acc.open += piece.minutes;
            }
          }
        }
      }
    }
  }

  for (const b of input.bookings) {
    const s = Math.max(b.startsAt.getTime(), fromMs);
    const e = Math.min(b.endsAt.getTime(), toMs);
    if (e <= s) continue;
    const pieces = splitLocal(s, e);
    const touched = new Set<Acc>();
    for (const piece of pieces) {
      const accs = [
        total,
        get(house, b.houseId),
        get(room, b.roomId),
        get(weekday, piece.weekday),
        get(band, piece.band),
        get(month, piece.month),
        get(category, b.category),
      ];
      for (const acc of accs) {
        acc.booked += piece.minutes;
        if (piece.band === 'evening') acc.evening += piece.minutes;
        acc.byCategory.set(b.category, (acc.byCategory.get(b.category) ?? 0) + piece.minutes);
        acc.groups.add(b.groupKey);
        touched.add(acc);
      }
    }
    for (const acc of touched) acc.bookings++;
  }

  const bookedTotal = total.booked;
  return {
    from: input.from,
    to: input.to,
    total: metrics(total),
    byHouse: input.houses.map((h) => ({ id: h.id, name: h.name, ...metrics(get(house, h.id)) })),
    byRoom: input.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      houseId: r.houseId,
      ...metrics(get(room, r.id)),
    })),
    byWeekday: [1, 2, 3, 4, 5, 6, 7].map((w) => ({ weekday: w, ...metrics(get(weekday, w)) })),
    byBand: BANDS.map((x) => ({ band: x, ...metrics(get(band, x)) })),
    byMonth: monthsBetween(input.from, input.to).map((m) => ({ month: m, ...metrics(get(month, m)) })),
    byCategory: CATEGORIES.map((c) => {
      const a = get(category, c);
      return { category: c, ...metrics(a), share: bookedTotal > 0 ? a.booked / bookedTotal : null };
    }),
  };
}

/** "YYYY-MM" of every month touched by the period. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
