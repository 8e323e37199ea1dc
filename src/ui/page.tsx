import type { Context } from 'hono';
import type { ReactNode } from 'react';
import type { AppEnv } from '../platform/http/context.ts';
import { html } from '../platform/http/render.tsx';
import { csrfTokenFor } from '../platform/http/security.ts';
import { dirOf, htmlLang, LANG_NAMES, type Lang, PUBLIC_LANGS, STAFF_LANGS } from '../platform/i18n/index.ts';
import { Button, type ButtonVariant } from './components/Button.tsx';
import { FileField } from './components/Field.tsx';
import { CsrfField } from './components/FormFrame.tsx';
import type { HeadLink } from './shells/Document.tsx';
import { PublicShell, type PublicShellProps } from './shells/PublicShell.tsx';
import { StaffShell } from './shells/StaffShell.tsx';

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

/** Links to the same page in each language (?lang= sets the cookie too), so switching works without JS. */
export function langLinks(c: Context<AppEnv>, langs: readonly Lang[]) {
  const current = c.get('lang');
  return langs.map((lang) => {
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang);
    return {
      lang,
      htmlLang: htmlLang(lang),
      label: LANG_NAMES[lang],
      href: `${url.pathname}${url.search}`,
      current: lang === current,
    };
  });
}

export interface PublicPageOptions {
  title: string;
  description?: string;
  links?: HeadLink[];
  meta?: PublicShellProps['meta'];
  jsonLd?: object[];
  status?: Status;
  children: ReactNode;
}

/** Renders a public page of the current tenant in the shell. */
export function publicPage(c: Context<AppEnv>, o: PublicPageOptions) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant');
  const base = tenant ? `/${tenant.slug}` : '/';
  const settings = (tenant?.settings ?? {}) as { attribution?: string };
  const footerLinks = tenant
    ? [
        { href: `${base}/imprint`, label: t('imprint') },
        { href: `${base}/privacy`, label: t('privacy') },
        { href: `${base}/accessibility`, label: t('accessibility') },
        { href: `/login?tenant=${encodeURIComponent(tenant.slug)}`, label: t('staffLogin') },
      ]
    : [{ href: '/login', label: t('staffLogin') }];
  const current = new URL(c.req.url).pathname;
  const mainNav = tenant
    ? (c.get('publicNav') ?? []).map((n) => {
        const href = `${base}${n.path}`;
        return { href, label: t(n.label), current: current === href || current.startsWith(`${href}/`) };
      })
    : [];
  return html(
    c,
    <PublicShell
      t={t}
      lang={htmlLang(lang)}
      dir={dirOf(lang)}
      title={o.title}
      siteName={tenant?.name ?? 'Quartier'}
      homeHref={base}
      langLinks={langLinks(c, PUBLIC_LANGS)}
      mainNav={mainNav}
      footerLinks={footerLinks}
      attribution={settings.attribution}
      description={o.description}
      links={o.links}
      meta={o.meta}
      jsonLd={o.jsonLd}
      nonce={c.get('nonce')}
    >
      {o.children}
    </PublicShell>,
    o.status,
  );
}

/** Renders a page outside any tenant (sign-in, errors) in the public shell. */
export const plainPage = publicPage;

export interface StaffPageOptions {
  title: string;
  status?: Status;
  scripts?: string[];
  children: ReactNode;
}

/** Renders a staff screen with navigation and area switcher. */
export function staffPage(c: Context<AppEnv>, o: StaffPageOptions) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const user = c.get('user')!;
  const base = `/staff/${tenant.slug}`;
  const path = new URL(c.req.url).pathname;
  const nav = (c.get('staffNav') ?? []).map((n) => {
    const href = `${base}${n.path}`;
    return { href, label: n.label, current: n.path === '' ? path === base : path.startsWith(href) };
  });
  const options = c.get('areaOptions');
  return html(
    c,
    <StaffShell
      t={t}
      lang={htmlLang(c.get('lang'))}
      title={o.title}
      tenantName={tenant.name}
      homeHref={base}
      userName={user.name}
      csrfToken={csrfTokenFor(c)}
      nav={nav}
      langLinks={langLinks(c, STAFF_LANGS)}
      areaSwitch={
        options && options.length > 0
          ? { action: `${base}/switch-area`, options, current: c.get('currentAreaId') ?? '' }
          : undefined
      }
      scripts={o.scripts}
      nonce={c.get('nonce')}
    >
      {o.children}
    </StaffShell>,
    o.status,
  );
}

export { CsrfField };

/** A form that uploads one file (`name="file"`, multipart) with a label, a hint and one button. */
export function UploadForm(p: {
  action: string;
  csrf: string;
  label: string;
  hint?: string;
  accept: string;
  error?: string;
  submit: string;
  variant?: ButtonVariant;
}) {
  return (
    <form method="post" action={p.action} encType="multipart/form-data" className="q-form" noValidate>
      <CsrfField token={p.csrf} />
      <FileField name="file" label={p.label} hint={p.hint} accept={p.accept} error={p.error} required />
      <div className="q-form__actions">
        <Button type="submit" variant={p.variant}>
          {p.submit}
        </Button>
      </div>
    </form>
  );
}
