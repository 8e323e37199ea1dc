#!/usr/bin/env node
// Entry point of the `quartier` command. Runs the TypeScript sources through tsx, or the compiled
// build in dist/ when QUARTIER_DIST=1 (after `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// React and other libraries pick their fast production builds from NODE_ENV; `npm run dev` keeps dev.
process.env.NODE_ENV ??= 'production';
const useDist = process.env.QUARTIER_DIST === '1' && existsSync(`${root}/dist/cli.js`);
if (!useDist) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import(useDist ? '../dist/cli.js' : '../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
const cmd = process.argv[2];
if (cmd !== 'serve' && cmd !== 'worker') process.exit(0);
