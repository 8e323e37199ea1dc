import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { serveStoredFile } from '../../../platform/files/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, CheckboxField, ErrorSummary, LinkButton } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { formatDay } from '../domain/format.ts';
import { MANAGE, READ } from '../policies.ts';
import { getRoomPhoto, type House, type Room } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import { type DeletionBlockers, deletionBlockers, isBlocked, roomToForm } from '../use-cases/manage.ts';
import { addPhoto, changePhotoAlt, deleteHouse, deletePhoto, deleteRoom } from '../use-cases/staff.ts';
import { summary, tm } from './common.tsx';
import { houseFor, roomOf, staffBase } from './staff-common.ts';
import { roomFormPage } from './staff-rooms.tsx';

/** Why a house or room cannot be deleted yet, in words, with the way forward. */
function Blockers({ c, b, house }: { c: Context<AppEnv>; b: DeletionBlockers; house: House }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <Alert variant="warning" title={t('houses:delete.blockedTitle')}>
      <ul>
        {b.futureBookings > 0 ? (
          <li>
            {t('houses:delete.futureBookings', {
              count: b.futureBookings,
              first: b.firstFuture ? formatDay(b.firstFuture, lang) : '',
            })}
          </li>
        ) : null}
        {b.openRequests > 0 ? <li>{t('houses:delete.openRequests', { count: b.openRequests })}</li> : null}
      </ul>
      <p>
        {t('houses:delete.blockedHelp')}{' '}
        <a href={`${staffBase(c)}/requests?status=all&house=${house.id}`}>{t('houses:delete.toRequests')}</a>
      </p>
    </Alert>
  );
}

function confirmPage(
  c: Context<AppEnv>,
  o: {
    house: House;
    room?: Room;
    blockers: DeletionBlockers;
    errors?: FieldErrors;
  },
  status: 200 | 409 | 422 = 200,
) {
  const t = c.get('t');
  const name = o.room?.name ?? o.house.name;
  const title = o.room ? t('houses:delete.roomTitle', { name }) : t('houses:delete.houseTitle', { name });
  const back = o.room
    ? `${staffBase(c)}/${o.house.id}/rooms/${o.room.id}/edit`
    : `${staffBase(c)}/${o.house.id}`;
  const action = o.room
    ? `${staffBase(c)}/${o.house.id}/rooms/${o.room.id}/delete`
    : `${staffBase(c)}/${o.house.id}/delete`;
  const errors = o.errors ?? {};
  return staffPage(c, {
    title,
    status,
    children: (
      <div className="q-narrow">
        <h1>{title}</h1>
        {isBlocked(o.blockers) ? (
          <>
            <Blockers c={c} b={o.blockers} house={o.house} />
            <p>
              <LinkButton variant="secondary" href={back}>
                {t('houses:delete.back')}
              </LinkButton>
            </p>
          </>
        ) : (
          <>
            <p>{o.room ? t('houses:delete.roomExplain') : t('houses:delete.houseExplain')}</p>
            <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
            <form method="post" action={action} className="q-form" noValidate>
              <CsrfField token={csrfTokenFor(c)} />
              <CheckboxField
                name="confirm"
                label={t(o.room ? 'houses:delete.confirmRoom' : 'houses:delete.confirmHouse', { name })}
                error={tm(t, errors.confirm)}
              />
              <div className="q-form__actions">
                <Button type="submit" variant="danger">
                  {o.room ? t('houses:delete.roomButton') : t('houses:delete.houseButton')}
                </Button>
                <LinkButton variant="tertiary" href={back}>
                  {t('cancel')}
                </LinkButton>
              </div>
            </form>
          </>
        )}
      </div>
    ),
  });
}

export function mountStaffManagePages(staff: Hono<AppEnv>) {
  // ── Photos of a room ──
  staff.post('/houses/:id/rooms/:roomId/photos', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const services = c.get('services');
    const body = await formData(c);
    const file = body.photo instanceof File ? body.photo : null;
    const alt = str(body.alt);
    const r = await addPhoto(actorOf(c), services.db, services.config.storageDir, house.id, room.id, {
      file,
      alt,
    });
    if ('errors' in r)
      return roomFormPage(
        c,
        { house, room, form: roomToForm(room), errors: {}, photoErrors: r.errors, photoAlt: alt },
        422,
      );
    return c.redirect(`${staffBase(c)}/${house.id}/rooms/${room.id}/edit?saved=1#photos`, 303);
  });
  staff.post('/houses/:id/rooms/:roomId/photos/:photoId/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const pid = c.req.param('photoId');
    const services = c.get('services');
    if (
      !isUuid(pid) ||
      !(await deletePhoto(actorOf(c), services.db, services.config.storageDir, house.id, room.id, pid))
    )
      throw new AppError(404, 'photo_not_found');
    return c.redirect(`${staffBase(c)}/${house.id}/rooms/${room.id}/edit?saved=1#photos`, 303);
  });
  staff.post('/houses/:id/rooms/:roomId/photos/:photoId/alt', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const pid = c.req.param('photoId');
    if (!isUuid(pid)) throw new AppError(404, 'photo_not_found');
    const errors = await changePhotoAlt(
      actorOf(c),
      c.get('services').db,
      house.id,
      room.id,
      pid,
      str((await formData(c)).alt),
    );
    if (errors)
      return roomFormPage(
        c,
        { house, room, form: roomToForm(room), errors: {}, altErrors: { photoId: pid, errors } },
        422,
      );
    return c.redirect(`${staffBase(c)}/${house.id}/rooms/${room.id}/edit?saved=1#photos`, 303);
  });
  // Staff see the photos of houses that are not public (yet) through here; never cached by others.
  staff.get('/houses/:id/rooms/:roomId/photos/:photoId', async (c) => {
    const house = await houseFor(c, c.req.param('id'), READ);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const pid = c.req.param('photoId');
    const services = c.get('services');
    const photo = isUuid(pid) ? await getRoomPhoto(services.db, house.tenantId, pid) : undefined;
    if (!photo || photo.roomId !== room.id || !photo.fileId || !photo.contentType)
      throw new AppError(404, 'photo_not_found');
    const res = await serveStoredFile(c, {
      storageDir: services.config.storageDir,
      tenantId: house.tenantId,
      id: photo.fileId,
      contentType: photo.contentType,
    });
    if (!res) throw new AppError(404, 'photo_not_found');
    res.headers.set('Cache-Control', 'private, max-age=3600');
    return res;
  });

  // ── Deleting a room or a house (archived; refused while bookings lie ahead) ──
  staff.get('/houses/:id/rooms/:roomId/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const blockers = await deletionBlockers(c.get('services').db, house.tenantId, {
      houseId: house.id,
      roomId: room.id,
    });
    return confirmPage(c, { house, room, blockers });
  });
  staff.post('/houses/:id/rooms/:roomId/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const room = await roomOf(c, house, c.req.param('roomId'));
    const db = c.get('services').db;
    const body = await formData(c);
    if (body.confirm !== 'on') {
      const blockers = await deletionBlockers(db, house.tenantId, { houseId: house.id, roomId: room.id });
      return confirmPage(
        c,
        { house, room, blockers, errors: { confirm: { key: 'houses:delete.confirmRequired' } } },
        422,
      );
    }
    const r = await deleteRoom(actorOf(c), db, house.id, room.id);
    if (!r.archived) return confirmPage(c, { house, room, blockers: r.blockers }, 409);
    return c.redirect(`${staffBase(c)}/${house.id}?done=roomDeleted`, 303);
  });
  staff.get('/houses/:id/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const blockers = await deletionBlockers(c.get('services').db, house.tenantId, { houseId: house.id });
    return confirmPage(c, { house, blockers });
  });
  staff.post('/houses/:id/delete', async (c) => {
    const house = await houseFor(c, c.req.param('id'), MANAGE);
    const db = c.get('services').db;
    const body = await formData(c);
    if (body.confirm !== 'on') {
      const blockers = await deletionBlockers(db, house.tenantId, { houseId: house.id });
      return confirmPage(
        c,
        { house, blockers, errors: { confirm: { key: 'houses:delete.confirmRequired' } } },
        422,
      );
    }
    const r = await deleteHouse(actorOf(c), db, house.id);
    if (!r.archived) return confirmPage(c, { house, blockers: r.blockers }, 409);
    return c.redirect(`${staffBase(c)}?done=houseDeleted`, 303);
  });
}
