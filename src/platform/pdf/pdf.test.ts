import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { isolate, layoutText, registerPdfFonts, writeText } from './index.ts';

// fontkit is the shaper inside pdfkit; the tests shape runs with it the way pdfkit does.
const require = createRequire(import.meta.url);
interface Glyph {
  name: string;
  codePoints: number[];
}
const fontkit = require('fontkit') as {
  openSync(path: string): { layout(text: string, features: string[]): { glyphs: Glyph[] } };
};
const arabicFont = fontkit.openSync(
  require.resolve('@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff'),
);

const newDoc = () => registerPdfFonts(new PDFDocument({ compress: false }));
const runsOf = (text: string, width: number, rtl = true) =>
  layoutText(newDoc(), text, { size: 11, width, rtl }).map((p) =>
    p.map((line) => line.map((r) => ({ ...r, arabic: r.font.endsWith('-Arabic') }))),
  );

/** The code points a PDF shows, left to right, via the ToUnicode map (one embedded font only). */
async function shownText(draw: (doc: PDFKit.PDFDocument) => void): Promise<{ text: string; ids: number[] }> {
  const doc = newDoc();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<string>((r) => doc.on('end', () => r(Buffer.concat(chunks).toString('latin1'))));
  draw(doc);
  doc.end();
  const raw = await done;
  const cmaps = [...raw.matchAll(/beginbfrange\n<0000> <[0-9a-f]+> \[([^\]]*)\]/g)];
  expect(cmaps).toHaveLength(1);
  const map = [...cmaps[0][1].matchAll(/<([0-9a-f]*)>/g)].map((m) =>
    m[1] ? String.fromCodePoint(Number.parseInt(m[1], 16)) : '',
  );
  const ids = [...raw.matchAll(/\[<([0-9a-f]+)> -?[\d.]+\] TJ/g)].flatMap((m) =>
    m[1].match(/.{4}/g)!.map((h) => Number.parseInt(h, 16)),
  );
  return { text: ids.map((id) => map[id]).join(''), ids };
}

describe('PDF text with Arabic (platform/pdf)', () => {
  it('draws an Arabic line joined and right to left: words in reading order from the right', async () => {
    const word = 'مرحبا بكم، يجمع هذا بيت';
    const { text, ids } = await shownText((doc) => writeText(doc, word, { size: 11, width: 300, rtl: true }));
    // Left to right on the page is the logical text reversed (pdfkit alone keeps the words in order),
    // and every glyph maps back to its own letter (ب ت ي ج ذ, which differ only by their dots).
    expect(text).toBe([...word].reverse().join(''));
    // Contextual forms: the meems of بكم (final), يجمع (medial) and مرحبا (initial) are three glyphs.
    const meems = ids.filter((_, i) => text[i] === 'م');
    expect(meems).toHaveLength(3);
    expect(new Set(meems).size).toBe(3);
  });

  it('shapes each run with fontkit into joined forms and lam-alef, in visual order', () => {
    const [[line]] = runsOf('السلام عليكم', 500);
    expect(line).toHaveLength(1);
    // The font names its joined forms after Unicode's Arabic presentation forms.
    const names = arabicFont.layout(line[0].text, []).glyphs.map((g) => g.name);
    // Visual order (left to right) starts with the end of the text: عليكم's final meem (U+FEE2).
    expect(names).toEqual([
      'uniFEE2', // م final
      'uniFEDC', // ك medial
      'uniFEF4', // ي medial
      'uniFEE0', // ل medial
      'uniFECB', // ع initial
      'space',
      'uni0645', // م isolated after the lam-alef, which does not join to the left
      'uniFEFC', // lam-alef ligature, final form
      'uniFEB4', // س medial
      'uniFEDF', // ل initial
      'uni0627', // ا isolated: the start of the text, rightmost
    ]);
  });

  it('keeps numbers, a street, a phone number and a URL left to right inside right-to-left text', () => {
    const [[line]] = runsOf(
      'العنوان: Hauptstraße 5، الهاتف 030 123456، https://quartier.example/berlin',
      2000,
    );
    expect(line.map((r) => [r.text, r.arabic])).toEqual([
      ['https://quartier.example/berlin', false],
      [' ،', true], // comma and space have no script of their own: reversed here, not by fontkit
      ['123456', false],
      [' ', false],
      ['030', false],
      ['، الهاتف ', true],
      ['Hauptstraße 5', false],
      [' :', false], // reversed for the right-to-left run: ': ' read from the right
      ['العنوان', true],
    ]);
    // Right aligned: the last run ends at the right edge, the runs touch each other.
    const last = line.at(-1)!;
    expect(last.x + last.width).toBeCloseTo(2000, 3);
    for (let i = 1; i < line.length; i++) expect(line[i].x).toBeCloseTo(line[i - 1].x + line[i - 1].width, 3);
  });

  it('mirrors brackets and keeps Arabic-Indic digits left to right', () => {
    const [[line]] = runsOf('رقم ١٢٣ (مجاناً)', 1000);
    // Left to right: the closing bracket mirrored to "(", the word, the opening one mirrored to ")".
    expect(line.map((r) => r.text)).toEqual(['(', 'مجاناً', ')', ' ', '٣٢١', 'رقم ']);
    // fontkit reverses Arabic-script runs itself; the digit run is handed over so that it ends up 1-2-3.
    const digits = line.find((r) => /[١-٣]/.test(r.text))!;
    expect(arabicFont.layout(digits.text, []).glyphs.map((g) => g.codePoints[0])).toEqual([
      0x661, 0x662, 0x663,
    ]);
  });

  it('wraps the logical text first, then orders each line; left-to-right text keeps an isolated Arabic part whole', () => {
    const words = Array.from({ length: 30 }, (_, i) => `كلمة${'ب'.repeat(i % 4)}`);
    const lines = runsOf(words.join(' '), 150)[0];
    expect(lines.length).toBeGreaterThan(3);
    // The first line holds the first words (the rightmost run, read first).
    const firstLine = lines[0].at(-1)!.text;
    expect(firstLine.startsWith(`${words[0]} ${words[1]}`)).toBe(true);
    for (const l of lines) expect(l.at(-1)!.x + l.at(-1)!.width).toBeCloseTo(150, 3);

    const [[mixed]] = runsOf(
      `Di., 3. Juni (${isolate('الثلاثاء، 3 يونيو')}), 10:00–12:00 · Haus`,
      2000,
      false,
    );
    expect(mixed[0]).toMatchObject({ text: 'Di., 3. Juni (', x: 0 });
    expect(mixed.at(-1)!.text).toBe('), 10:00–12:00 · Haus');
    expect(mixed.map((r) => r.text).join('')).not.toMatch(/[\u2066-\u2069]/);
  });
});
