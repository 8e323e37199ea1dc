import type { Hono } from 'hono';
import { actorOf, authorize, scopeOf } from '../../../../platform/authz.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../../platform/http/errors.ts';
import { sameOriginPath } from '../../../../platform/http/redirect.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { Alert } from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { translateErrors } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import { addRelation, relationsOf, removeRelation } from '../../use-cases/actors.ts';
import { completeTask, logContact, readContactForm } from '../../use-cases/contacts.ts';
import { auditPersonChange } from '../../use-cases/people.ts';
import type { RelationType } from '../../vocab.ts';
import { base, who } from '../common.tsx';
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
