import type { Hono } from 'hono';
import { actorOf, canTenantWide } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import type { OutboxMail, OutboxStatus } from '../../../platform/mail/index.ts';
import { Alert, Button, DataTable, KeyValueList, LinkButton, SelectField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PERMS } from '../policies.ts';
import { exportOutboxFor, listOutboxFor, outboxMailFor, retryOutboxMail } from '../use-cases/outbox.ts';
import { formatDateTime } from './format.ts';

const STATUSES: OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'held'];
const PAGE_SIZE = 50;

/** Plain text as paragraphs with its line breaks; never rendered as HTML and links are not clickable. */
function MailText({ text }: { text: string }) {
  return (
    <div className="q-prose">
      {text.split(/\n{2,}/).map((para, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static text
        <p key={i}>
          {para.split('\n').map((line, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static text
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}

export function mountOutboxScreens(staff: Hono<AppEnv>) {
  staff.get('/admin/outbox', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db, mailer, config } = c.get('services');
    const statusParam = c.req.query('status') ?? '';
    const status = (STATUSES as string[]).includes(statusParam) ? (statusParam as OutboxStatus) : undefined;
    if (c.req.query('format') === 'csv') {
      const all = await exportOutboxFor(actorOf(c), db, { status }, { ip: clientIp(c, config.trustProxy) });
      return csvResponse(
        toCsv(
          ['created', 'to', 'subject', 'status', 'attempts', 'sent', 'error'].map((k) =>
            t(`admin:outbox.csv.${k}`),
          ),
          all.map((m) => [
            m.createdAt.toISOString(),
            m.to,
            m.subject,
            t(`admin:outbox.statuses.${m.status}`),
            m.attempts,
            m.sentAt ? m.sentAt.toISOString() : '',
            m.lastError ?? '',
          ]),
        ),
        'postausgang.csv',
      );
    }
    const beforeParam = c.req.query('before');
    const before = isUuid(beforeParam) ? beforeParam : undefined;
    // Addresses and subjects are personal data: the use case checks and audits the look.
    const list = await listOutboxFor(
      actorOf(c),
      db,
      { status, before, limit: PAGE_SIZE },
      { ip: clientIp(c, config.trustProxy) },
    );
    const base = `/staff/${tenant.slug}/admin/outbox`;
    const query = (extra: Record<string, string>) => {
      const p = new URLSearchParams({ ...(status ? { status } : {}), ...extra });
      const s = p.toString();
      return s ? `${base}?${s}` : base;
    };
    return staffPage(c, {
      title: t('admin:outbox.title'),
      children: (
        <>
          <h1>{t('admin:outbox.title')}</h1>
          <p>{t('admin:outbox.intro')}</p>
          {mailer.enabled ? null : (
            <Alert variant="info" title={t('admin:outbox.embeddedTitle')}>
              {t('admin:outbox.embedded')}
            </Alert>
          )}
          <form method="get" action={base} className="q-filter">
            <SelectField
              id="outbox-status"
              name="status"
              label={t('admin:outbox.status')}
              value={status ?? ''}
              options={[
                { value: '', label: t('admin:outbox.allStatuses') },
                ...STATUSES.map((s) => ({ value: s, label: t(`admin:outbox.statuses.${s}`) })),
              ]}
            />
            <Button type="submit" variant="secondary">
              {t('admin:filter')}
            </Button>
          </form>
          <p>
            <a href={query({ format: 'csv' })} download>
              {t('admin:outbox.csvLink')}
            </a>
          </p>
          <DataTable
            caption={before ? t('admin:outbox.captionOlder') : t('admin:outbox.caption')}
            rows={list}
            rowKey={(m) => m.id}
            emptyMessage={t('admin:outbox.empty')}
            stack
            className="q-outbox"
            // The status comes right after the subject, and long addresses, subjects and errors
            // wrap: at 1280 px the status column stays on screen, at 360 px every row is a block.
            columns={[
              {
                key: 'subject',
                header: t('admin:outbox.subject'),
                rowHeader: true,
                className: 'q-cell-wrap',
                cell: (m: OutboxMail) => (
                  <a href={`${base}/${m.id}`}>{m.subject || t('admin:outbox.noSubject')}</a>
                ),
              },
              {
                key: 'status',
                header: t('admin:outbox.status'),
                cell: (m: OutboxMail) => t(`admin:outbox.statuses.${m.status}`),
              },
              {
                key: 'to',
                header: t('admin:outbox.to'),
                className: 'q-cell-wrap',
                cell: (m: OutboxMail) => m.to,
              },
              {
                key: 'created',
                header: t('admin:outbox.created'),
                cell: (m: OutboxMail) => formatDateTime(lang, m.createdAt),
              },
              {
                key: 'attempts',
                header: t('admin:outbox.attempts'),
                numeric: true,
                cell: (m: OutboxMail) => m.attempts,
              },
              {
                key: 'error',
                header: t('admin:outbox.lastError'),
                className: 'q-cell-wrap',
                cell: (m: OutboxMail) => (m.lastError ? m.lastError.slice(0, 120) : ''),
              },
            ]}
          />
          <p className="q-actions">
            {before ? <a href={query({})}>{t('admin:newest')}</a> : null}
            {list.length === PAGE_SIZE ? (
              <a href={query({ before: list[list.length - 1].id })}>{t('admin:older')}</a>
            ) : null}
          </p>
        </>
      ),
    });
  });

  staff.get('/admin/outbox/:id', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    // Reading a mail is reading personal data (and maybe a sign-in link): the use case audits it.
    const mail = await outboxMailFor(actorOf(c), db, c.req.param('id') ?? '', {
      ip: clientIp(c, config.trustProxy),
    });
    const base = `/staff/${tenant.slug}/admin/outbox`;
    const headers = Object.entries(mail.headers ?? {});
    return staffPage(c, {
      title: mail.subject || t('admin:outbox.noSubject'),
      children: (
        <>
          <p>
            <a href={base}>{t('admin:outbox.back')}</a>
          </p>
          <h1>{mail.subject || t('admin:outbox.noSubject')}</h1>
          {c.req.query('retried') === '1' ? (
            <Alert variant="success" role="status" title={t('admin:outbox.retried')} />
          ) : null}
          <KeyValueList
            items={[
              { key: 'to', term: t('admin:outbox.to'), value: mail.to },
              {
                key: 'status',
                term: t('admin:outbox.status'),
                value: t(`admin:outbox.statuses.${mail.status}`),
              },
              { key: 'attempts', term: t('admin:outbox.attempts'), value: String(mail.attempts) },
              {
                key: 'created',
                term: t('admin:outbox.created'),
                value: formatDateTime(lang, mail.createdAt),
              },
              {
                key: 'sent',
                term: mail.status === 'sent' ? t('admin:outbox.sentAt') : t('admin:outbox.lastAttempt'),
                value: formatDateTime(lang, mail.sentAt),
              },
              { key: 'error', term: t('admin:outbox.lastError'), value: mail.lastError ?? '' },
              { key: 'messageId', term: t('admin:outbox.messageId'), value: mail.messageId ?? '' },
              {
                key: 'headers',
                term: t('admin:outbox.headers'),
                value: headers.map(([k, v]) => `${k}: ${v}`).join('; '),
              },
              {
                key: 'attachments',
                term: t('admin:outbox.attachments'),
                value: mail.attachments.map((a) => a.filename).join(', '),
              },
            ]}
          />
          {mail.status === 'failed' && canTenantWide(actorOf(c), PERMS.retryMail) ? (
            <form method="post" action={`${base}/${mail.id}/retry`}>
              <CsrfField token={csrfTokenFor(c)} />
              <Button type="submit" variant="primary">
                {t('admin:outbox.retry')}
              </Button>
            </form>
          ) : null}
          <h2>{t('admin:outbox.text')}</h2>
          {mail.html ? <p className="q-muted">{t('admin:outbox.htmlNotShown')}</p> : null}
          <MailText text={mail.text} />
          <p>
            <LinkButton href={base} variant="secondary">
              {t('admin:outbox.back')}
            </LinkButton>
          </p>
        </>
      ),
    });
  });

  staff.post('/admin/outbox/:id/retry', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const id = c.req.param('id');
    const retried = await retryOutboxMail(actorOf(c), services, id, {
      ip: clientIp(c, services.config.trustProxy),
    });
    return c.redirect(`/staff/${tenant.slug}/admin/outbox/${id}${retried ? '?retried=1' : ''}`, 303);
  });
}
