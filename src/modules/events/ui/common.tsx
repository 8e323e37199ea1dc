import type { Context } from 'hono';
import type { ReactNode } from 'react';
import type { AppEnv } from '../../../platform/http/context.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  formatDate,
  formatDayHeading,
  formatTime,
  formatWeekday,
  listComma,
} from '../../../platform/time/index.ts';
import type { ErrorSummaryItem } from '../../../ui/index.ts';
import { fieldId } from '../../../ui/index.ts';
import type { Occurrence } from '../domain/recurrence.ts';
import { hasEnd, rruleToRepeat } from '../domain/recurrence.ts';
import type { Event } from '../use-cases/events.ts';
import { type Category, categoryLabel } from '../use-cases/events.ts';
import { type Listed, type ListedEvent, placesLeft } from '../use-cases/listing.ts';

export type C = Context<AppEnv>;

/** Field errors (i18n keys) → ErrorSummary items in the visitor's language. */
export function summaryOf(t: TFunction, errors: Record<string, string>): ErrorSummaryItem[] {
  return Object.entries(errors).map(([name, key]) => ({ fieldId: fieldId(name), message: t(key) }));
}

export function Badge(p: { variant: 'info' | 'success' | 'warning' | 'danger'; children: ReactNode }) {
  return (
    <span className={`kern-badge kern-badge--${p.variant} kern-badge--small`}>
      <span className="kern-label">{p.children}</span>
    </span>
  );
}

import { eventHref } from '../links.ts';

export { eventHref, imageHref } from '../links.ts';

/** "weekly on Tuesday", "every 2 weeks", "monthly on the 2nd Tuesday", or a neutral "regularly". */
export function rhythmText(
  t: TFunction,
  lang: string,
  e: Pick<Event, 'rrule' | 'startsAt' | 'repeatUntil'>,
): string {
  if (!e.rrule) return '';
  const weekday = formatWeekday(e.startsAt, lang);
  const kind = rruleToRepeat(e.rrule);
  const nth = /BYDAY=(-1|[1-4])/.exec(e.rrule)?.[1] ?? '1';
  const base =
    kind === 'weekly'
      ? t('events:rhythm.weekly', { weekday })
      : kind === 'biweekly'
        ? t('events:rhythm.biweekly', { weekday })
        : kind === 'monthly'
          ? t('events:rhythm.monthly', { weekday, nth: t(`events:rhythm.nth.${nth}`) })
          : /FREQ=DAILY/.test(e.rrule)
            ? t('events:rhythm.daily')
            : t('events:rhythm.custom');
  const time = formatTime(e.startsAt, lang);
  const until = e.repeatUntil
    ? ` ${t('events:rhythm.until', { date: formatDate(new Date(`${e.repeatUntil}T12:00:00Z`), lang, { weekday: undefined }) })}`
    : '';
  return `${base}${listComma(lang)}${time}${until}`;
}

export function CategoryNames({
  lang,
  ids,
  categories,
}: {
  lang: string;
  ids: string[];
  categories: Map<string, Category>;
}) {
  const names = ids
    .map((id) => categories.get(id))
    .filter((x): x is Category => !!x)
    .map((c) => categoryLabel(c, lang));
  return names.length ? <span className="q-meta">{names.join(' · ')}</span> : null;
}

/** One line of an agenda: time, title (link), place, and the short facts a visitor filters by. */
export function AgendaItem(p: {
  t: TFunction;
  lang: string;
  tenantSlug: string;
  item: Listed;
  categories: Map<string, Category>;
  headingLevel?: 3 | 4;
  /** Open links in a new window (embedded listing). */
  external?: string;
  /** One line per event (month view: hundreds of events on one page). */
  compact?: boolean;
}) {
  const { t, lang, item } = p;
  const e: ListedEvent = item.event;
  const cancelled = !!e.cancelledAt;
  // Full: this date (a series registered per date) or the whole event has no place left.
  const full = !cancelled && placesLeft(item) === 0;
  const fullText = t(e.waitlistEnabled ? 'events:waitlistOnly' : 'events:registration.dateFull');
  if (p.compact) {
    return (
      <li className={cancelled ? 'q-cancelled' : undefined}>
        <span className="q-event-list__when">
          {e.allDay ? t('events:allDay') : formatTime(item.occ.start, lang)}
        </span>{' '}
        <a className="q-event-list__title" href={`${p.external ?? ''}${eventHref(p.tenantSlug, e.id)}`}>
          {e.title}
        </a>
        {cancelled ? ` (${t('events:cancelled')})` : ''}
        {full ? ` (${fullText})` : ''}
        {e.locationName ? <span className="q-meta"> · {e.locationName}</span> : null}
      </li>
    );
  }
  const H = `h${p.headingLevel ?? 3}` as 'h3' | 'h4';
  const href = `${p.external ?? ''}${eventHref(p.tenantSlug, e.id)}`;
  return (
    <li className={cancelled ? 'q-cancelled' : undefined}>
      <p className="q-event-list__when">
        {e.allDay
          ? t('events:allDay')
          : hasEnd(false, item.occ.start, item.occ.end)
            ? `${formatTime(item.occ.start, lang)}–${formatTime(item.occ.end, lang)}`
            : formatTime(item.occ.start, lang)}
        {cancelled ? (
          <>
            {' '}
            <Badge variant="danger">{t('events:cancelled')}</Badge>
          </>
        ) : null}
      </p>
      <H className="q-event-list__title">
        <a href={href} target={p.external ? '_top' : undefined}>
          {e.title}
        </a>
      </H>
      <p className="q-meta">
        {[e.locationName || (e.onlineUrl ? t('events:online') : ''), e.organiserName]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <ul className="q-badges">
        {e.kind !== 'event' ? (
          <li>
            <Badge variant="info">{t(`events:kinds.${e.kind}`)}</Badge>
          </li>
        ) : null}
        {e.cost === 'free' ? (
          <li>
            <Badge variant="success">{t('events:costs.free')}</Badge>
          </li>
        ) : null}
        {e.registrationRequired ? (
          <li>
            <Badge variant={full ? 'warning' : 'info'}>
              {full ? fullText : t('events:registrationNeeded')}
            </Badge>
          </li>
        ) : null}
        {e.stepFree ? (
          <li>
            <Badge variant="info">{t('events:access.stepFree')}</Badge>
          </li>
        ) : null}
        {e.rrule ? (
          <li>
            <Badge variant="info">{t('events:recurring')}</Badge>
          </li>
        ) : null}
      </ul>
      <CategoryNames lang={lang} ids={e.categoryIds} categories={p.categories} />
    </li>
  );
}

/** Occurrences grouped by local day under day headings. */
export function Agenda(p: {
  t: TFunction;
  lang: string;
  tenantSlug: string;
  items: Listed[];
  categories: Map<string, Category>;
  headingLevel?: 2 | 3;
  external?: string;
  compact?: boolean;
}) {
  const byDay = new Map<string, Listed[]>();
  for (const it of p.items) {
    const day = it.occ.date;
    byDay.set(day, [...(byDay.get(day) ?? []), it]);
  }
  const H = `h${p.headingLevel ?? 2}` as 'h2' | 'h3';
  return (
    <div className="q-agenda">
      {[...byDay].map(([day, items]) => (
        <section key={day} aria-labelledby={`day-${day}`}>
          <H id={`day-${day}`} className="q-agenda-day">
            {formatDayHeading(day, p.lang)}
          </H>
          <ul className="q-event-list">
            {items.map((it) => (
              <AgendaItem
                key={`${it.event.id}:${it.occ.date}`}
                t={p.t}
                lang={p.lang}
                tenantSlug={p.tenantSlug}
                item={it}
                categories={p.categories}
                headingLevel={p.headingLevel === 3 ? 4 : 3}
                external={p.external}
                compact={p.compact}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export const occurrenceKey = (o: Occurrence) => `${o.eventId}:${o.date}`;

export function statusLabel(t: TFunction, e: Pick<Event, 'status' | 'cancelledAt'>): string {
  return e.cancelledAt ? t('events:cancelled') : t(`events:statuses.${e.status}`);
}
