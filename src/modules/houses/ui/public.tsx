import type { Context, Hono } from 'hono';
import { isUuid } from '../../../platform/db/index.ts';
import { serveStoredFile } from '../../../platform/files/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hitLimit } from '../../../platform/http/rate-limit.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import {
  addDays,
  addMonths,
  isDate,
  listComma,
  localToInstant,
  monthStart,
  todayLocal,
} from '../../../platform/time/index.ts';
import { Alert, Button, DataTable, KeyValueList, LinkButton, SelectField } from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { daySegments } from '../domain/availability.ts';
import { quoteFee } from '../domain/fees.ts';
import { formatDay, formatSlot } from '../domain/format.ts';
import { occurrencesOf } from '../domain/recurrence.ts';
import {
  confirmedBookings,
  getHouse,
  getHouseBySlug,
  getRoom,
  getRoomPhoto,
  type House,
  listClosures,
  listHouses,
  listRoomPhotos,
  listRooms,
  type Room,
} from '../queries.ts';
import {
  acceptProposal,
  cancelRequest,
  emptyInput,
  prepareRequest,
  readInput,
  requestByToken,
  roomRates,
  submitRequest,
} from '../use-cases/booking.ts';
import { addressLine, reference } from '../use-cases/documents.ts';
import { checkRoomQuery, findRooms } from '../use-cases/find-rooms.ts';
import { photoSrc } from '../use-cases/photos.ts';
import { Badge, SegmentList } from './common.tsx';
import { RoomPhotoGallery } from './photos.tsx';
import { OpeningHoursList, RequestForm } from './request-form.tsx';
import { RoomSearch, readRoomQuery } from './room-search.tsx';

/** Public request posts per client address: sending is rare, checking a few times is normal. */
export const SEND_LIMIT = { limit: 10, windowSeconds: 3600 };
export const CHECK_LIMIT = { limit: 60, windowSeconds: 600 };

async function loadHouse(c: Context<AppEnv>): Promise<{ house: House; rooms: Room[] }> {
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const house = await getHouseBySlug(db, tenant.id, c.req.param('slug') ?? '');
  if (!house?.published) throw new AppError(404, 'house_not_found');
  const rooms = await listRooms(db, tenant.id, [house.id], { activeOnly: true });
  return { house, rooms };
}

function Breadcrumb({ c, house, current }: { c: Context<AppEnv>; house?: House; current: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <nav aria-label={t('houses:breadcrumb')} className="q-breadcrumb">
      <ol>
        <li>
          <a href={`/${tenant.slug}`}>{tenant.name}</a>
        </li>
        {house || current !== t('houses:public.title') ? (
          <li>
            <a href={`/${tenant.slug}/houses`}>{t('houses:public.title')}</a>
          </li>
        ) : null}
        {house && current !== house.name ? (
          <li>
            <a href={`/${tenant.slug}/houses/${house.slug}`}>{house.name}</a>
          </li>
        ) : null}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

function feeLine(t: TFunction, lang: string, r: Room): string {
  const parts: string[] = [];
  if (r.feeHourCents !== null)
    parts.push(t('houses:fee.perHour', { fee: formatMoney(r.feeHourCents, lang) }));
  if (r.feeHalfDayCents !== null)
    parts.push(t('houses:fee.perHalfDay', { fee: formatMoney(r.feeHalfDayCents, lang) }));
  if (r.feeDayCents !== null) parts.push(t('houses:fee.perDay', { fee: formatMoney(r.feeDayCents, lang) }));
  if (parts.length === 0) return t('houses:fee.free');
  const red: string[] = [];
  if (r.nonprofitReductionPct) red.push(t('houses:fee.nonprofitReduction', { pct: r.nonprofitReductionPct }));
  if (r.residentReductionPct) red.push(t('houses:fee.residentReduction', { pct: r.residentReductionPct }));
  return [parts.join(' · '), red.join(listComma(lang))].filter(Boolean).join(' — ');
}

export function mountPublicHousePages(pub: Hono<AppEnv>) {
  pub.get('/houses', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const list = await listHouses(db, tenant.id, { publishedOnly: true });
    const rooms = await listRooms(
      db,
      tenant.id,
      list.map((h) => h.id),
      { activeOnly: true },
    );
    const own = list.filter((h) => h.kind === 'own');
    const partner = list.filter((h) => h.kind === 'partner');
    // The room search across houses (a GET form): checked first, then run; refused fields keep their values.
    const query = readRoomQuery((k) => c.req.query(k));
    const searchErrors = query ? checkRoomQuery(query) : {};
    const found =
      query && Object.keys(searchErrors).length === 0 ? await findRooms(db, tenant.id, query) : null;
    const card = (h: House) => {
      const rs = rooms.filter((r) => r.houseId === h.id);
      return (
        <li key={h.id} className="q-card">
          <h3>
            <a href={`/${tenant.slug}/houses/${h.slug}`}>{h.name}</a>
          </h3>
          <p className="q-meta">{addressLine(h)}</p>
          {h.kind === 'partner' ? <p>{t('houses:public.partnerOf', { owner: h.ownerName || '–' })}</p> : null}
          {rs.length ? (
            <p>
              {t('houses:public.roomCount', {
                count: rs.length,
                capacity: Math.max(...rs.map((r) => r.capacity)),
              })}
            </p>
          ) : null}
        </li>
      );
    };
    return publicPage(c, {
      title: t('houses:public.title'),
      description: t('houses:public.intro'),
      children: (
        <>
          <Breadcrumb c={c} current={t('houses:public.title')} />
          <h1>{t('houses:public.title')}</h1>
          <p>{t('houses:public.intro')}</p>
          {own.length === 0 && partner.length === 0 ? <p>{t('houses:public.none')}</p> : null}
          {own.length ? (
            <RoomSearch t={t} tenantSlug={tenant.slug} query={query} errors={searchErrors} results={found} />
          ) : null}
          {own.length ? (
            <section aria-labelledby="own-houses">
              <h2 id="own-houses">{t('houses:search.housesTitle')}</h2>
              <ul className="q-cards">{own.map(card)}</ul>
            </section>
          ) : null}
          {partner.length ? (
            <section aria-labelledby="partner-houses">
              <h2 id="partner-houses">{t('houses:public.partners')}</h2>
              <p>{t('houses:public.partnersIntro')}</p>
              <ul className="q-cards">{partner.map(card)}</ul>
            </section>
          ) : null}
        </>
      ),
    });
  });

  // Room photos: only of rooms shown publicly. The id never gets other bytes, so caches may keep it.
  pub.get('/houses/photos/:photoId', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const id = c.req.param('photoId');
    const photo = isUuid(id) ? await getRoomPhoto(services.db, tenant.id, id) : undefined;
    if (!photo?.fileId || !photo.contentType) throw new AppError(404, 'photo_not_found');
    const room = await getRoom(services.db, tenant.id, photo.roomId);
    const house = room ? await getHouse(services.db, tenant.id, room.houseId) : undefined;
    if (!room?.active || room.archivedAt || !house?.published || house.archivedAt)
      throw new AppError(404, 'photo_not_found');
    const res = await serveStoredFile(c, {
      storageDir: services.config.storageDir,
      tenantId: tenant.id,
      id: photo.fileId,
      contentType: photo.contentType,
    });
    if (!res) throw new AppError(404, 'photo_not_found');
    return res;
  });

  // Private link of a requester: status, accept a proposal, cancel. Registered before /houses/:slug.
  pub.get('/houses/requests/:token', async (c) => statusPage(c));
  pub.post('/houses/requests/:token/cancel', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    await limit(c, 'houses-token', 30, 600);
    const req = await requestByToken(services.db, tenant.id, c.req.param('token'));
    if (!req) return statusPage(c);
    if (req.status === 'cancelled' || req.status === 'declined')
      return statusPage(c, { notice: 'alreadyClosed' });
    await cancelRequest(services, tenant, req.id, { actor: null });
    return statusPage(c, { notice: 'cancelled' });
  });
  pub.post('/houses/requests/:token/accept', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    await limit(c, 'houses-token', 30, 600);
    try {
      await acceptProposal(services, tenant, c.req.param('token'));
    } catch (err) {
      if (err instanceof AppError && err.status === 409)
        return statusPage(c, { notice: err.code === 'slot_taken' ? 'proposalTaken' : 'notProposed' }, 409);
      throw err;
    }
    return statusPage(c, { notice: 'accepted' });
  });

  pub.get('/houses/:slug', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const { house, rooms } = await loadHouse(c);
    const base = `/${tenant.slug}/houses/${house.slug}`;
    const view = c.req.query('view') === 'month' ? 'month' : 'week';
    const q = c.req.query('date') ?? '';
    const now = c.get('services').now();
    const today = todayLocal(now);
    const anchor = isDate(q) ? q : today;
    // The week is the seven days from the chosen day (today unless another is asked for), never the
    // calendar week around it: on a Sunday that would be the week that is ending.
    const first = view === 'week' ? anchor : monthStart(anchor);
    const next = view === 'week' ? addDays(first, 7) : addMonths(first, 1);
    const prev = view === 'week' ? addDays(first, -7) : addMonths(first, -1);
    const days: string[] = [];
    for (let d = first; d < next; d = addDays(d, 1)) days.push(d);
    const roomParam = c.req.query('room') ?? '';
    const shown = roomParam ? rooms.filter((r) => r.slug === roomParam) : rooms;
    const from = localToInstant(first, '00:00');
    const to = localToInstant(next, '00:00');
    const [busy, cls, photos] = await Promise.all([
      house.kind === 'own' ? confirmedBookings(db, tenant.id, [house.id], from, to) : Promise.resolve([]),
      listClosures(db, tenant.id, [house.id], { from, to }),
      listRoomPhotos(
        db,
        tenant.id,
        rooms.map((r) => r.id),
      ),
    ]);
    const link = (params: Record<string, string>) => {
      const u = new URLSearchParams({
        view,
        date: first,
        ...(roomParam ? { room: roomParam } : {}),
        ...params,
      });
      return `${base}?${u.toString()}#availability`;
    };
    const title =
      view === 'week'
        ? t('houses:availability.weekOf', {
            from: formatDay(first, lang, { weekday: undefined }),
            to: formatDay(addDays(next, -1), lang, { weekday: undefined }),
          })
        : t('houses:availability.monthOf', {
            month: formatDay(first, lang, { weekday: undefined, day: undefined }),
          });
    return publicPage(c, {
      title: house.name,
      description: house.description.slice(0, 160) || addressLine(house),
      children: (
        <>
          <Breadcrumb c={c} house={house} current={house.name} />
          <h1>{house.name}</h1>
          {house.description ? <p className="q-prose">{house.description}</p> : null}
          {house.kind === 'own' && rooms.length > 0 ? (
            <p>
              <a href="#availability">{t('houses:availability.jump')}</a>
            </p>
          ) : null}
          {house.kind === 'partner' ? (
            <Alert variant="info" title={t('houses:public.partnerOf', { owner: house.ownerName || '–' })}>
              <p>
                {house.externalBookingUrl ? (
                  <a href={house.externalBookingUrl} rel="noopener">
                    {t('houses:public.externalBooking')}
                  </a>
                ) : (
                  t('houses:public.askOwner')
                )}
              </p>
            </Alert>
          ) : null}
          <KeyValueList
            items={[
              { key: 'address', term: t('houses:public.address'), value: addressLine(house) },
              {
                key: 'contact',
                term: t('houses:public.contact'),
                value: [house.contactName, house.contactEmail, house.contactPhone]
                  .filter(Boolean)
                  .join(' · '),
              },
              {
                key: 'hours',
                term: t('houses:public.openingHours'),
                value: <OpeningHoursList t={t} house={house} />,
              },
              ...(house.keyHandover
                ? [{ key: 'keys', term: t('houses:public.keys'), value: house.keyHandover }]
                : []),
            ]}
          />
          {house.houseRules ? (
            <details>
              <summary>{t('houses:public.rules')}</summary>
              <p className="q-prose">{house.houseRules}</p>
            </details>
          ) : null}
          <h2>{t('houses:public.rooms')}</h2>
          {rooms.length === 0 ? <p>{t('houses:public.noRooms')}</p> : null}
          <ul className="q-cards">
            {rooms.map((r) => (
              <li key={r.id} className="q-card">
                <h3 id={`room-${r.slug}`}>{r.name}</h3>
                <RoomPhotoGallery
                  t={t}
                  room={r.name}
                  srcOf={(p) => photoSrc(tenant.slug, p)}
                  photos={photos.filter((p) => p.roomId === r.id)}
                />
                {r.description ? <p>{r.description}</p> : null}
                <KeyValueList
                  stacked
                  items={[
                    {
                      key: 'cap',
                      term: t('houses:room.capacity'),
                      value: t('houses:room.persons', { count: r.capacity }),
                    },
                    { key: 'size', term: t('houses:room.size'), value: r.sizeSqm ? `${r.sizeSqm} m²` : '' },
                    { key: 'eq', term: t('houses:room.equipment'), value: r.equipment.join(', ') },
                    {
                      key: 'acc',
                      term: t('houses:room.accessibility'),
                      value: [r.stepFree ? t('houses:room.stepFree') : '', r.accessibility]
                        .filter(Boolean)
                        .join('. '),
                    },
                    {
                      key: 'use',
                      term: t('houses:room.uses'),
                      value: r.allowedCategories.length
                        ? r.allowedCategories.map((x) => t(`houses:categories.${x}`)).join(', ')
                        : t('houses:room.allUses'),
                    },
                    { key: 'fee', term: t('houses:room.fees'), value: feeLine(t, lang, r) },
                  ]}
                />
                {house.kind === 'own' ? (
                  <p>
                    <a href={`${base}/request?room=${r.id}`}>
                      {t('houses:public.requestRoom', { room: r.name })}
                    </a>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {house.kind === 'own' && rooms.length > 0 ? (
            <section aria-labelledby="availability">
              <h2 id="availability">{t('houses:availability.title')}</h2>
              <p>{t('houses:availability.intro')}</p>
              <nav aria-label={t('houses:availability.navigation')}>
                <ul className="q-links">
                  <li>
                    <a href={link({ date: prev })}>
                      {t(view === 'week' ? 'houses:availability.prevWeek' : 'houses:availability.prevMonth')}
                    </a>
                  </li>
                  <li>
                    <a href={link({ date: today })}>{t('houses:availability.today')}</a>
                  </li>
                  <li>
                    <a href={link({ date: next })}>
                      {t(view === 'week' ? 'houses:availability.nextWeek' : 'houses:availability.nextMonth')}
                    </a>
                  </li>
                  <li>
                    {view === 'week' ? (
                      <a href={link({ view: 'month' })}>{t('houses:availability.showMonth')}</a>
                    ) : (
                      <a href={link({ view: 'week' })}>{t('houses:availability.showWeek')}</a>
                    )}
                  </li>
                </ul>
              </nav>
              <form method="get" action={`${base}#availability`} className="q-filter">
                <input type="hidden" name="view" value={view} />
                <input type="hidden" name="date" value={first} />
                <SelectField
                  name="room"
                  id="availability-room"
                  label={t('houses:availability.room')}
                  value={roomParam}
                  options={[
                    { value: '', label: t('houses:availability.allRooms') },
                    ...rooms.map((r) => ({ value: r.slug, label: r.name })),
                  ]}
                />
                <Button type="submit" variant="secondary">
                  {t('houses:availability.show')}
                </Button>
              </form>
              <DataTable
                caption={title}
                rows={days}
                rowKey={(d) => d}
                emptyMessage=""
                small
                columns={[
                  {
                    key: 'day',
                    header: t('houses:availability.day'),
                    rowHeader: true,
                    cell: (d) => formatDay(d, lang, { year: undefined, month: 'short' }),
                  },
                  ...shown.map((r) => ({
                    key: r.id,
                    header: r.name,
                    cell: (d: string) => {
                      const segs = daySegments(
                        d,
                        house.openingHours,
                        busy.filter((b) => b.roomId === r.id),
                        cls.filter((x) => x.roomId === null || x.roomId === r.id),
                        now,
                      );
                      const canAsk = d >= today && segs.some((s) => s.state === 'free');
                      return (
                        <>
                          <SegmentList t={t} segments={segs} />
                          {canAsk ? (
                            <a
                              href={`${base}/request?room=${r.id}&date=${d}`}
                              aria-label={t('houses:availability.askLabel', {
                                room: r.name,
                                date: formatDay(d, lang),
                              })}
                            >
                              {t('houses:availability.ask')}
                            </a>
                          ) : null}
                        </>
                      );
                    },
                  })),
                ]}
              />
            </section>
          ) : null}
        </>
      ),
    });
  });

  pub.get('/houses/:slug/request', async (c) => {
    const { house, rooms } = await loadHouse(c);
    if (house.kind !== 'own') throw new AppError(404, 'house_not_found');
    const q = (k: string) => c.req.query(k) ?? '';
    const input = emptyInput({
      room: q('room'),
      date: isDate(q('date')) ? q('date') : '',
      start: q('start'),
      end: q('end'),
    });
    const user = c.get('user');
    if (user) {
      input.name = user.name;
      input.email = user.email;
    }
    return requestPage(c, house, rooms, { input });
  });

  pub.post('/houses/:slug/request', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const { house, rooms } = await loadHouse(c);
    if (house.kind !== 'own') throw new AppError(404, 'house_not_found');
    const body = await formData(c);
    const intent = body.intent === 'check' ? 'check' : 'send';
    await limit(
      c,
      intent === 'check' ? 'houses-check' : 'houses-request',
      intent === 'check' ? CHECK_LIMIT.limit : SEND_LIMIT.limit,
      intent === 'check' ? CHECK_LIMIT.windowSeconds : SEND_LIMIT.windowSeconds,
    );
    const input = readInput(body as Record<string, unknown>);
    // Honeypot filled: answer as if all went well, keep nothing.
    if (typeof body.website === 'string' && body.website.trim() !== '') {
      services.log.info({ tenant: tenant.slug }, 'houses: honeypot triggered, request dropped');
      return thanksPage(c, house, input.email);
    }
    const prepared = await prepareRequest(services.db, {
      tenantId: tenant.id,
      house,
      rooms,
      input,
      mode: 'public',
      intent,
    });
    if (intent === 'check' || !prepared.ok) {
      return requestPage(
        c,
        house,
        rooms,
        { input, prepared, checkedOk: intent === 'check' && prepared.ok },
        prepared.ok ? 200 : 422,
      );
    }
    try {
      await submitRequest(services, tenant, house, prepared, {
        source: 'public',
        lang: c.get('lang'),
        userId: c.get('user')?.id ?? null,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'slot_taken') {
        const t = c.get('t');
        return requestPage(
          c,
          house,
          rooms,
          {
            input,
            prepared,
            alert: { title: t('houses:errors.slotTakenTitle'), body: t('houses:errors.slotTaken') },
          },
          409,
        );
      }
      throw err;
    }
    return thanksPage(c, house, input.email);
  });
}

async function limit(c: Context<AppEnv>, name: string, max: number, windowSeconds: number) {
  const services = c.get('services');
  const r = await hitLimit(
    services.db,
    `${name}:${clientIp(c, services.config.trustProxy)}`,
    max,
    windowSeconds,
  );
  if (!r.allowed) {
    c.header('Retry-After', String(r.retryAfterSeconds));
    throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
  }
}

function requestPage(
  c: Context<AppEnv>,
  house: House,
  rooms: Room[],
  o: Omit<Parameters<typeof RequestForm>[0], 't' | 'lang' | 'action' | 'csrf' | 'house' | 'rooms' | 'mode'>,
  status: 200 | 409 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return publicPage(c, {
    title: t('houses:form.title', { house: house.name }),
    status,
    children: (
      <>
        <Breadcrumb c={c} house={house} current={t('houses:form.breadcrumb')} />
        <h1>{t('houses:form.title', { house: house.name })}</h1>
        <p>{t('houses:form.intro')}</p>
        <p>
          <a href={`/${tenant.slug}/houses/${house.slug}#availability`}>{t('houses:form.seeAvailability')}</a>
        </p>
        <RequestForm
          t={t}
          lang={c.get('lang')}
          action={`/${tenant.slug}/houses/${house.slug}/request`}
          csrf={csrfTokenFor(c)}
          house={house}
          rooms={rooms}
          mode="public"
          {...o}
        />
      </>
    ),
  });
}

function thanksPage(c: Context<AppEnv>, house: House, email: string) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return publicPage(c, {
    title: t('houses:thanks.title'),
    children: (
      <div className="q-narrow">
        <Breadcrumb c={c} house={house} current={t('houses:thanks.title')} />
        <h1>{t('houses:thanks.title')}</h1>
        <Alert variant="success" title={t('houses:thanks.received')} role="status">
          <p>{t('houses:thanks.mail', { email })}</p>
        </Alert>
        <p>{t('houses:thanks.next')}</p>
        <p>
          <a href={`/${tenant.slug}/houses/${house.slug}`}>
            {t('houses:thanks.back', { house: house.name })}
          </a>
        </p>
      </div>
    ),
  });
}

type Notice = 'cancelled' | 'accepted' | 'alreadyClosed' | 'proposalTaken' | 'notProposed';

async function statusPage(c: Context<AppEnv>, o: { notice?: Notice } = {}, status: 200 | 404 | 409 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const token = c.req.param('token') ?? '';
  const req = await requestByToken(db, tenant.id, token);
  if (!req) {
    return publicPage(c, {
      title: t('houses:status.title'),
      status: 404,
      children: (
        <div className="q-narrow">
          <h1>{t('houses:status.title')}</h1>
          <Alert variant="error" title={t('houses:status.invalidLink')}>
            <p>{t('houses:status.invalidLinkHelp')}</p>
          </Alert>
        </div>
      ),
    });
  }
  const room = await getRoom(db, tenant.id, req.roomId);
  const occ = occurrencesOf(req);
  const base = `/${tenant.slug}/houses/requests/${token}`;
  const open = req.status === 'pending' || req.status === 'proposed' || req.status === 'approved';
  const quote = room
    ? quoteFee(roomRates(room), req.tariff, (req.endsAt.getTime() - req.startsAt.getTime()) / 60000)
    : null;
  // One token per page: without a cookie yet, every call would mint a new one.
  const csrf = csrfTokenFor(c);
  const variant =
    req.status === 'approved'
      ? 'success'
      : req.status === 'declined' || req.status === 'cancelled'
        ? 'danger'
        : 'info';
  return publicPage(c, {
    title: t('houses:status.title'),
    status,
    children: (
      <div className="q-narrow">
        <h1>{t('houses:status.title')}</h1>
        {o.notice ? (
          <Alert
            variant={o.notice === 'cancelled' || o.notice === 'accepted' ? 'success' : 'warning'}
            title={t(`houses:status.notice.${o.notice}`)}
            role="status"
          />
        ) : null}
        <p>
          <Badge variant={variant}>{t(`houses:statuses.${req.status}`)}</Badge>
        </p>
        <KeyValueList
          items={[
            { key: 'ref', term: t('houses:status.reference'), value: reference(req.id) },
            { key: 'room', term: t('houses:form.room'), value: room?.name ?? '' },
            {
              key: 'dates',
              term: t('houses:status.dates', { count: occ.length }),
              value: (
                <ul className="q-links">
                  {occ.slice(0, 60).map((d) => (
                    <li key={d.date}>{formatSlot(d.startsAt, d.endsAt, lang)}</li>
                  ))}
                </ul>
              ),
            },
            { key: 'purpose', term: t('houses:form.purpose'), value: req.purpose },
            {
              key: 'fee',
              term: t('houses:status.fee'),
              value: `${formatMoney(req.feeCents, lang)}${quote && quote.cents !== req.feeCents ? ` (${t('houses:status.perDate', { fee: formatMoney(quote.cents, lang) })})` : ''}`,
            },
            {
              key: 'payment',
              term: t('houses:status.payment'),
              value: t(`houses:payment.${req.paymentStatus}`),
            },
            ...(req.declineReason
              ? [{ key: 'reason', term: t('houses:status.reason'), value: req.declineReason }]
              : []),
          ]}
        />
        {req.status === 'proposed' && req.proposedStartsAt && req.proposedEndsAt ? (
          <section aria-labelledby="proposal">
            <h2 id="proposal">{t('houses:status.proposalTitle')}</h2>
            <p>
              {t('houses:status.proposal', {
                when: formatSlot(req.proposedStartsAt, req.proposedEndsAt, lang),
              })}
            </p>
            {req.staffMessage ? <p className="q-prose">{req.staffMessage}</p> : null}
            <form method="post" action={`${base}/accept`}>
              <CsrfField token={csrf} />
              <Button type="submit" variant="primary">
                {t('houses:status.accept')}
              </Button>
            </form>
          </section>
        ) : null}
        {open ? (
          <section aria-labelledby="cancel">
            <h2 id="cancel">{t('houses:status.cancelTitle')}</h2>
            <p>
              {t(req.status === 'approved' ? 'houses:status.cancelApproved' : 'houses:status.cancelPending')}
            </p>
            <form method="post" action={`${base}/cancel`}>
              <CsrfField token={csrf} />
              <Button type="submit" variant="danger">
                {t('houses:status.cancel')}
              </Button>
            </form>
          </section>
        ) : null}
        <p>
          <LinkButton variant="tertiary" href={`/${tenant.slug}/houses`}>
            {t('houses:public.title')}
          </LinkButton>
        </p>
      </div>
    ),
  });
}
