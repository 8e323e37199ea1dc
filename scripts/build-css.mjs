#!/usr/bin/env node
// Builds Quartier's stylesheet and self-hosted fonts:
//   src/ui/styles/app.scss  →  public/build/app.css (compressed)
//   Fira Sans woff2 subsets referenced by the CSS (url(fonts/…)) → public/build/fonts/
//
// Usage: node scripts/build-css.mjs [--if-missing] [--quiet]
//   --if-missing  do nothing when public/build/app.css exists, is newer than every file in
//                 src/ui/styles, and all fonts it references are present (cheap enough for `npm start`).
//   --quiet       print nothing on success.
//
// The KERN UX design system (@kern-ux/native, EUPL-1.2) is loaded through Sass's Node package
// importer (`@use "pkg:@kern-ux/native/…"`), so it resolves from node_modules wherever npm put it.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STYLES_DIR = path.join(ROOT, 'src/ui/styles');
const ENTRY = path.join(STYLES_DIR, 'app.scss');
const OUT_DIR = path.join(ROOT, 'public/build');
const OUT_CSS = path.join(OUT_DIR, 'app.css');
const FONTS_OUT = path.join(OUT_DIR, 'fonts');
const FONT_NOTICE = 'FONTS-LICENSE.txt';

const args = new Set(process.argv.slice(2));
const ifMissing = args.has('--if-missing');
const quiet = args.has('--quiet');
const log = (msg) => {
  if (!quiet) console.log(msg);
};

/** Newest modification time (ms) of any file below dir. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** Font files (relative to public/build) that the compiled CSS references via url(fonts/…). */
function referencedFonts(css) {
  const found = new Set();
  for (const m of css.matchAll(/url\(\s*["']?(fonts\/[^"')?#]+)/g)) found.add(m[1]);
  return [...found];
}

function isUpToDate() {
  if (!existsSync(OUT_CSS)) return false;
  if (statSync(OUT_CSS).mtimeMs < newestMtime(STYLES_DIR)) return false;
  const css = readFileSync(OUT_CSS, 'utf8');
  return referencedFonts(css).every((f) => existsSync(path.join(OUT_DIR, f)));
}

function fontsourceFilesDir() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  try {
    return path.join(path.dirname(require.resolve('@fontsource/fira-sans/package.json')), 'files');
  } catch {
    throw new Error('@fontsource/fira-sans is not installed (npm install @fontsource/fira-sans@5).');
  }
}

async function build() {
  let sass;
  try {
    sass = await import('sass');
  } catch {
    throw new Error('The "sass" package is not installed (it is a devDependency: run `npm install`).');
  }

  const started = performance.now();
  const result = await sass.compileAsync(ENTRY, {
    style: 'compressed',
    sourceMap: false,
    importers: [new sass.NodePackageImporter(ROOT)],
    // Deprecation warnings from KERN's sources are not ours to fix.
    quietDeps: true,
  });
  const css = result.css;

  mkdirSync(FONTS_OUT, { recursive: true });
  writeFileSync(OUT_CSS, css);

  // Copy exactly the fonts the stylesheet references: Fontsource's Fira Sans subsets (Latin and
  // Latin Extended), which browsers fetch by unicode-range, not KERN's full files.
  const fontSrcDir = fontsourceFilesDir();
  const fonts = referencedFonts(css);
  // Files of an earlier build that the stylesheet no longer names are not served stale.
  for (const old of readdirSync(FONTS_OUT)) {
    if (old.endsWith('.woff2') && !fonts.includes(`fonts/${old}`)) rmSync(path.join(FONTS_OUT, old));
  }
  for (const rel of fonts) {
    const src = path.join(fontSrcDir, path.basename(rel));
    if (!existsSync(src))
      throw new Error(`Font referenced by app.css not found in @fontsource/fira-sans: ${src}`);
    copyFileSync(src, path.join(OUT_DIR, rel));
  }
  writeFileSync(
    path.join(FONTS_OUT, FONT_NOTICE),
    [
      'Fira Sans (Regular, Medium, SemiBold), woff2 subsets (Latin, Latin Extended), as shipped in @fontsource/fira-sans.',
      'Digitized data copyright (c) 2012-2015, The Mozilla Foundation and Telefonica S.A.',
      'Licensed under the SIL Open Font License, Version 1.1 (https://openfontlicense.org/).',
      'The licence notice is also embedded in each font file (name table, IDs 13/14).',
      '',
    ].join('\n'),
  );

  const ms = Math.round(performance.now() - started);
  const raw = Buffer.byteLength(css);
  const gz = gzipSync(css, { level: 9 }).length;
  log(
    `build-css: ${path.relative(ROOT, OUT_CSS)} ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped; ` +
      `${fonts.length} font file(s) → ${path.relative(ROOT, FONTS_OUT)}/ (${ms} ms)`,
  );
}

try {
  if (ifMissing && isUpToDate()) process.exit(0);
  await build();
} catch (err) {
  // With --if-missing (server start), a stale-but-present stylesheet is better than no start at all.
  if (ifMissing && existsSync(OUT_CSS)) {
    console.warn(`build-css: ${err.message} — keeping existing ${path.relative(ROOT, OUT_CSS)}`);
    process.exit(0);
  }
  console.error(`build-css: ${err.message}`);
  process.exit(1);
}
