/**
 * Every page, mail and document a resident sees speaks German, English, Turkish, Arabic and easy
 * German. One check over all modules (and the platform's `common` namespace): a module that renders
 * public pages declares its public keys and the files that use them (`i18n/public.ts`), every key
 * those files use is declared public, and every public key is translated into all five languages
 * with the placeholders and plural forms of de.json.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { commonTranslations } from '../src/platform/i18n/common.ts';
import { commonPublicKeys, type PublicTranslations } from '../src/platform/i18n/public.ts';
import {
  flatten,
  isPublic,
  keysInSource,
  nsKeysInSource,
  type PublicKeys,
  pluralForms,
  type Tree,
  translationProblems,
  under,
} from '../src/test/translations.ts';

const MODULES_DIR = fileURLToPath(new URL('../src/modules/', import.meta.url));
const OTHER_LANGS = ['tr', 'ar', 'de-x-ls'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.includes('.test.')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Each module's declaration (i18n/public.ts), if it has one. */
const declared = new Map<string, PublicTranslations>();
for (const m of MODULES) {
  const file = join(MODULES_DIR, m.name, 'i18n', 'public.ts');
  if (existsSync(file))
    declared.set(
      m.name,
      ((await import(file)) as { publicTranslations: PublicTranslations }).publicTranslations,
    );
}
const keysOf = (ns: string): PublicKeys | undefined =>
  ns === 'common' ? commonPublicKeys : declared.get(ns)?.keys;
const translationsOf = (ns: string) =>
  (ns === 'common' ? commonTranslations : MODULES.find((m) => m.name === ns)?.i18n) ?? {};

/** The key exists in de.json (a plain key, a plural stem, or the start of keys completed at run time). */
function existsInGerman(ns: string, key: string, dynamic: boolean): boolean {
  const de = [...flatten((translationsOf(ns).de ?? {}) as Tree).keys()];
  // A fixed key names a text or a subtree (`t(\`houses:categories.${c}\`)` gives the subtree `categories`).
  return de.some((k) => k === key || k.replace(PLURAL, '') === key || (dynamic && under(k, key)));
}

const rel = (file: string) => file.slice(MODULES_DIR.length);
const NAMESPACES = ['common', ...MODULES.map((m) => m.name)];

describe('public pages in five languages: every module', () => {
  it('knows the modules and their declarations', () => {
    expect(MODULES.map((m) => m.name)).toEqual(expect.arrayContaining(['houses', 'events', 'network']));
    expect(declared.size).toBeGreaterThanOrEqual(7);
  });

  for (const m of MODULES) {
    describe(m.name, () => {
      const dir = join(MODULES_DIR, m.name);
      const decl = declared.get(m.name);
      const pageFiles = sourceFiles(dir).filter((f) => readFileSync(f, 'utf8').includes('publicPage('));
      const hasPublicSide = pageFiles.length > 0 || (m.publicNav?.length ?? 0) > 0;

      it('declares its public keys when it has public pages (i18n/public.ts)', () => {
        if (hasPublicSide) expect(decl, `${m.name} renders public pages: add i18n/public.ts`).toBeDefined();
        // A module with translations beyond German and English has a public side to declare too.
        if (!decl) expect(Object.keys(m.i18n).sort()).toEqual(['de', 'en']);
      });

      if (!decl) return;
      const sources = decl.sources.map((f) => join(dir, f));
      const nsSources = (decl.nsSources ?? []).map((f) => join(dir, f));

      it('lists every file that renders a public page, and only files that exist', () => {
        expect([...sources, ...nsSources].filter((f) => !existsSync(f)).map(rel)).toEqual([]);
        expect(pageFiles.filter((f) => !sources.includes(f)).map(rel)).toEqual([]);
      });

      it('uses only keys that are declared public (or declared staff-only) and exist', () => {
        const problems: string[] = [];
        const used = [
          ...NAMESPACES.flatMap((ns) => keysInSource(sources, ns).map((u) => ({ ...u, ns }))),
          ...nsKeysInSource(nsSources).map((u) => ({ ...u, ns: m.name })),
        ];
        expect(used.length).toBeGreaterThan(0);
        for (const u of used) {
          const where = `${u.ns}:${u.key} (${rel(u.file)})`;
          const keys = keysOf(u.ns);
          if (!existsInGerman(u.ns, u.key, u.dynamic)) problems.push(`${where} is not in de.json`);
          else if (!keys) problems.push(`${where}: ${u.ns} declares no public keys`);
          else if (
            !isPublic(u.key, keys) &&
            !(u.ns === m.name && (keys.exclude ?? []).some((p) => under(u.key, p)))
          )
            problems.push(`${where} is used by a public source but not declared public`);
        }
        // Common form messages written as keys ('validation.required') are public in `common`.
        for (const f of sources)
          for (const [, key] of readFileSync(f, 'utf8').matchAll(/['`](validation\.\w+)['`]/g))
            if (!isPublic(key, commonPublicKeys)) problems.push(`common:${key} (${rel(f)}) is not public`);
        expect(problems).toEqual([]);
      });
    });
  }

  for (const ns of NAMESPACES) {
    const keys = keysOf(ns);
    if (!keys) continue;
    const tr = translationsOf(ns);
    for (const lang of OTHER_LANGS) {
      it(`${ns} in ${lang}: every public key translated, placeholders as in de.json, nothing staff-only`, () => {
        expect(translationProblems(tr.de as Tree, (tr[lang] ?? {}) as Tree, lang, keys)).toEqual([]);
      });
    }
    it(`${ns} in en: every public key translated`, () => {
      const en = flatten((tr.en ?? {}) as Tree);
      const missing = [...flatten(tr.de as Tree).keys()].filter((k) => {
        if (!isPublic(k, keys)) return false;
        const stem = k.replace(PLURAL, '');
        return PLURAL.test(k) ? !pluralForms('en').some((f) => en.has(`${stem}_${f}`)) : !en.has(k);
      });
      expect(missing).toEqual([]);
    });
  }
});
