import type { Hono } from 'hono';
import { actorOf, authorize, can, inScope, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays, isDate, todayLocal } from '../../../platform/time/index.ts';
import { Alert, Button, DataTable, Pagination, SelectField, TextArea, TextField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { translateErrors } from '../forms.ts';
import { place } from '../placement.ts';
import { PERMS } from '../policies.ts';
import { listConcerns } from '../use-cases/concerns.ts';
import { expandSeries, loadSeries } from '../use-cases/consultation.ts';
import { tasksOf } from '../use-cases/contacts.ts';
import {
  countOutreach,
  getOutreach,
  listOutreach,
  type Outreach,
  readOutreachForm,
  saveOutreach,
} from '../use-cases/outreach.ts';
import { listVenues, venuesByIds } from '../use-cases/venues.ts';
import { TARGET_GROUPS } from '../vocab.ts';
import { areaChoices, base, type C, Errors, flash, fmtDay, label, options, Section } from './common.tsx';

type Values = Record<string, string | string[] | undefined>;
const OUTREACH_PER_PAGE = 50;
const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function mountWeekPages(staff: Hono<AppEnv>) {
  staff.get('/network/week', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const user = c.get('user')!;
    const wanted = c.req.query('week') ?? '';
    const today = todayLocal(c.get('services').now());
    // Seven days from today (or the day asked for), not the calendar week: on a Sunday that would
    // end today and leave tomorrow out.
    const start = isDate(wanted) ? wanted : today;
    const end = addDays(start, 6);
    const scope = scopeOf(actorOf(c), PERMS.read);
    const [tasks, bundles, outreach, concerns] = await Promise.all([
      tasksOf(db, tenant.id, { assigneeUserId: user.id, openOnly: true, until: end }),
      loadSeries(db, tenant.id, { scope }),
      listOutreach(db, tenant.id, scope),
      can(actorOf(c), PERMS.concerns)
        ? listConcerns(db, tenant.id, { scope: scopeOf(actorOf(c), PERMS.concerns), limit: 500 })
        : Promise.resolve([]),
    ]);
    const hours = bundles.flatMap((b) =>
      expandSeries(b.series, b.slots, b.exceptions, b.extras, start, end).map((o) => ({
        ...o,
        title: b.series.title,
      })),
    );
    const venues = await venuesByIds(
      db,
      tenant.id,
      hours.map((h) => h.venueId),
    );
    const weekOutreach = outreach.filter((o) => o.plannedOn >= start && o.plannedOn <= end);
    const followUps = concerns.filter((x) => x.followUpOn && x.followUpOn <= end && x.status !== 'done');
    const b = base(c);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: t('network:week.title'),
      children: (
        <>
          <h1>{t('network:week.title')}</h1>
          <p>{t('network:week.range', { from: fmtDay(c, start), to: fmtDay(c, end) })}</p>
          <nav className="q-actions" aria-label={t('network:week.nav')}>
            <a href={`${b}/week?week=${addDays(start, -7)}`}>{t('network:week.previous')}</a>
            <a href={`${b}/week`}>{t('network:week.current')}</a>
            <a href={`${b}/week?week=${addDays(start, 7)}`}>{t('network:week.next')}</a>
          </nav>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          <Section id="followups" title={t('network:week.followUps')}>
            {tasks.length === 0 && followUps.length === 0 ? <p>{t('network:week.noFollowUps')}</p> : null}
            <ul>
              {tasks.map((x) => (
                <li key={x.id}>
                  <strong className={x.dueOn < today ? 'q-overdue' : undefined}>{fmtDay(c, x.dueOn)}</strong>:{' '}
                  {x.title}
                  {x.actorId ? (
                    <>
                      {' – '}
                      <a href={`${b}/actors/${x.actorId}`}>{x.actorName}</a>
                    </>
                  ) : null}
                  <form method="post" action={`${b}/tasks/${x.id}/done`} className="q-inline">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="back" value={`${b}/week`} />
                    <Button type="submit" variant="tertiary" small>
                      {t('network:tasks.markDone')}
                    </Button>
                  </form>
                </li>
              ))}
              {followUps.map((x) => (
                <li key={x.id}>
                  <strong>{fmtDay(c, x.followUpOn)}</strong>:{' '}
                  <a href={`${b}/concerns/${x.id}`}>
                    {t('network:week.concern', { topic: label(t, 'topics', x.topic) })}
                  </a>
                </li>
              ))}
            </ul>
          </Section>
          <Section id="hours" title={t('network:week.hours')}>
            {hours.length === 0 ? <p>{t('network:week.noHours')}</p> : null}
            <ul>
              {hours.map((h) => (
                <li key={h.key}>
                  <strong>{fmtDay(c, h.date)}</strong>, {h.startTime}–{h.endTime}:{' '}
                  <a href={`${b}/consultation-hours/${h.seriesId}`}>{h.title}</a>,{' '}
                  {venues.get(h.venueId)?.name}
                  {h.status === 'cancelled' ? <strong> — {t('network:occurrence.cancelled')}</strong> : null}
                </li>
              ))}
            </ul>
          </Section>
          <Section id="events" title={t('network:week.events')}>
            {weekOutreach.length === 0 ? <p>{t('network:week.noEvents')}</p> : null}
            <ul>
              {weekOutreach.map((o) => (
                <li key={o.id}>
                  <strong>{fmtDay(c, o.plannedOn)}</strong>:{' '}
                  <a href={`${b}/outreach/${o.id}`}>{o.occasion}</a> – {o.place} (
                  {label(t, 'targetGroups', o.targetGroup)})
                </li>
              ))}
            </ul>
            <p>
              <a href={`${b}/outreach`}>{t('network:outreach.title')}</a>
            </p>
          </Section>
        </>
      ),
    });
  });

  const outreachForm = async (
    c: C,
    o: { values: Values; errors: Record<string, string>; action: string; title: string; status?: 200 | 422 },
  ) => {
    const t = c.get('t');
    const v = o.values;
    const e = o.errors;
    const scope = scopeOf(actorOf(c), PERMS.manage);
    const [areas, venues] = await Promise.all([
      areaChoices(c, scope),
      listVenues(c.get('services').db, c.get('tenant')!.id, { scope }),
    ]);
    return staffPage(c, {
      title: o.title,
      status: o.status,
      children: (
        <>
          <h1>{o.title}</h1>
          <Errors c={c} errors={e} />
          <form method="post" action={o.action} className="q-form" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <SelectField
              name="areaId"
              label={t('network:place.area')}
              value={s(v.areaId)}
              placeholder={t('network:choose')}
              options={areas}
              required
              error={e.areaId}
            />
            <SelectField
              name="targetGroup"
              label={t('network:outreach.targetGroup')}
              value={s(v.targetGroup)}
              placeholder={t('network:choose')}
              options={options(t, 'targetGroups', TARGET_GROUPS)}
              required
              error={e.targetGroup}
            />
            <TextField
              name="place"
              label={t('network:outreach.place')}
              hint={t('network:outreach.placeHint')}
              value={s(v.place)}
              required
              error={e.place}
            />
            <SelectField
              name="venueId"
              label={t('network:outreach.venue')}
              value={s(v.venueId)}
              placeholder={t('network:none')}
              options={venues.map((x) => ({ value: x.id, label: x.name }))}
              error={e.venueId}
            />
            <TextField
              name="plannedOn"
              type="date"
              label={t('network:outreach.date')}
              value={s(v.plannedOn)}
              width={20}
              required
              error={e.plannedOn}
            />
            <TextField
              name="occasion"
              label={t('network:outreach.occasion')}
              hint={t('network:outreach.occasionHint')}
              value={s(v.occasion)}
              required
              error={e.occasion}
            />
            <TextArea
              name="outcome"
              label={t('network:outreach.outcome')}
              value={s(v.outcome)}
              rows={3}
              error={e.outcome}
              optionalText={t('network:optional')}
            />
            <TextField
              name="reached"
              type="number"
              label={t('network:outreach.reached')}
              value={s(v.reached)}
              width={10}
              inputMode="numeric"
              error={e.reached}
              optionalText={t('network:optional')}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('save')}</Button>
              <a href={`${base(c)}/outreach`}>{t('cancel')}</a>
            </div>
          </form>
        </>
      ),
    });
  };

  const saveOutreachRoute = async (c: C, id: string | null) => {
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const { input, form } = readOutreachForm(await formData(c), c.get('services').now());
    if (form.ok) {
      const p = await place(db, tenant.id, { areaId: input.areaId });
      if (p.areaIds.length === 0 || !inScope(p.areaIds, scopeOf(actorOf(c), PERMS.manage)))
        form.fail('areaId', 'network:errors.areaInScope');
      else {
        try {
          await saveOutreach(actorOf(c), db, input, id ?? undefined);
          return c.redirect(`${base(c)}/outreach?done=saved`, 303);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
        }
      }
    }
    return outreachForm(c, {
      values: form.values,
      errors: translateErrors(t, form.errors),
      action: id ? `${base(c)}/outreach/${id}` : `${base(c)}/outreach`,
      title: t(id ? 'network:outreach.edit' : 'network:outreach.new'),
      status: 422,
    });
  };

  staff.get('/network/outreach', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const t = c.get('t');
    const db = c.get('services').db;
    const tenantId = c.get('tenant')!.id;
    const scope = scopeOf(actorOf(c), PERMS.read);
    const total = await countOutreach(db, tenantId, scope);
    const pages = Math.max(1, Math.ceil(total / OUTREACH_PER_PAGE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    const list = await listOutreach(db, tenantId, scope, {
      limit: OUTREACH_PER_PAGE,
      offset: (page - 1) * OUTREACH_PER_PAGE,
    });
    const b = base(c);
    return staffPage(c, {
      title: t('network:outreach.title'),
      children: (
        <>
          <h1>{t('network:outreach.title')}</h1>
          <p>{t('network:outreach.intro')}</p>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          {can(actorOf(c), PERMS.manage) ? (
            <p>
              <a href={`${b}/outreach/new`}>{t('network:outreach.new')}</a>
            </p>
          ) : null}
          <DataTable
            caption={t('network:outreach.count', { count: total })}
            stack
            rows={list}
            rowKey={(o) => o.id}
            emptyMessage={t('network:outreach.empty')}
            columns={[
              {
                key: 'date',
                header: t('network:outreach.date'),
                cell: (o: Outreach) => <a href={`${b}/outreach/${o.id}`}>{fmtDay(c, o.plannedOn)}</a>,
              },
              { key: 'occasion', header: t('network:outreach.occasion'), cell: (o: Outreach) => o.occasion },
              {
                key: 'group',
                header: t('network:outreach.targetGroup'),
                cell: (o: Outreach) => label(t, 'targetGroups', o.targetGroup),
              },
              { key: 'place', header: t('network:outreach.place'), cell: (o: Outreach) => o.place },
              {
                key: 'outcome',
                header: t('network:outreach.outcome'),
                cell: (o: Outreach) =>
                  [o.outcome, o.reached != null ? t('network:outreach.reachedN', { count: o.reached }) : '']
                    .filter(Boolean)
                    .join(' · '),
              },
            ]}
          />
          <Pagination
            page={page}
            totalPages={pages}
            href={(n) => (n > 1 ? `${b}/outreach?page=${n}` : `${b}/outreach`)}
            label={t('network:outreach.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });
  staff.get('/network/outreach/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return outreachForm(c, {
      values: { areaId: c.get('currentAreaId') ?? '' },
      errors: {},
      action: `${base(c)}/outreach`,
      title: c.get('t')('network:outreach.new'),
    });
  });
  staff.post('/network/outreach', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return saveOutreachRoute(c, null);
  });
  staff.get('/network/outreach/:id', async (c) => {
    const o = /^[0-9a-f-]{36}$/i.test(c.req.param('id'))
      ? await getOutreach(c.get('services').db, c.get('tenant')!.id, c.req.param('id'))
      : undefined;
    if (!o || !can(actorOf(c), PERMS.manage, o.areaIds)) throw new AppError(404, 'not_found');
    return outreachForm(c, {
      values: {
        areaId: o.areaId ?? '',
        targetGroup: o.targetGroup,
        place: o.place,
        venueId: o.venueId ?? '',
        plannedOn: o.plannedOn,
        occasion: o.occasion,
        outcome: o.outcome ?? '',
        reached: o.reached?.toString() ?? '',
      },
      errors: {},
      action: `${base(c)}/outreach/${o.id}`,
      title: c.get('t')('network:outreach.edit'),
    });
  });
  staff.post('/network/outreach/:id', async (c) => {
    const o = /^[0-9a-f-]{36}$/i.test(c.req.param('id'))
      ? await getOutreach(c.get('services').db, c.get('tenant')!.id, c.req.param('id'))
      : undefined;
    if (!o || !can(actorOf(c), PERMS.manage, o.areaIds)) throw new AppError(404, 'not_found');
    return saveOutreachRoute(c, o.id);
  });
}
