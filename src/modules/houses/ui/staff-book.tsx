import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { staffPage } from '../../../ui/page.tsx';
import { MANAGE } from '../policies.ts';
import { type House, listRooms } from '../queries.ts';
import { emptyInput, prepareRequest, readInput, submitRequest } from '../use-cases/booking.ts';
import { RequestForm } from './request-form.tsx';
import { houseFor, staffBase } from './staff-common.ts';

// Staff booking: a one-off booking or a standing slot, confirmed at once.

/** The staff booking form (the request form in staff mode). */
async function bookPage(
  c: Context<AppEnv>,
  house: House,
  o: Partial<Parameters<typeof RequestForm>[0]>,
  status: 200 | 409 | 422 = 200,
) {
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
}

/** `/houses/:id/book`. */
export function mountStaffBookingPages(staff: Hono<AppEnv>) {
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
      intent: body.intent === 'check' ? 'check' : 'send',
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
}
