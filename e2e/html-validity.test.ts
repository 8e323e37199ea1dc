/**
 * The served HTML is valid as the W3C's Nu HTML Checker reads it (the vnu-jar package: the checker
 * behind validator.w3.org/nu, run locally with Java). Public pages in all five languages and the
 * main staff screens, as the server sends them (not as a browser repairs them).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db/index.ts';
import {
  type E2eApp,
  HAVE_CHROMIUM,
  launchBrowser,
  signInState,
  startApp,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

const JAVA = process.env.JAVA ?? 'java';
const VNU = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

/** Whether Java runs here (the checker needs it; CI installs it when missing). */
const haveJava = await new Promise<boolean>((done) => execFile(JAVA, ['-version'], (err) => done(!err)));
if (!haveJava)
  console.warn('HTML validity check skipped: no Java (set JAVA or install default-jre-headless)');

const LANGS = ['de', 'en', 'tr', 'ar', 'de-x-ls'] as const;

interface NuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/**
 * The one rule left out, on purpose: stacked staff tables (DataTable `stack`) repeat the roles a
 * table implies (`role="row"`, `"cell"` …), because their cells become blocks on a phone and WebKit
 * then drops the table semantics for screen readers. The checker calls repeated implied roles an
 * error; keeping them is the accessible choice (see src/ui/components/DataTable.tsx).
 */
const DELIBERATE =
  /^The “role” attribute must not be used on a “(tr|th|td)” element which has a “table” ancestor/;

/** Runs the checker on the files; the errors it reports (warnings and the deliberate rule left out). */
function nuErrors(files: string[]): Promise<NuMessage[]> {
  return new Promise((done, fail) =>
    execFile(
      JAVA,
      ['-Xss4m', '-jar', VNU, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
      (err, _stdout, stderr) => {
        // The checker writes its report to stderr and exits 1 when it found errors.
        try {
          const report = JSON.parse(stderr) as { messages: NuMessage[] };
          done(
            report.messages.filter(
              (m) => (m.type === 'error' || m.subType === 'fatal') && !DELIBERATE.test(m.message),
            ),
          );
        } catch {
          fail(err ?? new Error(stderr));
        }
      },
    ),
  );
}

/**
 * What a resident should never read on a public page: a translation key instead of its text
 * (`funds:form.submit`, `validation.required`), a phrase printed twice in a row ("Gebiet Gebiet",
 * "Mitte Mitte"), or an area's technical key.
 */
function wordingProblems(name: string, html: string, areaKeys: string[]): string[] {
  const body = parse(html).querySelector('body');
  if (!body) return [`${name}: no body`];
  for (const el of body.querySelectorAll('script, style, template, svg')) el.remove();
  // One line per block (a breadcrumb's last step and the heading below it are two lines, not a doubling).
  const lines = body.structuredText.split('\n').map((l) => l.replace(/\s+/g, ' '));
  const text = lines.join('\n');
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:[a-z]+:[a-z][A-Za-z]*|validation|errors)\.[a-z][A-Za-z0-9_.]*\b/g))
    out.push(`${name}: key “${m[0]}”`);
  // Same words twice in a row within a line, case as written ("Sie sie" is German, "der der" may be).
  for (const line of lines)
    for (const m of line.matchAll(/(?<![\p{L}\p{N}])(\p{L}{4,}(?: \p{L}+){0,3}) \1(?![\p{L}\p{N}])/gu))
      out.push(`${name}: doubled “${m[0]}”`);
  for (const key of areaKeys) if (text.includes(key)) out.push(`${name}: area key “${key}”`);
  return out;
}

describe.skipIf(!HAVE_CHROMIUM || !haveJava)('HTML validity (Nu HTML Checker)', () => {
  let app: E2eApp;
  let cookie = '';
  const dir = mkdtempSync(join(tmpdir(), 'quartier-nu-'));

  beforeAll(async () => {
    app = await startApp();
    const browser = await launchBrowser();
    try {
      const state = await signInState(browser, app);
      cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    } finally {
      await browser.close();
    }
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app?.close();
  });

  async function get(path: string, staff = false): Promise<string> {
    const res = await fetch(`${app.url}${path}`, { headers: staff ? { cookie } : {} });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toContain('text/html');
    return res.text();
  }

  /** The first link on a page whose address matches, without its query. */
  async function firstLink(path: string, pattern: RegExp, staff = false): Promise<string> {
    const links = parse(await get(path, staff))
      .querySelectorAll('a[href]')
      .map((a) => a.getAttribute('href') ?? '');
    const found = links.find((href) => pattern.test(href));
    expect(found, `a link like ${pattern} on ${path}`).toBeTruthy();
    return found!.split('#')[0];
  }

  it('finds no errors in the public pages (five languages) and the staff screens', async () => {
    const publicPaths = [
      '/berlin',
      '/berlin/events',
      '/berlin/events?view=month',
      await firstLink('/berlin/events', /^\/berlin\/events\/(?!submit)[^/?]+$/),
      '/berlin/events/submit',
      '/berlin/houses',
      await firstLink('/berlin/houses', /^\/berlin\/houses\/[a-z0-9-]+$/),
      '/berlin/areas/mitte',
      '/berlin/help',
      '/berlin/help?q=Schulden',
      '/berlin/help/kiosk',
      '/berlin/councils',
      await firstLink('/berlin/councils', /^\/berlin\/councils\/[a-z0-9-]+$/),
      '/berlin/funds',
      await firstLink('/berlin/funds', /^\/berlin\/funds\/[^/?]+$/),
      `${await firstLink('/berlin/funds', /^\/berlin\/funds\/[^/?]+$/)}/apply`,
      '/berlin/newsletter',
      '/berlin/volunteering',
      '/berlin/volunteering/offer',
      '/berlin/plans',
      '/berlin/imprint',
      '/berlin/privacy',
      '/berlin/accessibility',
    ];
    const staffPaths = [
      '/staff/berlin',
      '/staff/berlin/events',
      '/staff/berlin/houses',
      '/staff/berlin/network/actors',
      '/staff/berlin/network/venues',
      '/staff/berlin/councils',
      '/staff/berlin/funds',
      '/staff/berlin/funds/new',
      '/staff/berlin/help',
      '/staff/berlin/coordination',
      '/staff/berlin/areas',
      '/staff/berlin/website',
      '/staff/berlin/newsletter',
      '/staff/berlin/admin/audit',
    ];
    const files: string[] = [];
    const skipped: string[] = [];
    const wording: string[] = [];
    // Residents never see an area's technical key (the demo's programme area is QM-DEMO-1).
    const keys = rows<{ key: string }>(
      await app.services.db.execute(
        sql`select distinct key from areas where kind = 'programme' and length(key) > 3`,
      ),
    ).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    const save = (name: string, html: string) => {
      // Headings go down one level at a time (h2 after h1, never h4 after h2): the outline screen
      // readers list. The checker does not count this as an error, so it is checked here.
      let level = 0;
      for (const h of parse(html).querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const next = Number(h.tagName.slice(1));
        if (next > level + 1)
          skipped.push(`${name}: h${next} after h${level} (“${h.text.trim().slice(0, 40)}”)`);
        level = next;
      }
      const file = join(
        dir,
        `${String(files.length).padStart(3, '0')}-${name.replace(/[^a-z0-9]+/gi, '_')}.html`,
      );
      writeFileSync(file, html);
      files.push(file);
    };
    for (const path of publicPaths)
      for (const lang of LANGS) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const html = await get(url);
        save(url, html);
        wording.push(...wordingProblems(url, html, keys));
      }
    save('/login', await get('/login'));
    // A fund's page (budget form), its edit form and its year's page (budget and year end forms).
    const fund = await firstLink('/staff/berlin/funds', /^\/staff\/berlin\/funds\/[0-9a-f-]{36}$/, true);
    const fundYear = await firstLink(fund, /^\/staff\/berlin\/funds\/years\/[0-9a-f-]{36}$/, true);
    // … and the year's report with its year-end statement, and the list of archived funds.
    staffPaths.push(fund, `${fund}/edit`, fundYear, `${fundYear}/report`, '/staff/berlin/funds?archived=1');
    for (const path of staffPaths) save(path, await get(path, true));

    const errors = await nuErrors(files);
    const report = errors.map((e) =>
      `${(e.url ?? '').split('/').pop()}:${e.lastLine ?? '?'} ${e.message} ${e.extract ?? ''}`.trim(),
    );
    expect(report).toEqual([]);
    expect(skipped).toEqual([]);
    expect(wording).toEqual([]);
  }, 300_000);
});
