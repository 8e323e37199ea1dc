import type { TFunction } from '../../../platform/i18n/index.ts';
import { addDays, formatDate, formatDayHeading, weekStart } from '../../../platform/time/index.ts';
import type { Listed } from '../use-cases/listing.ts';
import { eventHref } from './common.tsx';

/** Titles shown in a day's cell (wide screens); the rest is "+ n more", linking to the day below. */
const TITLES_PER_DAY = 3;

/**
 * The month as a calendar: one row per week (Monday first), one cell per day with its first titles
 * and how many more there are; a day with events links to its place in the agenda below, which holds
 * every event. On a phone the cells show only the day and a mark (CSS), the agenda does the rest.
 * A table with a caption and column headers, so screen readers announce weekday and date.
 */
export function MonthGrid(p: {
  t: TFunction;
  lang: string;
  tenantSlug: string;
  /** YYYY-MM */
  month: string;
  today: string;
  caption: string;
  items: Listed[];
}) {
  const { t, lang } = p;
  const first = `${p.month}-01`;
  const byDay = new Map<string, Listed[]>();
  for (const it of p.items) byDay.set(it.occ.date, [...(byDay.get(it.occ.date) ?? []), it]);
  const weeks: string[][] = [];
  for (let day = weekStart(first); day.slice(0, 7) <= p.month; day = addDays(day, 7))
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)));
  return (
    <table className="q-month-grid">
      {/* The month is the heading just above: the caption names the table for screen readers only. */}
      <caption className="q-visually-hidden">{p.caption}</caption>
      <thead>
        <tr>
          {weeks[0].map((d) => (
            <th
              key={d}
              scope="col"
              abbr={formatDate(d, lang, {
                weekday: 'long',
                day: undefined,
                month: undefined,
                year: undefined,
              })}
            >
              {formatDate(d, lang, { weekday: 'short', day: undefined, month: undefined, year: undefined })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const inMonth = day.slice(0, 7) === p.month;
              const list = inMonth ? (byDay.get(day) ?? []) : [];
              const number = formatDate(day, lang, {
                weekday: undefined,
                day: 'numeric',
                month: undefined,
                year: undefined,
              });
              const className = [
                inMonth ? '' : 'q-month-grid__outside',
                list.length ? 'q-month-grid__busy' : '',
                day === p.today ? 'q-month-grid__today' : '',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <td
                  key={day}
                  className={className || undefined}
                  aria-current={day === p.today ? 'date' : undefined}
                >
                  {list.length ? (
                    <a
                      className="q-month-grid__day"
                      href={`#day-${day}`}
                      aria-label={t('events:public.grid.day', {
                        count: list.length,
                        date: formatDayHeading(day, lang),
                      })}
                    >
                      {number}
                    </a>
                  ) : (
                    <span className="q-month-grid__day">{inMonth ? number : ''}</span>
                  )}
                  {list.length ? (
                    <ul className="q-month-grid__events">
                      {list.slice(0, TITLES_PER_DAY).map((it) => (
                        <li
                          key={`${it.event.id}:${it.occ.date}`}
                          className={it.event.cancelledAt ? 'q-cancelled' : undefined}
                        >
                          <a href={eventHref(p.tenantSlug, it.event.id)} title={it.event.title}>
                            {it.event.title}
                          </a>
                        </li>
                      ))}
                      {list.length > TITLES_PER_DAY ? (
                        <li>
                          <a href={`#day-${day}`}>
                            {t('events:public.grid.more', { count: list.length - TITLES_PER_DAY })}
                          </a>
                        </li>
                      ) : null}
                    </ul>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
