// The text on the pages of a PDF made by pdfkit, for tests: pdfkit draws text with embedded font
// subsets, as glyph ids in compressed content streams; each font's ToUnicode map turns them back into
// letters. Enough for asserting what a generated document says, not a general PDF reader.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: string;
}

function objectsOf(pdf: Uint8Array): Map<number, PdfObject> {
  const bytes = Buffer.from(pdf);
  const raw = bytes.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    if (end < 0) break;
    const body = raw.slice(start, end);
    const s = /\bstream\r?\n/.exec(body);
    if (!s) out.set(Number(m[1]), { dict: body });
    else {
      const from = start + s.index + s[0].length;
      const to = raw.lastIndexOf('endstream', end);
      const data = bytes.subarray(from, to);
      const dict = body.slice(0, s.index);
      let stream: string;
      try {
        stream = (/\/FlateDecode/.test(dict) ? inflateSync(data) : data).toString('latin1');
      } catch {
        stream = '';
      }
      out.set(Number(m[1]), { dict, stream });
    }
    re.lastIndex = end;
  }
  return out;
}

const utf16 = (hex: string) => {
  let s = '';
  for (let i = 0; i + 3 < hex.length; i += 4)
    s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return s;
};

/** A ToUnicode CMap as glyph id → text (bfrange with arrays or a start value, and bfchar). */
function cmapOf(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]*>)/g)) {
      const lo = Number.parseInt(r[1], 16);
      const hi = Number.parseInt(r[2], 16);
      if (r[3].startsWith('[')) {
        const list = [...r[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => utf16(x[1]));
        for (const [i, v] of list.entries()) map.set(lo + i, v);
      } else {
        const first = Number.parseInt(r[3].slice(1, -1), 16);
        for (let g = lo; g <= hi; g++) map.set(g, String.fromCharCode(first + g - lo));
      }
    }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      map.set(Number.parseInt(r[1], 16), utf16(r[2]));
  return map;
}

/**
 * The text a PDF shows, in drawing order: each text block (BT … ET) on its own line, the glyphs of
 * its TJ/Tj strings mapped through the current font's ToUnicode map.
 */
export function pdfText(pdf: Uint8Array): string {
  const objects = objectsOf(pdf);
  // Font resource names (/F1) → their ToUnicode map, through the font objects.
  const cmapOfObject = new Map<number, Map<number, string>>();
  for (const [n, o] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    const cmap = ref ? objects.get(Number(ref[1]))?.stream : undefined;
    if (cmap) cmapOfObject.set(n, cmapOf(cmap));
  }
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objects.values())
    for (const res of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const f of res[1].matchAll(/\/([\w.+-]+) (\d+) 0 R/g)) {
        const cmap = cmapOfObject.get(Number(f[2]));
        if (cmap) fonts.set(f[1], cmap);
      }
  const lines: string[] = [];
  for (const o of objects.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream)) continue;
    let font: Map<number, string> | undefined;
    let line = '';
    for (const op of o.stream.matchAll(
      /\/([\w.+-]+) [\d.]+ Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b/g,
    )) {
      if (op[1]) font = fonts.get(op[1]);
      else if (op[0] === 'ET') {
        if (line) lines.push(line);
        line = '';
      } else {
        const hexes =
          op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]) : [op[3]];
        for (const hex of hexes)
          for (let i = 0; i + 3 < hex.length; i += 4)
            line += font?.get(Number.parseInt(hex.slice(i, i + 4), 16)) ?? '';
      }
    }
    if (line) lines.push(line);
  }
  return lines.join('\n');
}
