import type { TFunction } from '../../../platform/i18n/index.ts';
import { Alert, DataTable, LinkButton } from '../../../ui/index.ts';
import type { BookingRequest, House, Room } from '../queries.ts';
import { addressLine } from '../use-cases/documents.ts';

/** The houses a member sees, with their rooms and pending requests. */
export function HouseListView({
  t,
  base,
  houses,
  rooms,
  pending,
  manage,
  privacy,
  deleted,
}: {
  t: TFunction;
  base: string;
  houses: House[];
  rooms: Room[];
  pending: Pick<BookingRequest, 'houseId'>[];
  manage: boolean;
  privacy: boolean;
  /** Just deleted a house. */
  deleted: boolean;
}) {
  return (
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
      {deleted ? <Alert variant="success" title={t('houses:delete.houseDone')} role="status" /> : null}
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
  );
}
