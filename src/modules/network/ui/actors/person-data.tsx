import type { Hono } from 'hono';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { formData, html } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { Alert, Button, CheckboxField, KeyValueList } from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { PERMS } from '../../policies.ts';
import { auditPersonChange, erasePerson, exportPerson, type PersonExport } from '../../use-cases/people.ts';
import { base, type C, fmtDateTime, label, who } from '../common.tsx';
import { visibleActor } from './shared.tsx';

/** GDPR: export and erasure of a person. */
export function mountPersonDataPages(staff: Hono<AppEnv>) {
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
