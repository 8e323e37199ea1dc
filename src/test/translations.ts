import { readFileSync } from 'node:fs';

/**
 * Checks for the public-page translations of a module (Turkish, Arabic, easy German): which keys of
 * de.json are public is declared per module as a list of key paths ("public" = that key and
 * everything below it), minus staff-only exceptions.
 */
import type { PublicKeys } from '../platform/i18n/public.ts';

export type { PublicKeys } from '../platform/i18n/public.ts';

export type Tree = { [k: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Flattens nested translations to "a.b.c" → text. */
export function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

export const placeholders = (s: string): string[] =>
  [...new Set([...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]))].sort();

export const under = (key: string, path: string) => key === path || key.startsWith(`${path}.`);

/** Is this key (or key stem of a plural key) public by the declaration? */
export function isPublic(key: string, keys: PublicKeys): boolean {
  const stem = key.replace(PLURAL, '');
  return (
    keys.include.some((p) => under(stem, p) || under(p, stem)) &&
    !(keys.exclude ?? []).some((p) => under(stem, p))
  );
}

/** The plural forms i18next asks for in a language (easy German counts like German). */
export const pluralForms = (lang: string): string[] =>
  new Intl.PluralRules(lang === 'de-x-ls' ? 'de' : lang).resolvedOptions().pluralCategories;

/**
 * Every problem of one translation file against de.json, as readable lines (empty = fine):
 * unknown or staff-only keys, changed placeholders, empty texts, and public keys (or plural forms)
 * that are missing.
 */
export function translationProblems(de: Tree, other: Tree, lang: string, keys: PublicKeys): string[] {
  const base = flatten(de);
  const mine = flatten(other);
  const problems: string[] = [];
  for (const [key, text] of mine) {
    const plural = PLURAL.test(key);
    const stem = key.replace(PLURAL, '');
    const ref =
      base.get(key) ?? (plural ? (base.get(`${stem}_other`) ?? base.get(`${stem}_one`)) : undefined);
    if (ref === undefined) {
      problems.push(`${lang}: ${key} is not in de.json`);
      continue;
    }
    if (!isPublic(key, keys))
      problems.push(`${lang}: ${key} is not a public key (staff screens are de/en only)`);
    if (!text.trim() && !(keys.mayBeEmpty ?? []).includes(key)) problems.push(`${lang}: ${key} is empty`);
    const want = placeholders(ref).filter((p) => !(plural && p === 'count'));
    const have = placeholders(text).filter((p) => !(plural && p === 'count'));
    if (want.join() !== have.join())
      problems.push(`${lang}: ${key} has placeholders {${have}} but de.json has {${want}}`);
  }
  const forms = pluralForms(lang);
  const seen = new Set<string>();
  for (const key of base.keys()) {
    if (!isPublic(key, keys)) continue;
    if (PLURAL.test(key)) {
      const stem = key.replace(PLURAL, '');
      if (seen.has(stem)) continue;
      seen.add(stem);
      for (const f of forms)
        if (!mine.has(`${stem}_${f}`)) problems.push(`${lang}: plural form ${stem}_${f} is missing`);
    } else if (!mine.has(key)) problems.push(`${lang}: ${key} is missing`);
  }
  return problems;
}

/**
 * Translation keys of one namespace written in source files: `'ns:a.b'` literals, and the fixed start
 * of keys completed at run time (`ns:kinds.${kind}` gives `kinds`, marked dynamic).
 */
export function keysInSource(files: string[], ns: string): { key: string; dynamic: boolean; file: string }[] {
  const re = new RegExp(`['\`]${ns}:([\\w.-]+)(\\$\\{)?`, 'g');
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(re)].map((m) => ({
      key: m[1].replace(/\.$/, ''),
      dynamic: !!m[2],
      file,
    })),
  );
}

/**
 * Keys translated with the namespace already chosen (`const t = i18n.t(lang, 'houses'); t('mail.x')`):
 * `t('a.b')` literals, and the fixed start of `t(`a.${x}`)` (dynamic).
 */
export function nsKeysInSource(files: string[]): { key: string; dynamic: boolean; file: string }[] {
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?<![.\w])t\(\s*['`]([\w.-]+)(\$\{)?/g)].map((m) => ({
      key: m[1].replace(/\.$/, ''),
      dynamic: !!m[2],
      file,
    })),
  );
}
