// Other modules' public dates (a council's public meetings) as the public calendars list them: one
// section per module under its heading, each date with its time, title, kind and place.
import type { TFunction } from '../../platform/i18n/index.ts';
import type { PublicDateGroup } from '../../platform/public-dates.ts';
import { formatDayHeading, formatTime, todayLocal } from '../../platform/time/index.ts';

export function PublicDateGroups(p: {
  t: TFunction;
  lang: string;
  tenantSlug: string;
  groups: PublicDateGroup[];
  /** What a cancelled date says ("fällt aus"), in the page's own namespace. */
  cancelledLabel: string;
  headingLevel?: 2 | 3;
}) {
  const H = `h${p.headingLevel ?? 3}` as 'h2' | 'h3';
  return (
    <>
      {p.groups.map((g) => (
        <section key={g.ns} aria-labelledby={`dates-${g.ns}`}>
          <H id={`dates-${g.ns}`}>{p.t(`${g.ns}:${g.heading}`)}</H>
          <ul className="q-event-list">
            {g.dates.map((d) => (
              <li key={d.key} className={d.cancelled ? 'q-cancelled' : undefined}>
                <p className="q-event-list__when">
                  {formatDayHeading(todayLocal(d.start), p.lang)}, {formatTime(d.start, p.lang)}
                  {d.end ? `–${formatTime(d.end, p.lang)}` : ''}
                  {d.cancelled ? ` – ${p.cancelledLabel}` : ''}
                </p>
                <p>
                  <a href={`/${p.tenantSlug}${d.href}`} dir="auto">
                    {d.title}
                  </a>
                  <span className="q-meta"> · {p.t(`${g.ns}:${d.label}`)}</span>
                  {d.place ? (
                    <span className="q-meta" dir="auto">
                      {' '}
                      · {d.place}
                    </span>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
