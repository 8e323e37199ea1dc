import type { Context, Hono } from 'hono';
import { type Actor, actorOf, authorize } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm, parseFields, type RawForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { isLang, LANG_NAMES, type Lang, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { richText } from '../../../platform/richtext/index.ts';
import { addDays, dayStart, formatDateTime, formatRange, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxGroup,
  DataTable,
  ErrorSummary,
  fieldId,
  KeyValueList,
  LinkButton,
  Pagination,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage, UploadForm } from '../../../ui/page.tsx';
import { listAreas } from '../../areas/index.ts';
import { publishedOccurrences } from '../../events/index.ts';
import { pickText, publishedPosts, TOPICS } from '../../website/index.ts';
import type { SubscriberStatus } from '../db/schema.ts';
import { authorizeSubscribers, canManageIssue, canManageSubscribers, PERMS } from '../policies.ts';
import { ISSUE_FORM, issueFields } from '../schemas.ts';
import {
  type BounceReport,
  listBounces,
  SOFT_LIMIT,
  SOFT_WINDOW_DAYS,
  uploadBounces,
} from '../use-cases/bounces.ts';
import {
  countRecipients,
  createIssue,
  deleteIssue,
  getIssueForStaff,
  type Issue,
  type IssueInput,
  issueAreaPath,
  issueStats,
  listIssues,
  MANAGE as MANAGE_PLACEHOLDER,
  queueIssue,
  renderIssue,
  sendTestIssue,
  UNSUBSCRIBE,
  updateIssue,
} from '../use-cases/issues.ts';
import {
  eraseSubscriber,
  listSubscribers,
  reportBounces,
  subscriberCounts,
} from '../use-cases/subscribers.ts';
import { bounceAddressFromEnv, verpAddress } from '../use-cases/verp.ts';

type C = Context<AppEnv>;

/** Subscribers on one page of the list. */
const SUBSCRIBER_PAGE = 100;

type Values = Record<string, string | string[]>;
const v = (x: Values, k: string) => {
  const y = x[k];
  return Array.isArray(y) ? (y[0] ?? '') : (y ?? '');
};

async function composeOptions(c: C) {
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const lang = c.get('lang');
  const areas = await listAreas(db, tenant.id, { kinds: ['programme', 'district'] });
  const [posts, occ] = await Promise.all([
    publishedPosts(db, tenant.id, { limit: 30 }),
    publishedOccurrences(db, tenant.id, {}, new Date(), dayStart(addDays(todayLocal(), 60)), { limit: 200 }),
  ]);
  const seen = new Set<string>();
  const events = occ.filter((o) => !seen.has(o.event.id) && seen.add(o.event.id)).slice(0, 60);
  return {
    areas: areas.map((a) => ({ value: a.id, label: a.name })),
    posts: posts.map((p) => ({ value: p.id, label: pickText(p.texts, lang)?.text.title ?? p.slug })),
    events: events.map((o) => ({
      value: o.event.id,
      label: `${formatRange(o.occ.start, o.occ.end, lang, o.event.allDay)}: ${o.event.title}`,
    })),
  };
}

/** Reads the issue form by its schema (schemas.ts) and checks the chosen ids against the offered ones. */
function readIssue(
  body: Record<string, unknown>,
  o: { postIds: string[]; eventIds: string[]; areaIds: string[] },
) {
  const posted = fromForm(body as RawForm, ISSUE_FORM);
  const { data: d, errors } = parseFields(issueFields(), posted.input);
  const values: Values = posted.values;
  const offered = (ids: string[] | undefined, allowed: string[]) =>
    (ids ?? []).every((id) => allowed.includes(id));
  if (d.areaId && !o.areaIds.includes(d.areaId)) errors.areaId ??= 'validation.choice';
  if (!offered(d.postIds, o.postIds)) errors.postIds ??= 'validation.choice';
  if (!offered(d.eventIds, o.eventIds)) errors.eventIds ??= 'validation.choice';
  const postIds = d.postIds ?? [];
  const eventIds = d.eventIds ?? [];
  const intro = d.intro ?? '';
  if (!intro && postIds.length === 0 && eventIds.length === 0 && !errors.intro)
    errors.intro = 'newsletters:errors.empty';
  const input: IssueInput = {
    subject: d.subject ?? '',
    introHtml: richText(intro),
    lang: d.lang ?? 'de',
    segmentLangs: d.segmentLangs ?? [],
    areaId: d.areaId || null,
    topic: d.topic || null,
    postIds,
    eventIds,
  };
  return { input, values, errors };
}

const valuesOf = (i: Issue): Values => ({
  subject: i.subject,
  intro: i.introHtml
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<\/?p>/gi, ''),
  lang: i.lang,
  areaId: i.areaId ?? '',
  topic: i.topic ?? '',
  segmentLangs: i.segmentLangs,
  postIds: i.postIds,
  eventIds: i.eventIds,
});

async function IssueForm(c: C, action: string, values: Values, errors: Record<string, string>) {
  const t = c.get('t');
  const opts = await composeOptions(c);
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  return (
    <>
      <ErrorSummary
        title={t('errorSummaryTitle')}
        errors={Object.entries(errors).map(([k, m]) => ({ fieldId: fieldId(k), message: t(m) }))}
      />
      <form method="post" action={action} className="q-form" noValidate>
        <CsrfField token={csrfTokenFor(c)} />
        <TextField
          name="subject"
          label={t('newsletters:issue.subject')}
          value={v(values, 'subject')}
          error={err('subject')}
          required
          maxLength={200}
        />
        <SelectField
          name="lang"
          label={t('newsletters:issue.lang')}
          value={v(values, 'lang') || 'de'}
          error={err('lang')}
          options={PUBLIC_LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
        />
        <TextArea
          name="intro"
          label={t('newsletters:issue.intro')}
          hint={t('events:form.descriptionHint')}
          value={v(values, 'intro')}
          error={err('intro')}
          rows={6}
        />
        <h2>{t('newsletters:issue.segment')}</h2>
        <SelectField
          name="areaId"
          label={t('newsletters:issue.area')}
          value={v(values, 'areaId')}
          error={err('areaId')}
          placeholder={t('newsletters:issue.allAreas')}
          options={opts.areas}
        />
        <SelectField
          name="topic"
          label={t('newsletters:issue.topic')}
          value={v(values, 'topic')}
          error={err('topic')}
          placeholder={t('newsletters:issue.allTopics')}
          options={TOPICS.map((x) => ({ value: x, label: t(`website:topics.${x}`) }))}
        />
        <CheckboxGroup
          name="segmentLangs"
          error={err('segmentLangs')}
          label={t('newsletters:issue.segmentLangs')}
          hint={t('newsletters:issue.segmentLangsHint')}
          values={(values.segmentLangs as string[]) ?? []}
          options={PUBLIC_LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
        />
        <h2>{t('newsletters:issue.content')}</h2>
        <CheckboxGroup
          name="postIds"
          error={err('postIds')}
          label={t('newsletters:issue.posts')}
          values={(values.postIds as string[]) ?? []}
          options={opts.posts}
          hint={opts.posts.length ? undefined : t('newsletters:issue.noPosts')}
        />
        <CheckboxGroup
          name="eventIds"
          error={err('eventIds')}
          label={t('newsletters:issue.events')}
          values={(values.eventIds as string[]) ?? []}
          options={opts.events}
          hint={opts.events.length ? undefined : t('newsletters:issue.noEvents')}
        />
        <div className="q-form__actions">
          <Button type="submit">{t('newsletters:issue.saveDraft')}</Button>
        </div>
      </form>
    </>
  );
}

async function allowedAreaIds(c: C): Promise<string[]> {
  const areas = await listAreas(c.get('services').db, c.get('tenant')!.id, {
    kinds: ['programme', 'district'],
  });
  return areas.map((a) => a.id);
}

/** The same area rule the use cases enforce, asked first so the form can say which field is wrong. */
async function checkIssueArea(actor: Actor, c: C, r: { input: IssueInput; errors: Record<string, string> }) {
  if (r.errors.areaId) return;
  const path = await issueAreaPath(c.get('services').db, actor.tenantId, r.input.areaId);
  if (!canManageIssue(actor, path)) r.errors.areaId = 'newsletters:errors.areaNotAllowed';
}

/** Bounce mails uploaded at once: a mailbox folder of a few thousand bounces. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

function BounceReportTable({ c, report }: { c: C; report: BounceReport }) {
  const t = c.get('t');
  return (
    <>
      <h2 id="report">{t('newsletters:bounces.report')}</h2>
      <Alert
        variant={report.marked + report.soft > 0 ? 'success' : 'info'}
        role="status"
        title={t('newsletters:bounces.summary', {
          mails: report.mails,
          marked: report.marked,
          soft: report.soft,
          ignored: report.ignored,
          unreadable: report.unreadable,
        })}
      />
      <DataTable
        caption={t('newsletters:bounces.report')}
        hideCaption
        rows={report.items.slice(0, 1000)}
        rowKey={(it) => `${it.mail}-${it.email ?? ''}`}
        emptyMessage={t('newsletters:bounces.reasons.empty')}
        columns={[
          { key: 'mail', header: t('newsletters:bounces.mail'), numeric: true, cell: (it) => it.mail },
          {
            key: 'result',
            header: t('newsletters:bounces.result'),
            rowHeader: true,
            cell: (it) => t(`newsletters:bounces.results.${it.result}`),
          },
          { key: 'email', header: t('newsletters:bounces.address'), cell: (it) => it.email ?? '–' },
          {
            key: 'why',
            header: t('newsletters:bounces.why'),
            cell: (it) =>
              `${t(`newsletters:bounces.reasons.${it.reason}`, {
                count: it.softCount ?? 0,
                limit: SOFT_LIMIT,
                days: SOFT_WINDOW_DAYS,
              })}${it.status ? ` (${it.status})` : ''}`,
          },
          { key: 'subject', header: t('newsletters:bounces.subject'), cell: (it) => it.subject || '–' },
        ]}
      />
    </>
  );
}

async function bouncesPage(
  c: C,
  report: BounceReport | null,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const base = `/staff/${tenant.slug}/newsletter/bounces`;
  const csrf = csrfTokenFor(c);
  const history = await listBounces(actorOf(c), db, 100);
  let address: ReturnType<typeof bounceAddressFromEnv> = null;
  try {
    address = bounceAddressFromEnv();
  } catch {
    address = null;
  }
  return staffPage(c, {
    title: t('newsletters:bounces.title'),
    status,
    children: (
      <>
        <p className="q-breadcrumb">
          <a href={`/staff/${tenant.slug}/newsletter`}>{t('newsletters:staff.title')}</a>
        </p>
        <h1>{t('newsletters:bounces.title')}</h1>
        <p>{t('newsletters:bounces.intro')}</p>
        <p>
          {address
            ? t('newsletters:bounces.verpOn', {
                address: `${address.local}@${address.domain}`,
                example: verpAddress(address, '…'),
              })
            : t('newsletters:bounces.verpOff')}
        </p>
        {report ? <BounceReportTable c={c} report={report} /> : null}
        <h2>{t('newsletters:bounces.upload')}</h2>
        <p>{t('newsletters:bounces.uploadIntro', { limit: SOFT_LIMIT, days: SOFT_WINDOW_DAYS })}</p>
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={Object.entries(errors).map(([k, m]) => ({ fieldId: fieldId(k), message: t(m) }))}
        />
        <UploadForm
          action={`${base}/upload`}
          csrf={csrf}
          label={t('newsletters:bounces.file')}
          hint={t('newsletters:bounces.fileHint')}
          accept=".eml,.mbox,.mbx,.txt,message/rfc822,application/mbox"
          error={errors.file ? t(errors.file) : undefined}
          submit={t('newsletters:bounces.read')}
        />
        <h2>{t('newsletters:bounces.manual')}</h2>
        <form method="post" action={base} className="q-form" noValidate>
          <CsrfField token={csrf} />
          <TextArea name="emails" label={t('newsletters:bounces.emails')} rows={3} />
          <div className="q-form__actions">
            <Button type="submit" variant="secondary">
              {t('newsletters:bounces.mark')}
            </Button>
          </div>
        </form>
        <DataTable
          caption={t('newsletters:bounces.history')}
          rows={history}
          rowKey={(b) => b.id}
          emptyMessage={t('newsletters:bounces.noHistory')}
          columns={[
            {
              key: 'when',
              header: t('newsletters:bounces.when'),
              cell: (b) => formatDateTime(b.reportedAt, lang),
            },
            { key: 'email', header: t('newsletters:bounces.address'), rowHeader: true, cell: (b) => b.email },
            {
              key: 'kind',
              header: t('newsletters:bounces.kind'),
              cell: (b) => t(`newsletters:bounces.kinds.${b.kind}`),
            },
            { key: 'code', header: t('newsletters:bounces.code'), cell: (b) => b.status ?? '–' },
            { key: 'why', header: t('newsletters:bounces.why'), cell: (b) => b.diagnostic ?? '–' },
            {
              key: 'outcome',
              header: t('newsletters:bounces.result'),
              cell: (b) => t(`newsletters:bounces.outcomes.${b.outcome}`),
            },
            { key: 'issue', header: t('newsletters:bounces.issue'), cell: (b) => b.issueSubject ?? '–' },
            {
              key: 'source',
              header: t('newsletters:bounces.source'),
              cell: (b) => t(`newsletters:bounces.sources.${b.source}`),
            },
          ]}
        />
      </>
    ),
  });
}

export function mountNewsletterStaffPages(staff: Hono<AppEnv>) {
  staff.get('/newsletter', async (c) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const list = await listIssues(actor, db);
    const counts = await subscriberCounts(db, tenant.id);
    const mayListSubscribers = canManageSubscribers(actor);
    const base = `/staff/${tenant.slug}/newsletter`;
    return staffPage(c, {
      title: t('newsletters:staff.title'),
      children: (
        <>
          <h1>{t('newsletters:staff.title')}</h1>
          {!c.get('services').mailer.enabled ? (
            <Alert variant="warning" title={t('newsletters:staff.noSmtp')} />
          ) : null}
          <KeyValueList
            items={(['active', 'pending', 'unsubscribed', 'bounced'] as SubscriberStatus[]).map((s) => ({
              key: s,
              term: t(`newsletters:statuses.${s}`),
              value: String(counts[s]),
            }))}
          />
          <p className="q-actions">
            <LinkButton href={`${base}/issues/new`}>{t('newsletters:staff.newIssue')}</LinkButton>
            {mayListSubscribers ? (
              <LinkButton href={`${base}/subscribers`} variant="secondary">
                {t('newsletters:staff.subscribers')}
              </LinkButton>
            ) : null}
          </p>
          <DataTable
            caption={t('newsletters:staff.issues')}
            rows={list}
            rowKey={(i) => i.id}
            emptyMessage={t('newsletters:staff.noIssues')}
            columns={[
              {
                key: 'subject',
                header: t('newsletters:issue.subject'),
                rowHeader: true,
                cell: (i) => <a href={`${base}/issues/${i.id}`}>{i.subject}</a>,
              },
              {
                key: 'status',
                header: t('newsletters:staff.status'),
                cell: (i) => t(`newsletters:issueStatuses.${i.status}`),
              },
              {
                key: 'when',
                header: t('newsletters:staff.queuedAt'),
                cell: (i) =>
                  i.queuedAt
                    ? formatRange(i.queuedAt, i.queuedAt, lang).split(',').slice(0, 2).join(',')
                    : '–',
              },
              { key: 'sent', header: t('newsletters:stats.sent'), numeric: true, cell: (i) => i.stats.sent },
              {
                key: 'failed',
                header: t('newsletters:stats.failed'),
                numeric: true,
                cell: (i) => i.stats.failed + i.stats.bounced,
              },
              {
                key: 'unsub',
                header: t('newsletters:stats.unsubscribed'),
                numeric: true,
                cell: (i) => i.stats.unsubscribed,
              },
            ]}
          />
          {mayListSubscribers ? (
            <>
              <h2>{t('newsletters:bounces.title')}</h2>
              <p>{t('newsletters:bounces.intro')}</p>
              <p>
                <a href={`${base}/bounces`}>{t('newsletters:bounces.open')}</a>
              </p>
            </>
          ) : null}
        </>
      ),
    });
  });

  // ── Bounces: by hand, bounce mails uploaded (.eml/.mbox), and what was processed ────────────
  staff.get('/newsletter/bounces', async (c) => {
    return bouncesPage(c, null, {});
  });

  staff.post('/newsletter/bounces', async (c) => {
    const actor = actorOf(c);
    authorizeSubscribers(actor); // before the form is read
    const tenant = c.get('tenant')!;
    const emails = str((await formData(c)).emails)
      .split(/[\s,;]+/)
      .filter((x) => x.includes('@'));
    await reportBounces(actor, c.get('services').db, emails, 'reported by staff');
    return c.redirect(`/staff/${tenant.slug}/newsletter/bounces`);
  });

  staff.post('/newsletter/bounces/upload', async (c) => {
    const actor = actorOf(c);
    authorizeSubscribers(actor); // before the upload is read
    const file = (await formData(c)).file;
    if (!(file instanceof File) || file.size === 0)
      return bouncesPage(c, null, { file: 'validation.required' }, 422);
    if (file.size > MAX_UPLOAD_BYTES)
      return bouncesPage(c, null, { file: 'newsletters:bounces.tooLarge' }, 422);
    const report = await uploadBounces(actor, c.get('services').db, new Uint8Array(await file.arrayBuffer()));
    return bouncesPage(c, report, {});
  });

  staff.get('/newsletter/issues/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    return staffPage(c, {
      title: t('newsletters:staff.newIssue'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/newsletter`}>{t('newsletters:staff.title')}</a>
          </p>
          <h1>{t('newsletters:staff.newIssue')}</h1>
          {
            await IssueForm(
              c,
              `/staff/${tenant.slug}/newsletter/issues/new`,
              { lang: 'de', areaId: c.get('currentAreaId') ?? '' },
              {},
            )
          }
        </>
      ),
    });
  });

  staff.post('/newsletter/issues/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.manage);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const opts = await composeOptions(c);
    const r = readIssue(await formData(c), {
      postIds: opts.posts.map((x) => x.value),
      eventIds: opts.events.map((x) => x.value),
      areaIds: await allowedAreaIds(c),
    });
    await checkIssueArea(actor, c, r);
    if (Object.keys(r.errors).length)
      return staffPage(c, {
        title: t('newsletters:staff.newIssue'),
        status: 422,
        children: (
          <>
            <h1>{t('newsletters:staff.newIssue')}</h1>
            {await IssueForm(c, `/staff/${tenant.slug}/newsletter/issues/new`, r.values, r.errors)}
          </>
        ),
      });
    const issue = await createIssue(actor, c.get('services').db, r.input);
    return c.redirect(`/staff/${tenant.slug}/newsletter/issues/${issue.id}?saved=1`);
  });

  const issuePage = async (
    c: C,
    issue: Issue,
    values: Values,
    errors: Record<string, string>,
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const base = `/staff/${tenant.slug}/newsletter/issues/${issue.id}`;
    const rendered =
      issue.status === 'draft'
        ? await renderIssue(services, tenant, issue)
        : { html: issue.bodyHtml ?? '', text: issue.bodyText ?? '' };
    const recipients =
      issue.status === 'draft' ? await countRecipients(services.db, issue) : issue.recipients;
    const stats = (await issueStats(services.db, tenant.id, [issue.id])).get(issue.id)!;
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: issue.subject,
      status,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/newsletter`}>{t('newsletters:staff.title')}</a>
          </p>
          <h1>{issue.subject}</h1>
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          {c.req.query('test') ? (
            <Alert variant="success" title={t('newsletters:issue.testSent')} role="status" />
          ) : null}
          <KeyValueList
            items={[
              {
                key: 's',
                term: t('newsletters:staff.status'),
                value: t(`newsletters:issueStatuses.${issue.status}`),
              },
              { key: 'r', term: t('newsletters:stats.recipients'), value: String(recipients) },
              ...(issue.status !== 'draft'
                ? [
                    { key: 'sent', term: t('newsletters:stats.sent'), value: String(stats.sent) },
                    { key: 'pending', term: t('newsletters:stats.pending'), value: String(stats.pending) },
                    { key: 'failed', term: t('newsletters:stats.failed'), value: String(stats.failed) },
                    { key: 'bounced', term: t('newsletters:stats.bounced'), value: String(stats.bounced) },
                    {
                      key: 'unsub',
                      term: t('newsletters:stats.unsubscribed'),
                      value: String(stats.unsubscribed),
                    },
                  ]
                : []),
            ]}
          />
          {issue.status === 'draft' ? (
            <>
              {!services.mailer.enabled ? (
                <Alert variant="warning" title={t('newsletters:staff.noSmtp')} />
              ) : null}
              {errors.send ? <Alert variant="error" title={t(errors.send)} /> : null}
              <div className="q-actions">
                <form method="post" action={`${base}/test`} className="q-inline">
                  <CsrfField token={csrf} />
                  <Button type="submit" variant="secondary">
                    {t('newsletters:issue.sendTest')}
                  </Button>
                </form>{' '}
                <form method="post" action={`${base}/send`} className="q-inline">
                  <CsrfField token={csrf} />
                  <Button type="submit" disabled={!services.mailer.enabled || recipients === 0}>
                    {t('newsletters:issue.send', { count: recipients })}
                  </Button>
                </form>
              </div>
            </>
          ) : null}
          <h2>{t('newsletters:issue.preview')}</h2>
          {/* The mail as a mail client shows it, styles included: a page of its own (see /preview), sandboxed. */}
          <iframe
            className="q-mail-preview"
            src={`${base}/preview`}
            title={t('newsletters:issue.preview')}
            sandbox=""
            loading="lazy"
          />
          <details className="q-details">
            <summary>{t('newsletters:issue.textVersion')}</summary>
            <pre>{rendered.text}</pre>
          </details>
          {issue.status === 'draft' ? (
            <>
              <h2>{t('newsletters:issue.edit')}</h2>
              {await IssueForm(c, base, values, errors)}
              <form method="post" action={`${base}/delete`}>
                <CsrfField token={csrf} />
                <Button type="submit" variant="danger">
                  {t('newsletters:issue.delete')}
                </Button>
              </form>
            </>
          ) : null}
        </>
      ),
    });
  };

  const loadIssue = (c: C) => getIssueForStaff(actorOf(c), c.get('services').db, c.req.param('id') ?? '');

  staff.get('/newsletter/issues/:id{[0-9a-f-]{36}}', async (c) => {
    const issue = await loadIssue(c);
    return issuePage(c, issue, valuesOf(issue), {});
  });

  // The mail's HTML as its recipients get it, without their personal links. Its inline styles are the
  // mail's own, so this answer has a policy of its own: styles inline, no scripts, nothing fetched
  // but our images, shown only inside our staff page (the sandboxed frame of the issue page).
  staff.get('/newsletter/issues/:id{[0-9a-f-]{36}}/preview', async (c) => {
    const issue = await loadIssue(c);
    const html =
      issue.status === 'draft'
        ? (await renderIssue(c.get('services'), c.get('tenant')!, issue)).html
        : (issue.bodyHtml ?? '');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    );
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Cache-Control', 'private, no-store');
    return c.html(html.split(UNSUBSCRIBE).join('#').split(MANAGE_PLACEHOLDER).join('#'));
  });

  staff.post('/newsletter/issues/:id{[0-9a-f-]{36}}', async (c) => {
    const issue = await loadIssue(c);
    const tenant = c.get('tenant')!;
    const opts = await composeOptions(c);
    const r = readIssue(await formData(c), {
      // Keep earlier choices valid even when they dropped out of the option lists.
      postIds: [...opts.posts.map((x) => x.value), ...issue.postIds],
      eventIds: [...opts.events.map((x) => x.value), ...issue.eventIds],
      areaIds: await allowedAreaIds(c),
    });
    await checkIssueArea(actorOf(c), c, r);
    if (Object.keys(r.errors).length) return issuePage(c, issue, r.values, r.errors, 422);
    await updateIssue(actorOf(c), c.get('services').db, issue.id, r.input);
    return c.redirect(`/staff/${tenant.slug}/newsletter/issues/${issue.id}?saved=1`);
  });

  staff.post('/newsletter/issues/:id{[0-9a-f-]{36}}/test', async (c) => {
    const id = c.req.param('id');
    const tenant = c.get('tenant')!;
    await sendTestIssue(actorOf(c), c.get('services'), tenant, id, c.get('user')!.email);
    return c.redirect(`/staff/${tenant.slug}/newsletter/issues/${id}?test=1`);
  });

  staff.post('/newsletter/issues/:id{[0-9a-f-]{36}}/send', async (c) => {
    const issue = await loadIssue(c);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    if (!services.mailer.enabled)
      return issuePage(c, issue, valuesOf(issue), { send: 'newsletters:staff.noSmtp' }, 409);
    try {
      await queueIssue(actorOf(c), services, tenant, issue.id);
    } catch (err) {
      if (err instanceof AppError && err.status === 409)
        return issuePage(c, issue, valuesOf(issue), { send: 'newsletters:errors.notDraft' }, 409);
      throw err;
    }
    return c.redirect(`/staff/${tenant.slug}/newsletter/issues/${issue.id}`);
  });

  staff.post('/newsletter/issues/:id{[0-9a-f-]{36}}/delete', async (c) => {
    const id = c.req.param('id');
    const tenant = c.get('tenant')!;
    await deleteIssue(actorOf(c), c.get('services').db, id);
    return c.redirect(`/staff/${tenant.slug}/newsletter`);
  });

  // ── Subscribers (personal data: whole-tenant members only, every view audited) ─────────────
  staff.get('/newsletter/subscribers', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const q = c.req.query('q') ?? '';
    const asCsv = c.req.query('format') === 'csv';
    const requested = pageNumber(c.req.query('page'));
    const { items, total } = await listSubscribers(actorOf(c), db, {
      q,
      limit: SUBSCRIBER_PAGE,
      offset: asCsv ? 0 : (requested - 1) * SUBSCRIBER_PAGE,
      export: asCsv,
    });
    const pages = Math.max(1, Math.ceil(total / SUBSCRIBER_PAGE));
    if (asCsv) {
      const csv = toCsv(
        ['email', 'status', 'language', 'topics', 'consent_version', 'consent_at', 'confirmed_at'],
        items.map((s) => [
          s.email,
          s.status,
          s.lang,
          s.topics.join(' '),
          s.consentVersion,
          s.consentAt.toISOString(),
          s.confirmedAt?.toISOString() ?? '',
        ]),
      );
      return csvResponse(csv, 'newsletter.csv');
    }
    const base = `/staff/${tenant.slug}/newsletter/subscribers`;
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: t('newsletters:staff.subscribers'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/newsletter`}>{t('newsletters:staff.title')}</a>
          </p>
          <h1>{t('newsletters:staff.subscribers')}</h1>
          <form method="get" className="q-filter">
            <TextField name="q" type="search" label={t('newsletters:staff.search')} value={q} />
            <Button type="submit" variant="secondary">
              {t('events:public.show')}
            </Button>
          </form>
          <p>
            <a href={`${base}?${new URLSearchParams({ ...(q ? { q } : {}), format: 'csv' })}`}>
              {t('newsletters:staff.csv')}
            </a>
          </p>
          <DataTable
            caption={t('newsletters:staff.subscriberCount', { count: total })}
            rows={items}
            rowKey={(s) => s.id}
            emptyMessage={t('newsletters:staff.noSubscribers')}
            columns={[
              { key: 'email', header: t('newsletters:form.email'), rowHeader: true, cell: (s) => s.email },
              {
                key: 'status',
                header: t('newsletters:staff.status'),
                cell: (s) => t(`newsletters:statuses.${s.status}`),
              },
              {
                key: 'lang',
                header: t('newsletters:form.language'),
                cell: (s) => LANG_NAMES[(isLang(s.lang) ? s.lang : 'de') as Lang],
              },
              {
                key: 'consent',
                header: t('newsletters:staff.consent'),
                cell: (s) =>
                  `${s.consentVersion}, ${formatRange(s.consentAt, s.consentAt, lang).split(',').slice(0, 2).join(',')}`,
              },
              {
                key: 'erase',
                header: t('newsletters:staff.erase'),
                hideHeader: true,
                action: true,
                cell: (s) => (
                  <form method="post" action={`${base}/${s.id}/erase`}>
                    <CsrfField token={csrf} />
                    <Button type="submit" variant="tertiary" small>
                      {t('newsletters:staff.erase')}
                    </Button>
                  </form>
                ),
              },
            ]}
          />
          <Pagination
            page={Math.min(requested, pages)}
            totalPages={pages}
            href={(n) =>
              `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`
            }
            label={t('newsletters:staff.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  staff.post('/newsletter/subscribers/:id/erase', async (c) => {
    const actor = actorOf(c);
    authorizeSubscribers(actor);
    const tenant = c.get('tenant')!;
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'not_found');
    await eraseSubscriber(actor, c.get('services').db, id);
    return c.redirect(`/staff/${tenant.slug}/newsletter/subscribers`);
  });
}
