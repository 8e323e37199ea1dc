import type { Hono } from 'hono';
import { actorOf, authorize, can, inScope, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  LinkButton,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { FormReader, translateErrors } from '../forms.ts';
import { place } from '../placement.ts';
import { PERMS } from '../policies.ts';
import { EXTRA_FORM, extraFields, OCCURRENCE_FORM, occurrenceFields } from '../schemas.ts';
import {
  addExtra,
  addSlot,
  cancelExtra,
  clearException,
  createSeries,
  expandSeries,
  loadSeries,
  NTH,
  PATTERNS,
  readSeriesForm,
  readSlotForm,
  removeSlot,
  type SeriesBundle,
  setException,
  todayIn,
  updateSeries,
  WEEKDAYS,
} from '../use-cases/consultation.ts';
import { rhythm } from '../use-cases/poster.ts';
import { listVenues, venuesByIds } from '../use-cases/venues.ts';
import { LANGUAGES } from '../vocab.ts';
import { areaChoices, base, type C, Errors, flash, fmtDay, options } from './common.tsx';

type Values = Record<string, string | string[] | undefined>;
const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

async function visibleSeries(c: C, id: string, perm: string = PERMS.read): Promise<SeriesBundle> {
  const [b] = /^[0-9a-f-]{36}$/i.test(id)
    ? await loadSeries(c.get('services').db, c.get('tenant')!.id, { ids: [id] })
    : [];
  if (!b || !can(actorOf(c), perm, b.series.areaIds)) throw new AppError(404, 'not_found');
  return b;
}

async function seriesForm(
  c: C,
  o: { values: Values; errors: Record<string, string>; action: string; title: string; status?: 200 | 422 },
) {
  const t = c.get('t');
  const v = o.values;
  const e = o.errors;
  const areas = await areaChoices(c, scopeOf(actorOf(c), PERMS.manage));
  return staffPage(c, {
    title: o.title,
    status: o.status,
    children: (
      <>
        <h1>{o.title}</h1>
        <Errors c={c} errors={e} />
        <form method="post" action={o.action} className="q-form" noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <TextField
            name="title"
            label={t('network:series.titleField')}
            value={s(v.title)}
            required
            error={e.title}
          />
          <SelectField
            name="areaId"
            label={t('network:place.area')}
            value={s(v.areaId)}
            placeholder={t('network:choose')}
            options={areas}
            required
            error={e.areaId}
          />
          <TextArea
            name="description"
            label={t('network:series.description')}
            value={s(v.description)}
            rows={3}
            error={e.description}
            optionalText={t('network:optional')}
          />
          <CheckboxGroup
            name="languages"
            label={t('network:series.languages')}
            values={Array.isArray(v.languages) ? v.languages : []}
            options={options(t, 'languages', LANGUAGES)}
            error={e.languages}
            optionalText={t('network:optional')}
          />
          <TextField
            name="contact"
            label={t('network:series.contact')}
            value={s(v.contact)}
            error={e.contact}
            optionalText={t('network:optional')}
          />
          <CheckboxField
            name="published"
            label={t('network:series.published')}
            checked={s(v.published) === 'on'}
          />
          <div className="q-form__actions">
            <Button type="submit">{t('save')}</Button>
            <a href={`${base(c)}/consultation-hours`}>{t('cancel')}</a>
          </div>
        </form>
      </>
    ),
  });
}

export function mountSeriesPages(staff: Hono<AppEnv>) {
  staff.get('/network/consultation-hours', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const bundles = await loadSeries(db, tenant.id, { scope: scopeOf(actorOf(c), PERMS.read) });
    const venues = await venuesByIds(
      db,
      tenant.id,
      bundles.flatMap((b) => [...b.slots.map((x) => x.venueId), ...b.extras.map((x) => x.venueId)]),
    );
    const b = base(c);
    return staffPage(c, {
      title: t('network:series.title'),
      children: (
        <>
          <h1>{t('network:series.title')}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          <div className="q-actions">
            {can(actorOf(c), PERMS.manage) ? (
              <LinkButton href={`${b}/consultation-hours/new`}>{t('network:series.new')}</LinkButton>
            ) : null}
            <a href={`${b}/venues`}>{t('network:venues.title')}</a>
            <a href={`${b}/posters`}>{t('network:posters.title')}</a>
            <a href={`/${tenant.slug}/consultation-hours`}>{t('network:series.publicPage')}</a>
          </div>
          {bundles.length === 0 ? <p>{t('network:series.empty')}</p> : null}
          <ul className="q-cards">
            {bundles.map((x) => (
              <li key={x.series.id} className="q-card">
                <h2 className="kern-heading-small">
                  <a href={`${b}/consultation-hours/${x.series.id}`}>{x.series.title}</a>
                </h2>
                <ul>
                  {x.slots.map((sl) => (
                    <li key={sl.id}>
                      {rhythm(t, sl)}, {sl.startTime}–{sl.endTime}, {venues.get(sl.venueId)?.name}
                    </li>
                  ))}
                </ul>
                {x.series.published ? null : <p className="q-muted">{t('network:series.notPublished')}</p>}
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });

  staff.get('/network/consultation-hours/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return seriesForm(c, {
      values: { areaId: c.get('currentAreaId') ?? '', published: 'on', languages: ['de'] },
      errors: {},
      action: `${base(c)}/consultation-hours`,
      title: c.get('t')('network:series.new'),
    });
  });

  const saveSeries = async (c: C, id: string | null) => {
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const { input, form } = readSeriesForm(await formData(c));
    if (form.ok) {
      const p = await place(db, tenant.id, { areaId: input.areaId });
      if (p.areaIds.length === 0 || !inScope(p.areaIds, scopeOf(actorOf(c), PERMS.manage)))
        form.fail('areaId', 'network:errors.areaInScope');
      else {
        const sid = id ?? (await createSeries(actorOf(c), db, input)).id;
        if (id) await updateSeries(actorOf(c), db, id, input);
        return c.redirect(`${base(c)}/consultation-hours/${sid}?done=saved`, 303);
      }
    }
    return seriesForm(c, {
      values: form.values,
      errors: translateErrors(t, form.errors),
      action: id ? `${base(c)}/consultation-hours/${id}` : `${base(c)}/consultation-hours`,
      title: t(id ? 'network:series.edit' : 'network:series.new'),
      status: 422,
    });
  };
  staff.post('/network/consultation-hours', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return saveSeries(c, null);
  });
  staff.post('/network/consultation-hours/:id', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    return saveSeries(c, b.series.id);
  });

  staff.get('/network/consultation-hours/:id', async (c) =>
    seriesDetail(c, await visibleSeries(c, c.req.param('id'))),
  );

  staff.get('/network/consultation-hours/:id/edit', async (c) => {
    const { series } = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    return seriesForm(c, {
      values: {
        title: series.title,
        areaId: series.areaId ?? '',
        description: series.description ?? '',
        languages: series.languages,
        contact: series.contact ?? '',
        published: series.published ? 'on' : '',
      },
      errors: {},
      action: `${base(c)}/consultation-hours/${series.id}`,
      title: c.get('t')('network:series.edit'),
    });
  });

  staff.post('/network/consultation-hours/:id/slots', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    const { input, form } = readSlotForm(await formData(c), c.get('services').now());
    if (form.ok) {
      try {
        await addSlot(actorOf(c), c.get('services').db, b.series.id, input);
        return c.redirect(`${base(c)}/consultation-hours/${b.series.id}?done=saved`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
      }
    }
    return seriesDetail(c, b, {
      slotValues: form.values,
      slotErrors: translateErrors(c.get('t'), form.errors),
    });
  });

  staff.post('/network/consultation-hours/:id/slots/:slotId/delete', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    const slot = b.slots.find((x) => x.id === c.req.param('slotId'));
    if (!slot) throw new AppError(404, 'not_found');
    await removeSlot(actorOf(c), c.get('services').db, b.series.id, slot.id);
    return c.redirect(`${base(c)}/consultation-hours/${b.series.id}?done=saved`, 303);
  });

  // Cancel, change or restore one occurrence.
  staff.post('/network/consultation-hours/:id/occurrences', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    const f = new FormReader(await formData(c));
    const d = f.schema(occurrenceFields({ now: c.get('services').now }), OCCURRENCE_FORM);
    const action = d.action ?? null;
    const slotId = d.slotId || null;
    const date = d.date ?? null;
    const note = d.note ?? null;
    const venueId = d.venueId || null;
    const startTime = d.startTime || null;
    const endTime = d.endTime || null;
    if (!slotId || !b.slots.some((x) => x.id === slotId)) f.fail('slotId', 'validation.choice');
    if (action === 'change' && !venueId && !startTime && !endTime)
      f.fail('venueId', 'network:errors.changeSomething');
    if (!f.ok) return seriesDetail(c, b, { occurrenceErrors: translateErrors(c.get('t'), f.errors) });
    const db = c.get('services').db;
    const member = actorOf(c);
    try {
      if (action === 'restore') await clearException(member, db, b.series.id, slotId!, date!);
      else {
        const slot = b.slots.find((x) => x.id === slotId)!;
        await setException(member, db, b.series.id, {
          slotId: slotId!,
          date: date!,
          status: action === 'cancel' ? 'cancelled' : 'changed',
          note,
          venueId: action === 'change' ? venueId : null,
          startTime: action === 'change' ? (startTime ?? slot.startTime) : null,
          endTime: action === 'change' ? (endTime ?? slot.endTime) : null,
        });
      }
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return seriesDetail(c, b, { occurrenceErrors: translateErrors(c.get('t'), err.fields) });
    }
    return c.redirect(
      `${base(c)}/consultation-hours/${b.series.id}?done=${action === 'cancel' ? 'cancelled' : 'saved'}#dates`,
      303,
    );
  });

  staff.post('/network/consultation-hours/:id/extras', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    const f = new FormReader(await formData(c));
    const d = f.schema(extraFields({ now: c.get('services').now }), EXTRA_FORM);
    const venueId = d.venueId ?? null;
    const date = d.date ?? null;
    const startTime = d.startTime ?? null;
    const endTime = d.endTime ?? null;
    const note = d.note ?? null;
    if (startTime && endTime && endTime <= startTime) f.fail('endTime', 'network:errors.endBeforeStart');
    if (f.ok) {
      try {
        await addExtra(actorOf(c), c.get('services').db, b.series.id, {
          venueId: venueId!,
          date: date!,
          startTime: startTime!,
          endTime: endTime!,
          note,
        });
        return c.redirect(`${base(c)}/consultation-hours/${b.series.id}?done=saved#dates`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) f.fail(k, v);
      }
    }
    return seriesDetail(c, b, { extraValues: f.values, extraErrors: translateErrors(c.get('t'), f.errors) });
  });

  staff.post('/network/consultation-hours/:id/extras/:xid', async (c) => {
    const b = await visibleSeries(c, c.req.param('id'), PERMS.manage);
    const body = await formData(c);
    const x = b.extras.find((e) => e.id === c.req.param('xid'));
    if (!x) throw new AppError(404, 'not_found');
    await cancelExtra(actorOf(c), c.get('services').db, b.series.id, x.id, body.action !== 'restore');
    return c.redirect(`${base(c)}/consultation-hours/${b.series.id}?done=saved#dates`, 303);
  });
}

async function seriesDetail(
  c: C,
  bundle: SeriesBundle,
  o: {
    slotValues?: Values;
    slotErrors?: Record<string, string>;
    occurrenceErrors?: Record<string, string>;
    extraValues?: Values;
    extraErrors?: Record<string, string>;
  } = {},
) {
  const t = c.get('t');
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const { series, slots, exceptions, extras } = bundle;
  const manage = can(actorOf(c), PERMS.manage, series.areaIds);
  const allVenues = await listVenues(db, tenant.id, { scope: scopeOf(actorOf(c), PERMS.read) });
  const venues = await venuesByIds(db, tenant.id, [
    ...slots.map((x) => x.venueId),
    ...extras.map((x) => x.venueId),
    ...exceptions.map((x) => x.venueId).filter((x): x is string => !!x),
  ]);
  const venueOptions = allVenues.map((v) => ({ value: v.id, label: v.name }));
  const today = todayIn(series.timeZone);
  const occurrences = expandSeries(series, slots, exceptions, extras, today, addDays(today, 70));
  const b = base(c);
  const action = `${b}/consultation-hours/${series.id}`;
  const csrf = csrfTokenFor(c);
  const sv = o.slotValues ?? { startsOn: today, startTime: '10:00', endTime: '12:00', pattern: 'weekly' };
  const se = o.slotErrors ?? {};
  const xv = o.extraValues ?? {};
  const xe = o.extraErrors ?? {};
  const errors = { ...se, ...xe, ...(o.occurrenceErrors ?? {}) };
  const status = Object.keys(errors).length ? 422 : 200;
  return staffPage(c, {
    title: series.title,
    status,
    children: (
      <>
        <p className="q-breadcrumb">
          <a href={`${b}/consultation-hours`}>{t('network:series.title')}</a>
        </p>
        <h1>{series.title}</h1>
        {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
        <Errors c={c} errors={errors} />
        {series.description ? <p>{series.description}</p> : null}
        <div className="q-actions">
          {manage ? (
            <LinkButton variant="secondary" href={`${action}/edit`}>
              {t('network:edit')}
            </LinkButton>
          ) : null}
          <a href={`/${tenant.slug}/consultation-hours/${series.id}`}>{t('network:series.publicPage')}</a>
          <a href={`/${tenant.slug}/consultation-hours/${series.id}/calendar.ics`}>
            {t('network:series.feed')}
          </a>
          <a href={`/${tenant.slug}/consultation-hours/${series.id}/poster.pdf?with=en`}>
            {t('network:series.posterEn')}
          </a>
          <a href={`/${tenant.slug}/consultation-hours/${series.id}/poster.pdf?with=tr`}>
            {t('network:series.posterTr')}
          </a>
          <a href={`/${tenant.slug}/consultation-hours/${series.id}/poster.pdf?with=ar`}>
            {t('network:series.posterAr')}
          </a>
        </div>

        <h2 id="slots">{t('network:series.slots')}</h2>
        <ul>
          {slots.map((sl) => (
            <li key={sl.id}>
              {rhythm(t, sl)}, {sl.startTime}–{sl.endTime}, {venues.get(sl.venueId)?.name} (
              {t('network:series.from', { date: fmtDay(c, sl.startsOn, false) })}
              {sl.endsOn ? `, ${t('network:series.until', { date: fmtDay(c, sl.endsOn, false) })}` : ''})
              {manage ? (
                <form method="post" action={`${action}/slots/${sl.id}/delete`} className="q-inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <Button type="submit" variant="tertiary" small>
                    {t('network:remove')}
                  </Button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {slots.length === 0 ? <p>{t('network:series.noSlots')}</p> : null}
        {manage ? (
          <details open={Object.keys(se).length > 0 || slots.length === 0}>
            <summary>{t('network:series.addSlot')}</summary>
            <form method="post" action={`${action}/slots`} className="q-form" noValidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <SelectField
                name="venueId"
                label={t('network:series.venue')}
                value={s(sv.venueId)}
                placeholder={t('network:choose')}
                options={venueOptions}
                required
                error={se.venueId}
                hint={venueOptions.length === 0 ? t('network:series.noVenues') : undefined}
              />
              <SelectField
                name="pattern"
                label={t('network:series.pattern')}
                value={s(sv.pattern)}
                options={PATTERNS.map((p) => ({ value: p, label: t(`network:series.patterns.${p}`) }))}
                required
                error={se.pattern}
              />
              <SelectField
                name="weekday"
                label={t('network:series.weekday')}
                value={s(sv.weekday)}
                placeholder={t('network:choose')}
                options={WEEKDAYS.map((d) => ({ value: d, label: t(`network:weekdays.${d}`) }))}
                required
                error={se.weekday}
              />
              <SelectField
                name="nth"
                label={t('network:series.nthLabel')}
                hint={t('network:series.nthHint')}
                value={s(sv.nth)}
                options={NTH.map((n) => ({ value: n, label: t(`network:series.nth.${n}`) }))}
                error={se.nth}
              />
              <TextField
                name="startTime"
                type="time"
                label={t('network:series.startTime')}
                value={s(sv.startTime)}
                width={10}
                required
                error={se.startTime}
              />
              <TextField
                name="endTime"
                type="time"
                label={t('network:series.endTime')}
                value={s(sv.endTime)}
                width={10}
                required
                error={se.endTime}
              />
              <TextField
                name="startsOn"
                type="date"
                label={t('network:series.startsOn')}
                value={s(sv.startsOn)}
                width={20}
                required
                error={se.startsOn}
              />
              <TextField
                name="endsOn"
                type="date"
                label={t('network:series.endsOn')}
                value={s(sv.endsOn)}
                width={20}
                error={se.endsOn}
                optionalText={t('network:optional')}
              />
              <Button type="submit">{t('network:series.addSlot')}</Button>
            </form>
          </details>
        ) : null}

        <h2 id="dates">{t('network:series.nextDates')}</h2>
        <ul className="q-occurrences">
          {occurrences.map((occ) => (
            <li key={occ.key}>
              <strong>{fmtDay(c, occ.date)}</strong>, {occ.startTime}–{occ.endTime},{' '}
              {venues.get(occ.venueId)?.name ?? allVenues.find((v) => v.id === occ.venueId)?.name}
              {occ.status === 'cancelled' ? (
                <strong> — {t('network:occurrence.cancelled')}</strong>
              ) : occ.status === 'changed' ? (
                <em> — {t('network:occurrence.changed')}</em>
              ) : null}
              {occ.note ? ` (${occ.note})` : ''}
              {manage && occ.slotId ? (
                <details>
                  <summary>{t('network:occurrence.manage')}</summary>
                  <form method="post" action={`${action}/occurrences`} className="q-filter">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="slotId" value={occ.slotId} />
                    <input type="hidden" name="date" value={occ.originalDate} />
                    <TextField
                      name="note"
                      id={`note-${occ.key.replace(/[^a-z0-9]/gi, '')}`}
                      label={t('network:occurrence.note')}
                      optionalText={t('network:optional')}
                    />
                    <SelectField
                      name="venueId"
                      id={`venue-${occ.key.replace(/[^a-z0-9]/gi, '')}`}
                      label={t('network:occurrence.otherVenue')}
                      placeholder={t('network:occurrence.sameVenue')}
                      options={venueOptions}
                    />
                    <TextField
                      name="startTime"
                      id={`start-${occ.key.replace(/[^a-z0-9]/gi, '')}`}
                      type="time"
                      label={t('network:series.startTime')}
                      width={10}
                    />
                    <TextField
                      name="endTime"
                      id={`end-${occ.key.replace(/[^a-z0-9]/gi, '')}`}
                      type="time"
                      label={t('network:series.endTime')}
                      width={10}
                    />
                    <div className="q-actions">
                      {occ.status === 'cancelled' ? null : (
                        <Button type="submit" name="action" value="cancel" variant="danger">
                          {t('network:occurrence.cancel')}
                        </Button>
                      )}
                      <Button type="submit" name="action" value="change" variant="secondary">
                        {t('network:occurrence.change')}
                      </Button>
                      {occ.status !== 'scheduled' ? (
                        <Button type="submit" name="action" value="restore" variant="tertiary">
                          {t('network:occurrence.restore')}
                        </Button>
                      ) : null}
                    </div>
                  </form>
                </details>
              ) : null}
              {manage && occ.extraId ? (
                <form method="post" action={`${action}/extras/${occ.extraId}`} className="q-inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <Button
                    type="submit"
                    name="action"
                    value={occ.status === 'cancelled' ? 'restore' : 'cancel'}
                    variant="tertiary"
                    small
                  >
                    {t(
                      occ.status === 'cancelled' ? 'network:occurrence.restore' : 'network:occurrence.cancel',
                    )}
                  </Button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {occurrences.length === 0 ? <p>{t('network:series.noDates')}</p> : null}
        {manage ? (
          <details open={Object.keys(xe).length > 0}>
            <summary>{t('network:series.addExtra')}</summary>
            <form method="post" action={`${action}/extras`} className="q-form" noValidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <SelectField
                name="venueId"
                id="extra-venueId"
                label={t('network:series.venue')}
                value={s(xv.venueId)}
                placeholder={t('network:choose')}
                options={venueOptions}
                required
                error={xe.venueId}
              />
              <TextField
                name="date"
                id="extra-date"
                type="date"
                label={t('network:series.extraDate')}
                value={s(xv.date)}
                width={20}
                required
                error={xe.date}
              />
              <TextField
                name="startTime"
                id="extra-startTime"
                type="time"
                label={t('network:series.startTime')}
                value={s(xv.startTime)}
                width={10}
                required
                error={xe.startTime}
              />
              <TextField
                name="endTime"
                id="extra-endTime"
                type="time"
                label={t('network:series.endTime')}
                value={s(xv.endTime)}
                width={10}
                required
                error={xe.endTime}
              />
              <TextField
                name="note"
                id="extra-note"
                label={t('network:occurrence.note')}
                value={s(xv.note)}
                error={xe.note}
                optionalText={t('network:optional')}
              />
              <Button type="submit">{t('network:series.addExtra')}</Button>
            </form>
          </details>
        ) : null}
      </>
    ),
  });
}
