import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { canHouse, canPrivacy, listAreaIds, MANAGE, READ, scopeAreaIds } from '../policies.ts';
import {
  confirmedBookings,
  type House,
  listClosures,
  listHouses,
  listRequests,
  listRooms,
} from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import {
  type ClosureForm,
  type HouseForm,
  houseToForm,
  readClosureForm,
  readHouseForm,
  validateClosure,
  validateHouse,
} from '../use-cases/manage.ts';
import { addHouseClosure, createHouse, removeHouseClosure, updateHouse } from '../use-cases/staff.ts';
import { HouseDetailView } from './house-detail-view.tsx';
import { HouseFormView } from './house-form-view.tsx';
import { HouseListView } from './house-list-view.tsx';
import { areaOptions, houseFor, staffBase } from './staff-common.ts';

/** `/houses`: the houses in the member's areas. */
export function mountHouseListPage(staff: Hono<AppEnv>) {
  staff.get('/houses', async (c) => {
    authorize(actorOf(c), READ);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const scope = await listAreaIds(actorOf(c), c.get('services').db, READ, c.get('currentAreaId'));
    const houses = await listHouses(db, tenant.id, { areaIds: scope });
    const [rooms, pending] = await Promise.all([
      listRooms(
        db,
        tenant.id,
        houses.map((h) => h.id),
      ),
      listRequests(db, tenant.id, { statuses: ['pending'], houseIds: houses.map((h) => h.id), limit: 1000 }),
    ]);
    const base = staffBase(c);
    const manage = can(actorOf(c), MANAGE);
    const privacy = canPrivacy(actorOf(c));
    return staffPage(c, {
      title: t('houses:staff.title'),
      children: (
        <HouseListView
          t={t}
          base={base}
          houses={houses}
          rooms={rooms}
          pending={pending}
          manage={manage}
          privacy={privacy}
          deleted={c.req.query('done') === 'houseDeleted'}
        />
      ),
    });
  });
}

/** A house's form page (new or existing). */
async function houseFormPage(
  c: Context<AppEnv>,
  o: { house?: House; form: HouseForm; errors: FieldErrors },
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const { options, scope } = await areaOptions(c);
  const title = o.house ? t('houses:staff.editHouse', { name: o.house.name }) : t('houses:staff.newHouse');
  return staffPage(c, {
    title,
    status,
    children: (
      <HouseFormView
        t={t}
        base={staffBase(c)}
        csrf={csrfTokenFor(c)}
        title={title}
        options={options}
        scope={scope}
        house={o.house}
        form={o.form}
        errors={o.errors}
      />
    ),
  });
}

/** `/houses/new` and `/houses/:id/edit`. */
export function mountHouseFormPages(staff: Hono<AppEnv>) {
  staff.get('/houses/new', async (c) => {
    authorize(actorOf(c), MANAGE);
    const form = houseToForm();
    const scope = await scopeAreaIds(actorOf(c), c.get('services').db, MANAGE);
    if (scope?.length)
      form.areaId =
        c.get('currentAreaId') && scope.includes(c.get('currentAreaId')!) ? c.get('currentAreaId')! : '';
    return houseFormPage(c, { form, errors: {} });
  });
  staff.post('/houses/new', async (c) => {
    authorize(actorOf(c), MANAGE);
    const form = readHouseForm(await formData(c));
    const { errors, values } = validateHouse(
      form,
      await scopeAreaIds(actorOf(c), c.get('services').db, MANAGE),
    );
    if (Object.keys(errors).length) return houseFormPage(c, { form, errors }, 422);
    const r = await createHouse(actorOf(c), c.get('services').db, values);
    if (r.errors) return houseFormPage(c, { form, errors: r.errors }, 422);
    return c.redirect(`${staffBase(c)}/${r.id}?saved=1`, 303);
  });
  staff.get('/houses/:id/edit', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    return houseFormPage(c, { house, form: houseToForm(house), errors: {} });
  });
  staff.post('/houses/:id/edit', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const form = readHouseForm(await formData(c));
    const { errors, values } = validateHouse(
      form,
      await scopeAreaIds(actorOf(c), c.get('services').db, MANAGE),
    );
    if (Object.keys(errors).length) return houseFormPage(c, { house, form, errors }, 422);
    const r = await updateHouse(actorOf(c), c.get('services').db, house.id, values);
    if (r.errors) return houseFormPage(c, { house, form, errors: r.errors }, 422);
    return c.redirect(`${staffBase(c)}/${house.id}?saved=1`, 303);
  });
}

/** Adding and removing a house's closures (the form is on the house page). */
export function mountClosureRoutes(staff: Hono<AppEnv>) {
  staff.post('/houses/:id/closures', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const db = c.get('services').db;
    const rooms = await listRooms(db, house.tenantId, [house.id]);
    const form = readClosureForm(await formData(c));
    const { errors, values } = validateClosure(
      form,
      rooms.map((r) => r.id),
      c.get('services').now(),
    );
    if (!values) return houseDetail(c, house, { closureForm: form, closureErrors: errors }, 422);
    await addHouseClosure(actorOf(c), db, house.id, values);
    return c.redirect(`${staffBase(c)}/${house.id}?saved=1#closures`, 303);
  });
  staff.post('/houses/:id/closures/:cid/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const cid = c.req.param('cid');
    if (!isUuid(cid)) throw new AppError(404, 'closure_not_found');
    await removeHouseClosure(actorOf(c), c.get('services').db, house.id, cid);
    return c.redirect(`${staffBase(c)}/${house.id}?saved=1#closures`, 303);
  });
}

/** `/houses/:id`: registered after every `/houses/<word>` route. */
export function mountHouseDetailPage(staff: Hono<AppEnv>) {
  staff.get('/houses/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'house_not_found');
    const house = await houseFor(c, id, READ);
    return houseDetail(c, house, {});
  });
}

async function houseDetail(
  c: Context<AppEnv>,
  house: House,
  o: { closureForm?: ClosureForm; closureErrors?: FieldErrors },
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const db = c.get('services').db;
  const manage = await canHouse(actorOf(c), c.get('services').db, house, MANAGE);
  const today = todayLocal();
  const from = localToInstant(today, '00:00');
  const to = localToInstant(addDays(today, 14), '00:00');
  const [rooms, closures, upcoming, series] = await Promise.all([
    listRooms(db, house.tenantId, [house.id]),
    listClosures(db, house.tenantId, [house.id], { from: new Date(Date.now() - 86_400_000) }),
    confirmedBookings(db, house.tenantId, [house.id], from, to),
    listRequests(db, house.tenantId, { statuses: ['approved'], houseIds: [house.id], limit: 500 }),
  ]);
  const standing = series.filter((r) => r.rrule);
  const cf = o.closureForm ?? {
    roomId: '',
    kind: 'holiday',
    fromDate: '',
    fromTime: '',
    toDate: '',
    toTime: '',
    reason: '',
  };
  const ce = o.closureErrors ?? {};
  return staffPage(c, {
    title: house.name,
    status,
    children: (
      <HouseDetailView
        t={t}
        lang={lang}
        home={staffBase(c)}
        csrf={csrfTokenFor(c)}
        publicHref={`/${c.get('tenant')!.slug}/houses/${house.slug}`}
        house={house}
        manage={manage}
        saved={!!c.req.query('saved')}
        roomDeleted={c.req.query('done') === 'roomDeleted'}
        rooms={rooms}
        closures={closures}
        upcoming={upcoming}
        standing={standing}
        cf={cf}
        ce={ce}
      />
    ),
  });
}
