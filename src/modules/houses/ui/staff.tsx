import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays, formatTime, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  ErrorSummary,
  LinkButton,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { areaSwitchOptions } from '../../areas/index.ts';
import { CLOSURE_KINDS, HOUSE_KINDS } from '../db/schema.ts';
import { CATEGORIES } from '../domain/categories.ts';
import { formatDay, formatMoney, formatSlot } from '../domain/format.ts';
import { WEEKDAYS } from '../domain/opening-hours.ts';
import { describeRule } from '../domain/recurrence.ts';
import { canHouse, canPrivacy, listAreaIds, MANAGE, READ, scopeAreaIds } from '../policies.ts';
import {
  confirmedBookings,
  getRoom,
  type House,
  listClosures,
  listHouses,
  listRequests,
  listRoomPhotos,
  listRooms,
  type Room,
  type RoomPhotoRow,
} from '../queries.ts';
import {
  emptyInput,
  type FieldErrors,
  prepareRequest,
  readInput,
  submitRequest,
} from '../use-cases/booking.ts';
import { addressLine } from '../use-cases/documents.ts';
import {
  type ClosureForm,
  type HouseForm,
  houseToForm,
  type RoomForm,
  readClosureForm,
  readHouseForm,
  readRoomForm,
  roomToForm,
  validateClosure,
  validateHouse,
  validateRoom,
} from '../use-cases/manage.ts';
import {
  addHouseClosure,
  createHouse,
  createRoom,
  houseFor as houseForMember,
  removeHouseClosure,
  updateHouse,
  updateRoom,
} from '../use-cases/staff.ts';
import { groupLabel, summary, tm } from './common.tsx';
import { PhotoManager } from './photos.tsx';
import { OpeningHoursList, RequestForm } from './request-form.tsx';

export const staffBase = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/houses`;

/** Staff see photos through their own route (also those of houses not public yet). */
export const staffPhotoSrc =
  (c: Context<AppEnv>, houseId: string, roomId: string) =>
  (p: RoomPhotoRow): string | null =>
    p.fileId ? `${staffBase(c)}/${houseId}/rooms/${roomId}/photos/${p.id}` : p.sourceUrl;

/** The house of the route for this permission (404 for unknown ids, 403 outside the member's areas). */
export const houseFor = (c: Context<AppEnv>, id: string | undefined, permission: string): Promise<House> =>
  houseForMember(actorOf(c), c.get('services').db, id, permission);

/** A room of the house (not deleted), or 404. */
export async function roomOf(c: Context<AppEnv>, house: House, id: string | undefined): Promise<Room> {
  const room = isUuid(id) ? await getRoom(c.get('services').db, house.tenantId, id) : undefined;
  if (!room || room.houseId !== house.id || room.archivedAt) throw new AppError(404, 'room_not_found');
  return room;
}

async function areaOptions(c: Context<AppEnv>) {
  const db = c.get('services').db;
  const scope = await scopeAreaIds(actorOf(c), c.get('services').db, MANAGE);
  const all = await areaSwitchOptions(db, c.get('tenant')!.id);
  return { options: scope ? all.filter((o) => scope.includes(o.value)) : all, scope };
}

export function mountStaffHousePages(staff: Hono<AppEnv>) {
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
        <>
          <h1>{t('houses:staff.title')}</h1>
          <ul className="q-links">
            <li>
              <a href={`${base}/requests`}>{t('houses:staff.requestsLink', { count: pending.length })}</a>
            </li>
            <li>
              <a href={`${base}/utilisation`}>{t('houses:report.title')}</a>
            </li>
            <li>
              <a href={`${base}/payments`}>{t('houses:payments.title')}</a>
            </li>
            {privacy ? (
              <li>
                <a href={`${base}/privacy`}>{t('houses:privacy.title')}</a>
              </li>
            ) : null}
          </ul>
          {c.req.query('done') === 'houseDeleted' ? (
            <Alert variant="success" title={t('houses:delete.houseDone')} role="status" />
          ) : null}
          {manage ? (
            <p>
              <LinkButton href={`${base}/new`} variant="secondary">
                {t('houses:staff.newHouse')}
              </LinkButton>
            </p>
          ) : null}
          <DataTable
            caption={t('houses:staff.listCaption', { count: houses.length })}
            rows={houses}
            rowKey={(h) => h.id}
            emptyMessage={t('houses:staff.none')}
            columns={[
              {
                key: 'name',
                header: t('houses:house.name'),
                rowHeader: true,
                cell: (h) => <a href={`${base}/${h.id}`}>{h.name}</a>,
              },
              { key: 'kind', header: t('houses:house.kind'), cell: (h) => t(`houses:kinds.${h.kind}`) },
              { key: 'address', header: t('houses:public.address'), cell: (h) => addressLine(h) },
              {
                key: 'rooms',
                header: t('houses:public.rooms'),
                numeric: true,
                cell: (h) => rooms.filter((r) => r.houseId === h.id).length,
              },
              {
                key: 'pending',
                header: t('houses:staff.pending'),
                numeric: true,
                cell: (h) => pending.filter((p) => p.houseId === h.id).length,
              },
            ]}
          />
        </>
      ),
    });
  });

  // ── House form ──
  const houseFormPage = async (
    c: Context<AppEnv>,
    o: { house?: House; form: HouseForm; errors: FieldErrors },
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const base = staffBase(c);
    const { options, scope } = await areaOptions(c);
    const err = (k: string) => tm(t, o.errors[k]);
    const title = o.house ? t('houses:staff.editHouse', { name: o.house.name }) : t('houses:staff.newHouse');
    return staffPage(c, {
      title,
      status,
      children: (
        <>
          <h1>{title}</h1>
          <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, o.errors)} />
          <form
            method="post"
            action={o.house ? `${base}/${o.house.id}/edit` : `${base}/new`}
            noValidate
            className="q-form"
          >
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              name="name"
              label={t('houses:house.name')}
              value={o.form.name}
              required
              error={err('name')}
            />
            <TextField
              name="slug"
              label={t('houses:house.slug')}
              hint={t('houses:house.slugHint')}
              value={o.form.slug}
              error={err('slug')}
              optionalText={t('houses:form.optional')}
              width={30}
            />
            <SelectField
              name="kind"
              label={t('houses:house.kind')}
              value={o.form.kind}
              error={err('kind')}
              options={HOUSE_KINDS.map((k) => ({ value: k, label: t(`houses:kinds.${k}`) }))}
            />
            <SelectField
              name="areaId"
              label={t('houses:house.area')}
              value={o.form.areaId}
              error={err('areaId')}
              placeholder={scope ? undefined : t('houses:house.noArea')}
              options={options}
            />
            <TextField
              name="ownerName"
              label={t('houses:house.ownerName')}
              hint={t('houses:house.ownerHint')}
              value={o.form.ownerName}
              error={err('ownerName')}
              optionalText={t('houses:form.optional')}
            />
            <TextField
              name="externalBookingUrl"
              type="url"
              label={t('houses:house.externalBookingUrl')}
              value={o.form.externalBookingUrl}
              error={err('externalBookingUrl')}
              optionalText={t('houses:form.optional')}
            />
            <h2>{t('houses:house.addressTitle')}</h2>
            <TextField
              name="street"
              label={t('houses:house.street')}
              value={o.form.street}
              error={err('street')}
              autoComplete="street-address"
            />
            <TextField
              name="postcode"
              label={t('houses:house.postcode')}
              value={o.form.postcode}
              error={err('postcode')}
              width={10}
              autoComplete="postal-code"
            />
            <TextField
              name="city"
              label={t('houses:house.city')}
              value={o.form.city}
              error={err('city')}
              width={20}
            />
            <TextArea
              name="description"
              label={t('houses:house.description')}
              value={o.form.description}
              error={err('description')}
              rows={3}
            />
            <h2>{t('houses:public.openingHours')}</h2>
            <p className="q-meta">{t('houses:house.hoursHint')}</p>
            {WEEKDAYS.map((d) => (
              <TextField
                key={d}
                name={`hours${d}`}
                label={t(`houses:weekdaysLong.${d}`)}
                value={o.form[`hours${d}`]}
                error={err(`hours${d}`)}
                width={30}
              />
            ))}
            <h2>{t('houses:house.rulesTitle')}</h2>
            <TextArea
              name="houseRules"
              label={t('houses:public.rules')}
              value={o.form.houseRules}
              error={err('houseRules')}
              rows={4}
            />
            <TextArea
              name="keyHandover"
              label={t('houses:public.keys')}
              value={o.form.keyHandover}
              error={err('keyHandover')}
              rows={2}
            />
            <h2>{t('houses:public.contact')}</h2>
            <TextField
              name="contactName"
              label={t('houses:house.contactName')}
              value={o.form.contactName}
              error={err('contactName')}
            />
            <TextField
              name="contactEmail"
              type="email"
              label={t('houses:house.contactEmail')}
              hint={t('houses:house.contactEmailHint')}
              value={o.form.contactEmail}
              error={err('contactEmail')}
            />
            <TextField
              name="contactPhone"
              type="tel"
              label={t('houses:house.contactPhone')}
              value={o.form.contactPhone}
              error={err('contactPhone')}
              width={20}
            />
            <CheckboxField
              name="published"
              label={t('houses:house.published')}
              checked={o.form.published === 'on'}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('save')}</Button>
              <LinkButton variant="tertiary" href={o.house ? `${base}/${o.house.id}` : base}>
                {t('cancel')}
              </LinkButton>
            </div>
          </form>
        </>
      ),
    });
  };

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

  staff.get('/houses/:id/rooms/new', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    return roomFormPage(c, { house, form: roomToForm(), errors: {} });
  });
  staff.post('/houses/:id/rooms/new', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const form = readRoomForm(await formData(c));
    const { errors, values } = validateRoom(form);
    if (Object.keys(errors).length) return roomFormPage(c, { house, form, errors }, 422);
    const r = await createRoom(actorOf(c), c.get('services').db, house.id, values);
    if (r.errors) return roomFormPage(c, { house, form, errors: r.errors }, 422);
    return c.redirect(`${staffBase(c)}/${house.id}?saved=1`, 303);
  });
  staff.get('/houses/:id/rooms/:roomId/edit', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    return roomFormPage(c, { house, room, form: roomToForm(room), errors: {} });
  });
  staff.post('/houses/:id/rooms/:roomId/edit', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const form = readRoomForm(await formData(c));
    const { errors, values } = validateRoom(form);
    if (Object.keys(errors).length) return roomFormPage(c, { house, room, form, errors }, 422);
    const r = await updateRoom(actorOf(c), c.get('services').db, house.id, room.id, values);
    if (r.errors) return roomFormPage(c, { house, room, form, errors: r.errors }, 422);
    return c.redirect(`${staffBase(c)}/${house.id}?saved=1`, 303);
  });

  // ── Closures ──
  staff.post('/houses/:id/closures', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const db = c.get('services').db;
    const rooms = await listRooms(db, house.tenantId, [house.id]);
    const form = readClosureForm(await formData(c));
    const { errors, values } = validateClosure(
      form,
      rooms.map((r) => r.id),
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

  // ── Staff booking: a one-off booking or a standing slot, confirmed at once ──
  const bookPage = async (
    c: Context<AppEnv>,
    house: House,
    o: Partial<Parameters<typeof RequestForm>[0]>,
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = c.get('t');
    const rooms = await listRooms(c.get('services').db, house.tenantId, [house.id], { activeOnly: true });
    return staffPage(c, {
      title: t('houses:staff.bookTitle', { house: house.name }),
      status,
      children: (
        <>
          <h1>{t('houses:staff.bookTitle', { house: house.name })}</h1>
          <p>{t('houses:staff.bookIntro')}</p>
          <RequestForm
            t={t}
            lang={c.get('lang')}
            action={`${staffBase(c)}/${house.id}/book`}
            csrf={csrfTokenFor(c)}
            house={house}
            rooms={rooms}
            mode="staff"
            input={o.input ?? emptyInput()}
            prepared={o.prepared}
            checkedOk={o.checkedOk}
            alert={o.alert}
          />
        </>
      ),
    });
  };
  staff.get('/houses/:id/book', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    if (house.kind !== 'own') throw new AppError(404, 'house_not_found');
    return bookPage(c, house, {
      input: emptyInput({ room: c.req.query('room') ?? '', date: c.req.query('date') ?? '' }),
    });
  });
  staff.post('/houses/:id/book', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    if (house.kind !== 'own') throw new AppError(404, 'house_not_found');
    const services = c.get('services');
    const body = await formData(c);
    const input = readInput(body as Record<string, unknown>);
    const rooms = await listRooms(services.db, house.tenantId, [house.id], { activeOnly: true });
    const prepared = await prepareRequest(services.db, {
      tenantId: house.tenantId,
      house,
      rooms,
      input,
      mode: 'staff',
    });
    if (body.intent === 'check' || !prepared.ok)
      return bookPage(
        c,
        house,
        { input, prepared, checkedOk: body.intent === 'check' && prepared.ok },
        prepared.ok ? 200 : 422,
      );
    try {
      const req = await submitRequest(services, c.get('tenant')!, house, prepared, {
        source: 'staff',
        lang: c.get('lang'),
        userId: c.get('user')!.id,
        confirm: true,
      });
      return c.redirect(`${staffBase(c)}/requests/${req.id}?saved=1`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) {
        const t = c.get('t');
        return bookPage(
          c,
          house,
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
  });

  staff.get('/houses/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'house_not_found');
    const house = await houseFor(c, id, READ);
    return houseDetail(c, house, {});
  });
}

/** The room form; for a saved room also its photos and the way to delete it. */
export async function roomFormPage(
  c: Context<AppEnv>,
  o: {
    house: House;
    room?: Room;
    form: RoomForm;
    errors: FieldErrors;
    photoErrors?: FieldErrors;
    photoAlt?: string;
    altErrors?: { photoId: string; errors: FieldErrors };
  },
  status: 200 | 409 | 422 = 200,
) {
  const t = c.get('t');
  const photos = o.room ? await listRoomPhotos(c.get('services').db, o.house.tenantId, [o.room.id]) : [];
  const base = `${staffBase(c)}/${o.house.id}`;
  const err = (k: string) => tm(t, o.errors[k]);
  const title = o.room
    ? t('houses:staff.editRoom', { name: o.room.name })
    : t('houses:staff.newRoom', { house: o.house.name });
  return staffPage(c, {
    title,
    status,
    children: (
      <>
        <h1>{title}</h1>
        <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, o.errors)} />
        <form
          method="post"
          action={o.room ? `${base}/rooms/${o.room.id}/edit` : `${base}/rooms/new`}
          noValidate
          className="q-form"
        >
          <CsrfField token={csrfTokenFor(c)} />
          <TextField
            name="name"
            label={t('houses:room.name')}
            value={o.form.name}
            required
            error={err('name')}
          />
          <TextField
            name="slug"
            label={t('houses:house.slug')}
            value={o.form.slug}
            error={err('slug')}
            optionalText={t('houses:form.optional')}
            width={30}
          />
          <TextArea
            name="description"
            label={t('houses:house.description')}
            value={o.form.description}
            error={err('description')}
            rows={3}
          />
          <TextField
            name="capacity"
            type="number"
            label={t('houses:room.capacity')}
            value={o.form.capacity}
            error={err('capacity')}
            width={4}
            min={0}
          />
          <TextField
            name="sizeSqm"
            type="number"
            label={t('houses:room.sizeSqm')}
            value={o.form.sizeSqm}
            error={err('sizeSqm')}
            width={4}
            min={1}
            optionalText={t('houses:form.optional')}
          />
          <TextField
            name="equipment"
            label={t('houses:room.equipment')}
            hint={t('houses:room.equipmentHint')}
            value={o.form.equipment}
            error={err('equipment')}
          />
          <CheckboxField name="stepFree" label={t('houses:room.stepFree')} checked={o.form.stepFree} />
          <TextArea
            name="accessibility"
            label={t('houses:room.accessibility')}
            value={o.form.accessibility}
            error={err('accessibility')}
            rows={2}
          />
          <CheckboxGroup
            name="allowedCategories"
            label={t('houses:room.uses')}
            hint={t('houses:room.usesHint')}
            values={o.form.allowedCategories}
            error={err('allowedCategories')}
            options={CATEGORIES.map((x) => ({ value: x, label: t(`houses:categories.${x}`) }))}
          />
          <h2>{t('houses:room.fees')}</h2>
          <p className="q-meta">{t('houses:room.feesHint')}</p>
          <TextField
            name="feeHour"
            label={t('houses:room.feeHour')}
            value={o.form.feeHour}
            error={err('feeHour')}
            width={10}
            inputMode="decimal"
          />
          <TextField
            name="feeHalfDay"
            label={t('houses:room.feeHalfDay')}
            value={o.form.feeHalfDay}
            error={err('feeHalfDay')}
            width={10}
            inputMode="decimal"
          />
          <TextField
            name="feeDay"
            label={t('houses:room.feeDay')}
            value={o.form.feeDay}
            error={err('feeDay')}
            width={10}
            inputMode="decimal"
          />
          <TextField
            name="nonprofitPct"
            type="number"
            label={t('houses:room.nonprofitPct')}
            value={o.form.nonprofitPct}
            error={err('nonprofitPct')}
            width={4}
            min={0}
            max={100}
          />
          <TextField
            name="residentPct"
            type="number"
            label={t('houses:room.residentPct')}
            value={o.form.residentPct}
            error={err('residentPct')}
            width={4}
            min={0}
            max={100}
          />
          <TextField
            name="bufferMinutes"
            type="number"
            label={t('houses:room.buffer')}
            hint={t('houses:room.bufferHint')}
            value={o.form.bufferMinutes}
            error={err('bufferMinutes')}
            width={4}
            min={0}
            max={240}
          />
          <TextField
            name="sort"
            type="number"
            label={t('houses:room.sort')}
            value={o.form.sort}
            error={err('sort')}
            width={4}
            min={0}
          />
          <CheckboxField name="active" label={t('houses:room.active')} checked={o.form.active} />
          <div className="q-form__actions">
            <Button type="submit">{t('save')}</Button>
            <LinkButton variant="tertiary" href={base}>
              {t('cancel')}
            </LinkButton>
          </div>
        </form>
        {o.room ? (
          <>
            <PhotoManager
              t={t}
              csrf={csrfTokenFor(c)}
              action={`${base}/rooms/${o.room.id}/photos`}
              srcOf={staffPhotoSrc(c, o.house.id, o.room.id)}
              photos={photos}
              errors={o.photoErrors}
              alt={o.photoAlt}
              altErrors={o.altErrors}
            />
            <h2>{t('houses:delete.roomTitle', { name: o.room.name })}</h2>
            <p>
              <a href={`${base}/rooms/${o.room.id}/delete`}>
                {t('houses:delete.roomLink', { name: o.room.name })}
              </a>
            </p>
          </>
        ) : (
          <p className="q-meta">{t('houses:photos.afterSave')}</p>
        )}
      </>
    ),
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
  const base = `${staffBase(c)}/${house.id}`;
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
  const roomName = new Map(rooms.map((r) => [r.id, r.name]));
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
  const err = (k: string) => tm(t, ce[k]);
  return staffPage(c, {
    title: house.name,
    status,
    children: (
      <>
        <p>
          <a href={staffBase(c)}>{t('houses:staff.title')}</a>
        </p>
        <h1>{house.name}</h1>
        {c.req.query('saved') ? (
          <Alert variant="success" title={t('houses:staff.saved')} role="status" />
        ) : null}
        {c.req.query('done') === 'roomDeleted' ? (
          <Alert variant="success" title={t('houses:delete.roomDone')} role="status" />
        ) : null}
        <p className="q-meta">
          {t(`houses:kinds.${house.kind}`)} · {addressLine(house)} ·{' '}
          {house.published ? t('houses:house.isPublished') : t('houses:house.notPublished')}
        </p>
        {manage ? (
          <ul className="q-links">
            <li>
              <a href={`${base}/edit`}>{t('houses:staff.editHouseLink')}</a>
            </li>
            <li>
              <a href={`${base}/rooms/new`}>{t('houses:staff.newRoomLink')}</a>
            </li>
            {house.kind === 'own' ? (
              <li>
                <a href={`${base}/book`}>{t('houses:staff.bookLink')}</a>
              </li>
            ) : null}
            <li>
              <a href={`/${c.get('tenant')!.slug}/houses/${house.slug}`}>{t('houses:staff.publicPage')}</a>
            </li>
            <li>
              <a href={`${base}/delete`}>{t('houses:delete.houseLink', { name: house.name })}</a>
            </li>
          </ul>
        ) : null}
        <h2>{t('houses:public.openingHours')}</h2>
        <OpeningHoursList t={t} house={house} />
        <DataTable
          caption={t('houses:public.rooms')}
          rows={rooms}
          rowKey={(r) => r.id}
          emptyMessage={t('houses:public.noRooms')}
          columns={[
            {
              key: 'name',
              header: t('houses:room.name'),
              rowHeader: true,
              cell: (r) => (manage ? <a href={`${base}/rooms/${r.id}/edit`}>{r.name}</a> : r.name),
            },
            { key: 'cap', header: t('houses:room.capacity'), numeric: true, cell: (r) => r.capacity },
            {
              key: 'hour',
              header: t('houses:room.feeHour'),
              numeric: true,
              cell: (r) => (r.feeHourCents === null ? '–' : formatMoney(r.feeHourCents, lang)),
            },
            { key: 'buffer', header: t('houses:room.buffer'), numeric: true, cell: (r) => r.bufferMinutes },
            { key: 'active', header: t('houses:room.active'), cell: (r) => t(r.active ? 'yes' : 'no') },
          ]}
        />
        <h2>{t('houses:staff.upcoming')}</h2>
        <DataTable
          caption={t('houses:staff.upcomingCaption')}
          hideCaption
          rows={upcoming}
          rowKey={(b) => b.id}
          emptyMessage={t('houses:staff.noUpcoming')}
          small
          columns={[
            {
              key: 'when',
              header: t('houses:form.date'),
              rowHeader: true,
              cell: (b) => formatSlot(b.startsAt, b.endsAt, lang),
            },
            { key: 'room', header: t('houses:form.room'), cell: (b) => roomName.get(b.roomId) ?? '' },
            {
              key: 'who',
              header: t('houses:staff.group'),
              cell: (b) => (
                <a href={`${staffBase(c)}/requests/${b.requestId}`}>
                  {b.title || t('houses:privacy.erased')}
                </a>
              ),
            },
            {
              key: 'cat',
              header: t('houses:form.category'),
              cell: (b) => t(`houses:categories.${b.category}`),
            },
          ]}
        />
        <h2>{t('houses:staff.standing')}</h2>
        <DataTable
          caption={t('houses:staff.standingCaption')}
          hideCaption
          rows={standing}
          rowKey={(r) => r.id}
          emptyMessage={t('houses:staff.noStanding')}
          small
          columns={[
            {
              key: 'who',
              header: t('houses:staff.group'),
              rowHeader: true,
              cell: (r) => <a href={`${staffBase(c)}/requests/${r.id}`}>{groupLabel(t, r)}</a>,
            },
            { key: 'room', header: t('houses:form.room'), cell: (r) => roomName.get(r.roomId) ?? '' },
            {
              key: 'when',
              header: t('houses:staff.pattern'),
              cell: (r) => {
                const rule = describeRule(r.rrule);
                return t('houses:staff.patternText', {
                  repeat: t(`houses:repeat.${rule.repeat}`),
                  weekday: formatDay(r.startsAt, lang, {
                    weekday: 'long',
                    day: undefined,
                    month: undefined,
                    year: undefined,
                  }),
                  from: formatTime(r.startsAt, lang),
                  to: formatTime(r.endsAt, lang),
                  until: rule.until ? formatDay(rule.until, lang) : '–',
                });
              },
            },
            {
              key: 'ex',
              header: t('houses:staff.exceptions'),
              numeric: true,
              cell: (r) => r.exceptions.length,
            },
          ]}
        />
        <h2 id="closures">{t('houses:staff.closures')}</h2>
        <DataTable
          caption={t('houses:staff.closuresCaption')}
          hideCaption
          rows={closures}
          rowKey={(x) => x.id}
          emptyMessage={t('houses:staff.noClosures')}
          small
          columns={[
            {
              key: 'when',
              header: t('houses:staff.period'),
              rowHeader: true,
              cell: (x) =>
                `${formatDay(x.startsAt, lang)} ${formatTime(x.startsAt, lang)} – ${formatDay(x.endsAt, lang)} ${formatTime(x.endsAt, lang)}`,
            },
            {
              key: 'what',
              header: t('houses:staff.closureKind'),
              cell: (x) => t(`houses:closureKinds.${x.kind}`),
            },
            {
              key: 'room',
              header: t('houses:form.room'),
              cell: (x) => (x.roomId ? (roomName.get(x.roomId) ?? '') : t('houses:staff.wholeHouse')),
            },
            { key: 'reason', header: t('houses:staff.reason'), cell: (x) => x.reason },
            ...(manage
              ? [
                  {
                    key: 'del',
                    header: t('houses:staff.actions'),
                    hideHeader: true,
                    action: true,
                    cell: (x: (typeof closures)[number]) => (
                      <form method="post" action={`${base}/closures/${x.id}/delete`}>
                        <CsrfField token={csrfTokenFor(c)} />
                        <Button
                          type="submit"
                          variant="tertiary"
                          small
                          aria-label={t('houses:staff.deleteClosureLabel', { reason: x.reason })}
                        >
                          {t('houses:staff.delete')}
                        </Button>
                      </form>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {manage ? (
          <section aria-labelledby="add-closure">
            <h3 id="add-closure">{t('houses:staff.addClosure')}</h3>
            <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, ce)} />
            <form method="post" action={`${base}/closures`} noValidate className="q-form">
              <CsrfField token={csrfTokenFor(c)} />
              <SelectField
                name="roomId"
                label={t('houses:form.room')}
                value={cf.roomId}
                error={err('roomId')}
                options={[
                  { value: '', label: t('houses:staff.wholeHouse') },
                  ...rooms.map((r) => ({ value: r.id, label: r.name })),
                ]}
              />
              <SelectField
                name="kind"
                label={t('houses:staff.closureKind')}
                value={cf.kind}
                error={err('kind')}
                options={CLOSURE_KINDS.map((k) => ({ value: k, label: t(`houses:closureKinds.${k}`) }))}
              />
              <TextField
                name="fromDate"
                type="date"
                label={t('houses:staff.fromDate')}
                value={cf.fromDate}
                error={err('fromDate')}
                required
                width={20}
              />
              <TextField
                name="fromTime"
                type="time"
                label={t('houses:staff.fromTime')}
                hint={t('houses:staff.timeHint')}
                value={cf.fromTime}
                error={err('fromTime')}
                width={10}
              />
              <TextField
                name="toDate"
                type="date"
                label={t('houses:staff.toDate')}
                value={cf.toDate}
                error={err('toDate')}
                required
                width={20}
              />
              <TextField
                name="toTime"
                type="time"
                label={t('houses:staff.toTime')}
                hint={t('houses:staff.timeHint')}
                value={cf.toTime}
                error={err('toTime')}
                width={10}
              />
              <TextField
                name="reason"
                label={t('houses:staff.reason')}
                hint={t('houses:staff.reasonHint')}
                value={cf.reason}
                error={err('reason')}
                required
              />
              <Button type="submit" variant="secondary">
                {t('houses:staff.addClosure')}
              </Button>
            </form>
          </section>
        ) : null}
      </>
    ),
  });
}
