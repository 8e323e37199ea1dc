/**
 * A small well-formedness check for XML 1.0 documents (enough for RSS and Atom output): one root,
 * properly nested and closed tags, quoted unique attributes, only predefined or numeric entities,
 * no stray '<' or '&'. Returns the problems and the root element's name.
 */
export function xmlProblems(xml: string): { problems: string[]; root: string | null } {
  const problems: string[] = [];
  let s = xml;
  if (s.startsWith('\uFEFF')) s = s.slice(1);
  s = s.replace(/^<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  let root: string | null = null;
  let i = 0;
  const checkText = (t: string) => {
    if (t.includes('<')) problems.push('stray <');
    for (const m of t.matchAll(/&([^;\s]*);?/g)) {
      if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1]) || !m[0].endsWith(';'))
        problems.push(`bad entity ${m[0]}`);
    }
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = lt < 0 ? s.slice(i) : s.slice(i, lt);
    if (stack.length === 0 && text.trim()) problems.push('text outside the root element');
    checkText(text);
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt);
      if (end < 0) problems.push('unclosed comment');
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt);
      if (end < 0) problems.push('unclosed CDATA');
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    const gt = s.indexOf('>', lt);
    if (gt < 0) {
      problems.push('unclosed tag');
      break;
    }
    const tag = s.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z_][\w.:-]*)([\s\S]*)$/.exec(body);
    if (!m) {
      problems.push(`bad tag <${tag}>`);
      continue;
    }
    const seen = new Set<string>();
    const attrs = m[2].trim();
    if (attrs) {
      let rest = attrs;
      while (rest.length) {
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')\s*/.exec(rest);
        if (!a) {
          problems.push(`bad attribute in <${m[1]}>`);
          break;
        }
        if (seen.has(a[1])) problems.push(`duplicate attribute ${a[1]}`);
        seen.add(a[1]);
        checkText(a[3] ?? a[4] ?? '');
        rest = rest.slice(a[0].length);
      }
    }
    if (stack.length === 0) {
      if (root) problems.push('more than one root element');
      root = m[1];
    }
    if (!selfClosing) stack.push(m[1]);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  return { problems, root };
}
