import type { Hono } from 'hono';
import { actorOf, authorize, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, CheckboxField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PERMS } from '../policies.ts';
import { getActor } from '../use-cases/actors.ts';
import { getConcern } from '../use-cases/concerns.ts';
import {
  eraseConcernContact,
  erasePerson,
  expiredConcernContacts,
  expiredPeople,
} from '../use-cases/people.ts';
import { base, flash, fmtDateTime, fmtDay, label, Section, who } from './common.tsx';

/** Retention review: records past their retention date, erased only after an explicit confirmation. */
export function mountPrivacyPages(staff: Hono<AppEnv>) {
  staff.get('/network/privacy', async (c) => {
    authorize(actorOf(c), PERMS.erase);
    const t = c.get('t');
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const scope = scopeOf(actorOf(c), PERMS.erase);
    const [people, concerns] = await Promise.all([
      expiredPeople(db, tenant.id, scope),
      expiredConcernContacts(db, tenant.id, scope),
    ]);
    const b = base(c);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: t('network:privacy.title'),
      children: (
        <>
          <h1>{t('network:privacy.title')}</h1>
          <p>{t('network:privacy.intro')}</p>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          <Section id="expired-people" title={t('network:privacy.people', { count: people.length })}>
            {people.length === 0 ? <p>{t('network:privacy.none')}</p> : null}
            <ul>
              {people.map((p) => (
                <li key={p.id}>
                  <a href={`${b}/actors/${p.id}`}>{p.name}</a> –{' '}
                  {t('network:privacy.expiredSince', { date: fmtDay(c, p.retentionUntil, false) })} (
                  {label(t, 'legalBases', p.legalBasis)})
                  <form method="post" action={`${b}/privacy/people/${p.id}/erase`} className="q-filter">
                    <CsrfField token={csrf} />
                    <CheckboxField
                      name="confirm"
                      id={`confirm-${p.id}`}
                      label={t('network:gdpr.eraseConfirm')}
                    />
                    <Button type="submit" variant="danger" small>
                      {t('network:gdpr.erase')}
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          </Section>
          <Section id="expired-concerns" title={t('network:privacy.concerns', { count: concerns.length })}>
            {concerns.length === 0 ? <p>{t('network:privacy.none')}</p> : null}
            <ul>
              {concerns.map((x) => (
                <li key={x.id}>
                  <a href={`${b}/concerns/${x.id}`}>
                    {label(t, 'topics', x.topic)}, {fmtDateTime(c, x.recordedAt)}
                  </a>{' '}
                  – {t('network:privacy.expiredSince', { date: fmtDay(c, x.retentionUntil, false) })}
                  <form method="post" action={`${b}/privacy/concerns/${x.id}/erase`} className="q-filter">
                    <CsrfField token={csrf} />
                    <CheckboxField
                      name="confirm"
                      id={`confirm-${x.id}`}
                      label={t('network:gdpr.eraseConfirm')}
                    />
                    <Button type="submit" variant="danger" small>
                      {t('network:gdpr.eraseContact')}
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          </Section>
        </>
      ),
    });
  });

  staff.post('/network/privacy/people/:id/erase', async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const a = /^[0-9a-f-]{36}$/i.test(c.req.param('id'))
      ? await getActor(db, tenant.id, c.req.param('id'))
      : undefined;
    if (a?.kind !== 'person') throw new AppError(404, 'not_found');
    authorize(actorOf(c), PERMS.erase, a.areaIds);
    const body = await formData(c);
    if (body.confirm !== 'on') return c.redirect(`${base(c)}/privacy?done=notConfirmed`, 303);
    await erasePerson(db, tenant.id, a.id, who(c));
    return c.redirect(`${base(c)}/privacy?done=erased`, 303);
  });

  staff.post('/network/privacy/concerns/:id/erase', async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const x = /^[0-9a-f-]{36}$/i.test(c.req.param('id'))
      ? await getConcern(db, tenant.id, c.req.param('id'))
      : undefined;
    if (!x) throw new AppError(404, 'not_found');
    authorize(actorOf(c), PERMS.erase, x.areaIds);
    const body = await formData(c);
    if (body.confirm !== 'on') return c.redirect(`${base(c)}/privacy?done=notConfirmed`, 303);
    await eraseConcernContact(db, tenant.id, x.id, who(c));
    return c.redirect(`${base(c)}/privacy?done=erased`, 303);
  });
}
