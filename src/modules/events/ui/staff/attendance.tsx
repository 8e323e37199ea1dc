import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { instantToLocal, todayLocal } from '../../../../platform/time/index.ts';
import { Alert, Button, DataTable, ErrorSummary, TextArea, TextField } from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { hasOccurrenceOn } from '../../domain/recurrence.ts';
import { AGE_GROUPS, GENDERS } from '../../domain/vocab.ts';
import { PERMS } from '../../policies.ts';
import { listAttendance, readAttendanceForm } from '../../use-cases/attendance.ts';
import type { Event } from '../../use-cases/events.ts';
import { saveAttendance } from '../../use-cases/manage.ts';
import { type C, summaryOf } from '../common.tsx';

import { Header, loadEvent } from './shared.tsx';

/** Attendance counts of one event. */
export function mountAttendancePages(staff: Hono<AppEnv>) {
  const attendancePage = async (
    c: C,
    e: Event,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const list = await listAttendance(c.get('services').db, tenant.id, e.id);
    const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
    return staffPage(c, {
      title: t('events:attendance.title'),
      status,
      children: (
        <>
          <Header c={c} e={e} title={t('events:attendance.title')} />
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          <DataTable
            caption={t('events:attendance.caption')}
            rows={list}
            rowKey={(r) => r.occurrenceDate}
            emptyMessage={t('events:attendance.empty')}
            columns={[
              {
                key: 'date',
                header: t('events:fields.date'),
                rowHeader: true,
                cell: (r) => r.occurrenceDate,
              },
              { key: 'total', header: t('events:attendance.total'), numeric: true, cell: (r) => r.total },
              {
                key: 'age',
                header: t('events:attendance.byAge'),
                cell: (r) =>
                  Object.entries(r.byAge)
                    .map(([k, v]) => `${t(`events:vocab.ages.${k}`)}: ${v}`)
                    .join(', ') || '–',
              },
              {
                key: 'gender',
                header: t('events:attendance.byGender'),
                cell: (r) =>
                  Object.entries(r.byGender)
                    .map(([k, v]) => `${t(`events:vocab.genders.${k}`)}: ${v}`)
                    .join(', ') || '–',
              },
            ]}
          />
          <h2>{t('events:attendance.record')}</h2>
          <p>{t('events:attendance.intro')}</p>
          <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
          <form
            method="post"
            action={`/staff/${tenant.slug}/events/${e.id}/attendance`}
            className="q-form"
            noValidate
          >
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              name="date"
              type="date"
              label={t('events:fields.date')}
              value={values.date}
              error={err('date')}
              required
              width={20}
            />
            <TextField
              name="total"
              type="number"
              inputMode="numeric"
              label={t('events:attendance.total')}
              value={values.total}
              error={err('total')}
              required
              min={0}
              width={10}
            />
            {(
              [
                ['age', 'byAge', 'ages', AGE_GROUPS],
                ['gender', 'byGender', 'genders', GENDERS],
              ] as const
            ).map(([prefix, legend, vocab, keys]) => (
              <fieldset key={prefix} className="kern-fieldset">
                <legend className="kern-label">{t(`events:attendance.${legend}`)}</legend>
                {keys.map((g) => (
                  <TextField
                    key={g}
                    name={`${prefix}_${g}`}
                    type="number"
                    inputMode="numeric"
                    label={t(`events:vocab.${vocab}.${g}`)}
                    value={values[`${prefix}_${g}`]}
                    error={err(`${prefix}_${g}`)}
                    min={0}
                    width={4}
                  />
                ))}
              </fieldset>
            ))}
            <TextArea
              name="note"
              label={t('events:attendance.note')}
              value={values.note}
              error={err('note')}
              optionalText={t('events:form.optional')}
              rows={2}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('save')}</Button>
            </div>
          </form>
        </>
      ),
    });
  };

  staff.get('/events/:id{[0-9a-f-]{36}}/attendance', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const today = todayLocal();
    const start = instantToLocal(e.startsAt).date;
    return attendancePage(c, e, { date: !e.rrule ? start : hasOccurrenceOn(e, today) ? today : '' }, {});
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/attendance', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const { input, form } = readAttendanceForm(await formData(c), e);
    const values = Object.fromEntries(
      Object.entries(form.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    if (!form.ok) return attendancePage(c, e, values, form.errors, 422);
    await saveAttendance(actorOf(c), services.db, e.id, input);
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}/attendance?saved=1`);
  });
}
