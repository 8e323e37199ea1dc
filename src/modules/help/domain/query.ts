/**
 * Residents' words → what to search: normalised tokens (lower case, umlauts folded, small words
 * dropped), typos corrected against the vocabulary of life situations, the life situations they
 * point to, and German compounds split along the vocabulary ("Mietschulden" → "schulden"), so the
 * full-text search of the database (German stemming, prefix match) finds "Schuldnerberatung" by
 * "Schulden". Pure: the vocabulary comes from the caller.
 */

/** Small words of German and English queries that say nothing about the need. */
const STOP = new Set(
  (
    'ich du er sie es wir ihr mein meine meinen meinem meiner mir mich dich dir uns euch ein eine einen einem einer ' +
    'der die das den dem des und oder aber nicht kein keine keinen kann koennen konnen muss will habe hat haben hatte ' +
    'bin ist sind war bekomme bekommen brauche brauchen mit fur fuer von zu zum zur im in an auf aus bei nach was wie wo ' +
    'wer wann warum so sehr mehr noch schon auch nur hilfe helfen bitte gibt es etwas alles ' +
    'i my me we you a an the and or not no can cant cannot have has had am is are was get got need help with for to of in on at'
  ).split(' '),
);

/** Lower case, umlauts and accents folded, ß → ss: the same form for the query and the vocabulary. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/ü/g, 'u')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Words of a text, folded, without the small words; letters and digits only. */
export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** How many typos a word of this length may carry and still be recognised. */
const allowed = (len: number) => (len >= 8 ? 2 : len >= 5 ? 1 : 0);

/** A light German stem for comparing words: common endings off ("schulden" → "schuld"). */
export function stem(w: string): string {
  for (const end of ['ungen', 'innen', 'ern', 'en', 'er', 'es', 'e', 'n', 's'])
    if (w.length - end.length >= 4 && w.endsWith(end)) return w.slice(0, -end.length);
  return w;
}

/**
 * Does the query word mean the vocabulary word? The same stem; one the start of the other (at least
 * four letters: "schuld" / "schuldnerberatung"); the vocabulary word inside a compound of the query
 * ("mietschulden" holds "schulden"); or a typo within the allowance.
 */
export function wordMatches(q: string, v: string): boolean {
  const sq = stem(q);
  const sv = stem(v);
  if (sq === sv) return true;
  if (sq.length >= 4 && sv.length >= 4 && (sq.startsWith(sv) || sv.startsWith(sq))) return true;
  if (sv.length >= 5 && q.length > sv.length && q.includes(sv)) return true;
  const k = allowed(Math.min(q.length, v.length));
  return k > 0 && editDistance(q, v, k) <= k;
}

export interface SituationTerms {
  key: string;
  label: string;
  terms: string[];
}

export interface SituationMatch {
  key: string;
  score: number;
}

/**
 * The life situations a query points to, best first: a term (or the label) matches when every word
 * of it matches a word of the query; the score counts the words matched of the best term, an exact
 * word counting more than a near one.
 */
export function matchSituations(query: string, situations: readonly SituationTerms[]): SituationMatch[] {
  const q = tokens(query);
  if (!q.length) return [];
  const out: SituationMatch[] = [];
  for (const s of situations) {
    let best = 0;
    for (const term of [s.label, ...s.terms]) {
      const words = tokens(term);
      if (!words.length) continue;
      let score = 0;
      let all = true;
      for (const w of words) {
        if (q.includes(w)) score += 2;
        else if (q.some((x) => wordMatches(x, w))) score += 1;
        else {
          all = false;
          break;
        }
      }
      if (all) best = Math.max(best, score);
    }
    if (best > 0) out.push({ key: s.key, score: best });
  }
  return out.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}

/** Every word of the vocabulary (labels and terms), folded, for typo correction and compounds. */
export function lexicon(situations: readonly SituationTerms[], extra: readonly string[] = []): string[] {
  const words = new Set<string>();
  for (const s of situations) for (const t of [s.label, ...s.terms]) for (const w of tokens(t)) words.add(w);
  for (const t of extra) for (const w of tokens(t)) words.add(w);
  return [...words].filter((w) => w.length >= 4).sort();
}

/**
 * The words to give the full-text search: each query word, and for a word the vocabulary does not
 * know, the vocabulary word it is a typo of ("Schulten" → "schulden") and the vocabulary words a
 * compound holds ("Mietschulden" → "schulden").
 */
export function searchWords(query: string, lex: readonly string[]): string[] {
  const out = new Set<string>();
  for (const q of tokens(query)) {
    out.add(q);
    for (const v of compoundParts(q, lex)) out.add(v);
    if (lex.includes(q)) continue;
    const k = allowed(q.length);
    let best: string | null = null;
    let bestD = k + 1;
    for (const v of lex) {
      if (Math.abs(v.length - q.length) > k) continue;
      const d = editDistance(q, v, k);
      if (d < bestD) {
        best = v;
        bestD = d;
      }
    }
    if (best && bestD > 0 && bestD <= k) out.add(best);
  }
  return [...out];
}

/** Vocabulary words (at least five letters) inside a longer word, not at its start. */
export function compoundParts(word: string, lex: readonly string[]): string[] {
  if (word.length < 8) return [];
  return lex.filter((v) => v.length >= 5 && v.length < word.length && word.indexOf(v, 1) > 0);
}

/**
 * A PostgreSQL tsquery text of the words: each a prefix ("schulden:*"), any of them (|). Only
 * letters and digits reach it (tokens() drops everything else), so it is safe to pass as text.
 */
export function prefixQuery(words: readonly string[]): string {
  return words
    .filter((w) => /^[a-z0-9]+$/.test(w))
    .map((w) => `${w}:*`)
    .join(' | ');
}
