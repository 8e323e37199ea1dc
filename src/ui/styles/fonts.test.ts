/**
 * The self-hosted fonts are subsets that browsers fetch by unicode-range: a German, English or easy
 * German page needs only the small Latin files, a Turkish one the Latin Extended files as well.
 * Reads the built stylesheet (npm run build:css) and every module's locale files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILD = join(ROOT, 'public/build');

interface Face {
  file: string;
  weight: string;
  ranges: [number, number][];
}

function faces(): Face[] {
  const css = readFileSync(join(BUILD, 'app.css'), 'utf8');
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => {
    const body = m[1]!;
    const range = /unicode-range:\s*([^;}]+)/.exec(body)?.[1] ?? '';
    return {
      file: /url\("?([^")]+)"?\)/.exec(body)?.[1] ?? '',
      weight: /font-weight:\s*(\d+)/.exec(body)?.[1] ?? '',
      ranges: range
        .split(',')
        .filter((p) => p.trim())
        .map((p) => {
          const [lo, hi] = p.trim().replace(/^U\+/i, '').split('-');
          return [Number.parseInt(lo!, 16), Number.parseInt(hi ?? lo!, 16)];
        }),
    };
  });
}

/** Every character of the interface texts in one language, over all modules and the platform. */
function localeCharacters(lang: string): Set<number> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === `${lang}.json`) files.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  const chars = new Set<number>();
  for (const f of files) for (const ch of readFileSync(f, 'utf8')) chars.add(ch.codePointAt(0)!);
  return chars;
}

const covers = (fs: Face[], cp: number) => fs.some((f) => f.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
const uncovered = (fs: Face[], chars: Set<number>) =>
  [...chars].filter((cp) => cp > 0x20 && !covers(fs, cp)).map((cp) => String.fromCodePoint(cp));

describe('self-hosted fonts', () => {
  it('are subsets with a unicode-range, each file present and small', () => {
    const all = faces();
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) {
      expect(f.ranges.length, f.file).toBeGreaterThan(0);
      const path = join(BUILD, f.file);
      expect(existsSync(path), f.file).toBe(true);
      expect(statSync(path).size, f.file).toBeLessThan(60_000);
    }
    // Every weight the stylesheet uses has its Latin face.
    expect(new Set(all.filter((f) => covers([f], 0x61)).map((f) => f.weight))).toEqual(
      new Set(['400', '500', '600']),
    );
  });

  it('German, English and easy German texts need only the Latin faces', () => {
    const latin = faces().filter((f) => covers([f], 0x61));
    for (const lang of ['de', 'en', 'de-x-ls']) {
      const chars = localeCharacters(lang);
      expect(chars.size, lang).toBeGreaterThan(50);
      expect(uncovered(latin, chars), lang).toEqual([]);
    }
  });

  it('Turkish texts are covered by the Latin and Latin Extended faces together', () => {
    const chars = localeCharacters('tr');
    expect(chars.has('ş'.codePointAt(0)!)).toBe(true);
    expect(uncovered(faces(), chars)).toEqual([]);
  });
});
