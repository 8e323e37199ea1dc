import type { Context, Hono } from 'hono';
import { writeAudit } from '../../../platform/audit/index.ts';
import { actorOf, authorize } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatMoney, type Lang, STAFF_LANGS } from '../../../platform/i18n/index.ts';
import { isDate, localParts } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  ErrorSummary,
  KeyValueList,
  Pagination,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PAYMENT_STATUSES, REQUEST_STATUSES, type RequestStatus } from '../db/schema.ts';
import { formatDay, formatSlot } from '../domain/format.ts';
import { describeRule } from '../domain/recurrence.ts';
import { listAreaIds, MANAGE, REQUESTS, requireHouse } from '../policies.ts';
import { type BookingRequest, bookingsOfRequest, listHouses, listRequests, listRooms } from '../queries.ts';
import { confirmationPdf, type FieldErrors, inspectRequest } from '../use-cases/booking.ts';
import { reference } from '../use-cases/documents.ts';
import {
  approveBookingRequest,
  bookingRequestFor,
  cancelBookingDate,
  cancelBookingRequest,
  declineBookingRequest,
  listBookingRequestsFor,
  proposeBookingTime,
  setBookingPayment,
} from '../use-cases/staff-requests.ts';
import { Badge, groupLabel, summary, tm } from './common.tsx';
import { DatesTable } from './request-form.tsx';
import { staffBase } from './staff-common.ts';

const PAGE = 50;
/** At most this many requests in one CSV download. */
const CSV_MAX = 10_000;

const STATUS_VARIANT = {
  pending: 'info',
  proposed: 'warning',
  approved: 'success',
  declined: 'danger',
  cancelled: 'danger',
} as const;

const requestFor = (c: Context<AppEnv>, permission: typeof REQUESTS | typeof MANAGE) =>
  bookingRequestFor(actorOf(c), c.get('services').db, c.req.param('id'), permission);

export function mountStaffRequestPages(staff: Hono<AppEnv>) {
  staff.get('/houses/requests', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const statusParam = c.req.query('status') ?? 'open';
    const statuses: RequestStatus[] =
      statusParam === 'open'
        ? ['pending', 'proposed']
        : (REQUEST_STATUSES as readonly string[]).includes(statusParam)
          ? [statusParam as RequestStatus]
          : [];
    const houseParam = c.req.query('house') ?? '';
    const page = pageNumber(c.req.query('page'));
    const csv = c.req.query('format') === 'csv';
    // The list names the requesters: the use case checks the permission and audits the look.
    const {
      houses,
      requests: list,
      total,
    } = await listBookingRequestsFor(actorOf(c), db, {
      statuses,
      houseId: houseParam,
      currentAreaId: c.get('currentAreaId'),
      ...(csv ? { limit: CSV_MAX, view: 'csv' as const } : { limit: PAGE, offset: (page - 1) * PAGE }),
    });
    const rooms = await listRooms(
      db,
      tenant.id,
      houses.map((h) => h.id),
      { includeArchived: true },
    );
    const roomName = new Map(rooms.map((r) => [r.id, r.name]));
    const houseName = new Map(houses.map((h) => [h.id, h.name]));
    const base = staffBase(c);
    if (csv)
      return csvResponse(
        toCsv(
          [
            'reference',
            'status',
            'first_date',
            'dates',
            'house',
            'room',
            'requester',
            'organisation',
            'email',
            'category',
            'participants',
            'fee_eur',
            'received',
          ].map((h) => t(`houses:requestsCsv.${h}`)),
          list.map((r) => [
            reference(r.id),
            t(`houses:statuses.${r.status}`),
            formatSlot(r.startsAt, r.endsAt, lang),
            r.rrule ? t(`houses:repeat.${describeRule(r.rrule).repeat}`) : '',
            houseName.get(r.houseId) ?? '',
            roomName.get(r.roomId) ?? '',
            r.requesterName,
            r.organisation,
            r.requesterEmail,
            t(`houses:categories.${r.category}`),
            r.participants,
            (r.feeCents / 100).toFixed(2).replace('.', ','),
            r.createdAt.toISOString(),
          ]),
        ),
        'raumanfragen.csv',
      );
    const pageHref = (p: number, extra: Record<string, string> = {}) =>
      `${base}/requests?${new URLSearchParams({
        status: statusParam,
        ...(houseParam ? { house: houseParam } : {}),
        ...(p > 1 ? { page: String(p) } : {}),
        ...extra,
      })}`;
    return staffPage(c, {
      title: t('houses:requests.title'),
      children: (
        <>
          <p>
            <a href={base}>{t('houses:staff.title')}</a>
          </p>
          <h1>{t('houses:requests.title')}</h1>
          <form method="get" className="q-filter">
            <SelectField
              name="status"
              id="filter-status"
              label={t('houses:requests.filterStatus')}
              value={statusParam}
              options={[
                { value: 'open', label: t('houses:requests.open') },
                { value: 'all', label: t('houses:requests.all') },
                ...REQUEST_STATUSES.map((s) => ({ value: s, label: t(`houses:statuses.${s}`) })),
              ]}
            />
            <SelectField
              name="house"
              id="filter-house"
              label={t('houses:requests.filterHouse')}
              value={houseParam}
              options={[
                { value: '', label: t('houses:requests.allHouses') },
                ...houses.map((h) => ({ value: h.id, label: h.name })),
              ]}
            />
            <Button type="submit" variant="secondary">
              {t('houses:requests.filter')}
            </Button>
          </form>
          <p>
            <a href={pageHref(1, { format: 'csv' })} download>
              {t('houses:requests.csv', { count: total })}
            </a>
          </p>
          <DataTable
            caption={t('houses:requests.caption', { count: total })}
            rows={list}
            rowKey={(r) => r.id}
            emptyMessage={t('houses:requests.none')}
            columns={[
              {
                key: 'ref',
                header: t('houses:status.reference'),
                rowHeader: true,
                cell: (r) => <a href={`${base}/requests/${r.id}`}>{reference(r.id)}</a>,
              },
              {
                key: 'status',
                header: t('houses:form.status'),
                cell: (r) => (
                  <Badge variant={STATUS_VARIANT[r.status]}>{t(`houses:statuses.${r.status}`)}</Badge>
                ),
              },
              {
                key: 'when',
                header: t('houses:form.date'),
                cell: (r) =>
                  `${formatSlot(r.startsAt, r.endsAt, lang)}${r.rrule ? ` (${t(`houses:repeat.${describeRule(r.rrule).repeat}`)})` : ''}`,
              },
              {
                key: 'where',
                header: t('houses:form.room'),
                cell: (r) => `${roomName.get(r.roomId) ?? ''} – ${houseName.get(r.houseId) ?? ''}`,
              },
              { key: 'who', header: t('houses:staff.group'), cell: (r) => groupLabel(t, r) },
              {
                key: 'cat',
                header: t('houses:form.category'),
                cell: (r) => t(`houses:categories.${r.category}`),
              },
              {
                key: 'fee',
                header: t('houses:status.fee'),
                numeric: true,
                cell: (r) => formatMoney(r.feeCents, lang),
              },
            ]}
          />
          <Pagination
            page={page}
            totalPages={Math.ceil(total / PAGE)}
            href={(p) => pageHref(p)}
            label={t('houses:requests.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  staff.get('/houses/requests/:id', async (c) => {
    const { req } = await requestFor(c, REQUESTS);
    // The requester's contact details are personal data: who looked at them is logged.
    await writeAudit(c.get('services').db, {
      tenantId: req.tenantId,
      actorUserId: c.get('user')!.id,
      action: 'read',
      entityType: 'booking_request',
      entityId: req.id,
      personal: true,
    });
    return detailPage(c, {});
  });

  const act = (
    name: string,
    fn: (
      c: Context<AppEnv>,
      req: BookingRequest,
      body: Record<string, unknown>,
    ) => Promise<Response | undefined>,
  ) =>
    staff.post(`/houses/requests/:id/${name}`, async (c) => {
      const { req } = await requestFor(c, MANAGE);
      const body = (await formData(c)) as Record<string, unknown>;
      try {
        const res = await fn(c, req, body);
        return res ?? c.redirect(`${staffBase(c)}/requests/${req.id}?done=${name}`, 303);
      } catch (err) {
        if (err instanceof AppError && (err.status === 409 || err.status === 422))
          return detailPage(c, { error: err }, err.status);
        throw err;
      }
    });

  act('approve', async (c, req, body) => {
    await approveBookingRequest(actorOf(c), c.get('services'), c.get('tenant')!, req.id, {
      skipConflicts: body.skipConflicts === 'on',
    });
    return undefined;
  });
  act('decline', async (c, req, body) => {
    const reason = str(body.reason).trim();
    if (!reason)
      return detailPage(
        c,
        { declineErrors: { reason: { key: 'houses:errors.reasonRequired' } }, declineReason: reason },
        422,
      );
    await declineBookingRequest(actorOf(c), c.get('services'), c.get('tenant')!, req.id, reason);
    return undefined;
  });
  act('propose', async (c, req, body) => {
    const p = {
      date: str(body.proposeDate).trim(),
      start: str(body.proposeStart).trim(),
      end: str(body.proposeEnd).trim(),
      message: str(body.message),
    };
    const errors = await proposeBookingTime(actorOf(c), c.get('services'), c.get('tenant')!, req.id, p);
    if (errors) return detailPage(c, { proposeErrors: errors, proposal: p }, 422);
    return undefined;
  });
  act('cancel', async (c, req, body) => {
    await cancelBookingRequest(actorOf(c), c.get('services'), c.get('tenant')!, req.id, str(body.message));
    return undefined;
  });
  act('payment', async (c, req, body) => {
    await setBookingPayment(actorOf(c), c.get('services').db, req.id, {
      status: str(body.paymentStatus),
      note: str(body.paymentNote),
    });
    return undefined;
  });
  staff.post('/houses/requests/:id/bookings/:bookingId/cancel', async (c) => {
    const { req } = await requestFor(c, MANAGE);
    await cancelBookingDate(
      actorOf(c),
      c.get('services'),
      c.get('tenant')!,
      req.id,
      c.req.param('bookingId'),
    );
    return c.redirect(`${staffBase(c)}/requests/${req.id}?done=cancelDate`, 303);
  });

  staff.get('/houses/requests/:id/confirmation.pdf', async (c) => {
    const { req } = await requestFor(c, REQUESTS);
    const lang = (STAFF_LANGS as readonly string[]).includes(req.lang) ? (req.lang as Lang) : c.get('lang');
    const { pdf } = await confirmationPdf(c.get('services'), c.get('tenant')!, req.id, lang);
    // The confirmation names the renter: a download counts as a read of the personal details.
    await writeAudit(c.get('services').db, {
      tenantId: req.tenantId,
      actorUserId: c.get('user')!.id,
      action: 'read',
      entityType: 'booking_request',
      entityId: req.id,
      personal: true,
      details: { view: 'confirmation.pdf' },
    });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="bestaetigung-${reference(req.id)}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });

  // ── Payments and accounting export ──
  const paymentRows = async (c: Context<AppEnv>) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const scope = await listAreaIds(actorOf(c), c.get('services').db, REQUESTS, c.get('currentAreaId'));
    // Deleted houses stay: their rentals still have to be paid and accounted for.
    const houses = await listHouses(db, tenant.id, { areaIds: scope, includeArchived: true });
    const status = c.req.query('payment') ?? '';
    const from = isDate(c.req.query('from') ?? '') ? c.req.query('from')! : '';
    const to = isDate(c.req.query('to') ?? '') ? c.req.query('to')! : '';
    const list = (
      await listRequests(db, tenant.id, {
        statuses: ['approved', 'cancelled'],
        houseIds: houses.map((h) => h.id),
        limit: 5000,
      })
    ).filter(
      (r) =>
        (r.status === 'approved' || r.paymentStatus !== 'open') &&
        (!status || r.paymentStatus === status) &&
        (!from || localParts(r.startsAt).date >= from) &&
        (!to || localParts(r.startsAt).date <= to),
    );
    const rooms = await listRooms(
      db,
      tenant.id,
      houses.map((h) => h.id),
      { includeArchived: true },
    );
    return {
      list,
      houses: new Map(houses.map((h) => [h.id, h.name])),
      rooms: new Map(rooms.map((r) => [r.id, r.name])),
      status,
      from,
      to,
    };
  };

  staff.get('/houses/payments', async (c) => {
    authorize(actorOf(c), REQUESTS);
    const t = c.get('t');
    const lang = c.get('lang');
    const { list, houses, rooms, status, from, to } = await paymentRows(c);
    const base = staffBase(c);
    const qs = new URLSearchParams({
      ...(status ? { payment: status } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }).toString();
    const sum = (s: string) => list.filter((r) => r.paymentStatus === s).reduce((a, r) => a + r.feeCents, 0);
    return staffPage(c, {
      title: t('houses:payments.title'),
      children: (
        <>
          <p>
            <a href={base}>{t('houses:staff.title')}</a>
          </p>
          <h1>{t('houses:payments.title')}</h1>
          <form method="get" className="q-filter">
            <SelectField
              name="payment"
              id="filter-payment"
              label={t('houses:payments.filter')}
              value={status}
              options={[
                { value: '', label: t('houses:payments.all') },
                ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`houses:payment.${s}`) })),
              ]}
            />
            <TextField
              name="from"
              id="filter-from"
              type="date"
              label={t('houses:staff.fromDate')}
              value={from}
              width={20}
            />
            <TextField
              name="to"
              id="filter-to"
              type="date"
              label={t('houses:staff.toDate')}
              value={to}
              width={20}
            />
            <Button type="submit" variant="secondary">
              {t('houses:requests.filter')}
            </Button>
          </form>
          <p>
            {PAYMENT_STATUSES.map((s) => `${t(`houses:payment.${s}`)}: ${formatMoney(sum(s), lang)}`).join(
              ' · ',
            )}
          </p>
          <p>
            <a href={`${base}/payments.csv${qs ? `?${qs}` : ''}`} download>
              {t('houses:payments.csv')}
            </a>
          </p>
          <DataTable
            caption={t('houses:payments.caption', { count: list.length })}
            rows={list}
            rowKey={(r) => r.id}
            emptyMessage={t('houses:payments.none')}
            columns={[
              {
                key: 'ref',
                header: t('houses:status.reference'),
                rowHeader: true,
                cell: (r) => <a href={`${base}/requests/${r.id}`}>{reference(r.id)}</a>,
              },
              { key: 'who', header: t('houses:staff.group'), cell: (r) => groupLabel(t, r) },
              {
                key: 'where',
                header: t('houses:form.room'),
                cell: (r) => `${rooms.get(r.roomId) ?? ''} – ${houses.get(r.houseId) ?? ''}`,
              },
              { key: 'first', header: t('houses:form.date'), cell: (r) => formatDay(r.startsAt, lang) },
              {
                key: 'tariff',
                header: t('houses:form.tariff'),
                cell: (r) => t(`houses:tariffs.${r.tariff}`),
              },
              {
                key: 'fee',
                header: t('houses:status.fee'),
                numeric: true,
                cell: (r) => formatMoney(r.feeCents, lang),
              },
              {
                key: 'pay',
                header: t('houses:status.payment'),
                cell: (r) => t(`houses:payment.${r.paymentStatus}`),
              },
            ]}
          />
        </>
      ),
    });
  });

  staff.get('/houses/payments.csv', async (c) => {
    authorize(actorOf(c), REQUESTS);
    const t = c.get('t');
    const { list, houses, rooms } = await paymentRows(c);
    // A file with the renters' names leaves the system: who downloaded it is logged.
    await writeAudit(c.get('services').db, {
      tenantId: c.get('tenant')!.id,
      actorUserId: c.get('user')!.id,
      action: 'export',
      entityType: 'booking_request',
      entityId: null,
      personal: true,
      details: { view: 'payments.csv', rows: list.length },
    });
    const csv = toCsv(
      [
        'reference',
        'house',
        'room',
        'first_date',
        'dates',
        'requester',
        'organisation',
        'tariff',
        'fee_eur',
        'payment_status',
        'paid_at',
        'payment_note',
        'request_status',
      ].map((h) => t(`houses:csv.${h}`)),
      list.map((r) => [
        reference(r.id),
        houses.get(r.houseId) ?? '',
        rooms.get(r.roomId) ?? '',
        localParts(r.startsAt).date,
        r.rrule ? describeRule(r.rrule).repeat : 'none',
        r.requesterName,
        r.organisation,
        r.tariff,
        (r.feeCents / 100).toFixed(2).replace('.', ','),
        r.paymentStatus,
        r.paidAt ? localParts(r.paidAt).date : '',
        r.paymentNote,
        r.status,
      ]),
    );
    return csvResponse(csv, 'raumvermietung.csv');
  });
}

interface DetailOpts {
  error?: AppError;
  declineErrors?: FieldErrors;
  declineReason?: string;
  proposeErrors?: FieldErrors;
  proposal?: { date: string; start: string; end: string; message: string };
}

async function detailPage(c: Context<AppEnv>, o: DetailOpts, status: 200 | 409 | 422 = 200) {
  const { req, house, room } = await requestFor(c, REQUESTS);
  const t = c.get('t');
  const lang = c.get('lang');
  const db = c.get('services').db;
  const base = `${staffBase(c)}/requests/${req.id}`;
  let manage = true;
  try {
    await requireHouse(actorOf(c), c.get('services').db, house, MANAGE);
  } catch {
    manage = false;
  }
  const [checked, booked] = await Promise.all([
    inspectRequest(db, req.tenantId, req, house, room),
    bookingsOfRequest(db, req.tenantId, req.id),
  ]);
  const open = req.status === 'pending' || req.status === 'proposed';
  const done = c.req.query('done');
  const rule = describeRule(req.rrule);
  const pe = o.proposeErrors ?? {};
  const de = o.declineErrors ?? {};
  const conflicts = checked.filter((x) => x.problems.length > 0).length;
  const errorText = o.error
    ? o.error.code === 'slot_taken'
      ? t('houses:errors.slotTaken')
      : o.error.code === 'not_bookable'
        ? t('houses:errors.notBookable', { dates: ((o.error.details?.dates as string[]) ?? []).join(', ') })
        : o.error.code === 'not_pending'
          ? t('houses:errors.notPending')
          : t('houses:errors.generic')
    : null;
  return staffPage(c, {
    title: t('houses:requests.detailTitle', { ref: reference(req.id) }),
    status,
    children: (
      <>
        <p>
          <a href={`${staffBase(c)}/requests`}>{t('houses:requests.title')}</a>
        </p>
        <h1>{t('houses:requests.detailTitle', { ref: reference(req.id) })}</h1>
        {done ? (
          <Alert
            variant="success"
            title={t(`houses:requests.done.${done}`, { defaultValue: t('houses:staff.saved') })}
            role="status"
          />
        ) : null}
        {errorText ? (
          <Alert variant="error" title={t('houses:errors.slotTakenTitle')}>
            {errorText}
          </Alert>
        ) : null}
        <p>
          <Badge variant={STATUS_VARIANT[req.status]}>{t(`houses:statuses.${req.status}`)}</Badge>
        </p>
        {req.erasedAt ? (
          <Alert
            variant="info"
            title={t('houses:privacy.erasedOn', { date: formatDay(req.erasedAt, lang) })}
            role="status"
          />
        ) : null}
        <KeyValueList
          items={[
            { key: 'where', term: t('houses:form.room'), value: `${room.name} – ${house.name}` },
            {
              key: 'when',
              term: t('houses:form.date'),
              value: `${formatSlot(req.startsAt, req.endsAt, lang)}${rule.repeat !== 'none' ? ` · ${t(`houses:repeat.${rule.repeat}`)} ${t('houses:requests.until', { date: rule.until ? formatDay(rule.until, lang) : '–' })}` : ''}`,
            },
            {
              key: 'ex',
              term: t('houses:staff.exceptions'),
              value: req.exceptions.map((d) => formatDay(d, lang)).join(', '),
            },
            { key: 'name', term: t('houses:requests.requester'), value: req.requesterName },
            {
              key: 'email',
              term: t('houses:form.email'),
              value: req.requesterEmail ? (
                <a href={`mailto:${req.requesterEmail}`}>{req.requesterEmail}</a>
              ) : (
                ''
              ),
            },
            { key: 'phone', term: t('houses:form.phone'), value: req.requesterPhone },
            { key: 'org', term: t('houses:form.organisation'), value: req.organisation },
            { key: 'purpose', term: t('houses:requests.purpose'), value: req.purpose },
            { key: 'cat', term: t('houses:form.category'), value: t(`houses:categories.${req.category}`) },
            { key: 'part', term: t('houses:form.participants'), value: String(req.participants) },
            { key: 'tariff', term: t('houses:form.tariff'), value: t(`houses:tariffs.${req.tariff}`) },
            { key: 'fee', term: t('houses:status.fee'), value: formatMoney(req.feeCents, lang) },
            { key: 'pay', term: t('houses:status.payment'), value: t(`houses:payment.${req.paymentStatus}`) },
            { key: 'source', term: t('houses:requests.source'), value: t(`houses:sources.${req.source}`) },
            {
              key: 'basis',
              term: t('houses:privacy.legalBasis'),
              value: t(`houses:privacy.basis.${req.legalBasis}`),
            },
            {
              key: 'kept',
              term: t('houses:privacy.keptUntil'),
              value: req.erasedAt ? '–' : formatDay(req.retentionUntil, lang),
            },
            ...(req.declineReason
              ? [{ key: 'reason', term: t('houses:status.reason'), value: req.declineReason }]
              : []),
            ...(req.proposedStartsAt && req.proposedEndsAt
              ? [
                  {
                    key: 'proposed',
                    term: t('houses:requests.proposed'),
                    value: formatSlot(req.proposedStartsAt, req.proposedEndsAt, lang),
                  },
                ]
              : []),
          ]}
        />
        {open ? (
          <>
            <h2>{t('houses:requests.datesNow')}</h2>
            {conflicts ? (
              <Alert variant="warning" title={t('houses:requests.conflicts', { count: conflicts })} />
            ) : null}
            <DatesTable t={t} lang={lang} checked={checked} exceptions={[]} />
          </>
        ) : null}
        {booked.length ? (
          <>
            <h2>{t('houses:requests.bookings')}</h2>
            <DataTable
              caption={t('houses:requests.bookingsCaption', {
                count: booked.filter((b) => b.status === 'confirmed').length,
              })}
              hideCaption
              rows={booked}
              rowKey={(b) => b.id}
              emptyMessage=""
              small
              columns={[
                {
                  key: 'when',
                  header: t('houses:form.date'),
                  rowHeader: true,
                  cell: (b) => formatSlot(b.startsAt, b.endsAt, lang),
                },
                {
                  key: 'status',
                  header: t('houses:form.status'),
                  cell: (b) => t(`houses:bookingStatuses.${b.status}`),
                },
                {
                  key: 'act',
                  header: t('houses:staff.actions'),
                  hideHeader: true,
                  action: true,
                  cell: (b) =>
                    manage && b.status === 'confirmed' && b.startsAt.getTime() > Date.now() ? (
                      <form method="post" action={`${base}/bookings/${b.id}/cancel`}>
                        <CsrfField token={csrfTokenFor(c)} />
                        <Button
                          type="submit"
                          variant="tertiary"
                          small
                          aria-label={t('houses:requests.cancelDateLabel', {
                            date: formatSlot(b.startsAt, b.endsAt, lang),
                          })}
                        >
                          {t('houses:requests.cancelDate')}
                        </Button>
                      </form>
                    ) : null,
                },
              ]}
            />
            <p>
              <a href={`${base}/confirmation.pdf`}>{t('houses:requests.pdf')}</a>
            </p>
          </>
        ) : null}
        {manage && req.status === 'pending' ? (
          <section aria-labelledby="approve">
            <h2 id="approve">{t('houses:requests.approveTitle')}</h2>
            <form method="post" action={`${base}/approve`}>
              <CsrfField token={csrfTokenFor(c)} />
              {req.rrule ? (
                <CheckboxField name="skipConflicts" label={t('houses:requests.skipConflicts')} />
              ) : null}
              <Button type="submit" variant="primary">
                {t('houses:requests.approve')}
              </Button>
            </form>
          </section>
        ) : null}
        {manage && open ? (
          <>
            <section aria-labelledby="propose">
              <h2 id="propose">{t('houses:requests.proposeTitle')}</h2>
              <ErrorSummary
                title={t('errorSummaryTitle')}
                errors={summary(t, pe)}
                id="propose-errors"
                autoFocus={!!o.proposeErrors}
              />
              <form method="post" action={`${base}/propose`} noValidate>
                <CsrfField token={csrfTokenFor(c)} />
                <TextField
                  name="proposeDate"
                  type="date"
                  label={t('houses:form.date')}
                  value={o.proposal?.date ?? ''}
                  error={tm(t, pe.proposeDate)}
                  width={20}
                  required
                />
                <TextField
                  name="proposeStart"
                  type="time"
                  label={t('houses:form.start')}
                  value={o.proposal?.start ?? ''}
                  error={tm(t, pe.proposeStart)}
                  width={10}
                  required
                />
                <TextField
                  name="proposeEnd"
                  type="time"
                  label={t('houses:form.end')}
                  value={o.proposal?.end ?? ''}
                  error={tm(t, pe.proposeEnd)}
                  width={10}
                  required
                />
                <TextArea
                  name="message"
                  label={t('houses:requests.message')}
                  value={o.proposal?.message ?? ''}
                  rows={2}
                />
                <Button type="submit" variant="secondary">
                  {t('houses:requests.propose')}
                </Button>
              </form>
            </section>
            <section aria-labelledby="decline">
              <h2 id="decline">{t('houses:requests.declineTitle')}</h2>
              <ErrorSummary
                title={t('errorSummaryTitle')}
                errors={summary(t, de)}
                id="decline-errors"
                autoFocus={!!o.declineErrors}
              />
              <form method="post" action={`${base}/decline`} noValidate>
                <CsrfField token={csrfTokenFor(c)} />
                <TextArea
                  name="reason"
                  label={t('houses:requests.reason')}
                  hint={t('houses:requests.reasonHint')}
                  value={o.declineReason ?? ''}
                  error={tm(t, de.reason)}
                  rows={2}
                  required
                />
                <Button type="submit" variant="danger">
                  {t('houses:requests.decline')}
                </Button>
              </form>
            </section>
          </>
        ) : null}
        {manage && req.status === 'approved' ? (
          <>
            <section aria-labelledby="payment">
              <h2 id="payment">{t('houses:requests.paymentTitle')}</h2>
              <form method="post" action={`${base}/payment`}>
                <CsrfField token={csrfTokenFor(c)} />
                <SelectField
                  name="paymentStatus"
                  label={t('houses:status.payment')}
                  value={req.paymentStatus}
                  options={PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`houses:payment.${s}`) }))}
                />
                <TextField
                  name="paymentNote"
                  label={t('houses:requests.paymentNote')}
                  hint={t('houses:requests.paymentNoteHint')}
                  value={req.paymentNote}
                />
                <Button type="submit" variant="secondary">
                  {t('save')}
                </Button>
              </form>
            </section>
            <section aria-labelledby="cancel">
              <h2 id="cancel">{t('houses:requests.cancelTitle')}</h2>
              <form method="post" action={`${base}/cancel`}>
                <CsrfField token={csrfTokenFor(c)} />
                <TextArea name="message" label={t('houses:requests.message')} rows={2} />
                <Button type="submit" variant="danger">
                  {t('houses:requests.cancel')}
                </Button>
              </form>
            </section>
          </>
        ) : null}
      </>
    ),
  });
}
