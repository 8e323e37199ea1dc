import type { Context, Hono } from 'hono';
import { writeAudit } from '../../../platform/audit/index.ts';
import { actorOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData, html, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  ErrorSummary,
  KeyValueList,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { formatDay, formatSlot } from '../domain/format.ts';
import { lastRequestedDate, RETENTION_YEARS_AFTER_LAST_DATE } from '../domain/retention.ts';
import { requirePrivacy } from '../policies.ts';
import { type BookingRequest, listHouses, listRooms } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import { reference } from '../use-cases/documents.ts';
import {
  activeRequestsOf,
  eraseExpiredRequests,
  eraseRequester,
  expiredRequests,
  exportRequester,
  type RequesterExport,
  requestsOfRequester,
  type Who,
} from '../use-cases/privacy.ts';
import { summary, tm } from './common.tsx';
import { staffBase } from './staff-common.ts';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const who = (c: Context<AppEnv>): Who => ({
  userId: c.get('user')?.id ?? null,
  ip: clientIp(c, c.get('services').config.trustProxy),
});

async function names(c: Context<AppEnv>) {
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const houses = await listHouses(db, tenant.id, { includeArchived: true });
  const rooms = await listRooms(
    db,
    tenant.id,
    houses.map((h) => h.id),
    { includeArchived: true },
  );
  return {
    house: new Map(houses.map((h) => [h.id, h.name])),
    room: new Map(rooms.map((r) => [r.id, r.name])),
  };
}

/** The retention review and the requester look-up (GDPR Art. 15/17) for booking requests. */
async function overview(
  c: Context<AppEnv>,
  o: { email?: string; errors?: FieldErrors } = {},
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const [expired, n] = await Promise.all([expiredRequests(db, tenant.id), names(c)]);
  const base = `${staffBase(c)}/privacy`;
  const csrf = csrfTokenFor(c);
  const done = c.req.query('done');
  const errors = o.errors ?? {};
  return staffPage(c, {
    title: t('houses:privacy.title'),
    status,
    children: (
      <>
        <p>
          <a href={staffBase(c)}>{t('houses:staff.title')}</a>
        </p>
        <h1>{t('houses:privacy.title')}</h1>
        {done ? (
          <Alert
            variant="success"
            title={t(`houses:privacy.done.${done}`, {
              count: Number(c.req.query('n') ?? 0),
              defaultValue: t('houses:staff.saved'),
            })}
            role="status"
          />
        ) : null}
        <p>{t('houses:privacy.intro', { count: RETENTION_YEARS_AFTER_LAST_DATE })}</p>
        <section aria-labelledby="expired">
          <h2 id="expired">{t('houses:privacy.expiredTitle', { count: expired.length })}</h2>
          <p>{t('houses:privacy.expiredIntro')}</p>
          {expired.length === 0 ? (
            <p>{t('houses:privacy.noneExpired')}</p>
          ) : (
            <form method="post" action={`${base}/erase-expired`} noValidate>
              <CsrfField token={csrf} />
              <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
              <DataTable
                caption={t('houses:privacy.expiredCaption', { count: expired.length })}
                hideCaption
                rows={expired}
                rowKey={(r) => r.id}
                emptyMessage=""
                small
                columns={[
                  {
                    key: 'pick',
                    header: t('houses:privacy.pick'),
                    cell: (r) => (
                      <CheckboxField
                        name="ids"
                        id={`pick-${r.id}`}
                        value={r.id}
                        checked
                        label={t('houses:privacy.pickLabel', { ref: reference(r.id) })}
                      />
                    ),
                  },
                  {
                    key: 'ref',
                    header: t('houses:status.reference'),
                    rowHeader: true,
                    cell: (r) => <a href={`${staffBase(c)}/requests/${r.id}`}>{reference(r.id)}</a>,
                  },
                  {
                    key: 'where',
                    header: t('houses:form.room'),
                    cell: (r) => `${n.room.get(r.roomId) ?? ''} – ${n.house.get(r.houseId) ?? ''}`,
                  },
                  {
                    key: 'last',
                    header: t('houses:privacy.lastDate'),
                    cell: (r) => formatDay(lastRequestedDate(r), lang),
                  },
                  {
                    key: 'status',
                    header: t('houses:form.status'),
                    cell: (r) => t(`houses:statuses.${r.status}`),
                  },
                  {
                    key: 'pay',
                    header: t('houses:status.payment'),
                    cell: (r) =>
                      r.feeCents > 0
                        ? `${formatMoney(r.feeCents, lang)}, ${t(`houses:payment.${r.paymentStatus}`)}`
                        : '–',
                  },
                  {
                    key: 'until',
                    header: t('houses:privacy.keptUntil'),
                    cell: (r) => formatDay(r.retentionUntil, lang),
                  },
                ]}
              />
              <CheckboxField
                name="confirm"
                label={t('houses:privacy.confirmExpired')}
                error={tm(t, errors.confirm)}
              />
              <Button type="submit" variant="danger">
                {t('houses:privacy.eraseExpired')}
              </Button>
            </form>
          )}
        </section>
        <section aria-labelledby="requester">
          <h2 id="requester">{t('houses:privacy.requesterTitle')}</h2>
          <p>{t('houses:privacy.requesterIntro')}</p>
          {/* POST, so the address never ends up in a URL, a log or the browser history. */}
          <form method="post" action={`${base}/requester`} noValidate className="q-filter">
            <CsrfField token={csrf} />
            <TextField
              name="email"
              type="email"
              label={t('houses:form.email')}
              value={o.email ?? ''}
              error={tm(t, errors.email)}
              autoComplete="off"
              required
            />
            <Button type="submit" variant="secondary">
              {t('houses:privacy.lookUp')}
            </Button>
          </form>
        </section>
      </>
    ),
  });
}

async function requesterPage(
  c: Context<AppEnv>,
  email: string,
  o: { errors?: FieldErrors; blocked?: string[] } = {},
  status: 200 | 409 | 422 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const [list, active, n] = await Promise.all([
    requestsOfRequester(db, tenant.id, email),
    activeRequestsOf(db, tenant.id, email),
    names(c),
  ]);
  // Looking up a person shows their requests: logged like opening each request.
  for (const r of list) {
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: c.get('user')!.id,
      action: 'read',
      entityType: 'booking_request',
      entityId: r.id,
      personal: true,
      details: { view: 'privacy' },
      ip: who(c).ip,
    });
  }
  const base = `${staffBase(c)}/privacy/requester`;
  const csrf = csrfTokenFor(c);
  const errors = o.errors ?? {};
  const hidden = (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name="email" value={email} />
    </>
  );
  return staffPage(c, {
    title: t('houses:privacy.requesterTitle'),
    status,
    children: (
      <>
        <p>
          <a href={`${staffBase(c)}/privacy`}>{t('houses:privacy.title')}</a>
        </p>
        <h1>{t('houses:privacy.requesterHeading', { email })}</h1>
        {list.length === 0 ? (
          <p>{t('houses:privacy.nothingFound')}</p>
        ) : (
          <>
            <DataTable
              caption={t('houses:requests.caption', { count: list.length })}
              rows={list}
              rowKey={(r: BookingRequest) => r.id}
              emptyMessage=""
              small
              columns={[
                {
                  key: 'ref',
                  header: t('houses:status.reference'),
                  rowHeader: true,
                  cell: (r) => <a href={`${staffBase(c)}/requests/${r.id}`}>{reference(r.id)}</a>,
                },
                { key: 'name', header: t('houses:requests.requester'), cell: (r) => r.requesterName },
                {
                  key: 'where',
                  header: t('houses:form.room'),
                  cell: (r) => `${n.room.get(r.roomId) ?? ''} – ${n.house.get(r.houseId) ?? ''}`,
                },
                {
                  key: 'when',
                  header: t('houses:form.date'),
                  cell: (r) => formatSlot(r.startsAt, r.endsAt, lang),
                },
                {
                  key: 'status',
                  header: t('houses:form.status'),
                  cell: (r) => t(`houses:statuses.${r.status}`),
                },
                {
                  key: 'until',
                  header: t('houses:privacy.keptUntil'),
                  cell: (r) => formatDay(r.retentionUntil, lang),
                },
              ]}
            />
            <h2>{t('houses:privacy.exportTitle')}</h2>
            <p>{t('houses:privacy.exportIntro')}</p>
            <div className="q-form__actions">
              <form method="post" action={`${base}/export.json`}>
                {hidden}
                <Button type="submit" variant="secondary">
                  {t('houses:privacy.exportJson')}
                </Button>
              </form>
              <form method="post" action={`${base}/export.html`}>
                {hidden}
                <Button type="submit" variant="secondary">
                  {t('houses:privacy.exportHtml')}
                </Button>
              </form>
            </div>
            <h2>{t('houses:privacy.eraseTitle')}</h2>
            {active.length > 0 || o.blocked?.length ? (
              <Alert variant="warning" title={t('houses:privacy.activeTitle')}>
                <p>
                  {t('houses:privacy.activeText', {
                    refs: (o.blocked ?? active.map((r) => reference(r.id))).join(', '),
                  })}
                </p>
              </Alert>
            ) : (
              <>
                <p>{t('houses:privacy.eraseExplain')}</p>
                <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
                <form method="post" action={`${base}/erase`} noValidate className="q-form">
                  {hidden}
                  <CheckboxField
                    name="confirm"
                    label={t('houses:privacy.confirmRequester', { email, count: list.length })}
                    error={tm(t, errors.confirm)}
                  />
                  <Button type="submit" variant="danger">
                    {t('houses:privacy.eraseRequester')}
                  </Button>
                </form>
              </>
            )}
          </>
        )}
      </>
    ),
  });
}

/** The readable export: a plain page to print or save, in the staff member's language. */
function ExportDocument({ c, data }: { c: Context<AppEnv>; data: RequesterExport }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <title>{t('houses:privacy.exportDocTitle', { email: data.email })}</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body className="q-public">
        <main className="q-main q-prose">
          <h1>{t('houses:privacy.exportDocTitle', { email: data.email })}</h1>
          <p>{t('houses:privacy.exportDocIntro', { date: formatDay(new Date(data.exportedAt), lang) })}</p>
          {data.requests.map((r) => (
            <section key={r.id} aria-labelledby={`r-${r.id}`}>
              <h2 id={`r-${r.id}`}>{t('houses:requests.detailTitle', { ref: r.reference })}</h2>
              <KeyValueList
                items={[
                  { key: 'where', term: t('houses:form.room'), value: `${r.room} – ${r.house}` },
                  {
                    key: 'when',
                    term: t('houses:form.date'),
                    value: formatSlot(new Date(r.startsAt), new Date(r.endsAt), lang),
                  },
                  { key: 'status', term: t('houses:form.status'), value: t(`houses:statuses.${r.status}`) },
                  { key: 'name', term: t('houses:form.name'), value: r.name },
                  { key: 'email', term: t('houses:form.email'), value: r.email },
                  { key: 'phone', term: t('houses:form.phone'), value: r.phone },
                  { key: 'org', term: t('houses:form.organisation'), value: r.organisation },
                  { key: 'purpose', term: t('houses:requests.purpose'), value: r.purpose },
                  {
                    key: 'cat',
                    term: t('houses:form.category'),
                    value: t(`houses:categories.${r.category}`),
                  },
                  { key: 'part', term: t('houses:form.participants'), value: String(r.participants) },
                  { key: 'tariff', term: t('houses:form.tariff'), value: t(`houses:tariffs.${r.tariff}`) },
                  { key: 'fee', term: t('houses:status.fee'), value: formatMoney(r.feeCents, lang) },
                  {
                    key: 'pay',
                    term: t('houses:status.payment'),
                    value: t(`houses:payment.${r.paymentStatus}`),
                  },
                  { key: 'note', term: t('houses:requests.paymentNote'), value: r.paymentNote },
                  { key: 'msg', term: t('houses:requests.message'), value: r.staffMessage },
                  { key: 'reason', term: t('houses:status.reason'), value: r.declineReason },
                  {
                    key: 'basis',
                    term: t('houses:privacy.legalBasis'),
                    value: t('houses:privacy.basis.contract'),
                  },
                  {
                    key: 'kept',
                    term: t('houses:privacy.keptUntil'),
                    value: formatDay(r.retentionUntil, lang),
                  },
                  {
                    key: 'dates',
                    term: t('houses:requests.bookings'),
                    value: r.bookings
                      .map(
                        (b) =>
                          `${formatSlot(new Date(b.startsAt), new Date(b.endsAt), lang)} (${t(`houses:bookingStatuses.${b.status}`)})`,
                      )
                      .join('; '),
                  },
                ]}
              />
            </section>
          ))}
          <h2>{t('houses:privacy.mails')}</h2>
          {data.mails.length === 0 ? <p>{t('houses:privacy.noMails')}</p> : null}
          {data.mails.map((m) => (
            <section key={`${m.createdAt}-${m.subject}`}>
              <h3>{m.subject}</h3>
              <p className="q-meta">
                {formatDay(new Date(m.createdAt), lang)} · {m.status}
              </p>
              <pre>{m.text}</pre>
            </section>
          ))}
          <h2>{t('houses:privacy.accessLog')}</h2>
          <ul>
            {data.accessLog.map((a) => (
              <li key={`${a.reference}-${a.at}-${a.action}`}>
                {formatDay(new Date(a.at), lang)} · {a.reference} · {a.action} · {a.by ?? '–'}
              </li>
            ))}
          </ul>
        </main>
      </body>
    </html>
  );
}

export function mountStaffPrivacyPages(staff: Hono<AppEnv>) {
  staff.get('/houses/privacy', async (c) => {
    requirePrivacy(actorOf(c));
    return overview(c);
  });

  staff.post('/houses/privacy/erase-expired', async (c) => {
    requirePrivacy(actorOf(c));
    const body = await formData(c);
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter(isUuid);
    if (body.confirm !== 'on')
      return overview(c, { errors: { confirm: { key: 'houses:privacy.confirmRequired' } } }, 422);
    const r = await eraseExpiredRequests(c.get('services').db, c.get('tenant')!.id, ids, who(c));
    return c.redirect(`${staffBase(c)}/privacy?done=expiredErased&n=${r.erased}`, 303);
  });

  const emailOf = async (c: Context<AppEnv>) => {
    const body = await formData(c);
    return { email: str(body.email).trim(), body };
  };
  const checkEmail = (email: string): FieldErrors | null =>
    !email
      ? { email: { key: 'validation.required' } }
      : email.length > 254 || !EMAIL_RE.test(email)
        ? { email: { key: 'validation.email' } }
        : null;

  staff.post('/houses/privacy/requester', async (c) => {
    requirePrivacy(actorOf(c));
    const { email } = await emailOf(c);
    const errors = checkEmail(email);
    if (errors) return overview(c, { email, errors }, 422);
    return requesterPage(c, email);
  });

  staff.post('/houses/privacy/requester/export.json', async (c) => {
    requirePrivacy(actorOf(c));
    const { email } = await emailOf(c);
    if (checkEmail(email)) throw new AppError(422, 'email_required');
    const data = await exportRequester(c.get('services').db, c.get('tenant')!.id, email, who(c));
    c.header('Content-Disposition', 'attachment; filename="raumanfragen-auskunft.json"');
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  staff.post('/houses/privacy/requester/export.html', async (c) => {
    requirePrivacy(actorOf(c));
    const { email } = await emailOf(c);
    if (checkEmail(email)) throw new AppError(422, 'email_required');
    const data = await exportRequester(c.get('services').db, c.get('tenant')!.id, email, who(c));
    c.header('Cache-Control', 'no-store');
    return html(c, <ExportDocument c={c} data={data} />);
  });

  staff.post('/houses/privacy/requester/erase', async (c) => {
    requirePrivacy(actorOf(c));
    const { email, body } = await emailOf(c);
    const errors = checkEmail(email);
    if (errors) return overview(c, { email, errors }, 422);
    if (body.confirm !== 'on')
      return requesterPage(c, email, { errors: { confirm: { key: 'houses:privacy.confirmRequired' } } }, 422);
    try {
      const r = await eraseRequester(c.get('services').db, c.get('tenant')!.id, email, who(c));
      return c.redirect(`${staffBase(c)}/privacy?done=requesterErased&n=${r.erased}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'requester_active')
        return requesterPage(c, email, { blocked: (err.details?.references as string[]) ?? [] }, 409);
      throw err;
    }
  });
}
