import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatTime } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  ErrorSummary,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { TARIFFS } from '../db/schema.ts';
import { CATEGORIES } from '../domain/categories.ts';
import type { CheckedOccurrence, Problem } from '../domain/conflicts.ts';
import type { FeeQuote } from '../domain/fees.ts';
import { formatDay } from '../domain/format.ts';
import { formatDayHours, WEEKDAYS } from '../domain/opening-hours.ts';
import { REPEATS } from '../domain/recurrence.ts';
import type { House, Room } from '../queries.ts';
import type { Prepared, RequestInput } from '../use-cases/booking.ts';
import { Badge, summary, tm } from './common.tsx';

export function problemText(t: TFunction, p: Problem): string {
  if (p.code === 'closed') return String(t('houses:problems.closed', { reason: p.reason }));
  return String(t(`houses:problems.${p.code}`));
}

/** The fee before anything is sent: per date, the unit it is based on, the reduction, the total. */
export function FeeSummary({
  t,
  lang,
  quote,
  count,
}: {
  t: TFunction;
  lang: string;
  quote: FeeQuote;
  count: number;
}) {
  if (quote.basis === 'free') return <p>{t('houses:fee.free')}</p>;
  return (
    <p>
      {t('houses:fee.perDate', {
        fee: formatMoney(quote.cents, lang),
        basis: t(`houses:fee.basis.${quote.basis}`, { count: quote.units }),
      })}
      {quote.reductionPct > 0
        ? ` ${t('houses:fee.reduced', { pct: quote.reductionPct, full: formatMoney(quote.fullCents, lang) })}`
        : ''}
      {count > 1 ? ` ${t('houses:fee.total', { count, total: formatMoney(quote.cents * count, lang) })}` : ''}
    </p>
  );
}

export function DatesTable({
  t,
  lang,
  checked,
  exceptions,
}: {
  t: TFunction;
  lang: string;
  checked: CheckedOccurrence[];
  exceptions: string[];
}) {
  return (
    <DataTable
      caption={t('houses:form.datesCaption', { count: checked.length })}
      rows={checked}
      rowKey={(o) => o.date}
      emptyMessage={t('houses:form.noDates')}
      small
      columns={[
        {
          key: 'date',
          header: t('houses:form.date'),
          rowHeader: true,
          cell: (o) => formatDay(o.startsAt, lang),
        },
        {
          key: 'time',
          header: t('houses:form.time'),
          cell: (o) => `${formatTime(o.startsAt, lang)}–${formatTime(o.endsAt, lang)}`,
        },
        {
          key: 'status',
          header: t('houses:form.status'),
          cell: (o) =>
            o.problems.length === 0 ? (
              <Badge variant="success">{t('houses:form.dateOk')}</Badge>
            ) : (
              <>
                <Badge variant="danger">{o.problems.map((p) => problemText(t, p)).join(' · ')}</Badge>
                {exceptions.includes(o.date) ? <> {t('houses:form.willBeSkipped')}</> : null}
              </>
            ),
        },
      ]}
    />
  );
}

export interface RequestFormProps {
  t: TFunction;
  lang: string;
  action: string;
  csrf: string;
  house: House;
  rooms: Room[];
  input: RequestInput;
  prepared?: Prepared;
  /** Set after a "check" without problems. */
  checkedOk?: boolean;
  mode: 'public' | 'staff';
  /** A message above the form (e.g. "slot taken" after a race). */
  alert?: { title: string; body?: string };
}

/**
 * The booking request form — one page, works without JavaScript. "Check" re-renders it with the
 * fee and every date's availability before anything is saved; "Send" saves it.
 */
export function RequestForm(p: RequestFormProps) {
  const { t, lang, input, prepared } = p;
  const fe = prepared?.fields ?? {};
  const err = (k: string) => tm(t, fe[k]);
  const isSeries = input.repeat !== 'none';
  const showDates = prepared && prepared.checked.length > 0 && (isSeries || !p.checkedOk);
  return (
    <>
      {p.alert ? (
        <Alert variant="error" title={p.alert.title}>
          {p.alert.body}
        </Alert>
      ) : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, fe)} />
      {p.checkedOk && prepared?.quote ? (
        <Alert
          variant="success"
          title={t(isSeries ? 'houses:form.checkOkSeries' : 'houses:form.checkOk', {
            count: prepared.bookable.length,
          })}
          role="status"
        >
          <FeeSummary t={t} lang={lang} quote={prepared.quote} count={prepared.bookable.length} />
        </Alert>
      ) : null}
      {showDates ? (
        <DatesTable t={t} lang={lang} checked={prepared.checked} exceptions={prepared.exceptions} />
      ) : null}
      <form method="post" action={p.action} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        {p.mode === 'public' ? (
          // Honeypot: invisible to people and screen readers; bots that fill every field give themselves away.
          <div className="q-visually-hidden" aria-hidden="true">
            <label htmlFor="hp-website">{t('houses:form.honeypot')}</label>
            <input
              id="hp-website"
              name="website"
              type="text"
              tabIndex={-1}
              autoComplete="off"
              defaultValue=""
            />
          </div>
        ) : null}
        <h2>{t('houses:form.when')}</h2>
        <SelectField
          name="room"
          label={t('houses:form.room')}
          value={input.room}
          placeholder={t('houses:form.choose')}
          required
          error={err('room')}
          options={p.rooms.map((r) => ({
            value: r.id,
            label: r.capacity ? t('houses:form.roomOption', { name: r.name, capacity: r.capacity }) : r.name,
          }))}
        />
        <TextField
          name="date"
          type="date"
          label={t('houses:form.date')}
          value={input.date}
          required
          error={err('date')}
          width={20}
        />
        <TextField
          name="start"
          type="time"
          label={t('houses:form.start')}
          value={input.start}
          required
          error={err('start')}
          width={10}
          step={900}
        />
        <TextField
          name="end"
          type="time"
          label={t('houses:form.end')}
          value={input.end}
          required
          error={err('end')}
          width={10}
          step={900}
        />
        <RadioGroup
          name="repeat"
          label={t('houses:form.repeat')}
          value={input.repeat}
          error={err('repeat')}
          options={REPEATS.map((r) => ({ value: r, label: t(`houses:repeat.${r}`) }))}
        />
        <TextField
          name="until"
          type="date"
          label={t('houses:form.until')}
          hint={t('houses:form.untilHint')}
          value={input.until}
          error={err('until')}
          optionalText={t('houses:form.optional')}
          width={20}
        />
        {p.mode === 'staff' ? (
          <TextArea
            name="exceptions"
            label={t('houses:form.exceptions')}
            hint={t('houses:form.exceptionsHint')}
            value={input.exceptions}
            error={err('exceptions')}
            optionalText={t('houses:form.optional')}
            rows={2}
          />
        ) : null}
        <CheckboxField
          name="skipConflicts"
          label={t('houses:form.skipConflicts')}
          hint={t('houses:form.skipConflictsHint')}
          checked={input.skipConflicts}
        />

        <h2>{t('houses:form.who')}</h2>
        <TextField
          name="name"
          label={t('houses:form.name')}
          value={input.name}
          required
          error={err('name')}
          autoComplete="name"
          maxLength={200}
        />
        <TextField
          name="email"
          type="email"
          label={t('houses:form.email')}
          value={input.email}
          required
          error={err('email')}
          autoComplete="email"
          maxLength={254}
        />
        <TextField
          name="phone"
          type="tel"
          label={t('houses:form.phone')}
          value={input.phone}
          error={err('phone')}
          autoComplete="tel"
          optionalText={t('houses:form.optional')}
          width={20}
        />
        <TextField
          name="organisation"
          label={t('houses:form.organisation')}
          hint={t('houses:form.organisationHint')}
          value={input.organisation}
          error={err('organisation')}
          autoComplete="organization"
          optionalText={t('houses:form.optional')}
        />
        <RadioGroup
          name="tariff"
          label={t('houses:form.tariff')}
          value={input.tariff}
          error={err('tariff')}
          options={TARIFFS.map((x) => ({
            value: x,
            label: t(`houses:tariffs.${x}`),
            hint: t(`houses:tariffHints.${x}`),
          }))}
        />

        <h2>{t('houses:form.what')}</h2>
        <TextArea
          name="purpose"
          label={t('houses:form.purpose')}
          hint={t('houses:form.purposeHint')}
          value={input.purpose}
          required
          error={err('purpose')}
          rows={3}
          maxLength={2000}
        />
        <SelectField
          name="category"
          label={t('houses:form.category')}
          value={input.category}
          placeholder={t('houses:form.choose')}
          required
          error={err('category')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`houses:categories.${c}`) }))}
        />
        <TextField
          name="participants"
          type="number"
          inputMode="numeric"
          label={t('houses:form.participants')}
          value={input.participants}
          required
          error={err('participants')}
          min={1}
          width={4}
        />
        {p.mode === 'public' ? (
          <>
            <h2>{t('houses:form.rules')}</h2>
            {p.house.houseRules ? <p className="q-prose">{p.house.houseRules}</p> : null}
            <CheckboxField
              name="rules"
              label={t('houses:form.acceptRules')}
              required
              checked={input.rules}
              error={err('rules')}
            />
            <p className="q-meta">{t('houses:form.privacy')}</p>
          </>
        ) : null}
        <div className="q-form__actions">
          <Button type="submit" variant="secondary" name="intent" value="check">
            {t('houses:form.check')}
          </Button>
          <Button type="submit" variant="primary" name="intent" value="send">
            {p.mode === 'staff' ? t('houses:form.bookNow') : t('houses:form.send')}
          </Button>
        </div>
      </form>
    </>
  );
}

/** Opening hours as a short list "Mo 09:00–22:00". */
export function OpeningHoursList({ t, house }: { t: TFunction; house: House }) {
  return (
    <ul className="q-links">
      {WEEKDAYS.map((d) => (
        <li key={d}>
          <strong>{t(`houses:weekdays.${d}`)}</strong>:{' '}
          {formatDayHours(house.openingHours[d]) || t('houses:closedDay')}
        </li>
      ))}
    </ul>
  );
}
