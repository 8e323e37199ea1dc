import type { Hono } from 'hono';
import { actorOf, can, scopeOf } from '../../../../platform/authz.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { todayLocal } from '../../../../platform/time/index.ts';
import { Alert, Button, KeyValueList, LinkButton, SelectField } from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { PERMS } from '../../policies.ts';
import { actorOptions, relationsOf } from '../../use-cases/actors.ts';
import { contactsOf, tasksOf } from '../../use-cases/contacts.ts';
import { auditPersonRead } from '../../use-cases/people.ts';
import { RELATION_TYPES } from '../../vocab.ts';
import { base, flash, fmtDateTime, fmtDay, label, Section, teamMembers, who } from '../common.tsx';
import { ContactForm } from './contacts.tsx';
import { sharedOnly, visibleActor } from './shared.tsx';

/** One actor: details, relations, contact log and follow-ups. */
export function mountActorDetailPage(staff: Hono<AppEnv>) {
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
                    <ContactForm
                      c={c}
                      actorId={a.id}
                      values={{
                        date: todayLocal(c.get('services').now()),
                        followUpAssignee: c.get('user')!.id,
                      }}
                      errors={{}}
                      members={members}
                    />
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
}
