import { describe, expect, it } from 'vitest';
import { excerpt, plainText, richText } from './index.ts';

describe('rich text', () => {
  it('keeps text tags and safe links, removes scripts, handlers, styles and images', () => {
    const html = richText(
      '<p onclick="x()">Hallo <b>Kiez</b><script>alert(1)</script><img src=x onerror=y> <a href="javascript:alert(1)">a</a> <a href="https://example.org">b</a></p>',
    );
    expect(html).toBe(
      '<p>Hallo <strong>Kiez</strong> <a rel="nofollow noopener">a</a> <a href="https://example.org" rel="nofollow noopener">b</a></p>',
    );
  });

  it('turns plain text into paragraphs with escaped content', () => {
    expect(richText('Erste Zeile\nzweite Zeile\n\n5 < 6 & "gut"')).toBe(
      '<p>Erste Zeile<br />zweite Zeile</p>\n<p>5 &lt; 6 &amp; &quot;gut&quot;</p>',
    );
    expect(richText('   ')).toBe('');
  });

  it('gives plain text and short excerpts for feeds and mails', () => {
    expect(plainText('<p>Eins &amp; zwei</p><ul><li>drei</li></ul>')).toBe('Eins & zwei\n\n- drei');
    expect(excerpt('<p>Ein langer Satz über das Fest im Kiez mit Musik</p>', 30)).toBe(
      'Ein langer Satz über das Fest …',
    );
  });
});
