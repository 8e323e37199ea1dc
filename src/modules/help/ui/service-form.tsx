// The staff forms of the help directory: a service with its places and opening hours, and a life
// situation with its words and topics. They take props and hold no rules; every value is shown as
// typed, every message beside its field and in the summary above.
import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Button,
  CheckboxField,
  CheckboxGroup,
  FormFrame,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { ACCESS_MODES, ACCESSIBILITY, CHANNELS, COSTS } from '../domain/vocab.ts';
import type { Topic } from '../use-cases/vocabulary.ts';
import { type Errors, type FormValues, locationSlots } from './forms.ts';

type Option = { value: string; label: string };

const str = (v: FormValues, name: string) => {
  const x = v[name];
  return typeof x === 'string' ? x : '';
};
const arr = (v: FormValues, name: string) => {
  const x = v[name];
  return Array.isArray(x) ? x : [];
};

/** Field → translated message, as the summary and the fields show it. */
const translated = (t: TFunction, errors: Errors) =>
  Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, String(t(m))]));

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function LocationFields(p: {
  t: TFunction;
  n: number;
  index: number;
  values: FormValues;
  errors: Record<string, string>;
  areas: Option[];
  saved: boolean;
}) {
  const { t, values: v, errors: e } = p;
  const pre = `locations.${p.n}.`;
  const f = (name: string) => `${pre}${name}`;
  const optional = t('help:form.optional');
  const field = (name: string, width?: 4 | 10 | 20 | 30) => (
    <TextField
      name={f(name)}
      label={t(`help:form.location.${name}`)}
      value={str(v, f(name))}
      error={e[f(name)]}
      optionalText={optional}
      width={width}
    />
  );
  return (
    <fieldset className="kern-fieldset q-help-place">
      <legend className="kern-label">
        <h3 className="kern-heading-small">
          {p.saved ? t('help:form.place', { n: p.index + 1 }) : t('help:form.newPlace')}
        </h3>
      </legend>
      {p.saved ? null : <p className="kern-hint">{t('help:form.newPlaceHint')}</p>}
      <input type="hidden" name={f('venueId')} value={str(v, f('venueId'))} />
      {field('name')}
      {field('street')}
      {field('houseNumber', 10)}
      {field('postcode', 10)}
      {field('city', 20)}
      {field('district', 20)}
      <SelectField
        name={f('areaId')}
        label={t('help:form.location.areaId')}
        hint={t('help:form.location.areaHint')}
        value={str(v, f('areaId'))}
        error={e[f('areaId')]}
        placeholder={String(t('help:form.location.areaByAddress'))}
        options={p.areas}
      />
      <TextField
        name={f('lat')}
        label={t('help:form.location.lat')}
        value={str(v, f('lat'))}
        error={e[f('lat')]}
        optionalText={optional}
        inputMode="decimal"
        width={10}
      />
      <TextField
        name={f('lon')}
        label={t('help:form.location.lon')}
        value={str(v, f('lon'))}
        error={e[f('lon')]}
        optionalText={optional}
        inputMode="decimal"
        width={10}
      />
      <RadioGroup
        name={f('stepFree')}
        label={t('help:form.location.stepFree')}
        value={str(v, f('stepFree'))}
        error={e[f('stepFree')]}
        inline
        options={[
          { value: 'yes', label: t('help:form.yes') },
          { value: 'no', label: t('help:form.no') },
          { value: '', label: t('help:form.unknown') },
        ]}
      />
      <CheckboxGroup
        name={f('accessibility')}
        label={t('help:form.location.accessibility')}
        values={arr(v, f('accessibility'))}
        error={e[f('accessibility')]}
        options={ACCESSIBILITY.map((a) => ({ value: a, label: t(`help:vocab.accessibility.${a}`) }))}
      />
      <h4 className="kern-heading-small">{t('help:form.hours.title')}</h4>
      <SelectField
        name={f('hours.mode')}
        label={t('help:form.hours.mode')}
        value={str(v, f('hours.mode')) || 'weekly'}
        error={e[f('hours.mode')]}
        options={(['weekly', 'always', 'appointment', 'unknown'] as const).map((m) => ({
          value: m,
          label: String(t(`help:vocab.hoursMode.${m}`)),
        }))}
      />
      <p className="kern-hint">{t('help:form.hours.hint')}</p>
      {WEEKDAYS.map((d, i) => (
        <TextField
          key={d}
          name={f(`hours.day${i + 1}`)}
          label={t(`help:form.weekday.${d}`)}
          value={str(v, f(`hours.day${i + 1}`))}
          error={e[f(`hours.day${i + 1}`)]}
          width={30}
        />
      ))}
      <TextArea
        name={f('hours.exceptions')}
        label={t('help:form.hours.exceptions')}
        hint={t('help:form.hours.exceptionsHint')}
        value={str(v, f('hours.exceptions'))}
        error={e[f('hours.exceptions')]}
        optionalText={optional}
        rows={3}
      />
      <TextArea
        name={f('hours.note')}
        label={t('help:form.hours.note')}
        value={str(v, f('hours.note'))}
        error={e[f('hours.note')]}
        optionalText={optional}
        rows={2}
      />
      {p.saved ? (
        <CheckboxField
          name={f('remove')}
          label={t('help:form.removePlace')}
          checked={str(v, f('remove')) !== ''}
        />
      ) : null}
    </fieldset>
  );
}

export function ServiceFormView(p: {
  t: TFunction;
  action: string;
  csrf: string;
  title: string;
  values: FormValues;
  errors: Errors;
  topics: Topic[];
  areas: Option[];
  /** Slots that hold a saved place (the others are for adding one). */
  savedSlots: number;
}) {
  const { t, values: v } = p;
  const e = translated(t, p.errors);
  const optional = t('help:form.optional');
  const text = (name: string, o: { hint?: boolean; width?: 4 | 10 | 20 | 30; required?: boolean } = {}) => (
    <TextField
      name={name}
      label={t(`help:form.${name}`)}
      hint={o.hint ? t(`help:form.${name}Hint`) : undefined}
      value={str(v, name)}
      error={e[name]}
      required={o.required}
      optionalText={o.required ? undefined : optional}
      width={o.width}
    />
  );
  const area = (name: string, hint = false) => (
    <TextArea
      name={name}
      label={t(`help:form.${name}`)}
      hint={hint ? t(`help:form.${name}Hint`) : undefined}
      value={str(v, name)}
      error={e[name]}
      optionalText={optional}
      rows={3}
    />
  );
  const slots = locationSlots(v);
  return (
    <>
      <h1>{p.title}</h1>
      <FormFrame action={p.action} csrf={p.csrf} errors={e} errorTitle={t('help:form.errorTitle')}>
        <h2>{t('help:form.aboutTitle')}</h2>
        {text('name', { required: true })}
        {text('providerName')}
        {area('description')}
        {area('descriptionEasy', true)}
        <CheckboxGroup
          name="topics"
          label={t('help:form.topics')}
          values={arr(v, 'topics')}
          error={e.topics}
          options={p.topics.map((x) => ({ value: x.key, label: x.label }))}
        />
        {area('targetGroups', true)}
        {area('languages', true)}
        {area('keywords', true)}
        <h2>{t('help:form.accessTitle')}</h2>
        <SelectField
          name="cost"
          label={t('help:form.cost')}
          value={str(v, 'cost') || 'unknown'}
          error={e.cost}
          options={COSTS.map((x) => ({ value: x, label: String(t(`help:vocab.cost.${x}`)) }))}
        />
        {text('costNote')}
        {area('eligibility')}
        <SelectField
          name="access"
          label={t('help:form.access')}
          value={str(v, 'access') || 'unknown'}
          error={e.access}
          options={ACCESS_MODES.map((x) => ({ value: x, label: String(t(`help:vocab.access.${x}`)) }))}
        />
        <CheckboxGroup
          name="channels"
          label={t('help:form.channels')}
          values={arr(v, 'channels')}
          error={e.channels}
          options={CHANNELS.map((x) => ({ value: x, label: t(`help:vocab.channel.${x}`) }))}
        />
        <h2>{t('help:form.contactTitle')}</h2>
        <p className="kern-hint">{t('help:form.contactHint')}</p>
        <TextField
          name="phone"
          type="tel"
          label={t('help:form.phone')}
          value={str(v, 'phone')}
          error={e.phone}
          optionalText={optional}
          width={20}
        />
        <TextField
          name="email"
          type="email"
          label={t('help:form.email')}
          value={str(v, 'email')}
          error={e.email}
          optionalText={optional}
        />
        <TextField
          name="website"
          type="url"
          label={t('help:form.website')}
          value={str(v, 'website')}
          error={e.website}
          optionalText={optional}
        />
        <TextField
          name="reviewMonths"
          label={t('help:form.reviewMonths')}
          hint={t('help:form.reviewMonthsHint')}
          value={str(v, 'reviewMonths')}
          error={e.reviewMonths}
          inputMode="numeric"
          width={4}
        />
        <h2>{t('help:form.placesTitle')}</h2>
        <p className="kern-hint">{t('help:form.placesHint')}</p>
        {slots.map((n, i) => (
          <LocationFields
            key={n}
            t={t}
            n={n}
            index={i}
            values={v}
            errors={e}
            areas={p.areas}
            saved={i < p.savedSlots}
          />
        ))}
        <div className="q-form__actions">
          <Button type="submit">{t('help:form.save')}</Button>
        </div>
      </FormFrame>
    </>
  );
}

export function SituationFormView(p: {
  t: TFunction;
  action: string;
  csrf: string;
  title: string;
  values: FormValues;
  errors: Errors;
  topics: Topic[];
}) {
  const { t, values: v } = p;
  const e = translated(t, p.errors);
  return (
    <>
      <h1>{p.title}</h1>
      <FormFrame action={p.action} csrf={p.csrf} errors={e} errorTitle={t('help:form.errorTitle')}>
        <TextField
          name="label"
          label={t('help:situations.label')}
          hint={t('help:situations.labelHint')}
          value={str(v, 'label')}
          error={e.label}
          required
        />
        <TextArea
          name="terms"
          label={t('help:situations.terms')}
          hint={t('help:situations.termsHint')}
          value={str(v, 'terms')}
          error={e.terms}
          rows={8}
        />
        <CheckboxGroup
          name="topics"
          label={t('help:situations.topics')}
          hint={t('help:situations.topicsHint')}
          values={arr(v, 'topics')}
          error={e.topics}
          options={p.topics.map((x) => ({ value: x.key, label: x.label }))}
        />
        <div className="q-form__actions">
          <Button type="submit">{t('help:form.save')}</Button>
        </div>
      </FormFrame>
    </>
  );
}
