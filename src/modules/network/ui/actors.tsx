import type { Hono } from 'hono';
import { actorOf, authorize, can, scopeOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData, html } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  KeyValueList,
  LinkButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { listDepartments } from '../../access/index.ts';
import { boundaries } from '../../areas/index.ts';
import { translateErrors } from '../forms.ts';
import { actorAccess, maySeeDirectory, PERMS } from '../policies.ts';
import {
  type Actor,
  type ActorListItem,
  actorFormValues,
  actorOptions,
  addRelation,
  readActorForm,
  relationsOf,
  removeRelation,
} from '../use-cases/actors.ts';
import { completeTask, contactsOf, logContact, readContactForm, tasksOf } from '../use-cases/contacts.ts';
import {
  actorFor,
  createDirectoryActor,
  listDirectory,
  mayPlaceActor,
  updateDirectoryActor,
} from '../use-cases/directory.ts';
import {
  auditPersonChange,
  auditPersonRead,
  erasePerson,
  exportPerson,
  type PersonExport,
} from '../use-cases/people.ts';
import {
  ACTOR_KINDS,
  type ActorKind,
  CONSENT_TEXT_VERSION,
  CONTACT_KINDS,
  FIELDS,
  LANGUAGES,
  LEGAL_BASES,
  ORG_TYPES,
  RELATION_TYPES,
  type RelationType,
  TARGET_GROUPS,
} from '../vocab.ts';
import {
  areaChoices,
  base,
  type C,
  Errors,
  flash,
  fmtDateTime,
  fmtDay,
  label,
  options,
  Section,
  teamMembers,
  who,
} from './common.tsx';
import { NetworkMap } from './map.tsx';

type Values = Record<string, string | string[] | undefined>;

const valuesOf = (a: Actor): Values => actorFormValues(a);

const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const arr = (v: Values[string]) => (Array.isArray(v) ? v : v ? [v] : []);

async function actorForm(
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

/** The actor of the route for this permission (the directory's one rule; 404 when not the member's). */
const visibleActor = (c: C, id: string, perm: string = PERMS.read): Promise<Actor> =>
  actorFor(actorOf(c), c.get('services').db, id, perm);

/** Departments offered on the form: every department known in the tenant plus the actor's current ones. */
async function departmentOptions(c: C, current: readonly string[] = []): Promise<string[]> {
  const known = await listDepartments(c.get('services').db, c.get('tenant')!.id);
  return [...new Set([...known, ...current])].sort((x, y) => x.localeCompare(y, 'de'));
}

/** Does the member see this actor only because it is shared with their department? */
const sharedOnly = (c: C, a: Actor) =>
  !can(actorOf(c), PERMS.read, a.areaIds) ||
  (a.kind === 'person' && !can(actorOf(c), PERMS.people, a.areaIds));

export function mountActorPages(staff: Hono<AppEnv>) {
  staff.get('/network/actors', async (c) => {
    const actor = actorOf(c);
    if (!maySeeDirectory(actor)) throw new AppError(403, 'forbidden');
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const { scope } = await actorAccess(actor, db);
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const kind = (ACTOR_KINDS as readonly string[]).includes(c.req.query('kind') ?? '')
      ? (c.req.query('kind') as ActorKind)
      : undefined;
    const field = (FIELDS as readonly string[]).includes(c.req.query('field') ?? '')
      ? c.req.query('field')
      : undefined;
    const targetGroup = (TARGET_GROUPS as readonly string[]).includes(c.req.query('targetGroup') ?? '')
      ? c.req.query('targetGroup')
      : undefined;
    const flag =
      c.req.query('flag') === 'multiplier' || c.req.query('flag') === 'seismograph'
        ? (c.req.query('flag') as 'multiplier' | 'seismograph')
        : undefined;
    const areaParam = c.req.query('area') ?? c.get('currentAreaId') ?? '';
    const areas = await areaChoices(c, scope);
    const areaId = areas.some((a) => a.value === areaParam) ? areaParam : undefined;
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    // The same list as the API: people only for members who may see people's data.
    const { items: visible, total } = await listDirectory(actor, db, {
      q,
      kind,
      field,
      targetGroup,
      flag,
      areaId,
      limit: 50,
      offset: (page - 1) * 50,
    });
    const shapes = await boundaries(db, tenant.id, { kinds: ['district'] });
    const withPoints = visible.filter((a) => a.lon != null && a.lat != null && a.kind === 'organisation');
    const b = base(c);
    return staffPage(c, {
      title: t('network:actors.title'),
      children: (
        <>
          <h1>{t('network:actors.title')}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          {can(actorOf(c), PERMS.read) ? null : <p>{t('network:sharing.intro')}</p>}
          <div className="q-actions">
            {can(actorOf(c), PERMS.manage) ? (
              <LinkButton href={`${b}/actors/new?kind=organisation`}>
                {t('network:actors.newOrganisation')}
              </LinkButton>
            ) : null}
            {can(actorOf(c), PERMS.people) ? (
              <LinkButton variant="secondary" href={`${b}/actors/new?kind=person`}>
                {t('network:actors.newPerson')}
              </LinkButton>
            ) : null}
            {can(actorOf(c), PERMS.read) ? <a href={`${b}/venues`}>{t('network:venues.title')}</a> : null}
            {can(actorOf(c), PERMS.importData) ? (
              <a href={`${b}/import`}>{t('network:import.title')}</a>
            ) : null}
            {can(actorOf(c), PERMS.erase) ? <a href={`${b}/privacy`}>{t('network:privacy.title')}</a> : null}
          </div>
          <form method="get" role="search">
            <div className="q-filter">
              <TextField
                name="q"
                type="search"
                label={t('network:actors.search')}
                value={q}
                hint={t('network:actors.searchHint')}
              />
              <Button type="submit" variant="secondary">
                {t('search')}
              </Button>
            </div>
            <details open={!!(areaId || kind || field || targetGroup || flag)}>
              <summary>{t('network:actors.moreFilters')}</summary>
              <div className="q-filter">
                <SelectField
                  name="area"
                  label={t('network:place.area')}
                  value={areaId ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...areas]}
                />
                <SelectField
                  name="kind"
                  label={t('network:actors.kind')}
                  value={kind ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...options(t, 'actorKinds', ACTOR_KINDS)]}
                />
                <SelectField
                  name="field"
                  label={t('network:actor.field')}
                  value={field ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...options(t, 'fields', FIELDS)]}
                />
                <SelectField
                  name="targetGroup"
                  label={t('network:actor.targetGroup')}
                  value={targetGroup ?? ''}
                  options={[
                    { value: '', label: t('network:all') },
                    ...options(t, 'targetGroups', TARGET_GROUPS),
                  ]}
                />
                <SelectField
                  name="flag"
                  label={t('network:actors.flag')}
                  value={flag ?? ''}
                  options={[
                    { value: '', label: t('network:all') },
                    { value: 'multiplier', label: t('network:actor.multiplier') },
                    { value: 'seismograph', label: t('network:actor.seismograph') },
                  ]}
                />
                <Button type="submit" variant="secondary">
                  {t('network:filter')}
                </Button>
              </div>
            </details>
          </form>
          <NetworkMap
            title={t('network:actors.mapTitle')}
            description={t('network:actors.mapDescription', { count: withPoints.length })}
            areas={shapes.map((x) => ({ key: x.key, name: x.name, geometry: x.geometry }))}
            points={withPoints.map((a) => ({
              key: a.id,
              label: a.name,
              lon: a.lon!,
              lat: a.lat!,
              href: `${b}/actors/${a.id}`,
              emphasis: a.isMultiplier || a.isSeismograph,
            }))}
          />
          <DataTable
            caption={t('network:actors.count', { count: total })}
            rows={visible}
            rowKey={(a) => a.id}
            emptyMessage={t('network:actors.empty')}
            columns={[
              {
                key: 'name',
                header: t('network:actor.name'),
                rowHeader: true,
                cell: (a: ActorListItem) => <a href={`${b}/actors/${a.id}`}>{a.name}</a>,
              },
              {
                key: 'type',
                header: t('network:actor.orgType'),
                cell: (a: ActorListItem) =>
                  a.kind === 'person' ? label(t, 'actorKinds', 'person') : label(t, 'orgTypes', a.orgType),
              },
              {
                key: 'fields',
                header: t('network:actor.fields'),
                cell: (a: ActorListItem) => a.fields.map((f) => label(t, 'fields', f)).join(', '),
              },
              {
                key: 'flags',
                header: t('network:actor.flags'),
                cell: (a: ActorListItem) =>
                  [
                    a.isMultiplier ? t('network:actor.multiplier') : '',
                    a.isSeismograph ? t('network:actor.seismograph') : '',
                  ]
                    .filter(Boolean)
                    .join(', '),
              },
              {
                key: 'address',
                header: t('network:place.address'),
                cell: (a: ActorListItem) => [a.street, a.houseNumber, a.postcode].filter(Boolean).join(' '),
              },
            ]}
          />
          {total > page * 50 ? (
            <p>
              <a href={`?${new URLSearchParams({ ...c.req.query(), page: String(page + 1) }).toString()}`}>
                {t('next')}
              </a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  staff.get('/network/actors/new', async (c) => {
    const kind: ActorKind = c.req.query('kind') === 'person' ? 'person' : 'organisation';
    authorize(actorOf(c), kind === 'person' ? PERMS.people : PERMS.manage);
    const t = c.get('t');
    const area = c.get('currentAreaId') ?? '';
    return actorForm(c, {
      kind,
      values: { kind, areaId: area, city: 'Berlin' },
      errors: {},
      departments: await departmentOptions(c),
      action: `${base(c)}/actors`,
      title: t(kind === 'person' ? 'network:actors.newPerson' : 'network:actors.newOrganisation'),
    });
  });

  staff.post('/network/actors', async (c) => {
    const t = c.get('t');
    const body = await formData(c);
    const departments = await departmentOptions(c);
    const { input, form } = readActorForm(body, new Date(), departments);
    const member = actorOf(c);
    authorize(member, input.kind === 'person' ? PERMS.people : PERMS.manage);
    const db = c.get('services').db;
    if (form.ok) {
      try {
        // The rule the use case enforces, asked first for the field message: a team member places
        // records in their own areas only.
        if (!(await mayPlaceActor(member, db, input))) form.fail('areaId', 'network:errors.areaInScope');
        else {
          const actor = await createDirectoryActor(member, db, input, { who: who(c) });
          return c.redirect(`${base(c)}/actors/${actor.id}?done=saved`, 303);
        }
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
      }
    }
    return actorForm(c, {
      kind: input.kind,
      values: form.values,
      errors: translateErrors(t, form.errors),
      departments,
      action: `${base(c)}/actors`,
      title: t(input.kind === 'person' ? 'network:actors.newPerson' : 'network:actors.newOrganisation'),
      status: 422,
    });
  });

  staff.get('/network/actors/:id', async (c) => {
    const a = await visibleActor(c, c.req.param('id'));
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    await auditPersonRead(db, tenant.id, a, who(c));
    // Department staff see a shared organisation's record and its links to other organisations;
    // the team's contact log and follow-ups stay with the team.
    const shared = sharedOnly(c, a);
    const [allRelations, contacts, tasks, others, members] = await Promise.all([
      relationsOf(db, tenant.id, a.id),
      shared ? [] : contactsOf(db, tenant.id, a.id),
      shared ? [] : tasksOf(db, tenant.id, { actorId: a.id }),
      shared ? [] : actorOptions(db, tenant.id, scopeOf(actorOf(c), PERMS.read)),
      shared ? [] : teamMembers(c),
    ]);
    const relations = shared ? allRelations.filter((r) => r.otherKind === 'organisation') : allRelations;
    const b = base(c);
    const manage = can(actorOf(c), PERMS.manage, a.areaIds);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: a.name,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`${b}/actors`}>{t('network:actors.title')}</a>
          </p>
          <h1>{a.name}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          <KeyValueList
            items={[
              {
                term: t('network:actors.kind'),
                value:
                  a.kind === 'person'
                    ? label(t, 'actorKinds', 'person')
                    : label(t, 'orgTypes', a.orgType) || label(t, 'actorKinds', 'organisation'),
              },
              { term: t('network:actor.description'), value: a.description },
              {
                term: t('network:actor.fields'),
                value: a.fields.map((f) => label(t, 'fields', f)).join(', '),
              },
              {
                term: t('network:actor.targetGroups'),
                value: a.targetGroups.map((f) => label(t, 'targetGroups', f)).join(', '),
              },
              {
                term: t('network:actor.languages'),
                value: a.languages.map((f) => label(t, 'languages', f)).join(', '),
              },
              {
                term: t('network:actor.flags'),
                value: [
                  a.isMultiplier ? t('network:actor.multiplier') : '',
                  a.isSeismograph ? t('network:actor.seismograph') : '',
                ]
                  .filter(Boolean)
                  .join(', '),
              },
              {
                term: t('network:actor.email'),
                value: a.email ? <a href={`mailto:${a.email}`}>{a.email}</a> : null,
              },
              {
                term: t('network:actor.phone'),
                value: a.phone ? <a href={`tel:${a.phone.replace(/[^+\d]/g, '')}`}>{a.phone}</a> : null,
              },
              {
                term: t('network:actor.website'),
                value: a.website ? <a href={a.website}>{a.website}</a> : null,
              },
              {
                term: t('network:place.address'),
                value: [
                  [a.street, a.houseNumber].filter(Boolean).join(' '),
                  [a.postcode, a.city].filter(Boolean).join(' '),
                ]
                  .filter(Boolean)
                  .join(', '),
              },
              {
                term: t('network:place.placedBy'),
                value: a.placedBy ? t(`network:place.by.${a.placedBy}`) : t('network:place.unplaced'),
              },
              ...(a.kind === 'organisation' && !shared
                ? [{ term: t('network:sharing.sharedWith'), value: a.sharedDepartments.join(', ') }]
                : []),
              ...(a.kind === 'person'
                ? [
                    { term: t('network:gdpr.legalBasis'), value: label(t, 'legalBases', a.legalBasis) },
                    {
                      term: t('network:gdpr.consent'),
                      value: a.consentAt ? `${fmtDateTime(c, a.consentAt)} (${a.consentTextVersion})` : null,
                    },
                    { term: t('network:gdpr.retentionUntil'), value: fmtDay(c, a.retentionUntil, false) },
                  ]
                : []),
            ]}
          />
          <div className="q-actions">
            {manage ? (
              <LinkButton variant="secondary" href={`${b}/actors/${a.id}/edit`}>
                {t('network:edit')}
              </LinkButton>
            ) : null}
            {a.kind === 'person' ? (
              <>
                <a href={`${b}/actors/${a.id}/export.json`}>{t('network:gdpr.exportJson')}</a>
                <a href={`${b}/actors/${a.id}/export.html`}>{t('network:gdpr.exportHtml')}</a>
                {can(actorOf(c), PERMS.erase, a.areaIds) ? (
                  <a href={`${b}/actors/${a.id}/erase`}>{t('network:gdpr.erase')}</a>
                ) : null}
              </>
            ) : null}
          </div>

          <Section id="relations" title={t('network:relations.title')}>
            <ul>
              {relations.map((r) => (
                <li key={r.id}>
                  {t(`network:relations.${r.direction}.${r.type}`)}{' '}
                  {shared ? r.otherName : <a href={`${b}/actors/${r.otherId}`}>{r.otherName}</a>}
                  {manage ? (
                    <form
                      method="post"
                      action={`${b}/actors/${a.id}/relations/${r.id}/delete`}
                      className="q-inline"
                    >
                      <input type="hidden" name="_csrf" value={csrf} />
                      <Button type="submit" variant="tertiary" small>
                        {t('network:remove')}
                      </Button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
            {relations.length === 0 ? <p>{t('network:relations.none')}</p> : null}
            {manage ? (
              <form method="post" action={`${b}/actors/${a.id}/relations`} className="q-filter">
                <input type="hidden" name="_csrf" value={csrf} />
                <SelectField
                  name="type"
                  id="relation-type"
                  label={t('network:relations.type')}
                  options={RELATION_TYPES.map((r) => ({ value: r, label: t(`network:relations.out.${r}`) }))}
                />
                <SelectField
                  name="toActorId"
                  id="relation-other"
                  label={t('network:relations.other')}
                  placeholder={t('network:choose')}
                  options={others.filter((o) => o.id !== a.id).map((o) => ({ value: o.id, label: o.name }))}
                />
                <Button type="submit" variant="secondary">
                  {t('network:relations.add')}
                </Button>
              </form>
            ) : null}
          </Section>

          {shared ? null : (
            <>
              <Section id="contacts" title={t('network:contacts.title')}>
                {manage ? (
                  <details>
                    <summary>{t('network:contacts.add')}</summary>
                    <form method="post" action={`${b}/actors/${a.id}/contacts`} className="q-form" noValidate>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <SelectField
                        name="kind"
                        id="contact-kind"
                        label={t('network:contacts.kind')}
                        options={options(t, 'contactKinds', CONTACT_KINDS)}
                      />
                      <TextField
                        name="date"
                        id="contact-date"
                        type="date"
                        label={t('network:contacts.date')}
                        value={new Date().toISOString().slice(0, 10)}
                        required
                        width={20}
                      />
                      <TextField
                        name="time"
                        id="contact-time"
                        type="time"
                        label={t('network:contacts.time')}
                        width={10}
                        optionalText={t('network:optional')}
                      />
                      <TextField
                        name="summary"
                        id="contact-summary"
                        label={t('network:contacts.summary')}
                        required
                      />
                      <TextArea
                        name="notes"
                        id="contact-notes"
                        label={t('network:contacts.notes')}
                        rows={3}
                        optionalText={t('network:optional')}
                      />
                      <TextField
                        name="followUpTitle"
                        id="contact-follow-title"
                        label={t('network:tasks.title')}
                        optionalText={t('network:optional')}
                      />
                      <TextField
                        name="followUpDue"
                        id="contact-follow-due"
                        type="date"
                        label={t('network:tasks.due')}
                        width={20}
                        optionalText={t('network:optional')}
                      />
                      <SelectField
                        name="followUpAssignee"
                        id="contact-follow-assignee"
                        label={t('network:tasks.assignee')}
                        value={c.get('user')!.id}
                        options={members}
                      />
                      <Button type="submit">{t('network:contacts.save')}</Button>
                    </form>
                  </details>
                ) : null}
                <ol className="q-timeline">
                  {contacts.map((x) => (
                    <li key={x.id}>
                      <strong>{label(t, 'contactKinds', x.kind)}</strong>, {fmtDateTime(c, x.happenedAt)} —{' '}
                      {x.authorName}
                      <div>{x.summary}</div>
                      {x.notes ? <div className="q-muted">{x.notes}</div> : null}
                    </li>
                  ))}
                </ol>
                {contacts.length === 0 ? <p>{t('network:contacts.none')}</p> : null}
              </Section>

              <Section id="tasks" title={t('network:tasks.heading')}>
                <ul>
                  {tasks.map((x) => (
                    <li key={x.id}>
                      {fmtDay(c, x.dueOn)}: {x.title} {x.doneAt ? `(${t('network:tasks.done')})` : null}
                      {!x.doneAt && manage ? (
                        <form method="post" action={`${b}/tasks/${x.id}/done`} className="q-inline">
                          <input type="hidden" name="_csrf" value={csrf} />
                          <input type="hidden" name="back" value={`${b}/actors/${a.id}`} />
                          <Button type="submit" variant="tertiary" small>
                            {t('network:tasks.markDone')}
                          </Button>
                        </form>
                      ) : null}
                    </li>
                  ))}
                </ul>
                {tasks.length === 0 ? <p>{t('network:tasks.none')}</p> : null}
              </Section>
            </>
          )}
        </>
      ),
    });
  });

  staff.get('/network/actors/:id/edit', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.manage);
    await auditPersonRead(c.get('services').db, c.get('tenant')!.id, a, who(c), 'edit');
    return actorForm(c, {
      kind: a.kind,
      values: valuesOf(a),
      errors: {},
      departments: await departmentOptions(c, a.sharedDepartments),
      action: `${base(c)}/actors/${a.id}`,
      title: c.get('t')('network:actors.edit', { name: a.name }),
    });
  });

  staff.post('/network/actors/:id', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.manage);
    const t = c.get('t');
    const db = c.get('services').db;
    const _tenant = c.get('tenant')!;
    const departments = await departmentOptions(c, a.sharedDepartments);
    const { input, form } = readActorForm(await formData(c), new Date(), departments);
    if (input.kind !== a.kind) form.fail('kind', 'network:errors.kindFixed');
    // An unchanged consent needs no new tick.
    if (a.kind === 'person' && input.legalBasis === 'consent' && a.consentAt && form.errors.consentGiven)
      delete form.errors.consentGiven;
    const member = actorOf(c);
    if (form.ok) {
      try {
        if (!(await mayPlaceActor(member, db, input))) form.fail('areaId', 'network:errors.areaInScope');
        else {
          await updateDirectoryActor(member, db, a.id, input, {
            who: who(c),
            fields: Object.keys(form.values),
          });
          return c.redirect(`${base(c)}/actors/${a.id}?done=saved`, 303);
        }
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
      }
    }
    return actorForm(c, {
      kind: a.kind,
      values: form.values,
      errors: translateErrors(t, form.errors),
      departments,
      action: `${base(c)}/actors/${a.id}`,
      title: t('network:actors.edit', { name: a.name }),
      status: 422,
    });
  });

  staff.post('/network/actors/:id/relations', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.manage);
    const body = await formData(c);
    const other = await visibleActor(c, String(body.toActorId ?? ''));
    await addRelation(c.get('services').db, c.get('tenant')!.id, {
      fromActorId: a.id,
      toActorId: other.id,
      type: String(body.type ?? '') as RelationType,
    });
    return c.redirect(`${base(c)}/actors/${a.id}?done=saved#relations`, 303);
  });

  staff.post('/network/actors/:id/relations/:rid/delete', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.manage);
    const rel = (await relationsOf(c.get('services').db, c.get('tenant')!.id, a.id)).find(
      (r) => r.id === c.req.param('rid'),
    );
    if (!rel) throw new AppError(404, 'not_found');
    await removeRelation(c.get('services').db, c.get('tenant')!.id, rel.id);
    return c.redirect(`${base(c)}/actors/${a.id}#relations`, 303);
  });

  staff.post('/network/actors/:id/contacts', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.manage);
    const t = c.get('t');
    const { input, form } = readContactForm(await formData(c));
    if (!form.ok) {
      const errors = translateErrors(t, form.errors);
      return staffPage(c, {
        title: t('network:contacts.add'),
        status: 422,
        children: (
          <>
            <h1>{t('network:contacts.add')}</h1>
            <Alert variant="error" title={t('errorSummaryTitle')}>
              <ul>
                {Object.entries(errors).map(([k, v]) => (
                  <li key={k}>
                    {t(`network:contacts.fieldNames.${k}`, { defaultValue: k })}: {v}
                  </li>
                ))}
              </ul>
            </Alert>
            <p>
              <a href={`${base(c)}/actors/${a.id}#contacts`}>{t('back')}</a>
            </p>
          </>
        ),
      });
    }
    await logContact(c.get('services').db, c.get('tenant')!.id, a.id, input, {
      userId: c.get('user')!.id,
      name: c.get('user')!.name,
    });
    if (a.kind === 'person')
      await auditPersonChange(c.get('services').db, c.get('tenant')!.id, a.id, who(c), 'update', {
        contactLog: input.kind,
      });
    return c.redirect(`${base(c)}/actors/${a.id}?done=contactSaved#contacts`, 303);
  });

  staff.post('/network/tasks/:id/done', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    const body = await formData(c);
    if (!isUuid(c.req.param('id'))) throw new AppError(404, 'not_found');
    await completeTask(
      c.get('services').db,
      c.get('tenant')!.id,
      c.req.param('id'),
      scopeOf(actorOf(c), PERMS.manage),
    );
    const back = String(body.back ?? '');
    return c.redirect(back.startsWith(base(c)) ? back : `${base(c)}/week`, 303);
  });

  // ── GDPR: export and erasure of a person ────────────────────────────────────────────────
  staff.get('/network/actors/:id/export.json', async (c) => {
    const a = await visibleActor(c, c.req.param('id'));
    if (a.kind !== 'person') throw new AppError(404, 'not_found');
    const db = c.get('services').db;
    const data = await exportPerson(db, c.get('tenant')!.id, a.id);
    await auditPersonChange(db, c.get('tenant')!.id, a.id, who(c), 'export', { format: 'json' });
    c.header('Content-Disposition', `attachment; filename="person-${a.id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  staff.get('/network/actors/:id/export.html', async (c) => {
    const a = await visibleActor(c, c.req.param('id'));
    if (a.kind !== 'person') throw new AppError(404, 'not_found');
    const db = c.get('services').db;
    const data = await exportPerson(db, c.get('tenant')!.id, a.id);
    await auditPersonChange(db, c.get('tenant')!.id, a.id, who(c), 'export', { format: 'html' });
    c.header('Cache-Control', 'no-store');
    return html(c, <ExportDocument c={c} data={data} />);
  });

  staff.get('/network/actors/:id/erase', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.erase);
    if (a.kind !== 'person') throw new AppError(404, 'not_found');
    const t = c.get('t');
    return staffPage(c, {
      title: t('network:gdpr.eraseTitle'),
      children: (
        <div className="q-narrow">
          <h1>{t('network:gdpr.eraseTitle')}</h1>
          <Alert variant="warning" title={t('network:gdpr.eraseWarning', { name: a.name })}>
            <p>{t('network:gdpr.eraseExplain')}</p>
          </Alert>
          <form method="post" action={`${base(c)}/actors/${a.id}/erase`} className="q-form">
            <CsrfField token={csrfTokenFor(c)} />
            <CheckboxField name="confirm" label={t('network:gdpr.eraseConfirm')} />
            <div className="q-form__actions">
              <Button type="submit" variant="danger">
                {t('network:gdpr.erase')}
              </Button>
              <a href={`${base(c)}/actors/${a.id}`}>{t('cancel')}</a>
            </div>
          </form>
        </div>
      ),
    });
  });

  staff.post('/network/actors/:id/erase', async (c) => {
    const a = await visibleActor(c, c.req.param('id'), PERMS.erase);
    if (a.kind !== 'person') throw new AppError(404, 'not_found');
    const body = await formData(c);
    if (body.confirm !== 'on') return c.redirect(`${base(c)}/actors/${a.id}/erase`, 303);
    await erasePerson(c.get('services').db, c.get('tenant')!.id, a.id, who(c));
    return c.redirect(`${base(c)}/actors?done=erased`, 303);
  });
}

/** The readable export (Art. 15 GDPR): a plain page meant for printing or saving as PDF. */
function ExportDocument({ c, data }: { c: C; data: PersonExport }) {
  const t = c.get('t');
  const p = data.person;
  return (
    <html lang={c.get('lang')}>
      <head>
        <meta charSet="utf-8" />
        <title>{t('network:gdpr.exportTitle', { name: p.name })}</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body className="q-public">
        <main className="q-main q-prose">
          <h1>{t('network:gdpr.exportTitle', { name: p.name })}</h1>
          <p>{t('network:gdpr.exportIntro', { date: fmtDateTime(c, data.exportedAt) })}</p>
          <h2>{t('network:gdpr.exportRecord')}</h2>
          <KeyValueList
            items={Object.entries(p)
              .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
              .map(([k, v]) => ({
                key: k,
                term: k,
                value: Array.isArray(v) ? v.join(', ') : v instanceof Date ? fmtDateTime(c, v) : String(v),
              }))}
          />
          <h2>{t('network:relations.title')}</h2>
          <ul>
            {data.relations.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static export list
              <li key={i}>
                {t(`network:relations.${r.direction}.${r.type}`)} {r.with}
              </li>
            ))}
          </ul>
          <h2>{t('network:contacts.title')}</h2>
          <ul>
            {data.contacts.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static export list
              <li key={i}>
                {fmtDateTime(c, x.at)} · {label(t, 'contactKinds', x.kind)} · {x.by}: {x.summary}{' '}
                {x.notes ? `— ${x.notes}` : ''}
              </li>
            ))}
          </ul>
          <h2>{t('network:tasks.heading')}</h2>
          <ul>
            {data.followUps.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static export list
              <li key={i}>
                {x.dueOn}: {x.title}
              </li>
            ))}
          </ul>
          <h2>{t('network:concerns.title')}</h2>
          <ul>
            {data.concerns.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static export list
              <li key={i}>
                {fmtDateTime(c, x.recordedAt)} · {label(t, 'topics', x.topic)} ·{' '}
                {[x.contactName, x.contactEmail, x.contactPhone].filter(Boolean).join(', ')}{' '}
                {x.note ? `— ${x.note}` : ''}
              </li>
            ))}
          </ul>
          <h2>{t('network:gdpr.accessLog')}</h2>
          <ul>
            {data.accessLog.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static export list
              <li key={i}>
                {fmtDateTime(c, x.at)} · {x.action} · {x.by}
              </li>
            ))}
          </ul>
        </main>
      </body>
    </html>
  );
}
