import type { ReactNode } from 'react';
import { dirOf, htmlLang, isLang, type Lang } from '../../platform/i18n/index.ts';

/**
 * A block of content written in one language (`lang`) shown on a page in another (`pageLang`):
 * marked with its real language and direction, so a screen reader reads German text as German on
 * an English page, and — when it stands in for a translation that does not exist (`fallback`) —
 * opened by a notice in the page's language saying so (`notice`, already translated).
 */
export function Translated(p: {
  lang: string;
  pageLang: string;
  fallback: boolean;
  notice: string;
  children: ReactNode;
  as?: 'div' | 'article' | 'section';
}) {
  const Tag = p.as ?? 'div';
  const l = (isLang(p.lang) ? p.lang : 'de') as Lang;
  const page = (isLang(p.pageLang) ? p.pageLang : 'de') as Lang;
  return (
    <Tag lang={htmlLang(l)} dir={dirOf(l)}>
      {p.fallback ? (
        <p className="q-notice q-translation-note" lang={htmlLang(page)} dir={dirOf(page)}>
          {p.notice}
        </p>
      ) : null}
      {p.children}
    </Tag>
  );
}
