/** RSS 2.0 and Atom 1.0 (RFC 4287) writers for news and events; well-formed XML, UTF-8. */

export interface FeedItem {
  /** Permanent, unique id (the item's URL works). */
  id: string;
  title: string;
  url: string;
  summary: string;
  /** Sanitised HTML (optional; goes to content:encoded / atom content). */
  contentHtml?: string;
  published: Date;
  updated: Date;
  categories?: string[];
  author?: string;
  image?: { url: string; type: string } | null;
}

export interface Feed {
  title: string;
  /** The HTML page the feed belongs to. */
  link: string;
  /** The feed's own URL. */
  selfUrl: string;
  description: string;
  language: string;
  items: FeedItem[];
  /** Used when there are no items. */
  updated?: Date;
}

// Characters not allowed in XML 1.0 are dropped; the five special ones escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly those
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const updatedOf = (f: Feed) =>
  f.items.reduce((m, i) => (i.updated.getTime() > m.getTime() ? i.updated : m), f.updated ?? new Date(0));

export function writeRss(f: Feed): string {
  const x = xmlEscape;
  const items = f.items.map((i) =>
    [
      '<item>',
      `<title>${x(i.title)}</title>`,
      `<link>${x(i.url)}</link>`,
      `<guid isPermaLink="${i.id === i.url ? 'true' : 'false'}">${x(i.id)}</guid>`,
      `<pubDate>${i.published.toUTCString()}</pubDate>`,
      `<description>${x(i.summary)}</description>`,
      ...(i.categories ?? []).map((c) => `<category>${x(c)}</category>`),
      i.image ? `<enclosure url="${x(i.image.url)}" type="${x(i.image.type)}" length="0"/>` : '',
      i.contentHtml ? `<content:encoded>${x(i.contentHtml)}</content:encoded>` : '',
      '</item>',
    ]
      .filter(Boolean)
      .join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    `<title>${x(f.title)}</title>`,
    `<link>${x(f.link)}</link>`,
    `<description>${x(f.description)}</description>`,
    `<language>${x(f.language)}</language>`,
    `<lastBuildDate>${updatedOf(f).toUTCString()}</lastBuildDate>`,
    `<atom:link href="${x(f.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function writeAtom(f: Feed): string {
  const x = xmlEscape;
  const entries = f.items.map((i) =>
    [
      '<entry>',
      `<title>${x(i.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${x(i.url)}"/>`,
      `<id>${x(i.id)}</id>`,
      `<published>${i.published.toISOString()}</published>`,
      `<updated>${i.updated.toISOString()}</updated>`,
      i.author ? `<author><name>${x(i.author)}</name></author>` : '',
      ...(i.categories ?? []).map((c) => `<category term="${x(c)}"/>`),
      `<summary type="text">${x(i.summary)}</summary>`,
      i.contentHtml ? `<content type="html">${x(i.contentHtml)}</content>` : '',
      '</entry>',
    ]
      .filter(Boolean)
      .join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(f.language)}">`,
    `<title>${x(f.title)}</title>`,
    `<subtitle>${x(f.description)}</subtitle>`,
    `<link rel="alternate" type="text/html" href="${x(f.link)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${x(f.selfUrl)}"/>`,
    `<id>${x(f.selfUrl)}</id>`,
    `<updated>${updatedOf(f).toISOString()}</updated>`,
    `<author><name>${x(f.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
