// Reading what a generated PDF says, for tests: the literal strings pdfkit writes outside compressed
// streams (the info dictionary, the tags' alternative texts and titles). Page text is drawn with
// embedded font subsets (glyph ids), so a test asserts on these strings instead.

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
