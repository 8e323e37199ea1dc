import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Document } from './Document.tsx';
import { NavList } from './NavList.tsx';
import type { LangLink } from './PublicShell.tsx';

export interface StaffNavLink {
  href: string;
  label: string;
  current: boolean;
}

export interface StaffShellProps {
  t: TFunction;
  lang: string;
  title: string;
  tenantName: string;
  homeHref: string;
  userName: string;
  csrfToken: string;
  nav: StaffNavLink[];
  langLinks: LangLink[];
  areaSwitch?: { action: string; options: { value: string; label: string }[]; current: string };
  scripts?: string[];
  nonce?: string;
  children: ReactNode;
}

/**
 * Staff frame: top bar (area switcher, sign-out), navigation by module — a menu behind a disclosure
 * button on phones, a sidebar from 960 px; usable at 360 px without JS.
 */
export function StaffShell(p: StaffShellProps) {
  const current = p.nav.find((n) => n.current);
  return (
    <Document
      lang={p.lang}
      dir="ltr"
      title={`${p.title} – ${p.tenantName} – Quartier`}
      bodyClass="q-staff"
      scripts={p.scripts}
      nonce={p.nonce}
    >
      <a className="q-skip" href="#main">
        {p.t('skipToContent')}
      </a>
      <header className="q-topbar">
        <a className="q-brand" href={p.homeHref}>
          Quartier <span className="q-brand__tenant">{p.tenantName}</span>
        </a>
        {p.areaSwitch ? (
          <form className="q-area-switch" method="get" action={p.areaSwitch.action}>
            <label htmlFor="area-switch">{p.t('areaSwitch')}</label>
            <select
              id="area-switch"
              name="area"
              defaultValue={p.areaSwitch.current}
              className="kern-form-input__select"
            >
              <option value="">{p.t('areaSwitchAll')}</option>
              {p.areaSwitch.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">{p.t('areaSwitchApply')}</span>
            </button>
          </form>
        ) : null}
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
        <form className="q-signout" method="post" action="/logout">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <span className="q-user">{p.t('signedInAs', { name: p.userName })}</span>
          <button type="submit" className="kern-btn kern-btn--tertiary">
            <span className="kern-label">{p.t('signOut')}</span>
          </button>
        </form>
      </header>
      <div className="q-staff__body">
        {/* Phones and narrow windows: the navigation behind one disclosure button (works without
            JavaScript); from 960 px the sidebar below. Only one of the two is ever displayed. */}
        <details className="q-navmenu">
          <summary className="q-navmenu__button">
            <span className="q-navmenu__label">{p.t('staffMenu')}</span>
            {current ? <span className="q-navmenu__current">{current.label}</span> : null}
          </summary>
          <NavList className="q-navmenu__nav" label={p.t('staffNav')} links={p.nav} />
        </details>
        <NavList className="q-nav" label={p.t('staffNav')} links={p.nav} />
        <main id="main" className="q-main" tabIndex={-1}>
          {p.children}
        </main>
      </div>
    </Document>
  );
}
