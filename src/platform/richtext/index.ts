import sanitizeHtml from 'sanitize-html';

/**
 * Descriptions, news and pages are stored as sanitised HTML: a short list of text tags, links only to
 * http(s)/mailto, no script, no style, no event handlers, no images (those are uploaded separately
 * with alt text). Plain text (no tags) becomes paragraphs, so a plain textarea works too.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'ul',
    'ol',
    'li',
    'a',
    'h2',
    'h3',
    'h4',
    'blockquote',
  ],
  allowedAttributes: { a: ['href', 'hreflang', 'lang', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links leave the site safely; the text of removed tags stays.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
    b: 'strong',
    i: 'em',
  },
};

const HAS_TAG = /<\/?[a-z][\s\S]*?>/i;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text typed by a person or read from a feed → safe HTML. */
export function richText(input: string | null | undefined): string {
  const s = (input ?? '').replace(/\r\n?/g, '\n').trim();
  if (!s) return '';
  if (!HAS_TAG.test(s)) {
    return s
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br />')}</p>`)
      .join('\n');
  }
  return sanitizeHtml(s, OPTIONS).trim();
}

/** HTML → plain text (feeds, mails, meta descriptions). */
export function plainText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[2-4]|li|blockquote)>/gi, '\n\n')
    .replace(/<li[^>]*>/gi, '- ');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** The first sentence(s) of a text up to `max` characters, for summaries. */
export function excerpt(html: string, max = 200): string {
  const t = plainText(html).replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.6 ? space : max).trim()} …`;
}
