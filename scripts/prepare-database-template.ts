/**
 * Makes the migrated template of the embedded database (src/platform/db/template.ts) after `npm ci`,
 * so that the first start and the first test run unpack it instead of running initdb and every
 * migration. Never fails the install: without the template everything still works, only slower.
 */
import { ensureTemplate } from '../src/platform/db/template.ts';

const started = Date.now();
try {
  const file = await ensureTemplate();
  if (!process.argv.includes('--quiet'))
    console.log(`Embedded database template ready in ${Date.now() - started} ms: ${file}`);
} catch (err) {
  console.warn(`No embedded database template (the first start will take longer): ${String(err)}`);
}
