import type { Context, Hono } from 'hono';
import type { ReactNode } from 'react';
import { type Actor, actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import type { DataSubject, LegalBasis } from '../../../platform/modules.ts';
import { dataSubject, LEGAL_BASIS_ARTICLE } from '../../../platform/privacy/index.ts';
import {
  Alert,
  Button,
  Card,
  CheckboxField,
  ErrorSummary,
  fieldId,
  KeyValueList,
  LinkButton,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PERMS } from '../policies.ts';
import {
  eraseDataSubject,
  erasureReport,
  exportDataSubject,
  findDataSubject,
  type ModuleExport,
  type ModuleFindings,
} from '../use-cases/data-subject.ts';
import { formatDateTime } from './format.ts';

type C = Context<AppEnv>;
type Errors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+\d][\d ()/-]{3,}$/;

/** The form as typed, its errors (i18n keys) and, when valid, the subject. */
function readSubject(body: Record<string, unknown>) {
  const values = {
    email: str(body.email).trim(),
    name: str(body.name).trim(),
    phone: str(body.phone).trim(),
  };
  const errors: Errors = {};
  if (!values.email) errors.email = 'validation.required';
  else if (values.email.length > 254 || !EMAIL.test(values.email)) errors.email = 'validation.email';
  if (values.name.length > 200) errors.name = 'admin:dataSubject.errors.tooLong';
  if (values.phone && (values.phone.length > 40 || !PHONE.test(values.phone)))
    errors.phone = 'admin:dataSubject.errors.phone';
  const subject: DataSubject | null = Object.keys(errors).length
    ? null
    : dataSubject(values.email, values.name, values.phone);
  return { values, errors, subject };
}

const base = (c: C) => `/staff/${c.get('tenant')!.slug}/admin/privacy`;
const ip = (c: C) => clientIp(c, c.get('services').config.trustProxy);

/** The module's name for people ("Community houses"), else its code name. */
const moduleTitle = (t: TFunction, module: string) =>
  t(`admin:dataSubject.modules.${module}`, { defaultValue: module });

/** Categories are `<module>.<kind>`; their names are `<module>:dataSubject.<kind>`. */
const categoryTitle = (t: TFunction, category: string) => {
  const [module, ...kind] = category.split('.');
  return t(`${module}:dataSubject.${kind.join('.')}`, { defaultValue: category });
};

const bases = (t: TFunction, list: LegalBasis[]) =>
  list.length
    ? list.map((b) => t(`admin:dataSubject.legalBases.${b}`)).join('; ')
    : t('admin:dataSubject.noBasis');

/** The person as hidden fields, so the next step (export, erase) needs no address in a URL. */
function SubjectFields({ s }: { s: DataSubject }) {
  return (
    <>
      <input type="hidden" name="email" value={s.email} />
      {s.name ? <input type="hidden" name="name" value={s.name} /> : null}
      {s.phone ? <input type="hidden" name="phone" value={s.phone} /> : null}
    </>
  );
}

function Who({ t, s }: { t: TFunction; s: DataSubject }) {
  return (
    <KeyValueList
      items={[
        { key: 'email', term: t('admin:dataSubject.email'), value: s.email },
        { key: 'name', term: t('admin:dataSubject.name'), value: s.name ?? '' },
        { key: 'phone', term: t('admin:dataSubject.phone'), value: s.phone ?? '' },
      ]}
    />
  );
}

function searchPage(c: C, values: Record<string, string> = {}, errors: Errors = {}, status: 200 | 422 = 200) {
  const t = c.get('t');
  const msg = (k?: string) => (k ? t(k) : undefined);
  return staffPage(c, {
    title: t('admin:dataSubject.title'),
    status,
    children: (
      <>
        <h1>{t('admin:dataSubject.title')}</h1>
        <p>{t('admin:dataSubject.intro')}</p>
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={Object.entries(errors).map(([f, k]) => ({ fieldId: fieldId(f), message: t(k) }))}
        />
        <form method="post" action={base(c)} className="q-form">
          <CsrfField token={csrfTokenFor(c)} />
          <TextField
            name="email"
            type="email"
            label={t('admin:dataSubject.email')}
            hint={t('admin:dataSubject.emailHint')}
            value={values.email}
            error={msg(errors.email)}
            autoComplete="off"
            required
          />
          <TextField
            name="name"
            label={t('admin:dataSubject.name')}
            hint={t('admin:dataSubject.nameHint')}
            value={values.name}
            error={msg(errors.name)}
            autoComplete="off"
            optionalText={t('admin:dataSubject.optional')}
          />
          <TextField
            name="phone"
            type="tel"
            label={t('admin:dataSubject.phone')}
            hint={t('admin:dataSubject.phoneHint')}
            value={values.phone}
            error={msg(errors.phone)}
            autoComplete="off"
            width={20}
            optionalText={t('admin:dataSubject.optional')}
          />
          <div className="q-form__actions">
            <Button type="submit" variant="primary">
              {t('admin:dataSubject.search')}
            </Button>
          </div>
        </form>
        <h2>{t('admin:dataSubject.howTitle')}</h2>
        <p>{t('admin:dataSubject.how')}</p>
      </>
    ),
  });
}

/** Per module, the categories found: what, how many, on which legal basis, kept until when. */
function Findings({ t, lang, found }: { t: TFunction; lang: string; found: ModuleFindings[] }) {
  return (
    <>
      {found.map((m) => (
        <section key={m.module} aria-labelledby={`module-${m.module}`}>
          <h2 id={`module-${m.module}`}>{moduleTitle(t, m.module)}</h2>
          {m.records.length === 0 ? <p className="q-muted">{t('admin:dataSubject.nothingHere')}</p> : null}
          {m.records.length > 0 ? (
            <ul className="q-cards">
              {m.records.map((r) => (
                <Card key={r.category} as="li" title={t(r.label)} hug>
                  <p>{t(r.description, { count: r.count })}</p>
                  <KeyValueList
                    stacked
                    items={[
                      { key: 'count', term: t('admin:dataSubject.count'), value: String(r.count) },
                      {
                        key: 'basis',
                        term: t('admin:dataSubject.legalBasis'),
                        value: bases(t, r.legalBasis),
                      },
                      { key: 'retention', term: t('admin:dataSubject.retention'), value: t(r.retention) },
                      {
                        key: 'until',
                        term: t('admin:dataSubject.keptUntil'),
                        value: r.retentionUntil
                          ? formatDay(lang, r.retentionUntil)
                          : t('admin:dataSubject.noFixedDate'),
                      },
                    ]}
                  />
                </Card>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </>
  );
}

const formatDay = (lang: string, day: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

const total = (found: ModuleFindings[]) =>
  found.reduce((n, m) => n + m.records.reduce((k, r) => k + r.count, 0), 0);

async function resultsPage(c: C, s: DataSubject) {
  const t = c.get('t');
  const found = await findDataSubject(actorOf(c), c.get('services'), s, { ip: ip(c) });
  const csrf = csrfTokenFor(c);
  const n = total(found);
  return staffPage(c, {
    title: t('admin:dataSubject.resultsTitle'),
    children: (
      <>
        <p>
          <a href={base(c)}>{t('admin:dataSubject.newSearch')}</a>
        </p>
        <h1>{t('admin:dataSubject.resultsTitle')}</h1>
        <Who t={t} s={s} />
        {n === 0 ? (
          <Alert variant="info" title={t('admin:dataSubject.nothingFound')}>
            {t('admin:dataSubject.nothingFoundText')}
          </Alert>
        ) : (
          <p>{t('admin:dataSubject.found', { count: n })}</p>
        )}
        <Findings t={t} lang={c.get('lang')} found={found} />
        {n > 0 ? (
          <>
            <h2>{t('admin:dataSubject.exportTitle')}</h2>
            <p>{t('admin:dataSubject.exportIntro')}</p>
            <form method="post" action={`${base(c)}/export`} className="q-actions">
              <CsrfField token={csrf} />
              <SubjectFields s={s} />
              <Button type="submit" name="format" value="json" variant="secondary">
                {t('admin:dataSubject.exportJson')}
              </Button>
              <Button type="submit" name="format" value="html" variant="secondary">
                {t('admin:dataSubject.exportHtml')}
              </Button>
            </form>
            <h2>{t('admin:dataSubject.eraseTitle')}</h2>
            <p>{t('admin:dataSubject.eraseIntro')}</p>
            <form method="post" action={`${base(c)}/erase`}>
              <CsrfField token={csrf} />
              <SubjectFields s={s} />
              <Button type="submit" variant="danger">
                {t('admin:dataSubject.eraseStart')}
              </Button>
            </form>
          </>
        ) : null}
      </>
    ),
  });
}

/** The confirmation step: what will go, what stays, and a box to tick. */
async function confirmPage(c: C, s: DataSubject, error?: string) {
  const t = c.get('t');
  const found = await findDataSubject(actorOf(c), c.get('services'), s, { ip: ip(c) });
  return staffPage(c, {
    title: t('admin:dataSubject.confirmTitle'),
    status: error ? 422 : 200,
    children: (
      <>
        <h1>{t('admin:dataSubject.confirmTitle')}</h1>
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={error ? [{ fieldId: fieldId('confirm'), message: t(error) }] : []}
        />
        <Who t={t} s={s} />
        <Alert variant="warning" title={t('admin:dataSubject.confirmWarningTitle')}>
          {t('admin:dataSubject.confirmWarning')}
        </Alert>
        <Findings t={t} lang={c.get('lang')} found={found.filter((m) => m.records.length > 0)} />
        <form method="post" action={`${base(c)}/erase`}>
          <CsrfField token={csrfTokenFor(c)} />
          <SubjectFields s={s} />
          <input type="hidden" name="step" value="confirm" />
          <CheckboxField
            name="confirm"
            label={t('admin:dataSubject.confirmLabel')}
            error={error ? t(error) : undefined}
            required
          />
          <div className="q-actions">
            <Button type="submit" variant="danger">
              {t('admin:dataSubject.eraseNow')}
            </Button>
            <LinkButton href={base(c)} variant="secondary">
              {t('admin:dataSubject.cancel')}
            </LinkButton>
          </div>
        </form>
      </>
    ),
  });
}

// ── The readable export ──────────────────────────────────────────────────────────────────────

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** "submitterEmail" → "submitter email". */
const fieldName = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

function Value({ v, lang }: { v: unknown; lang: string }): ReactNode {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'string') return ISO.test(v) ? formatDateTime(lang, v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '–';
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => String(x ?? '–')).join(', ');
    return (
      <ol>
        {v.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: records have no key of their own
          <li key={i}>
            <Value v={x} lang={lang} />
          </li>
        ))}
      </ol>
    );
  }
  return <Fields record={v as Record<string, unknown>} lang={lang} />;
}

function Fields({ record, lang }: { record: Record<string, unknown>; lang: string }) {
  return (
    <KeyValueList
      stacked
      items={Object.entries(record).map(([k, v]) => ({
        key: k,
        term: fieldName(k),
        value: <Value v={v} lang={lang} />,
      }))}
    />
  );
}

function exportPage(c: C, s: DataSubject, data: ModuleExport[]) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const modules = data.filter((m) => m.sections.length > 0);
  return staffPage(c, {
    title: t('admin:dataSubject.exportDocTitle'),
    children: (
      <>
        <h1>{t('admin:dataSubject.exportDocTitle')}</h1>
        <p>
          {t('admin:dataSubject.exportDocIntro', {
            tenant: tenant.name,
            date: formatDateTime(lang, new Date()),
          })}
        </p>
        <Who t={t} s={s} />
        {modules.length === 0 ? <p>{t('admin:dataSubject.nothingFound')}</p> : null}
        {modules.map((m) => (
          <section key={m.module} aria-labelledby={`export-${m.module}`}>
            <h2 id={`export-${m.module}`}>{moduleTitle(t, m.module)}</h2>
            {m.sections.map((sec) => (
              <section key={sec.category} aria-labelledby={`export-${sec.category}`}>
                <h3 id={`export-${sec.category}`}>{t(sec.label)}</h3>
                <KeyValueList
                  items={[
                    {
                      key: 'basis',
                      term: t('admin:dataSubject.legalBasis'),
                      value: bases(t, sec.legalBasis),
                    },
                    {
                      key: 'until',
                      term: t('admin:dataSubject.keptUntil'),
                      value: sec.retentionUntil
                        ? formatDay(lang, sec.retentionUntil)
                        : t('admin:dataSubject.noFixedDate'),
                    },
                    { key: 'count', term: t('admin:dataSubject.count'), value: String(sec.records.length) },
                  ]}
                />
                <ol>
                  {sec.records.map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: records have no key of their own
                    <li key={i}>
                      <Value v={r} lang={lang} />
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </section>
        ))}
      </>
    ),
  });
}

/** The download: every module's sections with translated titles and each legal basis with its article. */
function exportJson(c: C, s: DataSubject, data: ModuleExport[]) {
  const t = c.get('t');
  return {
    exportedAt: new Date().toISOString(),
    controller: c.get('tenant')!.name,
    subject: s,
    modules: data
      .filter((m) => m.sections.length > 0)
      .map((m) => ({
        module: m.module,
        title: moduleTitle(t, m.module),
        sections: m.sections.map((sec) => ({
          category: sec.category,
          title: t(sec.label),
          legalBasis: sec.legalBasis.map((b) => ({
            basis: b,
            article: LEGAL_BASIS_ARTICLE[b],
            text: t(`admin:dataSubject.legalBases.${b}`),
          })),
          retentionUntil: sec.retentionUntil,
          records: sec.records,
        })),
      })),
  };
}

/** The screen is for those the use cases answer: the others are refused before the form is read. */
function member(c: C): Actor {
  const actor = actorOf(c);
  authorizeTenantWide(actor, PERMS.privacy);
  return actor;
}

export function mountPrivacyScreen(staff: Hono<AppEnv>) {
  staff.get('/admin/privacy', async (c) => {
    member(c);
    return searchPage(c);
  });

  staff.post('/admin/privacy', async (c) => {
    member(c);
    const { values, errors, subject } = readSubject(await formData(c));
    if (!subject) return searchPage(c, values, errors, 422);
    return resultsPage(c, subject);
  });

  staff.post('/admin/privacy/export', async (c) => {
    const actor = member(c);
    const body = await formData(c);
    const { values, errors, subject } = readSubject(body);
    if (!subject) return searchPage(c, values, errors, 422);
    const format = str(body.format) === 'html' ? 'html' : 'json';
    const data = await exportDataSubject(actor, c.get('services'), subject, { ip: ip(c), format });
    c.header('Cache-Control', 'no-store');
    if (format === 'html') return exportPage(c, subject, data);
    const day = new Date().toISOString().slice(0, 10);
    c.header('Content-Disposition', `attachment; filename="auskunft-${day}.json"`);
    return c.json(exportJson(c, subject, data));
  });

  staff.post('/admin/privacy/erase', async (c) => {
    const actor = member(c);
    const body = await formData(c);
    const { values, errors, subject } = readSubject(body);
    if (!subject) return searchPage(c, values, errors, 422);
    if (str(body.confirm) !== 'on')
      return confirmPage(
        c,
        subject,
        str(body.step) === 'confirm' ? 'admin:dataSubject.confirmRequired' : undefined,
      );
    const report = await eraseDataSubject(actor, c.get('services'), subject, { ip: ip(c) });
    return c.redirect(`${base(c)}/erasures/${report.id}`, 303);
  });

  staff.get('/admin/privacy/erasures/:id', async (c) => {
    const actor = member(c);
    const t = c.get('t');
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'not_found');
    const report = await erasureReport(actor, c.get('services').db, id);
    const failed = report.results.filter((r) => r.failed);
    const kept = report.results.filter((r) => r.kept);
    return staffPage(c, {
      title: t('admin:dataSubject.reportTitle'),
      children: (
        <>
          <p>
            <a href={base(c)}>{t('admin:dataSubject.newSearch')}</a>
          </p>
          <h1>{t('admin:dataSubject.reportTitle')}</h1>
          <p>{t('admin:dataSubject.reportIntro', { date: formatDateTime(c.get('lang'), report.at) })}</p>
          {failed.length || kept.length ? (
            <Alert variant="warning" title={t('admin:dataSubject.reportIncomplete')}>
              {t('admin:dataSubject.reportIncompleteText')}
            </Alert>
          ) : (
            <Alert variant="success" role="status" title={t('admin:dataSubject.reportComplete')} />
          )}
          {report.results.map((r) => (
            <section key={r.module} aria-labelledby={`erased-${r.module}`}>
              <h2 id={`erased-${r.module}`}>{moduleTitle(t, r.module)}</h2>
              {r.failed ? (
                <p>{t('admin:dataSubject.moduleFailed', { code: r.failed })}</p>
              ) : (
                <KeyValueList
                  items={[
                    ...Object.entries(r.details).map(([category, n]) => ({
                      key: category,
                      term: categoryTitle(t, category),
                      value: t('admin:dataSubject.erasedCount', { count: n }),
                    })),
                    ...(Object.keys(r.details).length === 0
                      ? [{ key: 'none', term: t('admin:dataSubject.erased'), value: '0' }]
                      : []),
                  ]}
                />
              )}
              {r.kept ? <p>{t(r.kept, r.keptValues ?? {})}</p> : null}
            </section>
          ))}
        </>
      ),
    });
  });
}
