import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { staffPage } from '../../../ui/page.tsx';
import { MANAGE } from '../policies.ts';
import { type House, listRoomPhotos, type Room } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import { type RoomForm, readRoomForm, roomToForm, validateRoom } from '../use-cases/manage.ts';
import { createRoom, updateRoom } from '../use-cases/staff.ts';
import { RoomFormView } from './room-form-view.tsx';
import { houseFor, roomOf, staffBase, staffPhotoSrc } from './staff-common.ts';

/** `/houses/:id/rooms/new` and `/houses/:id/rooms/:roomId/edit`. */
export function mountRoomFormPages(staff: Hono<AppEnv>) {
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
  const title = o.room
    ? t('houses:staff.editRoom', { name: o.room.name })
    : t('houses:staff.newRoom', { house: o.house.name });
  return staffPage(c, {
    title,
    status,
    children: (
      <RoomFormView
        t={t}
        base={base}
        csrf={csrfTokenFor(c)}
        title={title}
        photos={photos}
        photoSrc={o.room ? staffPhotoSrc(c, o.house.id, o.room.id) : undefined}
        {...o}
      />
    ),
  });
}
