import { type Config, loadConfig } from '../platform/config.ts';
import { MODULES } from './modules.ts';

/** The settings of the whole app: the platform's and every module's own (manifest `config`), checked at once. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return loadConfig(
    env,
    overrides,
    MODULES.flatMap((m) => (m.config ? [{ name: m.name, schema: m.config }] : [])),
  );
}
