import { resolve } from 'node:path';
import { z } from 'zod';
import { allowHostProblem, type OutboundPolicy } from './http/outbound.ts';

/** Every setting Quartier reads from the environment; documented in README.md "Configuration". */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Embedded engine: PostgreSQL's buffer pool, resident from the start (PostgreSQL's own default is 128MB). */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .default('32MB')
    .refine(
      (v) => /^[1-9][0-9]{0,6}(kB|MB|GB)$/.test(v) && sizeInKb(v) >= 128 && sizeInKb(v) <= 1024 * 1024,
      {
        message: 'a size from 128kB to 1GB, written like 32MB (units kB, MB, GB)',
      },
    ),
  BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Quartier <no-reply@quartier.localhost>'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  WORKER_IN_PROCESS: z.enum(['auto', '0', '1']).default('auto'),
  STORAGE_DIR: z.string().optional(),
  /** Bearer token for GET /metrics; without it /metrics answers only on the loopback interface. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .refine((v) => !v || /^[\x21-\x7e]{24,200}$/.test(v), {
      message: 'at least 24 printable characters without spaces (e.g. openssl rand -hex 24)',
    }),
  /**
   * Key that seals secrets the server reads again (OIDC client secrets) in the database; not stored
   * there. Unset: the embedded engine keeps one in DATA_DIR/secret.key, PostgreSQL has none.
   */
  SECRET_KEY: z
    .string()
    .optional()
    .refine((v) => !v || /^[\x21-\x7e]{32,200}$/.test(v), {
      message: 'at least 32 printable characters without spaces (e.g. openssl rand -hex 32)',
    }),
  /** Outbound requests (calendar feeds, OIDC issuers) may reach internal addresses: development only. */
  OUTBOUND_ALLOW_PRIVATE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Internal hosts outbound requests may reach anyway: host names, IP addresses or CIDR ranges, comma-separated. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .superRefine((list, ctx) => {
      for (const entry of list) {
        const problem = allowHostProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  /**
   * Optional background map for staff screens: a tile server's address with {z}, {x} and {y}
   * (https only), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. Public pages never load
   * tiles (no third party sees residents' visits); staff browsers fetch them from that server.
   */
  MAP_TILE_URL: z
    .string()
    .optional()
    .refine((v) => !v || tileUrlProblem(v) === null, {
      message: 'an https address with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png',
    }),
  /** The tiles' licence notice shown under the map, e.g. "© OpenStreetMap contributors". */
  MAP_TILE_ATTRIBUTION: z.string().max(200).optional(),
});

function tileUrlProblem(v: string): string | null {
  if (!['{z}', '{x}', '{y}'].every((p) => v.includes(p))) return 'placeholders';
  try {
    const u = new URL(v.replace(/\{[xyz]\}/g, '0'));
    return u.protocol === 'https:' && u.hostname ? null : 'https';
  } catch {
    return 'url';
  }
}

function sizeInKb(v: string): number {
  const n = Number.parseInt(v, 10);
  return v.endsWith('GB') ? n * 1024 * 1024 : v.endsWith('MB') ? n * 1024 : n;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** Embedded engine only: shared_buffers, e.g. '32MB' (src/platform/db/engine.ts). */
  pgliteSharedBuffers?: string;
  baseUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  trustProxy: boolean;
  logLevel: string;
  seedDemo: boolean;
  /** Run the job worker inside the web process (always on the embedded engine). */
  workerInProcess: boolean;
  storageDir: string;
  /** Which internal destinations the server's own requests may reach (src/platform/http/outbound.ts). */
  outbound: OutboundPolicy;
  /** Token a scraper sends as `Authorization: Bearer …` for /metrics; unset = loopback only. */
  metricsToken?: string;
  /** Seals secrets at rest (src/platform/secrets/sealed.ts); unset = key file (embedded) or none. */
  secretKey?: string;
  /** Background tiles for staff maps (MAP_TILE_URL); unset = the maps draw areas only. */
  mapTiles?: MapTiles;
  version: string;
  /** Each module's own settings, parsed with the schema its manifest declares (`config`). */
  modules: Record<string, unknown>;
}

/** A tile server for staff maps: the address template and the licence notice. */
export interface MapTiles {
  url: string;
  attribution: string;
}

/** A module's settings: its name and the Zod schema of its environment variables. */
export interface ModuleConfigSpec {
  name: string;
  schema: z.ZodType;
}

export class ConfigError extends Error {}

/**
 * Reads and checks every setting: the platform's and, given the modules' specs, each module's own —
 * a wrong value stops the start with a message naming the variable, instead of a silent default.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
  moduleSpecs: ModuleConfigSpec[] = [],
): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const modules: Record<string, unknown> = {};
  for (const spec of moduleSpecs) {
    const m = spec.schema.safeParse(env);
    if (!m.success) {
      const issue = m.error.issues[0];
      throw new ConfigError(`Invalid setting ${issue.path.join('.')} (${spec.name}): ${issue.message}`);
    }
    modules[spec.name] = m.data;
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  return {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    baseUrl: (e.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    workerInProcess: e.WORKER_IN_PROCESS === 'auto' ? !e.DATABASE_URL : e.WORKER_IN_PROCESS === '1',
    storageDir: resolve(e.STORAGE_DIR ?? `${dataDir}/files`),
    outbound: { allowPrivate: e.OUTBOUND_ALLOW_PRIVATE, allowHosts: e.OUTBOUND_ALLOW_HOSTS },
    metricsToken: e.METRICS_TOKEN || undefined,
    secretKey: e.SECRET_KEY || undefined,
    mapTiles: e.MAP_TILE_URL
      ? {
          url: e.MAP_TILE_URL,
          attribution:
            e.MAP_TILE_ATTRIBUTION?.trim() || new URL(e.MAP_TILE_URL.replace(/\{[xyz]\}/g, '0')).hostname,
        }
      : undefined,
    version: process.env.npm_package_version ?? '0.1.0',
    modules,
    ...overrides,
  };
}
