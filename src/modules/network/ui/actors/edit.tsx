import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { translateErrors } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import { readActorForm } from '../../use-cases/actors.ts';
import { mayPlaceActor, updateDirectoryActor } from '../../use-cases/directory.ts';
import { auditPersonRead } from '../../use-cases/people.ts';
import { base, who } from '../common.tsx';
import { actorForm } from './form.tsx';
import { departmentOptions, valuesOf, visibleActor } from './shared.tsx';

/** Editing an actor. */
export function mountActorEditPages(staff: Hono<AppEnv>) {
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
}
