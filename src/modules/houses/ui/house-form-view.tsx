import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Button,
  CheckboxField,
  ErrorSummary,
  LinkButton,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { HOUSE_KINDS } from '../db/schema.ts';
import { WEEKDAYS } from '../domain/opening-hours.ts';
import type { House } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import type { HouseForm } from '../use-cases/manage.ts';
import { summary, tm } from './common.tsx';

/** The form for a new house or a house's details, opening hours, rules and contact. */
export function HouseFormView({
  t,
  base,
  csrf,
  title,
  options,
  scope,
  ...o
}: {
  t: TFunction;
  base: string;
  csrf: string;
  title: string;
  /** The areas the member may place the house in. */
  options: { value: string; label: string }[];
  /** The member's areas (null: the whole tenant, who may also leave the area empty). */
  scope: string[] | null;
  house?: House;
  form: HouseForm;
  errors: FieldErrors;
}) {
  const err = (k: string) => tm(t, o.errors[k]);
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, o.errors)} />
      <form
        method="post"
        action={o.house ? `${base}/${o.house.id}/edit` : `${base}/new`}
        noValidate
        className="q-form"
      >
        <CsrfField token={csrf} />
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
          autoComplete="address-line1"
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
  );
}
