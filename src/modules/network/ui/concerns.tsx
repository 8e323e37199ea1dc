import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { writeAudit } from '../../../platform/audit/index.ts';
import { actorOf, authorize, can, scopeOf } from '../../../platform/authz.ts';
import { csvResponse } from '../../../platform/csv/index.ts';
import { newId } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { referralTargetsOf } from '../../../platform/referral-targets.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  KeyValueList,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { listDepartments } from '../../access/index.ts';
import { FormReader, translateErrors } from '../forms.ts';
import { PERMS } from '../policies.ts';
import {
  type Concern,
  canSeeConcern,
  concernStats,
  concernStatsCsv,
  countConcerns,
  getConcern,
  listConcerns,
  mayPlaceConcern,
  readConcernForm,
  recordConcern,
  updateConcernStatus,
} from '../use-cases/concerns.ts';
import { loadSeries } from '../use-cases/consultation.ts';
import { eraseConcernContact } from '../use-cases/people.ts';
import { listVenues, venuesByIds } from '../use-cases/venues.ts';
import {
  CONCERN_STATUSES,
  CONSENT_TEXT_VERSION,
  type ConcernStatus,
  LANGUAGES,
  LEGAL_BASES,
  REFERRAL_KINDS,
  TOPICS,
} from '../vocab.ts';
import {
  areaChoices,
  base,
  type C,
  departmentsOf,
  Errors,
  flash,
  fmtDateTime,
  fmtDay,
  label,
  options,
  teamMembers,
  who,
} from './common.tsx';

const CONCERNS_PER_PAGE = 50;
const OFFLINE_JS = readFileSync(new URL('../assets/concern-offline.js', import.meta.url), 'utf8');

type Values = Record<string, string | string[] | undefined>;
const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

async function access(c: C) {
  return {
    scope: scopeOf(actorOf(c), PERMS.concerns),
    departments: await departmentsOf(actorOf(c), c.get('services').db),
  };
}

async function concernForm(c: C, o: { values: Values; errors: Record<string, string>; status?: 200 | 422 }) {
  const t = c.get('t');
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const scope = scopeOf(actorOf(c), PERMS.concerns);
  const [venues, series, areas, members, departments, services] = await Promise.all([
    listVenues(db, tenant.id, { scope }),
    loadSeries(db, tenant.id, { scope }),
    areaChoices(c, scope),
    teamMembers(c),
    listDepartments(db, tenant.id),
    referralTargetsOf(c.get('services'), tenant.id),
  ]);
  const v = o.values;
  const e = o.errors;
  const b = base(c);
  const user = c.get('user')!;
  return staffPage(c, {
    title: t('network:concerns.new'),
    status: o.status,
    scripts: [`${b}/concerns/offline.js`],
    children: (
      <>
        <h1>{t('network:concerns.new')}</h1>
        {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
        <Errors c={c} errors={e} />
        <p id="concern-status" className="q-muted" role="status" aria-live="polite" />
        <section id="concern-queue" className="q-notice" aria-live="polite" hidden>
          <h2 className="kern-heading-small" data-queue-heading="">
            {t('network:concerns.offline.waiting', { n: 0 })}
          </h2>
          <ul />
        </section>
        <form
          method="post"
          action={`${b}/concerns`}
          className="q-form"
          noValidate
          data-offline-queue={`${tenant.slug}.${user.id}`}
          data-msg-waiting={t('network:concerns.offline.waiting', { n: '{n}' })}
          data-msg-offline={t('network:concerns.offline.offline', { n: '{n}' })}
          data-msg-sending={t('network:concerns.offline.sending')}
          data-msg-sent={t('network:concerns.offline.sent')}
          data-msg-rejected={t('network:concerns.offline.rejected')}
          data-msg-edit={t('network:concerns.offline.edit')}
          data-msg-discard={t('network:concerns.offline.discard')}
          data-msg-discard-confirm={t('network:concerns.offline.discardConfirm')}
          data-msg-summary={t('errorSummaryTitle')}
        >
          <CsrfField token={csrfTokenFor(c)} />
          <input type="hidden" name="idempotencyKey" value={s(v.idempotencyKey) || newId()} />
          <SelectField
            name="topic"
            label={t('network:concern.topic')}
            value={s(v.topic)}
            placeholder={t('network:choose')}
            options={options(t, 'topics', TOPICS)}
            required
            error={e.topic}
          />
          <SelectField
            name="language"
            label={t('network:concern.language')}
            value={s(v.language) || 'de'}
            options={options(t, 'languages', LANGUAGES)}
            required
            error={e.language}
          />
          {/* A group rather than a fieldset: a fieldset grows with its longest option and would scroll sideways on a phone. */}
          <div role="group" aria-labelledby="where-label" className="q-form">
            <p id="where-label" className="kern-label">
              {t('network:concern.whereHint')}
            </p>
            <SelectField
              name="seriesId"
              label={t('network:concern.series')}
              value={s(v.seriesId)}
              placeholder={t('network:none')}
              options={series.map((x) => ({ value: x.series.id, label: x.series.title }))}
              error={e.seriesId}
            />
            <SelectField
              name="venueId"
              label={t('network:concern.venue')}
              value={s(v.venueId)}
              placeholder={t('network:none')}
              options={venues.map((x) => ({ value: x.id, label: x.name }))}
              error={e.venueId}
            />
            <SelectField
              name="areaId"
              label={t('network:concern.area')}
              value={s(v.areaId)}
              placeholder={t('network:none')}
              options={areas}
              error={e.areaId}
            />
          </div>
          <TextArea
            name="note"
            label={t('network:concern.note')}
            hint={t('network:concern.noteHint')}
            value={s(v.note)}
            rows={3}
            error={e.note}
            optionalText={t('network:optional')}
          />
          <details
            open={
              !!(
                e.referralTarget ||
                e.referralUserId ||
                e.followUpOn ||
                (s(v.referralKind) && s(v.referralKind) !== 'none')
              )
            }
          >
            <summary>{t('network:concern.referralSummary')}</summary>
            <SelectField
              name="referralKind"
              label={t('network:concern.referralKind')}
              value={s(v.referralKind) || 'none'}
              options={options(t, 'referralKinds', REFERRAL_KINDS)}
              error={e.referralKind}
            />
            <TextField
              name="referralTarget"
              label={t('network:concern.referralTarget')}
              hint={
                departments.length
                  ? `${t('network:concern.referralTargetHint')} ${t('network:concern.departmentsKnown', { list: departments.join(', ') })}`
                  : t('network:concern.referralTargetHint')
              }
              value={s(v.referralTarget)}
              error={e.referralTarget}
              optionalText={t('network:optional')}
              list={services.length || departments.length ? 'referral-targets' : undefined}
            />
            {services.length || departments.length ? (
              // Suggestions while typing: the directory's services and the known departments, so a
              // referral names them as they are named there (and is counted for them).
              <datalist id="referral-targets">
                {[...new Set([...services, ...departments])].map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            ) : null}
            <SelectField
              name="referralUserId"
              label={t('network:concern.referralUser')}
              value={s(v.referralUserId)}
              placeholder={t('network:none')}
              options={members}
              error={e.referralUserId}
            />
            <TextField
              name="followUpOn"
              type="date"
              label={t('network:concern.followUpOn')}
              value={s(v.followUpOn)}
              width={20}
              error={e.followUpOn}
              optionalText={t('network:optional')}
            />
          </details>
          <details
            open={
              !!(s(v.contactName) || s(v.contactPhone) || s(v.contactEmail) || e.legalBasis || e.consentGiven)
            }
          >
            <summary>{t('network:concern.contactSummary')}</summary>
            <p className="kern-hint">{t('network:concern.contactHint')}</p>
            <TextField
              name="contactName"
              label={t('network:concern.contactName')}
              value={s(v.contactName)}
              error={e.contactName}
              autoComplete="off"
            />
            <TextField
              name="contactPhone"
              type="tel"
              label={t('network:concern.contactPhone')}
              value={s(v.contactPhone)}
              error={e.contactPhone}
              autoComplete="off"
            />
            <TextField
              name="contactEmail"
              type="email"
              label={t('network:concern.contactEmail')}
              value={s(v.contactEmail)}
              error={e.contactEmail}
              autoComplete="off"
            />
            <RadioGroup
              name="legalBasis"
              label={t('network:gdpr.legalBasis')}
              value={s(v.legalBasis)}
              error={e.legalBasis}
              options={LEGAL_BASES.map((x) => ({ value: x, label: label(t, 'legalBases', x) }))}
            />
            <CheckboxField
              name="consentGiven"
              label={t('network:gdpr.consentGiven')}
              hint={t('network:gdpr.consentText', { version: CONSENT_TEXT_VERSION })}
              checked={s(v.consentGiven) === 'on'}
              error={e.consentGiven}
            />
          </details>
          <div className="q-form__actions">
            <Button type="submit" block>
              {t('network:concerns.save')}
            </Button>
          </div>
        </form>
        <p>
          <a href={`${b}/concerns`}>{t('network:concerns.title')}</a>
        </p>
      </>
    ),
  });
}

export function mountConcernPages(staff: Hono<AppEnv>) {
  staff.get('/network/concerns/offline.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'private, max-age=300');
    return c.body(OFFLINE_JS);
  });

  staff.get('/network/concerns', async (c) => {
    if (!can(actorOf(c), PERMS.concerns) && !can(actorOf(c), PERMS.shared))
      throw new AppError(403, 'forbidden');
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const status = (CONCERN_STATUSES as readonly string[]).includes(c.req.query('status') ?? '')
      ? (c.req.query('status') as ConcernStatus)
      : undefined;
    const topic = (TOPICS as readonly string[]).includes(c.req.query('topic') ?? '')
      ? c.req.query('topic')
      : undefined;
    const filter = { ...(await access(c)), status, topic };
    const total = await countConcerns(db, tenant.id, filter);
    const pages = Math.max(1, Math.ceil(total / CONCERNS_PER_PAGE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    const list = await listConcerns(db, tenant.id, {
      ...filter,
      limit: CONCERNS_PER_PAGE,
      offset: (page - 1) * CONCERNS_PER_PAGE,
    });
    const pageHref = (n: number) => {
      const q = new URLSearchParams({
        ...(status ? { status } : {}),
        ...(topic ? { topic } : {}),
        ...(n > 1 ? { page: String(n) } : {}),
      }).toString();
      return q ? `${base(c)}/concerns?${q}` : `${base(c)}/concerns`;
    };
    const venues = await venuesByIds(
      db,
      tenant.id,
      list.map((x) => x.venueId).filter((x): x is string => !!x),
    );
    const b = base(c);
    return staffPage(c, {
      title: t('network:concerns.title'),
      children: (
        <>
          <h1>{t('network:concerns.title')}</h1>
          <div className="q-actions">
            {can(actorOf(c), PERMS.concerns) ? (
              <LinkButton href={`${b}/concerns/new`}>{t('network:concerns.new')}</LinkButton>
            ) : null}
            <a href={`${b}/concerns/stats`}>{t('network:stats.title')}</a>
          </div>
          <form method="get" className="q-filter">
            <SelectField
              name="status"
              label={t('network:concern.status')}
              value={status ?? ''}
              options={[{ value: '', label: t('network:all') }, ...options(t, 'statuses', CONCERN_STATUSES)]}
            />
            <SelectField
              name="topic"
              label={t('network:concern.topic')}
              value={topic ?? ''}
              options={[{ value: '', label: t('network:all') }, ...options(t, 'topics', TOPICS)]}
            />
            <Button type="submit" variant="secondary">
              {t('network:filter')}
            </Button>
          </form>
          <DataTable
            caption={t('network:concerns.count', { count: total })}
            stack
            rows={list}
            rowKey={(x) => x.id}
            emptyMessage={t('network:concerns.empty')}
            columns={[
              {
                key: 'when',
                header: t('network:concern.recordedAt'),
                cell: (x: Concern) => <a href={`${b}/concerns/${x.id}`}>{fmtDateTime(c, x.recordedAt)}</a>,
              },
              {
                key: 'topic',
                header: t('network:concern.topic'),
                cell: (x: Concern) => label(t, 'topics', x.topic),
              },
              {
                key: 'lang',
                header: t('network:concern.language'),
                cell: (x: Concern) => label(t, 'languages', x.language),
              },
              {
                key: 'venue',
                header: t('network:concern.venue'),
                cell: (x: Concern) => (x.venueId ? venues.get(x.venueId)?.name : ''),
              },
              {
                key: 'status',
                header: t('network:concern.status'),
                cell: (x: Concern) => label(t, 'statuses', x.status),
              },
              {
                key: 'follow',
                header: t('network:concern.followUpOn'),
                cell: (x: Concern) => fmtDay(c, x.followUpOn, false),
              },
            ]}
          />
          <Pagination
            page={page}
            totalPages={pages}
            href={pageHref}
            label={t('network:concerns.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  staff.get('/network/concerns/new', async (c) => {
    authorize(actorOf(c), PERMS.concerns);
    const q = c.req.query();
    return concernForm(c, {
      values: {
        language: q.language ?? 'de',
        venueId: q.venueId ?? '',
        seriesId: q.seriesId ?? '',
        areaId: q.areaId ?? c.get('currentAreaId') ?? '',
      },
      errors: {},
    });
  });

  staff.post('/network/concerns', async (c) => {
    authorize(actorOf(c), PERMS.concerns);
    const t = c.get('t');
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const { input, form } = readConcernForm(await formData(c), c.get('services').now());
    if (!input.idempotencyKey) form.fail('idempotencyKey', 'validation.required');
    const member = actorOf(c);
    const db = c.get('services').db;
    let result: Awaited<ReturnType<typeof recordConcern>> | null = null;
    if (form.ok) {
      try {
        // Another area's venue, consultation hour or area: a field message (the use case refuses it too).
        if (!(await mayPlaceConcern(member, db, input))) form.fail('areaId', 'network:errors.areaInScope');
        else result = await recordConcern(member, db, input);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
      }
    }
    if (!result) {
      const errors = translateErrors(t, form.errors);
      if (wantsJson)
        return c.json(
          { error: { code: 'validation_failed', message: t('errorSummaryTitle'), fields: errors } },
          422,
        );
      return concernForm(c, { values: form.values, errors, status: 422 });
    }
    if (wantsJson)
      return c.json({ id: result.concern.id, created: result.created }, result.created ? 201 : 200);
    const keep = new URLSearchParams({
      done: 'concernSaved',
      language: input.language,
      venueId: input.venueId ?? '',
      seriesId: input.seriesId ?? '',
      areaId: input.areaId ?? '',
    });
    return c.redirect(`${base(c)}/concerns/new?${keep.toString()}`, 303);
  });

  staff.get('/network/concerns/stats', async (c) => {
    if (!can(actorOf(c), PERMS.concerns) && !can(actorOf(c), PERMS.shared))
      throw new AppError(403, 'forbidden');
    const t = c.get('t');
    const rows = await concernStats(c.get('services').db, c.get('tenant')!.id, await access(c));
    const b = base(c);
    return staffPage(c, {
      title: t('network:stats.title'),
      children: (
        <>
          <h1>{t('network:stats.title')}</h1>
          <p>{t('network:stats.intro')}</p>
          <p>
            <a href={`${b}/concerns/stats.csv`}>{t('network:stats.csv')}</a>
          </p>
          <DataTable
            caption={t('network:stats.caption')}
            rows={rows}
            rowKey={(r) => `${r.month}|${r.topic}|${r.language}|${r.venue}|${r.referral}`}
            emptyMessage={t('network:concerns.empty')}
            columns={[
              { key: 'month', header: t('network:stats.month'), cell: (r) => r.month },
              { key: 'topic', header: t('network:concern.topic'), cell: (r) => label(t, 'topics', r.topic) },
              {
                key: 'language',
                header: t('network:concern.language'),
                cell: (r) => label(t, 'languages', r.language),
              },
              { key: 'venue', header: t('network:concern.venue'), cell: (r) => r.venue },
              {
                key: 'referral',
                header: t('network:stats.referral'),
                cell: (r) => referralLabel(t, r.referral),
              },
              { key: 'count', header: t('network:stats.count'), numeric: true, cell: (r) => r.count },
            ]}
          />
        </>
      ),
    });
  });

  staff.get('/network/concerns/stats.csv', async (c) => {
    if (!can(actorOf(c), PERMS.concerns) && !can(actorOf(c), PERMS.shared))
      throw new AppError(403, 'forbidden');
    const t = c.get('t');
    const rows = await concernStats(c.get('services').db, c.get('tenant')!.id, await access(c));
    const csv = concernStatsCsv(
      rows,
      [
        t('network:stats.month'),
        t('network:concern.topic'),
        t('network:concern.language'),
        t('network:concern.venue'),
        t('network:stats.referral'),
        t('network:stats.count'),
      ],
      (col, v) =>
        col === 'topic'
          ? label(t, 'topics', v)
          : col === 'language'
            ? label(t, 'languages', v)
            : referralLabel(t, v),
    );
    return csvResponse(csv, 'anliegen-statistik.csv');
  });

  staff.get('/network/concerns/:id', async (c) => {
    const x = await visibleConcern(c, c.req.param('id'));
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const hasContact = !!(x.contactName || x.contactEmail || x.contactPhone);
    const showContact = hasContact && can(actorOf(c), PERMS.people, x.areaIds);
    if (showContact)
      await writeAudit(db, {
        tenantId: tenant.id,
        actorUserId: c.get('user')!.id,
        actorLabel: c.get('user')!.name,
        action: 'read',
        entityType: 'network.concern',
        entityId: x.id,
        personal: true,
      });
    const venue = x.venueId ? (await venuesByIds(db, tenant.id, [x.venueId])).get(x.venueId) : undefined;
    const manage = can(actorOf(c), PERMS.concerns, x.areaIds);
    const b = base(c);
    return staffPage(c, {
      title: t('network:concerns.detail'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`${b}/concerns`}>{t('network:concerns.title')}</a>
          </p>
          <h1>{label(t, 'topics', x.topic)}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          <KeyValueList
            items={[
              { term: t('network:concern.recordedAt'), value: fmtDateTime(c, x.recordedAt) },
              { term: t('network:concern.language'), value: label(t, 'languages', x.language) },
              { term: t('network:concern.venue'), value: venue?.name },
              {
                term: t('network:stats.referral'),
                value: [label(t, 'referralKinds', x.referralKind), x.referralTarget]
                  .filter(Boolean)
                  .join(': '),
              },
              { term: t('network:concern.note'), value: x.note },
              { term: t('network:concern.status'), value: label(t, 'statuses', x.status) },
              { term: t('network:concern.followUpOn'), value: fmtDay(c, x.followUpOn, false) },
              ...(showContact
                ? [
                    { term: t('network:concern.contactName'), value: x.contactName },
                    { term: t('network:concern.contactPhone'), value: x.contactPhone },
                    { term: t('network:concern.contactEmail'), value: x.contactEmail },
                    { term: t('network:gdpr.legalBasis'), value: label(t, 'legalBases', x.legalBasis) },
                    { term: t('network:gdpr.retentionUntil'), value: fmtDay(c, x.retentionUntil, false) },
                  ]
                : []),
            ]}
          />
          {manage ? (
            <form method="post" action={`${b}/concerns/${x.id}/status`} className="q-filter">
              <CsrfField token={csrfTokenFor(c)} />
              <SelectField
                name="status"
                label={t('network:concern.status')}
                value={x.status}
                options={options(t, 'statuses', CONCERN_STATUSES)}
              />
              <TextField
                name="followUpOn"
                type="date"
                label={t('network:concern.followUpOn')}
                value={x.followUpOn ?? ''}
                width={20}
              />
              <Button type="submit" variant="secondary">
                {t('save')}
              </Button>
            </form>
          ) : null}
          {showContact && can(actorOf(c), PERMS.erase, x.areaIds) ? (
            <form method="post" action={`${b}/concerns/${x.id}/erase-contact`}>
              <CsrfField token={csrfTokenFor(c)} />
              <Button type="submit" variant="danger">
                {t('network:gdpr.eraseContact')}
              </Button>
            </form>
          ) : null}
        </>
      ),
    });
  });

  staff.post('/network/concerns/:id/status', async (c) => {
    const x = await visibleConcern(c, c.req.param('id'));
    if (!can(actorOf(c), PERMS.concerns, x.areaIds)) throw new AppError(403, 'forbidden');
    const f = new FormReader(await formData(c));
    const status = f.choice('status', CONCERN_STATUSES, { required: true });
    const followUpOn = f.date('followUpOn');
    if (!f.ok || !status) throw new ValidationError(f.errors);
    await updateConcernStatus(actorOf(c), c.get('services').db, x.id, { status, followUpOn });
    return c.redirect(`${base(c)}/concerns/${x.id}?done=saved`, 303);
  });

  staff.post('/network/concerns/:id/erase-contact', async (c) => {
    const x = await visibleConcern(c, c.req.param('id'));
    authorize(actorOf(c), PERMS.erase, x.areaIds);
    await eraseConcernContact(c.get('services').db, c.get('tenant')!.id, x.id, who(c));
    return c.redirect(`${base(c)}/concerns/${x.id}?done=erased`, 303);
  });
}

function referralLabel(t: C['var']['t'], v: string): string {
  const [kind, ...rest] = v.split(': ');
  return [label(t, 'referralKinds', kind), rest.join(': ')].filter(Boolean).join(': ');
}

async function visibleConcern(c: C, id: string): Promise<Concern> {
  const x = /^[0-9a-f-]{36}$/i.test(id)
    ? await getConcern(c.get('services').db, c.get('tenant')!.id, id)
    : undefined;
  if (
    !x ||
    !(can(actorOf(c), PERMS.concerns) || can(actorOf(c), PERMS.shared)) ||
    !canSeeConcern(x, await access(c))
  )
    throw new AppError(404, 'not_found');
  return x;
}
