// Reading what a generated PDF says, for tests: the literal strings pdfkit writes outside compressed
// streams (the info dictionary, the tags' alternative texts and titles). Page text is drawn with
// embedded font subsets (glyph ids): `pdfText` reads it back through the fonts' ToUnicode maps.
import { inflateSync } from 'node:zlib';

/** The literal strings of a PDF (as pdfkit writes them: UTF-16BE with BOM when not plain ASCII). */
export function pdfStrings(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/\((?:\\.|[^\\)])*\)/gs)) {
    const body = m[0]
      .slice(1, -1)
      .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
        /^[0-7]+$/.test(e)
          ? String.fromCharCode(Number.parseInt(e, 8))
          : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e),
      );
    if (body.startsWith('\xfe\xff')) {
      let s = '';
      for (let i = 2; i + 1 < body.length; i += 2)
        s += String.fromCharCode((body.charCodeAt(i) << 8) | body.charCodeAt(i + 1));
      out.push(s);
    } else out.push(body);
  }
  return out;
}

/** Every object of a PDF by number: its dictionary text and, for a deflated stream, the inflated data. */
function objects(pdf: Buffer): Map<string, { dict: string; data?: string }> {
  const raw = pdf.toString('latin1');
  const out = new Map<string, { dict: string; data?: string }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      out.set(m[1], { dict: body });
      continue;
    }
    const start = m.index + m[0].indexOf(body) + body.indexOf('\n', at) + 1;
    const end = raw.indexOf('endstream', start);
    let data: string | undefined;
    try {
      data = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      data = undefined; // not deflated (an image): no text in it
    }
    out.set(m[1], { dict: body.slice(0, at), data });
  }
  return out;
}

/** A ToUnicode map: glyph code (hex) → text. */
function toUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  // A glyph may stand for several characters (a ligature): <0066 0069> is "fi".
  const text = (hex: string) => {
    let s = '';
    for (let i = 0; i + 3 < hex.length; i += 4)
      s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      map.set(m[1].toLowerCase(), text(m[2].replace(/\s/g, '')));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const [from, to] = [Number.parseInt(m[1], 16), Number.parseInt(m[2], 16)];
      const width = m[1].length;
      const targets = m[3].startsWith('[')
        ? [...m[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => x[1].replace(/\s/g, ''))
        : null;
      for (let code = from; code <= to; code++) {
        const key = code.toString(16).padStart(width, '0');
        if (targets) map.set(key, text(targets[code - from] ?? ''));
        else {
          const first = Number.parseInt(m[3].slice(1, -1), 16) + (code - from);
          map.set(key, String.fromCharCode(first));
        }
      }
    }
  return map;
}

/**
 * The text a PDF shows, read back through its fonts' ToUnicode maps (as a screen reader or a copy
 * does): each text object's strings joined, text objects on lines of their own.
 */
export function pdfText(pdf: Uint8Array): string {
  const objs = objects(Buffer.from(pdf));
  // Font resource names (pdfkit numbers them per document: /F1, /F2 …) → their ToUnicode maps.
  const fonts = new Map<string, Map<string, string>>();
  for (const o of objs.values())
    for (const m of o.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objs.get(m[2])?.dict ?? '';
      const ref = /\/ToUnicode\s+(\d+) 0 R/.exec(font)?.[1];
      const cmap = ref ? objs.get(ref)?.data : undefined;
      if (cmap && !fonts.has(m[1])) fonts.set(m[1], toUnicode(cmap));
    }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.data?.includes('BT')) continue;
    for (const bt of o.data.matchAll(/BT([\s\S]*?)ET/g)) {
      let font: Map<string, string> | undefined;
      let line = '';
      for (const tok of bt[1].matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>/g)) {
        if (tok[1]) font = fonts.get(tok[1]);
        else if (font) {
          const width = [...font.keys()][0]?.length ?? 4;
          for (let i = 0; i + width <= tok[2].length; i += width)
            line += font.get(tok[2].slice(i, i + width).toLowerCase()) ?? '';
        }
      }
      if (line) lines.push(line);
    }
  }
  return lines.join('\n');
}
