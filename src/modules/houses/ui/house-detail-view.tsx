import type { Lang, TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatTime } from '../../../platform/time/index.ts';
import { Alert, Button, DataTable, ErrorSummary, SelectField, TextField } from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { CLOSURE_KINDS } from '../db/schema.ts';
import { formatDay, formatSlot } from '../domain/format.ts';
import { describeRule } from '../domain/recurrence.ts';
import type { BookingRequest, Closure, confirmedBookings, House, Room } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import { addressLine } from '../use-cases/documents.ts';
import type { ClosureForm } from '../use-cases/manage.ts';
import { groupLabel, summary, tm } from './common.tsx';
import { OpeningHoursList } from './request-form.tsx';

/** A house for staff: its rooms, the next two weeks, standing slots and closures (with the form to add one). */
export function HouseDetailView({
  t,
  lang,
  home,
  csrf,
  publicHref,
  house,
  manage,
  saved,
  roomDeleted,
  rooms,
  closures,
  upcoming,
  standing,
  cf,
  ce,
}: {
  t: TFunction;
  lang: Lang;
  /** The staff houses list. */
  home: string;
  csrf: string;
  /** The house's public page. */
  publicHref: string;
  house: House;
  manage: boolean;
  saved: boolean;
  roomDeleted: boolean;
  rooms: Room[];
  closures: Closure[];
  upcoming: Awaited<ReturnType<typeof confirmedBookings>>;
  standing: BookingRequest[];
  cf: ClosureForm;
  ce: FieldErrors;
}) {
  const base = `${home}/${house.id}`;
  const roomName = new Map(rooms.map((r) => [r.id, r.name]));
  const err = (k: string) => tm(t, ce[k]);
  return (
    <>
      <p>
        <a href={home}>{t('houses:staff.title')}</a>
      </p>
      <h1>{house.name}</h1>
      {saved ? <Alert variant="success" title={t('houses:staff.saved')} role="status" /> : null}
      {roomDeleted ? <Alert variant="success" title={t('houses:delete.roomDone')} role="status" /> : null}
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
            <a href={publicHref}>{t('houses:staff.publicPage')}</a>
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
              <a href={`${home}/requests/${b.requestId}`}>{b.title || t('houses:privacy.erased')}</a>
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
            cell: (r) => <a href={`${home}/requests/${r.id}`}>{groupLabel(t, r)}</a>,
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
                      <CsrfField token={csrf} />
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
            <CsrfField token={csrf} />
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
  );
}
