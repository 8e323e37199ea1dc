import type { Hono } from 'hono';
import { actorOf, authorize, scopeOf } from '../../../../platform/authz.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../../platform/http/errors.ts';
import { sameOriginPath } from '../../../../platform/http/redirect.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { Button, SelectField, TextArea, TextField } from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { translateErrors } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import { addRelation, relationsOf, removeRelation } from '../../use-cases/actors.ts';
import { completeTask, logContact, readContactForm } from '../../use-cases/contacts.ts';
import { auditPersonChange } from '../../use-cases/people.ts';
import type { RelationType } from '../../vocab.ts';
import { CONTACT_KINDS } from '../../vocab.ts';
import { base, type C, Errors, options, teamMembers, who } from '../common.tsx';
import { visibleActor } from './shared.tsx';

/** Relations between actors, the contact log and completing follow-ups. */
export function mountActorContactRoutes(staff: Hono<AppEnv>) {
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
    const { input, form } = readContactForm(await formData(c), c.get('services').now());
    if (form.ok) {
      try {
        await logContact(c.get('services').db, c.get('tenant')!.id, a.id, input, {
          userId: c.get('user')!.id,
          name: c.get('user')!.name,
        });
      } catch (err) {
        // An assignee who is not a member working with this actor's areas.
        if (!(err instanceof ValidationError)) throw err;
        for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
      }
    }
    if (!form.ok) {
      // The form again with every value as typed and each problem at its field.
      const errors = translateErrors(t, form.errors);
      return staffPage(c, {
        title: t('network:contacts.add'),
        status: 422,
        children: (
          <>
            <p className="q-breadcrumb">
              <a href={`${base(c)}/actors/${a.id}#contacts`}>{a.name}</a>
            </p>
            <h1>{t('network:contacts.add')}</h1>
            <Errors c={c} errors={errors} prefix="contact-" />
            <ContactForm
              c={c}
              actorId={a.id}
              values={form.values}
              errors={errors}
              members={await teamMembers(c)}
            />
          </>
        ),
      });
    }
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
    // Back to the network page the task was ticked on: a path of this site, parsed (a line break in
    // the field must not reach the Location header).
    const back = sameOriginPath(body.back, c.get('services').config.baseUrl);
    return c.redirect(back?.startsWith(base(c)) ? back : `${base(c)}/week`, 303);
  });
}

type Values = Record<string, string | string[] | undefined>;
const str = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** The contact-log form; ids are `contact-<field>` so an error summary (prefix "contact-") links to them. */
export function ContactForm({
  c,
  actorId,
  values: v,
  errors: e,
  members,
}: {
  c: C;
  actorId: string;
  values: Values;
  errors: Record<string, string>;
  members: { value: string; label: string }[];
}) {
  const t = c.get('t');
  return (
    <form method="post" action={`${base(c)}/actors/${actorId}/contacts`} className="q-form" noValidate>
      <input type="hidden" name="_csrf" value={csrfTokenFor(c)} />
      <SelectField
        name="kind"
        id="contact-kind"
        label={t('network:contacts.kind')}
        value={str(v.kind)}
        options={options(t, 'contactKinds', CONTACT_KINDS)}
        error={e.kind}
      />
      <TextField
        name="date"
        id="contact-date"
        type="date"
        label={t('network:contacts.date')}
        value={str(v.date)}
        required
        width={20}
        error={e.date}
      />
      <TextField
        name="time"
        id="contact-time"
        type="time"
        label={t('network:contacts.time')}
        value={str(v.time)}
        width={10}
        optionalText={t('network:optional')}
        error={e.time}
      />
      <TextField
        name="summary"
        id="contact-summary"
        label={t('network:contacts.summary')}
        value={str(v.summary)}
        required
        error={e.summary}
      />
      <TextArea
        name="notes"
        id="contact-notes"
        label={t('network:contacts.notes')}
        value={str(v.notes)}
        rows={3}
        optionalText={t('network:optional')}
        error={e.notes}
      />
      <TextField
        name="followUpTitle"
        id="contact-followUpTitle"
        label={t('network:tasks.title')}
        value={str(v.followUpTitle)}
        optionalText={t('network:optional')}
        error={e.followUpTitle}
      />
      <TextField
        name="followUpDue"
        id="contact-followUpDue"
        type="date"
        label={t('network:tasks.due')}
        value={str(v.followUpDue)}
        width={20}
        optionalText={t('network:optional')}
        error={e.followUpDue}
      />
      <SelectField
        name="followUpAssignee"
        id="contact-followUpAssignee"
        label={t('network:tasks.assignee')}
        value={str(v.followUpAssignee)}
        options={members}
        error={e.followUpAssignee}
      />
      <Button type="submit">{t('network:contacts.save')}</Button>
    </form>
  );
}
