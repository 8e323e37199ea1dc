import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Button,
  CheckboxField,
  CheckboxGroup,
  ErrorSummary,
  FileField,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { COSTS, EVENT_KINDS, REGISTRATION_MODES } from '../db/schema.ts';
import { EVENT_LANGUAGES, REPEATS, TARGET_GROUPS } from '../domain/vocab.ts';
import { type Category, categoryLabel } from '../use-cases/events.ts';
import { summaryOf } from './common.tsx';

export type FormValues = Record<string, string | string[]>;

export interface EventFormProps {
  t: TFunction;
  lang: string;
  mode: 'staff' | 'public' | 'edit';
  action: string;
  csrf: string;
  values: FormValues;
  errors: Record<string, string>;
  categories: Category[];
  areas: { id: string; name: string }[];
  venues: { id: string; name: string }[];
  actors?: { id: string; name: string }[];
  /** The event's current image (edit forms). */
  currentImage?: { href: string; alt: string } | null;
  /** The stored rule cannot be shown by the simple choices (an import): offer to keep it. */
  customRule?: boolean;
  submitLabel: string;
}

const v = (values: FormValues, k: string): string => {
  const x = values[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
const list = (values: FormValues, k: string): string[] => {
  const x = values[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

/**
 * The event form: one page, no JavaScript, every field labelled, errors next to the field and in a
 * summary at the top. Public submitters see fewer fields (no registration, no kind) and the honeypot.
 */
export function EventForm(p: EventFormProps) {
  const { t, values: val, errors } = p;
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  const optional = t('events:form.optional');
  const staff = p.mode === 'staff';
  const tri = (name: string, label: string) => (
    <RadioGroup
      name={name}
      label={label}
      inline
      value={v(val, name) || 'unknown'}
      error={err(name)}
      options={[
        { value: 'yes', label: t('yes') },
        { value: 'no', label: t('no') },
        { value: 'unknown', label: t('events:form.unknown') },
      ]}
    />
  );
  return (
    <>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
      <form method="post" action={p.action} encType="multipart/form-data" noValidate className="q-form">
        <CsrfField token={p.csrf} />
        {p.mode === 'public' ? (
          // Honeypot: hidden from people and screen readers; bots that fill every field give themselves away.
          <div className="q-visually-hidden" aria-hidden="true">
            <label htmlFor="hp-homepage">{t('honeypot')}</label>
            <input
              id="hp-homepage"
              name="homepage"
              type="text"
              tabIndex={-1}
              autoComplete="off"
              defaultValue=""
            />
          </div>
        ) : null}
        {val.pendingImage ? <input type="hidden" name="pendingImage" value={v(val, 'pendingImage')} /> : null}

        <h2>{t('events:form.what')}</h2>
        {staff ? (
          <SelectField
            name="kind"
            label={t('events:fields.kind')}
            value={v(val, 'kind') || 'event'}
            error={err('kind')}
            options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events:kinds.${k}`) }))}
          />
        ) : null}
        <TextField
          name="title"
          label={t('events:fields.title')}
          value={v(val, 'title')}
          required
          error={err('title')}
          maxLength={200}
        />
        <TextArea
          name="description"
          label={t('events:fields.description')}
          hint={t('events:form.descriptionHint')}
          value={v(val, 'description')}
          error={err('description')}
          optionalText={optional}
          rows={8}
        />
        <CheckboxGroup
          name="categoryIds"
          label={t('events:fields.categories')}
          values={list(val, 'categoryIds')}
          error={err('categoryIds')}
          optionalText={optional}
          options={p.categories.map((c) => ({ value: c.id, label: categoryLabel(c, p.lang) }))}
        />

        <h2>{t('events:form.when')}</h2>
        <TextField
          name="date"
          type="date"
          label={t('events:fields.date')}
          value={v(val, 'date')}
          required
          error={err('date')}
          width={20}
        />
        <CheckboxField name="allDay" label={t('events:fields.allDay')} checked={v(val, 'allDay') === 'on'} />
        <TextField
          name="startTime"
          type="time"
          label={t('events:fields.startTime')}
          hint={t('events:form.timeHint')}
          value={v(val, 'startTime')}
          error={err('startTime')}
          width={10}
          step={300}
        />
        <TextField
          name="endTime"
          type="time"
          label={t('events:fields.endTime')}
          value={v(val, 'endTime')}
          error={err('endTime')}
          optionalText={optional}
          width={10}
          step={300}
        />
        <TextField
          name="endDate"
          type="date"
          label={t('events:fields.endDate')}
          hint={t('events:form.endDateHint')}
          value={v(val, 'endDate')}
          error={err('endDate')}
          optionalText={optional}
          width={20}
        />
        <RadioGroup
          name="repeat"
          label={t('events:fields.repeat')}
          value={v(val, 'repeat') || 'none'}
          error={err('repeat')}
          options={[
            ...REPEATS.map((r) => ({ value: r, label: t(`events:repeat.${r}`) })),
            ...(p.customRule ? [{ value: 'custom', label: t('events:repeat.custom') }] : []),
          ]}
        />
        <TextField
          name="until"
          type="date"
          label={t('events:fields.until')}
          hint={t('events:form.untilHint')}
          value={v(val, 'until')}
          error={err('until')}
          optionalText={optional}
          width={20}
        />
        {staff ? (
          <TextArea
            name="exdates"
            label={t('events:fields.exdates')}
            hint={t('events:form.exdatesHint')}
            value={v(val, 'exdates')}
            error={err('exdates')}
            optionalText={optional}
            rows={2}
          />
        ) : null}

        <h2>{t('events:form.where')}</h2>
        <SelectField
          name="areaId"
          label={t('events:fields.area')}
          hint={t('events:form.areaHint')}
          value={v(val, 'areaId')}
          error={err('areaId')}
          placeholder={t('events:form.noArea')}
          options={p.areas.map((a) => ({ value: a.id, label: a.name }))}
        />
        {p.venues.length ? (
          <SelectField
            name="venueId"
            label={t('events:fields.venue')}
            hint={t('events:form.venueHint')}
            value={v(val, 'venueId')}
            error={err('venueId')}
            placeholder={t('events:form.otherPlace')}
            options={p.venues.map((x) => ({ value: x.id, label: x.name }))}
          />
        ) : null}
        <TextField
          name="locationName"
          label={t('events:fields.locationName')}
          hint={p.venues.length ? t('events:form.locationHint') : undefined}
          value={v(val, 'locationName')}
          error={err('locationName')}
          maxLength={200}
        />
        <TextField
          name="locationAddress"
          label={t('events:fields.locationAddress')}
          hint={t('events:form.addressHint')}
          value={v(val, 'locationAddress')}
          error={err('locationAddress')}
          optionalText={optional}
          autoComplete="address-line1"
          maxLength={300}
        />
        <TextField
          name="onlineUrl"
          type="url"
          label={t('events:fields.onlineUrl')}
          value={v(val, 'onlineUrl')}
          error={err('onlineUrl')}
          optionalText={optional}
        />

        <h2>{t('events:form.who')}</h2>
        {p.actors?.length ? (
          <SelectField
            name="organiserActorId"
            label={t('events:fields.organiserActor')}
            value={v(val, 'organiserActorId')}
            error={err('organiserActorId')}
            placeholder={t('events:form.otherOrganiser')}
            options={p.actors.map((a) => ({ value: a.id, label: a.name }))}
          />
        ) : null}
        <TextField
          name="organiserName"
          label={t('events:fields.organiser')}
          value={v(val, 'organiserName')}
          error={err('organiserName')}
          required={!staff}
          optionalText={staff ? optional : undefined}
          autoComplete="organization"
          maxLength={200}
        />
        <TextField
          name="contactEmail"
          type="email"
          label={t('events:fields.contactEmail')}
          hint={t('events:form.contactHint')}
          value={v(val, 'contactEmail')}
          error={err('contactEmail')}
          optionalText={optional}
        />
        <CheckboxGroup
          name="targetGroups"
          label={t('events:fields.targetGroups')}
          values={list(val, 'targetGroups')}
          error={err('targetGroups')}
          optionalText={optional}
          options={TARGET_GROUPS.map((g) => ({ value: g, label: t(`events:vocab.targetGroups.${g}`) }))}
        />
        <CheckboxGroup
          name="languages"
          label={t('events:fields.languages')}
          values={list(val, 'languages')}
          error={err('languages')}
          optionalText={optional}
          options={EVENT_LANGUAGES.map((l) => ({ value: l, label: t(`events:vocab.languages.${l}`) }))}
        />

        <h2>{t('events:form.access')}</h2>
        {tri('stepFree', t('events:fields.stepFree'))}
        {tri('accessibleToilet', t('events:fields.accessibleToilet'))}
        {tri('hearingLoop', t('events:fields.hearingLoop'))}
        <CheckboxField
          name="signLanguage"
          label={t('events:fields.signLanguage')}
          checked={v(val, 'signLanguage') === 'on'}
        />
        <TextArea
          name="accessibilityNotes"
          label={t('events:fields.accessibilityNotes')}
          value={v(val, 'accessibilityNotes')}
          error={err('accessibilityNotes')}
          optionalText={optional}
          rows={2}
        />
        <RadioGroup
          name="cost"
          label={t('events:fields.cost')}
          value={v(val, 'cost') || 'free'}
          error={err('cost')}
          options={COSTS.map((x) => ({ value: x, label: t(`events:costs.${x}`) }))}
        />
        <TextField
          name="costNote"
          label={t('events:fields.costNote')}
          hint={t('events:form.costHint')}
          value={v(val, 'costNote')}
          error={err('costNote')}
          optionalText={optional}
          maxLength={200}
        />

        <h2>{t('events:form.image')}</h2>
        <FileField
          name="image"
          label={t('events:fields.image')}
          hint={t('events:form.imageHint')}
          accept="image/jpeg,image/png,image/webp"
          error={err('image')}
          optionalText={optional}
          current={
            val.pendingImage
              ? t('events:form.imageKept')
              : p.currentImage
                ? t('events:form.imageCurrent')
                : undefined
          }
        />
        {p.currentImage ? (
          <>
            <figure className="q-figure q-figure--small">
              <img src={p.currentImage.href} alt={p.currentImage.alt} />
            </figure>
            <CheckboxField
              name="removeImage"
              label={t('events:form.removeImage')}
              checked={v(val, 'removeImage') === 'on'}
            />
          </>
        ) : null}
        <TextField
          name="imageAlt"
          label={t('events:fields.imageAlt')}
          hint={t('events:form.imageAltHint')}
          value={v(val, 'imageAlt')}
          error={err('imageAlt')}
          optionalText={optional}
          maxLength={300}
        />

        {staff ? (
          <>
            <h2>{t('events:form.registration')}</h2>
            <CheckboxField
              name="registrationRequired"
              label={t('events:fields.registrationRequired')}
              checked={v(val, 'registrationRequired') === 'on'}
            />
            <TextField
              name="capacity"
              type="number"
              inputMode="numeric"
              label={t('events:fields.capacity')}
              value={v(val, 'capacity')}
              error={err('capacity')}
              min={1}
              width={4}
            />
            <CheckboxField
              name="waitlistEnabled"
              label={t('events:fields.waitlistEnabled')}
              checked={v(val, 'waitlistEnabled') === 'on'}
            />
            <RadioGroup
              name="registrationMode"
              label={t('events:fields.registrationMode')}
              value={v(val, 'registrationMode') || 'per_date'}
              error={err('registrationMode')}
              options={REGISTRATION_MODES.map((m) => ({
                value: m,
                label: t(`events:registrationModes.${m}`),
                hint: t(`events:registrationModeHints.${m}`),
              }))}
            />
          </>
        ) : null}

        {p.mode === 'public' ? (
          <>
            <h2>{t('events:form.you')}</h2>
            <p>{t('events:form.youIntro')}</p>
            <TextField
              name="submitterName"
              label={t('events:fields.submitterName')}
              value={v(val, 'submitterName')}
              error={err('submitterName')}
              required
              autoComplete="name"
              maxLength={200}
            />
            <TextField
              name="submitterEmail"
              type="email"
              label={t('events:fields.submitterEmail')}
              hint={t('events:form.submitterEmailHint')}
              value={v(val, 'submitterEmail')}
              error={err('submitterEmail')}
              required
              autoComplete="email"
            />
            <CheckboxField
              name="criteria"
              label={t('events:form.acceptCriteria')}
              checked={v(val, 'criteria') === 'on'}
              error={err('criteria')}
              required
            />
            <p className="q-meta">{t('events:form.privacy')}</p>
          </>
        ) : null}
        <div className="q-form__actions">
          <Button type="submit">{p.submitLabel}</Button>
        </div>
      </form>
    </>
  );
}
