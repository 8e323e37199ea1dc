import { localParts, weekdayOf } from '../../../platform/time/index.ts';
import type { OpeningHours } from '../db/schema.ts';
import { dayIntervals } from './opening-hours.ts';

/** 'past': before now — whatever it was, nobody can ask for it any more, so it is never "free". */
export type SegmentState = 'free' | 'busy' | 'closed' | 'past';

export interface Segment {
  /** Minutes since local midnight. */
  from: number;
  to: number;
  state: SegmentState;
  reason?: string;
}

/** Minutes of [start, end) that fall on the local date, or null when none. */
export function clipToDay(date: string, start: Date, end: Date): [number, number] | null {
  const s = localParts(start);
  const e = localParts(end);
  if (s.date > date || e.date < date) return null;
  const a = s.date < date ? 0 : s.minutes;
  const b = e.date > date ? 1440 : e.minutes;
  return b > a ? [a, b] : null;
}

/**
 * A room's day as the public sees it: within opening hours, what is free, booked (buffer included,
 * so nobody asks for a time that cannot be given) or closed. Outside opening hours nothing is shown.
 */
export function daySegments(
  date: string,
  openingHours: OpeningHours,
  busy: readonly { startsAt: Date; blockedUntil: Date }[],
  closures: readonly { startsAt: Date; endsAt: Date; reason: string }[],
  /** When given, the time before it is 'past' (earlier days wholly, today up to the minute). */
  now?: Date,
): Segment[] {
  const closed = closures
    .map((c) => ({ r: clipToDay(date, c.startsAt, c.endsAt), reason: c.reason }))
    .filter((x) => x.r) as { r: [number, number]; reason: string }[];
  const taken = busy
    .map((b) => clipToDay(date, b.startsAt, b.blockedUntil))
    .filter((x): x is [number, number] => !!x);
  const out: Segment[] = [];
  for (const [a, b] of dayIntervals(openingHours, weekdayOf(date))) {
    const points = new Set<number>([a, b]);
    for (const { r } of closed) for (const p of r) if (p > a && p < b) points.add(p);
    for (const r of taken) for (const p of r) if (p > a && p < b) points.add(p);
    const sorted = [...points].sort((x, y) => x - y);
    for (let i = 0; i < sorted.length - 1; i++) {
      const from = sorted[i];
      const to = sorted[i + 1];
      const c = closed.find(({ r }) => r[0] < to && from < r[1]);
      const state: SegmentState = c
        ? 'closed'
        : taken.some((r) => r[0] < to && from < r[1])
          ? 'busy'
          : 'free';
      const last = out[out.length - 1];
      if (last && last.state === state && last.to === from && last.reason === c?.reason) last.to = to;
      else out.push({ from, to, state, reason: c?.reason });
    }
  }
  return now ? markPast(date, out, now) : out;
}

/** The segments with the time before `now` (Berlin wall clock) marked 'past', neighbours merged. */
export function markPast(date: string, segments: readonly Segment[], now: Date): Segment[] {
  const current = localParts(now);
  const cut = date < current.date ? 1440 : date > current.date ? 0 : current.minutes;
  const out: Segment[] = [];
  const push = (seg: Segment) => {
    const last = out[out.length - 1];
    if (last && seg.state === 'past' && last.state === 'past' && last.to === seg.from) last.to = seg.to;
    else out.push(seg);
  };
  for (const seg of segments) {
    if (seg.to <= cut) push({ from: seg.from, to: seg.to, state: 'past' });
    else if (seg.from >= cut) push({ ...seg });
    else {
      push({ from: seg.from, to: cut, state: 'past' });
      push({ ...seg, from: cut });
    }
  }
  return out;
}
