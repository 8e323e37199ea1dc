import type { ReactNode } from 'react';

export interface HeadLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  hrefLang?: string;
}

export interface DocumentProps {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  description?: string;
  bodyClass: string;
  links?: HeadLink[];
  /** `httpEquiv: 'refresh'` for a page that goes back to its start on its own (a kiosk). */
  meta?: { property?: string; name?: string; httpEquiv?: string; content: string }[];
  /** JSON-LD blocks (schema.org); serialised safely. */
  jsonLd?: object[];
  /** Script URLs for pages that opt in to an island; public pages normally have none. */
  scripts?: string[];
  nonce?: string;
  children: ReactNode;
}

export const ASSET_VERSION = process.env.npm_package_version ?? '0';

/** The HTML document around every page: one stylesheet, no script unless a page opts in. */
export function Document(p: DocumentProps) {
  return (
    <html lang={p.lang} dir={p.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        {p.description ? <meta name="description" content={p.description} /> : null}
        {p.meta?.map((m) => (
          <meta
            key={`${m.property ?? m.name ?? m.httpEquiv}:${m.content}`}
            property={m.property}
            name={m.name}
            httpEquiv={m.httpEquiv}
            content={m.content}
          />
        ))}
        <link rel="stylesheet" href={`/static/app.css?v=${ASSET_VERSION}`} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {p.links?.map((l) => (
          <link
            key={`${l.rel}:${l.href}`}
            rel={l.rel}
            href={l.href}
            type={l.type}
            title={l.title}
            hrefLang={l.hrefLang}
          />
        ))}
        {p.jsonLd?.map((obj, i) => (
          <script
            // biome-ignore lint/suspicious/noArrayIndexKey: static list
            key={i}
            type="application/ld+json"
            nonce={p.nonce}
            // JSON-LD must be raw JSON; '<' is escaped so content can never close the script tag.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped JSON
            dangerouslySetInnerHTML={{ __html: JSON.stringify(obj).replace(/</g, '\\u003c') }}
          />
        ))}
        {p.scripts?.map((src) => (
          <script key={src} src={src} nonce={p.nonce} defer />
        ))}
      </head>
      <body className={p.bodyClass}>{p.children}</body>
    </html>
  );
}
