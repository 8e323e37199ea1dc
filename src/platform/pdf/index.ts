import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { Bidi } from 'bidi-js';

/**
 * Fonts and text for the printable PDFs (pdfkit): Noto Sans for the Latin-script languages and
 * IBM Plex Sans Arabic (OFL, @fontsource) for Arabic. Plex has one glyph per letter form (Noto Sans
 * Arabic adds the dots as marks to shared shapes), so the PDF's text layer maps every glyph to its
 * letter: copying, searching and screen readers get real Arabic. pdfkit's fontkit shapes Arabic
 * (joined letter forms, lam-alef) but neither picks a font per script nor orders mixed
 * right-to-left and left-to-right text; `writeText` does both: it wraps the logical text, then
 * orders each line's runs visually with the Unicode bidi algorithm (bidi-js) and right-aligns
 * right-to-left paragraphs.
 */

const require = createRequire(import.meta.url);
const dir = (pkg: string, sub: string) =>
  require.resolve(`${pkg}/package.json`).replace(/package\.json$/, sub);
const NOTO = dir('@kern-ux/native', 'dist/fonts/noto-sans/');
// The "arabic" subset of @fontsource carries the Arabic blocks (no Latin letters or digits).
const PLEX_ARABIC = dir('@fontsource/ibm-plex-sans-arabic', 'files/ibm-plex-sans-arabic-arabic-');

/** Registered font names: `Body`/`Bold` (Latin), `Body-Arabic`/`Bold-Arabic`. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  doc.registerFont('Body', sfnt(`${NOTO}NotoSans-Regular.woff`));
  doc.registerFont('Bold', sfnt(`${NOTO}NotoSans-Bold.woff`));
  doc.registerFont('Body-Arabic', sfnt(`${PLEX_ARABIC}400-normal.woff`));
  doc.registerFont('Bold-Arabic', sfnt(`${PLEX_ARABIC}700-normal.woff`));
  return doc.font('Body');
}

const fonts = new Map<string, Buffer>();
/**
 * The WOFF file as a plain OpenType font, unpacked once per process with node's zlib: fontkit
 * would inflate the tables in JavaScript for every document (seconds per PDF on a small machine).
 */
function sfnt(path: string): Buffer {
  const cached = fonts.get(path);
  if (cached) return cached;
  const woff = readFileSync(path);
  const n = woff.readUInt16BE(12);
  const tables = Array.from({ length: n }, (_, i) => {
    const e = 44 + i * 20;
    const [offset, compLength, origLength] = [
      woff.readUInt32BE(e + 4),
      woff.readUInt32BE(e + 8),
      woff.readUInt32BE(e + 12),
    ];
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(e, e + 4),
      checksum: woff.readUInt32BE(e + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const log2 = Math.floor(Math.log2(n));
  const head = Buffer.alloc(12 + 16 * n);
  head.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: TrueType or CFF
  head.writeUInt16BE(n, 4);
  head.writeUInt16BE(2 ** log2 * 16, 6);
  head.writeUInt16BE(log2, 8);
  head.writeUInt16BE(n * 16 - 2 ** log2 * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    t.tag.copy(head, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  const out = Buffer.concat(parts);
  fonts.set(path, out);
  return out;
}

/** Characters drawn with the Arabic font (the blocks of its subset, plus ZWNJ/ZWJ). */
const ARABIC_CHAR = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d]/;
/** Bidi controls (marks, embeddings, isolates): they steer the order and are not drawn. */
const CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** fontkit lays out a run right-to-left by itself when its first script is Arabic. */
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
/** Line box of lines drawn here, in em: Arabic needs more room than Noto Sans' 1.36. */
const ASCENT = 1.1;
const LINE_HEIGHT = 1.65;

// bidi-js is a UMD bundle whose types declare an ES default export: load it the CommonJS way.
let bidiInstance: Bidi | undefined;
const bidi = () => (bidiInstance ??= (require('bidi-js') as () => Bidi)());

export interface TextOptions {
  /** Font size in points. */
  size: number;
  width: number;
  x?: number;
  y?: number;
  bold?: boolean;
  /** Right-to-left paragraph (Arabic): runs ordered from the right and the lines right-aligned. */
  rtl?: boolean;
  paragraphGap?: number;
  link?: string;
  underline?: boolean;
}

/** One run of a laid-out line, left to right: `text` is what pdfkit gets (fontkit then shapes it). */
export interface PlacedRun {
  text: string;
  font: string;
  x: number;
  width: number;
}

/**
 * Like `doc.font(…).fontSize(size).text(text, x, y, { width, … })` in the current colour. Text
 * without Arabic in a left-to-right paragraph goes to pdfkit unchanged; anything else through
 * `layoutText`, one pdfkit call per run.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string, o: TextOptions): PDFKit.PDFDocument {
  const latin = o.bold ? 'Bold' : 'Body';
  doc.fontSize(o.size);
  if (!o.rtl && !ARABIC_CHAR.test(text)) {
    const { width, paragraphGap, link, underline } = o;
    // pdfkit takes the options from the x argument when x is missing, so always pass a position.
    return doc
      .font(latin)
      .text(text.replace(CONTROLS, ''), o.x ?? doc.x, o.y ?? doc.y, { width, paragraphGap, link, underline });
  }
  const left = o.x ?? doc.x;
  let y = o.y ?? doc.y;
  const lineHeight = LINE_HEIGHT * o.size;
  for (const paragraph of layoutText(doc, text, o)) {
    for (const line of paragraph) {
      if (y + lineHeight > doc.page.maxY() && y > doc.page.margins.top) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      for (const run of line) {
        doc.font(run.font).text(run.text, left + run.x, y, {
          lineBreak: false,
          features: [],
          baseline: -ASCENT * o.size,
          link: o.link,
          underline: o.underline,
        });
      }
      y += lineHeight;
    }
    y += o.paragraphGap ?? 0;
  }
  doc.font(latin);
  doc.x = left;
  doc.y = y;
  return doc;
}

/**
 * Lays out `text` in lines of at most `width` (current font size): paragraphs at "\n", words
 * wrapped on the logical text, then each line's runs (same bidi level and font) in visual order,
 * placed from the left edge (right-aligned when `rtl`).
 */
export function layoutText(
  doc: PDFKit.PDFDocument,
  text: string,
  o: Pick<TextOptions, 'size' | 'width' | 'rtl' | 'bold'>,
): PlacedRun[][][] {
  const fontName = (arabic: boolean) => `${o.bold ? 'Bold' : 'Body'}${arabic ? '-Arabic' : ''}`;
  const measure = (s: string, arabic: boolean) =>
    doc.font(fontName(arabic)).fontSize(o.size).widthOfString(s.replace(CONTROLS, ''), { features: [] });
  return text.split('\n').map((p) => {
    if (!p.trim()) return [[]];
    const arabic = fontOfEachChar(p);
    const { levels } = bidi().getEmbeddingLevels(p, o.rtl ? 'rtl' : 'ltr');
    const widthOf = (start: number, end: number) => {
      let w = 0;
      for (let i = start; i < end; ) {
        let j = i + 1;
        while (j < end && arabic[j] === arabic[i]) j++;
        w += measure(p.slice(i, j), arabic[i]);
        i = j;
      }
      return w;
    };
    return wrap(p, o.width, widthOf, measure(' ', false)).map(([start, end]) => {
      let x = 0;
      const placed: PlacedRun[] = [];
      for (const r of visualRuns(p, levels, arabic, start, end)) {
        const text = r.text.replace(CONTROLS, '');
        if (!text) continue;
        const width = measure(text, r.arabic);
        placed.push({ text, font: fontName(r.arabic), x, width });
        x += width;
      }
      if (o.rtl) for (const r of placed) r.x += o.width - x;
      return placed;
    });
  });
}

/** For each UTF-16 unit: drawn with the Arabic font? Spaces go with the text before them (else after). */
function fontOfEachChar(p: string): boolean[] {
  const own = [...p].flatMap((ch) => {
    const v = /\s/.test(ch) ? null : ARABIC_CHAR.test(ch);
    return ch.length === 2 ? [v, v] : [v];
  });
  const before: (boolean | null)[] = [];
  for (let i = 0; i < own.length; i++) before[i] = own[i] ?? (i > 0 ? before[i - 1] : null);
  const out: boolean[] = [];
  for (let i = own.length - 1; i >= 0; i--) out[i] = before[i] ?? (i < own.length - 1 ? out[i + 1] : false);
  return out;
}

/** Marks `s` as a unit of its own direction inside other text (first strong isolate … pop). */
export const isolate = (s: string): string => `\u2068${s}\u2069`;

/** Greedy line breaking at spaces on the logical text; a word wider than a line is cut. */
function wrap(
  p: string,
  width: number,
  widthOf: (start: number, end: number) => number,
  space: number,
): [number, number][] {
  const words: [number, number, number][] = [];
  for (const m of p.matchAll(/\S+/g)) {
    let start = m.index;
    const end = start + m[0].length;
    while (widthOf(start, end) > width) {
      let cut = start + 1;
      while (cut < end && widthOf(start, cut + 1) <= width) cut++;
      if (cut < end && /[\uDC00-\uDFFF]/.test(p[cut])) cut++;
      words.push([start, cut, widthOf(start, cut)]);
      start = cut;
    }
    if (start < end) words.push([start, end, widthOf(start, end)]);
  }
  const lines: [number, number][] = [];
  let line: [number, number] | null = null;
  let w = 0;
  for (const [start, end, ww] of words) {
    const gap = line && start > line[1] ? space : 0;
    if (line && w + gap + ww <= width) {
      line[1] = end;
      w += gap + ww;
    } else {
      if (line) lines.push(line);
      line = [start, end];
      w = ww;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The runs of p[start, end) in visual order (rule L2 of the bidi algorithm on runs). Each run's
 * `text` is handed to fontkit, which reverses Arabic-script runs itself: other right-to-left runs
 * (punctuation, spaces) are reversed and mirrored here, and left-to-right Arabic-script runs
 * (Arabic-Indic digits) pre-reversed so fontkit's reversal restores them.
 */
function visualRuns(
  p: string,
  levels: Uint8Array,
  arabic: boolean[],
  start: number,
  end: number,
): { text: string; arabic: boolean; level: number }[] {
  const runs: { text: string; arabic: boolean; level: number }[] = [];
  for (let i = start; i < end; ) {
    let j = i + 1;
    while (j < end && levels[j] === levels[i] && arabic[j] === arabic[i]) j++;
    runs.push({ text: p.slice(i, j), arabic: arabic[i], level: levels[i] });
    i = j;
  }
  const max = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level | 1));
  for (let k = max; k >= lowestOdd; k--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i].level < k) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j].level >= k) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  for (const r of runs) {
    const rtl = r.level % 2 === 1;
    if (rtl === ARABIC_SCRIPT.test(r.text)) continue;
    r.text = [...r.text]
      .reverse()
      .map((ch) => (rtl ? (bidi().getMirroredCharacter(ch) ?? ch) : ch))
      .join('');
  }
  return runs;
}
