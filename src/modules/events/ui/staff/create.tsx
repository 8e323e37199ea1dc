import type { Hono } from 'hono';
import { actorOf, authorize } from '../../../../platform/authz.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { FormReader } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import { listCategories, readEventForm } from '../../use-cases/events.ts';
import { createStaffEvent, mayPlaceEvent } from '../../use-cases/manage.ts';
import type { C } from '../common.tsx';
import { EventForm, type FormValues } from '../event-form.tsx';

import { formOptions } from './shared.tsx';

/** A new event entered by staff. */
export function mountEventCreatePages(staff: Hono<AppEnv>) {
  const newPage = async (
    c: C,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    return staffPage(c, {
      title: t('events:staff.new'),
      status,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:staff.new')}</h1>
          <EventForm
            t={t}
            lang={c.get('lang')}
            mode="staff"
            action={`/staff/${tenant.slug}/events/new`}
            csrf={csrfTokenFor(c)}
            values={values}
            errors={errors}
            submitLabel={t('events:staff.create')}
            {...(await formOptions(c))}
          />
        </>
      ),
    });
  };

  staff.get('/events/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    const current = c.get('currentAreaId');
    return newPage(
      c,
      {
        cost: 'free',
        repeat: 'none',
        kind: 'event',
        waitlistEnabled: 'on',
        registrationMode: 'per_date',
        areaId: current ?? '',
      },
      {},
    );
  });

  staff.post('/events/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.manage); // before the form is read (an uploaded image would be stored)
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const categories = await listCategories(services.db, tenant.id);
    const r = await readEventForm(body, {
      mode: 'staff',
      storageDir: services.config.storageDir,
      db: services.db,
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
      now: services.now(),
    });
    const publish = new FormReader(body).bool('publish');
    if (r.form.ok && !(await mayPlaceEvent(actor, services.db, r.input.areaId)))
      r.form.fail('areaId', 'events:errors.areaNotAllowed');
    if (!r.form.ok) return newPage(c, r.form.values, r.form.errors, 422);
    let e: Awaited<ReturnType<typeof createStaffEvent>>;
    try {
      e = await createStaffEvent(actor, services.db, r.input, { publish, image: r.image });
    } catch (err) {
      // A venue or organiser outside the member's areas: a field message, nothing typed is lost.
      if (err instanceof ValidationError) return newPage(c, r.form.values, err.fields, 422);
      throw err;
    }
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}?saved=1`);
  });
}
