import type { ReactNode } from 'react';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { minutesToTime } from '../../../platform/time/index.ts';
import { type ErrorSummaryItem, fieldId } from '../../../ui/index.ts';
import type { Segment } from '../domain/availability.ts';
import { tm } from '../presenters.ts';
import type { FieldErrors } from '../use-cases/booking.ts';

export { tm } from '../presenters.ts';

export function summary(
  t: TFunction,
  fields: FieldErrors,
  idOf: (name: string) => string = fieldId,
): ErrorSummaryItem[] {
  return Object.entries(fields).map(([name, m]) => ({ fieldId: idOf(name), message: tm(t, m) }));
}

export function Badge(p: { variant: 'info' | 'success' | 'warning' | 'danger'; children: ReactNode }) {
  return (
    <span className={`kern-badge kern-badge--${p.variant} kern-badge--small`}>
      <span className="kern-label">{p.children}</span>
    </span>
  );
}

const SEGMENT_VARIANT = { free: 'success', busy: 'danger', closed: 'warning' } as const;

/** One room-day as a list of "09:00–18:00 frei" lines: text first, colour only as a second cue. */
export function SegmentList({ t, segments }: { t: TFunction; segments: Segment[] }) {
  if (segments.length === 0) return <span className="q-muted">{t('houses:availability.notOpen')}</span>;
  return (
    <ul className="q-links">
      {segments.map((s) => (
        <li key={`${s.from}-${s.state}`}>
          {`${minutesToTime(s.from)}–${minutesToTime(s.to)} `}
          {s.state === 'past' ? (
            <span className="q-muted">{t('houses:availability.past')}</span>
          ) : (
            <Badge variant={SEGMENT_VARIANT[s.state]}>
              {t(`houses:availability.${s.state}`)}
              {s.reason ? `: ${s.reason}` : ''}
            </Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

export const percent = (v: number | null, lang: string): string =>
  v === null
    ? '–'
    : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(v);

export const num = (v: number, lang: string, digits = 1): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(v);

/** Who a request is from, as staff lists show it; erased requests say so. */
export const groupLabel = (
  t: TFunction,
  r: { organisation: string; requesterName: string; erasedAt: Date | null },
): string => (r.erasedAt ? String(t('houses:privacy.erased')) : r.organisation || r.requesterName);
