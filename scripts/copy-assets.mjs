#!/usr/bin/env node
// Copies the non-TypeScript files the app reads at run time from src/ to dist/ (tsc only emits the
// JSON files that are imported): demo data (GeoJSON, CSV) and any other data file next to the code.
// Runs after `tsc -p tsconfig.build.json` in `npm run build`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

// Sources, styles (built separately into public/build), docs and tests are not run-time assets.
const SKIP_EXT = new Set(['.ts', '.tsx', '.mts', '.cts', '.scss', '.md']);
const SKIP_DIRS = new Set([path.join(SRC, 'test'), path.join(SRC, 'ui', 'styles')]);

if (!existsSync(path.join(DIST, 'cli.js'))) {
  console.error('copy-assets: dist/cli.js missing — run tsc -p tsconfig.build.json first');
  process.exit(1);
}

let copied = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(from)) walk(from);
      continue;
    }
    if (SKIP_EXT.has(path.extname(entry.name)) || /\.test\./.test(entry.name)) continue;
    const to = path.join(DIST, path.relative(SRC, from));
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied++;
  }
}
walk(SRC);
console.log(`copy-assets: ${copied} file(s) copied from src/ to dist/`);
