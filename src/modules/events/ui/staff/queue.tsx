import type { Context, Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { pageNumber } from '../../../../platform/http/paging.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { formatRange } from '../../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  fieldId,
  Pagination,
  RadioGroup,
  TextArea,
} from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { decideEvents, listQueueFor } from '../../use-cases/manage.ts';
import { DECISIONS, readDecisionForm } from '../../use-cases/moderation.ts';
import { UNDO_MINUTES, undoableDecisions, undoDecisions } from '../../use-cases/undo-decision.ts';

type C = Context<AppEnv>;

/** Decisions are taken page by page: a page is what a moderator can check at once. */
const QUEUE_PAGE = 50;

/**
 * The moderation queue: submissions and revisions waiting for review. Each links to its own review
 * page; where the queue grows, several can be chosen and decided at once (each is decided as on its
 * own page, its submitter told).
 */
export function mountModerationQueuePage(staff: Hono<AppEnv>) {
  const queuePage = async (
    c: C,
    o: {
      chosen?: string[];
      values?: { decision: string; note: string };
      errors?: Record<string, string>;
      /** A message above the list (an undo that came too late). */
      problem?: string;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    // The area chosen in the switcher narrows the queue, as it narrows the start page's count.
    const current = c.get('currentAreaId');
    const filter = { when: 'all' as const, areaIds: current && isUuid(current) ? [current] : null };
    const requested = pageNumber(c.req.query('page'));
    let { items, total } = await listQueueFor(actorOf(c), c.get('services').db, {
      ...filter,
      limit: QUEUE_PAGE,
      offset: (requested - 1) * QUEUE_PAGE,
    });
    const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE));
    const page = Math.min(requested, pages);
    // A page beyond the end (the queue shrank after decisions): show the last one.
    if (page !== requested)
      ({ items, total } = await listQueueFor(actorOf(c), c.get('services').db, {
        ...filter,
        limit: QUEUE_PAGE,
        offset: (page - 1) * QUEUE_PAGE,
      }));
    const queueHref = (n: number) => `/staff/${tenant.slug}/events/queue${n > 1 ? `?page=${n}` : ''}`;
    const errors = o.errors ?? {};
    const values = o.values ?? { decision: '', note: '' };
    const chosen = new Set(o.chosen ?? []);
    const decided = Number(c.req.query('decided') ?? 0);
    const skipped = Number(c.req.query('skipped') ?? 0);
    const count = (k: string) => Number(c.req.query(k) ?? 0) || 0;
    // The decisions just made that the member may still take back (checked again on undo).
    const undoable =
      decided > 0
        ? await undoableDecisions(
            actorOf(c),
            c.get('services').db,
            (c.req.query('undo') ?? '').split(',').filter(isUuid),
          )
        : [];
    return staffPage(c, {
      title: t('events:queue.title'),
      status,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:queue.title')}</h1>
          {decided > 0 || skipped > 0 ? (
            <Alert
              variant="success"
              role="status"
              title={`${t('events:queue.decided', { count: decided })}${skipped > 0 ? ` ${t('events:queue.skipped', { count: skipped })}` : ''}`}
            >
              {undoable.length > 0 ? (
                <form method="post" action={`/staff/${tenant.slug}/events/queue/undo`} className="q-undo">
                  <CsrfField token={csrfTokenFor(c)} />
                  {undoable.map((id) => (
                    <input key={id} type="hidden" name="ids" value={id} />
                  ))}
                  <p>{t('events:queue.undoText', { count: undoable.length, minutes: UNDO_MINUTES })}</p>
                  <Button type="submit" variant="secondary">
                    {t('events:queue.undo')}
                  </Button>
                </form>
              ) : null}
            </Alert>
          ) : null}
          {count('undone') > 0 ? (
            <Alert
              variant="success"
              role="status"
              title={t('events:queue.undone', { count: count('undone') })}
            >
              {count('withdrawn') > 0 ? (
                <p>{t('events:queue.mailsWithdrawn', { count: count('withdrawn') })}</p>
              ) : null}
              {count('notices') > 0 ? (
                <p>{t('events:queue.noticesSent', { count: count('notices') })}</p>
              ) : null}
            </Alert>
          ) : null}
          {o.problem ? <Alert variant="warning" role="alert" title={o.problem} /> : null}
          <p>{t('events:queue.intro')}</p>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={Object.entries(errors).map(([k, m]) => ({ fieldId: fieldId(k), message: t(m) }))}
          />
          <form method="post" action={queueHref(page)} className="q-form" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <DataTable
              caption={t('events:queue.caption', { count: total })}
              rows={items}
              rowKey={(r) => r.id}
              emptyMessage={t('events:queue.empty')}
              columns={[
                {
                  key: 'choose',
                  header: t('events:queue.choose'),
                  hideHeader: true,
                  cell: (r) => (
                    <input
                      type="checkbox"
                      name="ids"
                      value={r.id}
                      id={`ids-${r.id}`}
                      defaultChecked={chosen.has(r.id)}
                      aria-label={t('events:queue.chooseOne', { title: r.title })}
                    />
                  ),
                },
                {
                  key: 'title',
                  header: t('events:fields.title'),
                  rowHeader: true,
                  cell: (r) => <a href={`/staff/${tenant.slug}/events/${r.id}/moderate`}>{r.title}</a>,
                },
                {
                  key: 'when',
                  header: t('events:fields.when'),
                  cell: (r) => formatRange(r.startsAt, r.endsAt, lang, r.allDay),
                },
                {
                  key: 'what',
                  header: t('events:queue.what'),
                  cell: (r) => (r.revision ? t('events:queue.revision') : t('events:queue.new')),
                },
                {
                  key: 'received',
                  header: t('events:queue.received'),
                  cell: (r) => formatRange(r.createdAt, r.createdAt, lang).split(',')[0],
                },
              ]}
            />
            {items.length > 0 ? (
              <fieldset className="q-fieldset" id="ids">
                <legend>{t('events:queue.bulkTitle')}</legend>
                <RadioGroup
                  name="decision"
                  label={t('events:moderate.decision')}
                  value={values.decision}
                  error={errors.decision ? t(errors.decision) : undefined}
                  options={DECISIONS.map((d) => ({
                    value: d,
                    label: t(`events:moderate.decisions.${d}`),
                    hint: t(`events:moderate.hints.${d}`),
                  }))}
                />
                <TextArea
                  name="note"
                  label={t('events:moderate.note')}
                  hint={t('events:queue.noteHint')}
                  value={values.note}
                  error={errors.note ? t(errors.note) : undefined}
                  rows={3}
                />
                <Button type="submit">{t('events:queue.bulkSend')}</Button>
              </fieldset>
            ) : null}
          </form>
          <Pagination
            page={page}
            totalPages={pages}
            href={queueHref}
            label={t('events:queue.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  };

  staff.get('/events/queue', (c) => queuePage(c));

  staff.post('/events/queue', async (c) => {
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : [])
      .map(String)
      .filter((id) => isUuid(id));
    const { decision, note, form } = readDecisionForm(body);
    const errors = { ...form.errors };
    if (ids.length === 0) errors.ids = 'events:queue.noneChosen';
    if (Object.keys(errors).length)
      return queuePage(c, { chosen: ids, values: { decision: decision ?? '', note }, errors }, 422);
    const r = await decideEvents(actorOf(c), c.get('services'), tenant, ids, { decision: decision!, note });
    return c.redirect(
      `/staff/${tenant.slug}/events/queue?decided=${r.decided.length}&skipped=${r.skipped.length}&undo=${r.decided.join(',')}`,
      303,
    );
  });

  // "Rückgängig" on the confirmation: the member's own decisions of the last minutes.
  staff.post('/events/queue/undo', async (c) => {
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).map(String).filter(isUuid);
    try {
      const r = await undoDecisions(actorOf(c), c.get('services'), tenant, ids);
      return c.redirect(
        `/staff/${tenant.slug}/events/queue?undone=${r.undone.length}&withdrawn=${r.mailsWithdrawn}&notices=${r.noticesSent}`,
        303,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'undo_expired')
        return queuePage(
          c,
          { problem: c.get('t')('events:queue.undoExpired', { minutes: UNDO_MINUTES }) },
          409,
        );
      throw err;
    }
  });
}
