// Pieces the module's public and staff screens share: the words of the vocabularies, the reasons of
// a match in words, a posted form read through its schema with its messages, and the form's fields.
import type { Context } from 'hono';
import { fromForm, parseFields, type RawForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { intlLocale } from '../../../platform/time/index.ts';
import { CheckboxGroup, TextArea, TextField } from '../../../ui/index.ts';
import type { Reason } from '../domain/matching.ts';
import { DAY_PARTS, LANGUAGES, SKILLS, WEEKDAYS } from '../domain/vocab.ts';
import { OFFER_FORM, type OfferInput, offerFields } from '../schemas.ts';

export type C = Context<AppEnv>;
export type Values = Record<string, string | string[]>;
export type Errors = Record<string, string>;

export const list = (c: C, kind: string, codes: readonly string[]) =>
  codes.map((x) => c.get('t')(`volunteering:vocab.${kind}.${x}`)).join(', ');

export const options = (c: C, kind: string, codes: readonly string[]) =>
  codes.map((x) => ({ value: x, label: c.get('t')(`volunteering:vocab.${kind}.${x}`) }));

/** A reason of a fit in words (a stored reason has only its key; a fresh one its values too). */
export function reasonText(c: C, r: Pick<Reason, 'key' | 'values'>): string {
  const t = c.get('t');
  const v = r.values ?? {};
  const words = (kind: string, s?: string) => (s ? list(c, kind, s.split(',').filter(Boolean)) : '');
  return t(`volunteering:reasons.${r.key}`, {
    skills: words('skill', v.skills),
    days: [words('weekday', v.days), words('dayPart', v.parts)].filter(Boolean).join(', '),
    languages: words('language', v.languages),
  });
}

/** Minutes as hours in the reader's language ("1,5" in German, "1.5" in English). */
export const hoursText = (c: C, minutes: number) =>
  new Intl.NumberFormat(intlLocale(c.get('lang')), { maximumFractionDigits: 2 }).format(minutes / 60);

/** A field's message, translated, when there is one. */
export const errorOf = (c: C, errors: Errors) => (k: string) =>
  errors[k] ? c.get('t')(errors[k]) : undefined;
export const shownErrors = (c: C, errors: Errors) =>
  Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, c.get('t')(key)]));

/** The messages of a refused use case (other errors are thrown on). */
export function refusal(err: unknown): Errors {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** The offer form as posted: the input for the use case, the values as typed, the fields' messages. */
export function readOfferForm(body: RawForm) {
  const { input, values } = fromForm(body, OFFER_FORM);
  const { errors } = parseFields(offerFields, input);
  return { input: input as unknown as OfferInput, values, errors: { ...errors } as Errors };
}

export function OfferFields({
  c,
  values,
  errors,
  areas,
}: {
  c: C;
  values: Values;
  errors: Errors;
  areas: { value: string; label: string }[];
}) {
  const t = c.get('t');
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const vs = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const err = errorOf(c, errors);
  const optional = t('volunteering:form.optional');
  return (
    <>
      <h2>{t('volunteering:form.aboutYou')}</h2>
      <TextField
        name="name"
        label={t('volunteering:form.name')}
        value={v('name')}
        error={err('name')}
        autoComplete="name"
        maxLength={200}
        required
      />
      <TextField
        name="email"
        type="email"
        label={t('volunteering:form.email')}
        hint={t('volunteering:form.emailHint')}
        value={v('email')}
        error={err('email')}
        autoComplete="email"
        maxLength={254}
        required
      />
      <TextField
        name="phone"
        type="tel"
        label={t('volunteering:form.phone')}
        value={v('phone')}
        error={err('phone')}
        autoComplete="tel"
        maxLength={40}
        optionalText={optional}
      />
      <TextField
        name="organisation"
        label={t('volunteering:form.organisation')}
        hint={t('volunteering:form.organisationHint')}
        value={v('organisation')}
        error={err('organisation')}
        maxLength={200}
        optionalText={optional}
      />
      <h2>{t('volunteering:form.what')}</h2>
      <CheckboxGroup
        name="skills"
        label={t('volunteering:form.skills')}
        values={vs('skills')}
        options={options(c, 'skill', SKILLS)}
        error={err('skills')}
        optionalText={optional}
      />
      <TextArea
        name="about"
        label={t('volunteering:form.about')}
        hint={t('volunteering:form.aboutHint')}
        value={v('about')}
        error={err('about')}
        rows={4}
        maxLength={3000}
        optionalText={optional}
      />
      <h2>{t('volunteering:form.when')}</h2>
      <CheckboxGroup
        name="weekdays"
        label={t('volunteering:form.weekdays')}
        values={vs('weekdays')}
        options={options(c, 'weekday', WEEKDAYS)}
        error={err('weekdays')}
        inline
        optionalText={optional}
      />
      <CheckboxGroup
        name="dayParts"
        label={t('volunteering:form.dayParts')}
        values={vs('dayParts')}
        options={options(c, 'dayPart', DAY_PARTS)}
        error={err('dayParts')}
        inline
        optionalText={optional}
      />
      <h2>{t('volunteering:form.where')}</h2>
      <CheckboxGroup
        name="areaIds"
        label={t('volunteering:form.areas')}
        hint={t('volunteering:form.areasHint')}
        values={vs('areaIds')}
        options={areas}
        error={err('areaIds')}
        required
      />
      <CheckboxGroup
        name="languages"
        label={t('volunteering:form.languages')}
        values={vs('languages')}
        options={options(c, 'language', LANGUAGES)}
        error={err('languages')}
        inline
        optionalText={optional}
      />
    </>
  );
}
