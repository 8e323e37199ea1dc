import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Document, type DocumentProps, type HeadLink } from './Document.tsx';
import { NavList } from './NavList.tsx';

export interface LangLink {
  lang: string;
  htmlLang: string;
  label: string;
  href: string;
  current: boolean;
}

export interface PublicShellProps {
  t: TFunction;
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  siteName: string;
  homeHref: string;
  langLinks: LangLink[];
  /** Main navigation of the tenant's public pages (events, rooms, consultation hours, newsletter). */
  mainNav?: { href: string; label: string; current: boolean }[];
  footerLinks: { href: string; label: string }[];
  attribution?: string;
  description?: string;
  links?: HeadLink[];
  meta?: DocumentProps['meta'];
  jsonLd?: object[];
  nonce?: string;
  children: ReactNode;
}

/** Public page frame per tenant/area: header with language switch, main, footer with legal links. */
export function PublicShell(p: PublicShellProps) {
  return (
    <Document
      lang={p.lang}
      dir={p.dir}
      title={`${p.title} – ${p.siteName}`}
      description={p.description}
      bodyClass="q-public"
      links={p.links}
      meta={p.meta}
      jsonLd={p.jsonLd}
      nonce={p.nonce}
    >
      <a className="q-skip" href="#main">
        {p.t('skipToContent')}
      </a>
      <header className="q-header">
        <div className="q-header__inner">
          <a className="q-brand" href={p.homeHref}>
            {p.siteName}
          </a>
          <nav className="q-lang" aria-label={p.t('languageSwitch')}>
            <ul>
              {p.langLinks.map((l) => (
                <li key={l.lang}>
                  <a
                    href={l.href}
                    hrefLang={l.htmlLang}
                    lang={l.htmlLang}
                    aria-current={l.current ? 'true' : undefined}
                  >
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        {p.mainNav?.length ? (
          <NavList className="q-mainnav" label={p.t('mainNav')} links={p.mainNav} />
        ) : null}
      </header>
      <main id="main" className="q-main" tabIndex={-1}>
        {p.children}
      </main>
      <footer className="q-footer">
        <div className="q-footer__inner">
          <nav aria-label={p.t('footerNav')}>
            <ul>
              {p.footerLinks.map((l) => (
                <li key={l.href}>
                  <a href={l.href}>{l.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          {p.attribution ? (
            <p className="q-attribution" dir="auto">
              {p.attribution}
            </p>
          ) : null}
        </div>
      </footer>
    </Document>
  );
}
