import { actorOf, scopeOf } from '../../../../platform/authz.ts';
import { formatRange } from '../../../../platform/time/index.ts';
import { listActors, listVenues, POSTER_LANGS } from '../../../network/index.ts';
import { MEETING_KINDS } from '../../db/schema.ts';
import { PERMS } from '../../policies.ts';
import { type Event, listCategories } from '../../use-cases/events.ts';
import { eventAreaChoices, eventFor } from '../../use-cases/manage.ts';
import { type C, eventHref, statusLabel } from '../common.tsx';

/** The event of the route for this permission: 404 when it does not exist for the member, 403 when only readable. */
export const loadEvent = (c: C, permission: string = PERMS.read): Promise<Event> =>
  eventFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '', permission);

/**
 * Choices of the event form. Venues and organisations are those of the member's areas (the use case
 * refuses others); the ones already on the event stay in the list.
 */
export async function formOptions(c: C, e?: Event) {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const scope = scopeOf(actorOf(c), PERMS.manage);
  const [categories, areas, venues, actors] = await Promise.all([
    listCategories(db, tenantId),
    eventAreaChoices(actorOf(c), db),
    listVenues(db, tenantId, { scope, limit: 1000 }),
    listActors(db, tenantId, { scope, kind: 'organisation', limit: 500 }),
  ]);
  const venueChoices = venues.map((v) => ({ id: v.id, name: v.name }));
  if (e?.venueId && !venueChoices.some((v) => v.id === e.venueId))
    venueChoices.unshift({ id: e.venueId, name: e.locationName });
  const actorChoices = actors.items.map((a) => ({ id: a.id, name: a.name }));
  if (e?.organiserActorId && !actorChoices.some((a) => a.id === e.organiserActorId))
    actorChoices.unshift({ id: e.organiserActorId, name: e.organiserName });
  return { categories, areas, venues: venueChoices, actors: actorChoices };
}

export function EventNav({ c, e }: { c: C; e: Event }) {
  const t = c.get('t');
  const base = `/staff/${c.get('tenant')!.slug}/events/${e.id}`;
  const path = new URL(c.req.url).pathname;
  const items = [
    { href: base, label: t('events:staff.tabs.edit') },
    ...(e.status === 'pending' || e.revision
      ? [{ href: `${base}/moderate`, label: t('events:staff.tabs.moderate') }]
      : []),
    ...(e.registrationRequired
      ? [{ href: `${base}/registrations`, label: t('events:staff.tabs.registrations') }]
      : []),
    { href: `${base}/attendance`, label: t('events:staff.tabs.attendance') },
    ...(MEETING_KINDS.includes(e.kind)
      ? [{ href: `${base}/results`, label: t('events:staff.tabs.results') }]
      : []),
  ];
  return (
    <nav aria-label={t('events:staff.tabs.label')} className="q-links">
      <ul className="q-badges">
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href} aria-current={path === i.href ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
        {e.status === 'published' ? (
          <li>
            <a href={eventHref(c.get('tenant')!.slug, e.id)}>{t('events:staff.viewPublic')}</a>
          </li>
        ) : null}
        {e.status === 'published'
          ? POSTER_LANGS.map((lang) => (
              <li key={lang}>
                <a href={`${base}/poster.pdf?lang=${lang}`} type="application/pdf">
                  {t(`events:staff.poster.${lang}`)}
                </a>
              </li>
            ))
          : null}
      </ul>
    </nav>
  );
}

export function Header({ c, e, title }: { c: C; e: Event; title: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <>
      <p className="q-breadcrumb">
        <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
      </p>
      <h1>{title}</h1>
      <p className="q-meta">
        {statusLabel(t, e)} · {t(`events:sources.${e.source}`)} ·{' '}
        {formatRange(e.startsAt, e.endsAt, c.get('lang'), e.allDay)}
      </p>
      <EventNav c={c} e={e} />
    </>
  );
}
