import { describe, expect, it } from 'vitest';
import { xmlProblems } from '../../test/xml.ts';
import { type Feed, writeAtom, writeRss, xmlEscape } from './index.ts';

const feed: Feed = {
  title: 'Neuigkeiten <Kiez> & mehr',
  link: 'https://example.org/t/areas/a',
  selfUrl: 'https://example.org/t/areas/a/news.rss',
  description: 'Aus dem "Quartier"',
  language: 'de',
  items: [
    {
      id: 'https://example.org/t/news/1',
      title: 'Fest am Sonntag \u0001',
      url: 'https://example.org/t/news/1',
      summary: 'Kuchen & Musik',
      contentHtml: '<p>Kuchen &amp; Musik</p>',
      published: new Date('2025-03-01T10:00:00Z'),
      updated: new Date('2025-03-02T10:00:00Z'),
      categories: ['Feste'],
    },
  ],
};

describe('RSS 2.0 and Atom', () => {
  it('write well-formed XML with escaped text, and drop characters XML does not allow', () => {
    for (const [xml, root] of [
      [writeRss(feed), 'rss'],
      [writeAtom(feed), 'feed'],
    ] as const) {
      expect(xmlProblems(xml)).toEqual({ problems: [], root });
      expect(xml).toContain('Neuigkeiten &lt;Kiez&gt; &amp; mehr');
      expect(xml).not.toContain('\u0001');
    }
    expect(writeAtom(feed)).toContain('<updated>2025-03-02T10:00:00.000Z</updated>');
    expect(writeRss(feed)).toContain('<guid isPermaLink="true">https://example.org/t/news/1</guid>');
    expect(xmlEscape(`a'b"c`)).toBe('a&apos;b&quot;c');
  });

  it('an empty feed is dated by its own update time', () => {
    const empty = writeAtom({ ...feed, items: [], updated: new Date('2025-01-01T00:00:00Z') });
    expect(xmlProblems(empty).problems).toEqual([]);
    expect(empty).toContain('<updated>2025-01-01T00:00:00.000Z</updated>');
  });
});
