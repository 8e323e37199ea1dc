import type { TFunction } from '../../../platform/i18n/index.ts';
import { Button, CheckboxField, ErrorSummary, fieldId, LinkButton, TextField } from '../../../ui/index.ts';
import { type FoundRoom, MAX_PARTICIPANTS, type RoomQuery } from '../use-cases/find-rooms.ts';
import { Badge } from './common.tsx';

/** The query of the room search from the address (a GET form: works without JavaScript, can be shared). */
export function readRoomQuery(q: (name: string) => string | undefined): RoomQuery | null {
  const v = (name: string) => (q(name) ?? '').trim().slice(0, 20);
  const query: RoomQuery = {
    participants: v('participants'),
    date: v('date'),
    start: v('start'),
    end: v('end'),
    stepFree: q('stepFree') === 'on',
  };
  const asked = query.participants || query.date || query.start || query.end || query.stepFree;
  return asked ? query : null;
}

/**
 * "A room for 20 on Friday evening, step-free" across every house: the form, and below it the rooms
 * that fit, free ones first, each with a link to its request form filled with the asked time.
 */
export function RoomSearch(p: {
  t: TFunction;
  tenantSlug: string;
  query: RoomQuery | null;
  errors: Record<string, string>;
  results: FoundRoom[] | null;
}) {
  const { t, query } = p;
  const q = query ?? { participants: '', date: '', start: '', end: '', stepFree: false };
  const err = (k: string) => (p.errors[k] ? t(p.errors[k]) : undefined);
  const errorList = Object.entries(p.errors).map(([k, key]) => ({ fieldId: fieldId(k), message: t(key) }));
  return (
    <section aria-labelledby="room-search" className="q-room-search">
      <h2 id="room-search">{t('houses:search.title')}</h2>
      <p>{t('houses:search.intro')}</p>
      {errorList.length ? <ErrorSummary title={t('errorSummaryTitle')} errors={errorList} /> : null}
      <form method="get" action={`/${p.tenantSlug}/houses#room-results`} role="search" noValidate>
        <div className="q-filter">
          <TextField
            name="participants"
            type="number"
            label={t('houses:search.participants')}
            value={q.participants}
            error={err('participants')}
            width={10}
            min={1}
            max={MAX_PARTICIPANTS}
          />
          <TextField
            name="date"
            type="date"
            label={t('houses:search.date')}
            value={q.date}
            error={err('date')}
            width={20}
          />
          <TextField
            name="start"
            type="time"
            label={t('houses:search.start')}
            value={q.start}
            error={err('start')}
            width={10}
            step={900}
          />
          <TextField
            name="end"
            type="time"
            label={t('houses:search.end')}
            value={q.end}
            error={err('end')}
            width={10}
            step={900}
          />
        </div>
        <CheckboxField name="stepFree" label={t('houses:search.stepFree')} checked={q.stepFree} />
        <Button type="submit" variant="secondary">
          {t('houses:search.submit')}
        </Button>
      </form>
      {p.results ? <Results {...p} results={p.results} query={q} /> : null}
    </section>
  );
}

function Results(p: { t: TFunction; tenantSlug: string; query: RoomQuery; results: FoundRoom[] }) {
  const { t, query } = p;
  const timed = !!(query.date && query.start && query.end);
  return (
    <div>
      <h3 id="room-results" tabIndex={-1}>
        {t('houses:search.results', { count: p.results.length })}
      </h3>
      {p.results.length === 0 ? <p>{t('houses:search.none')}</p> : null}
      <ul className="q-cards">
        {p.results.map(({ house, room, free }) => {
          const prefill = new URLSearchParams({
            room: room.id,
            ...(timed ? { date: query.date, start: query.start, end: query.end } : {}),
          });
          return (
            <li key={room.id} className="q-card">
              <h4>
                <a href={`/${p.tenantSlug}/houses/${house.slug}`}>
                  {t('houses:search.roomInHouse', { room: room.name, house: house.name })}
                </a>
              </h4>
              <p>
                {room.capacity ? t('houses:search.capacity', { count: room.capacity }) : null}
                {room.stepFree ? (
                  <>
                    {' '}
                    <Badge variant="info">{t('houses:room.stepFree')}</Badge>
                  </>
                ) : null}
              </p>
              {free === null ? null : (
                <p>
                  {free ? (
                    <Badge variant="success">{t('houses:search.free')}</Badge>
                  ) : (
                    <Badge variant="danger">{t('houses:search.taken')}</Badge>
                  )}
                </p>
              )}
              {free === false ? null : (
                <LinkButton
                  href={`/${p.tenantSlug}/houses/${house.slug}/request?${prefill}`}
                  variant="secondary"
                >
                  {t('houses:public.requestRoom', { room: room.name })}
                </LinkButton>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
