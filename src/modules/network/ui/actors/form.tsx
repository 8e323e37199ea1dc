import { actorOf, scopeOf } from '../../../../platform/authz.ts';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import {
  Button,
  CheckboxField,
  CheckboxGroup,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { PERMS } from '../../policies.ts';
import {
  type ActorKind,
  CONSENT_TEXT_VERSION,
  FIELDS,
  LANGUAGES,
  LEGAL_BASES,
  ORG_TYPES,
  TARGET_GROUPS,
} from '../../vocab.ts';
import { areaChoices, base, type C, Errors, label, options } from '../common.tsx';

import { arr, s, type Values } from './shared.tsx';

/** The form of a new or existing actor (organisation or person). */
export async function actorForm(
  c: C,
  o: {
    kind: ActorKind;
    values: Values;
    errors: Record<string, string>;
    action: string;
    title: string;
    status?: 200 | 422;
    /** Departments the organisation can be shared with (the tenant's, plus those it is shared with). */
    departments: string[];
  },
) {
  const t = c.get('t');
  const v = o.values;
  const e = o.errors;
  const areas = await areaChoices(c, scopeOf(actorOf(c), PERMS.manage));
  const person = o.kind === 'person';
  return staffPage(c, {
    title: o.title,
    status: o.status,
    children: (
      <>
        <h1>{o.title}</h1>
        <Errors c={c} errors={e} />
        <form method="post" action={o.action} className="q-form" noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <input type="hidden" name="kind" value={o.kind} />
          <TextField
            name="name"
            label={t(person ? 'network:actor.personName' : 'network:actor.name')}
            value={s(v.name)}
            required
            error={e.name}
            autoComplete="off"
          />
          {person ? null : (
            <SelectField
              name="orgType"
              label={t('network:actor.orgType')}
              value={s(v.orgType)}
              placeholder={t('network:choose')}
              options={options(t, 'orgTypes', ORG_TYPES)}
              error={e.orgType}
              optionalText={t('network:optional')}
            />
          )}
          <TextArea
            name="description"
            label={t(person ? 'network:actor.personNote' : 'network:actor.description')}
            value={s(v.description)}
            rows={3}
            error={e.description}
            optionalText={t('network:optional')}
          />
          <CheckboxGroup
            name="fields"
            label={t('network:actor.fields')}
            values={arr(v.fields)}
            options={options(t, 'fields', FIELDS)}
            error={e.fields}
            optionalText={t('network:optional')}
          />
          <CheckboxGroup
            name="targetGroups"
            label={t('network:actor.targetGroups')}
            values={arr(v.targetGroups)}
            options={options(t, 'targetGroups', TARGET_GROUPS)}
            error={e.targetGroups}
            optionalText={t('network:optional')}
          />
          <CheckboxGroup
            name="languages"
            label={t('network:actor.languages')}
            values={arr(v.languages)}
            options={options(t, 'languages', LANGUAGES)}
            error={e.languages}
            optionalText={t('network:optional')}
          />
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('network:actor.flags')}</legend>
            <CheckboxField
              name="isMultiplier"
              label={t('network:actor.multiplier')}
              hint={t('network:actor.multiplierHint')}
              checked={s(v.isMultiplier) === 'on'}
            />
            <CheckboxField
              name="isSeismograph"
              label={t('network:actor.seismograph')}
              hint={t('network:actor.seismographHint')}
              checked={s(v.isSeismograph) === 'on'}
            />
          </fieldset>
          <TextField
            name="email"
            type="email"
            label={t('network:actor.email')}
            value={s(v.email)}
            error={e.email}
            optionalText={t('network:optional')}
            autoComplete="off"
          />
          <TextField
            name="phone"
            type="tel"
            label={t('network:actor.phone')}
            value={s(v.phone)}
            error={e.phone}
            optionalText={t('network:optional')}
            autoComplete="off"
          />
          {person ? null : (
            <TextField
              name="website"
              type="url"
              label={t('network:actor.website')}
              value={s(v.website)}
              error={e.website}
              optionalText={t('network:optional')}
            />
          )}
          <div role="group" aria-labelledby="place-label" className="q-form">
            <p id="place-label" className="kern-label">
              {t('network:place.legend')}
            </p>
            <p className="kern-hint">{t('network:place.hint')}</p>
            <SelectField
              name="areaId"
              label={t('network:place.area')}
              value={s(v.areaId)}
              placeholder={t('network:place.noArea')}
              options={areas}
              error={e.areaId}
            />
            <TextField
              name="street"
              label={t('network:place.street')}
              value={s(v.street)}
              error={e.street}
              optionalText={t('network:optional')}
              autoComplete="off"
            />
            <TextField
              name="houseNumber"
              label={t('network:place.houseNumber')}
              value={s(v.houseNumber)}
              width={10}
              error={e.houseNumber}
              optionalText={t('network:optional')}
            />
            <TextField
              name="postcode"
              label={t('network:place.postcode')}
              value={s(v.postcode)}
              width={10}
              inputMode="numeric"
              error={e.postcode}
              optionalText={t('network:optional')}
            />
            <TextField
              name="city"
              label={t('network:place.city')}
              value={s(v.city)}
              width={20}
              error={e.city}
              optionalText={t('network:optional')}
            />
            <TextField
              name="lat"
              label={t('network:place.lat')}
              value={s(v.lat)}
              width={20}
              inputMode="decimal"
              error={e.lat}
              optionalText={t('network:optional')}
            />
            <TextField
              name="lon"
              label={t('network:place.lon')}
              value={s(v.lon)}
              width={20}
              inputMode="decimal"
              error={e.lon}
              optionalText={t('network:optional')}
            />
          </div>
          {person || o.departments.length === 0 ? null : (
            <CheckboxGroup
              name="sharedDepartments"
              label={t('network:sharing.label')}
              hint={t('network:sharing.hint')}
              values={arr(v.sharedDepartments)}
              options={o.departments.map((d) => ({ value: d, label: d }))}
              error={e.sharedDepartments}
              optionalText={t('network:optional')}
            />
          )}
          {person ? (
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('network:gdpr.legend')}</legend>
              <RadioGroup
                name="legalBasis"
                label={t('network:gdpr.legalBasis')}
                value={s(v.legalBasis)}
                required
                error={e.legalBasis}
                options={LEGAL_BASES.map((b) => ({ value: b, label: label(t, 'legalBases', b) }))}
              />
              <CheckboxField
                name="consentGiven"
                label={t('network:gdpr.consentGiven')}
                hint={t('network:gdpr.consentText', { version: CONSENT_TEXT_VERSION })}
                checked={s(v.consentGiven) === 'on'}
                error={e.consentGiven}
              />
              <TextField
                name="retentionUntil"
                type="date"
                label={t('network:gdpr.retentionUntil')}
                hint={t('network:gdpr.retentionHint')}
                value={s(v.retentionUntil)}
                error={e.retentionUntil}
                width={20}
              />
            </fieldset>
          ) : null}
          <div className="q-form__actions">
            <Button type="submit">{t('save')}</Button>
            <a href={`${base(c)}/actors`}>{t('cancel')}</a>
          </div>
        </form>
      </>
    ),
  });
}
