import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Command } from 'commander';
import type { SQL } from 'drizzle-orm';
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Actor } from './authz.ts';
import type { AppEnv, Services } from './http/context.ts';
import type { Translations } from './i18n/index.ts';
import type { JobDefinition } from './jobs/index.ts';

/** Routers a module mounts its routes on; the composition root decides the prefixes. */
export interface Routers {
  /** `/` — account pages and other tenant-less routes. */
  root: Hono<AppEnv>;
  /** `/:tenant` — public pages of a tenant (no account). */
  public: Hono<AppEnv>;
  /** `/staff/:tenant` — staff screens; a membership in the tenant is already checked. */
  staff: Hono<AppEnv>;
  /** `/api/v1/tenants/:tenant` — JSON API; authentication and membership already checked. */
  api: OpenAPIHono<AppEnv>;
  /**
   * `/api/v1/tenants/:tenant/public` — JSON API without an account (a public form's twin): the
   * tenant is set, nobody is signed in. Declare `security: []`; guard writes with the public-form
   * rate limits (platform/http/public-form.ts).
   */
  publicApi: OpenAPIHono<AppEnv>;
}

export interface NavItem {
  /** Path below /staff/:tenant, e.g. '/areas'. */
  path: string;
  /** Translation key in the module's namespace. */
  label: string;
  permission: string;
  order: number;
}

/** A link in the public pages' main navigation (every tenant page shows it). */
export interface PublicNavItem {
  /** Path below /:tenant, e.g. '/events'. */
  path: string;
  /** Translation key in the module's own namespace, translated into all five public languages. */
  label: string;
  order: number;
}

export interface BackupTable {
  name: string;
  /** Column holding the tenant id ('id' for the tenants table itself). */
  tenantColumn: string;
  /**
   * A restore as a copy (another slug or another tenant id) leaves this table's rows behind: they are
   * credentials of the original tenant (API tokens, a sign-in provider's client secret).
   */
  notInCopy?: boolean;
  /**
   * Columns holding a secret or the hash of a private link, and what a copy gets: `reissue` — a new
   * random value nobody knows (hex SHA-256 of random bytes; null stays null), so the original's
   * links never open the copy; `keep` — the value is no credential (say why in the manifest).
   * The backup test fails for a column named like a token, secret, salt, password or hash that is
   * not listed here (unless the table is `notInCopy`).
   */
  secrets?: Record<string, 'reissue' | 'keep'>;
}

/** A route-parameter value that names one test entity, and the table that holds the entity. */
export interface TestParam {
  value: string;
  /** SQL table name, so the isolation self-test can remove that table's tenant condition. */
  table: string;
}

/**
 * Route-parameter values of one tenant's test entities, keyed by the path word before the parameter
 * and the parameter's name: 'houses/:id', 'rooms/:roomId', 'requests/:token'. A route parameter
 * without an exact key falls back to '<word>/:id' (so 'venues/:venue' finds 'venues/:id').
 */
export type TestParams = Record<string, TestParam[]>;

export interface TestFactoryContext {
  services: Services;
  tenant: { id: string; slug: string };
  /** A string to put into every visible text of the entities (names, titles), so a leak shows. */
  marker: string;
  /** A signed-in member of the tenant (administrator) to own things that need a user. */
  userId: string;
  /** What the modules before this one created (modules run in mount order). */
  params: Readonly<TestParams>;
}

/** The question a figure answers: which areas (null = the whole tenant) and which period. */
export interface FigureQuery {
  /** Area ids, already expanded to everything below the chosen areas; null = the whole tenant. */
  areaIds: string[] | null;
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
}

/**
 * A figure (key performance indicator) a module reports: the contract the area profiles and impact
 * reports read. Values of several areas and periods combine as the aggregations say; a figure whose
 * values cannot be added (distinct people, shares) says 'recompute' and is asked again for the union.
 */
export interface FigureDefinition {
  /** Stable key, `<module>.<name>`: stored with report snapshots, never renamed. */
  key: string;
  /** Translation key in the module's namespace. */
  label: string;
  unit: 'count' | 'hours' | 'people' | 'percent' | 'cents';
  /** Over several areas: add up, or ask again for the union of the areas. */
  areas: 'sum' | 'recompute';
  /** Over several periods: add up (flows), take the last (stocks, e.g. subscribers), or ask again. */
  time: 'sum' | 'last' | 'recompute';
  compute(services: Services, tenantId: string, q: FigureQuery): Promise<number>;
}

/**
 * The person a data-subject request (GDPR Art. 15 access, Art. 17 erasure) is about. The e-mail
 * address (trimmed, lower case) is what every module matches by; a phone number (as typed; modules
 * compare its digits) finds records that carry a phone but no e-mail. The name is never a match on
 * its own (two people share a name): modules use it only to narrow, or not at all.
 */
export interface DataSubject {
  email: string;
  name?: string;
  phone?: string;
}

/** Legal bases of Art. 6(1) GDPR, (a) to (f). */
export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'legal_obligation'
  | 'vital_interests'
  | 'public_task'
  | 'legitimate_interests';

/**
 * What a module holds about the person in one category — the answer of `find`. Counts, bases and
 * dates only: no name, address or text of the records (those are for `export`).
 */
export interface PrivacyRecord {
  /** `<module>.<kind>`, stable: audit entries, exports and erasure reports name it. */
  category: string;
  /** Translation key (`<module>:…`): the category ("Registrations for events"). */
  label: string;
  /** Translation key with {{count}}: what is stored and what erasure does with it. */
  description: string;
  count: number;
  /** The legal bases the records rest on (one category can hold records on several, e.g. per concern). */
  legalBasis: LegalBasis[];
  /** Translation key: the rule that deletes the data without a request. */
  retention: string;
  /** The last date (YYYY-MM-DD, Berlin) one of the records is kept until by that rule; null: no fixed date. */
  retentionUntil: string | null;
}

/** One category of the person's data in an export (GDPR Art. 15): every record with its fields. */
export interface PrivacyExportSection {
  category: string;
  /** Translation key (`<module>:…`). */
  label: string;
  legalBasis: LegalBasis[];
  retentionUntil: string | null;
  /** The records as plain data: strings, numbers, booleans, null, dates, arrays and objects of them. */
  records: unknown[];
}

/** What an erasure did in one module. */
export interface PrivacyErasure {
  /** Records removed or anonymised. */
  erased: number;
  /** Per category: how many records were removed or anonymised. */
  details: Record<string, number>;
  /**
   * What stays and why, as a translation key (`<module>:…`) — e.g. a room request that still runs
   * must be cancelled first —, with the values it needs. Absent when nothing stays.
   */
  kept?: string;
  keptValues?: Record<string, string | number>;
}

/**
 * A module's part in data-subject requests and in retention. Every module that holds personal data
 * of residents or partners implements it; the tenant-wide data-subject screen (admin module) asks
 * every module in mount order. `find`, `export` and `erase` are use cases: they take the acting
 * member and refuse (403) unless the member may handle this module's personal data for the whole
 * tenant. `erase` removes or anonymises within one transaction, writes its audit entries (record
 * ids, never the personal data) in it, and keeps the anonymous counts the module's figures need.
 */
export interface PrivacyHook {
  find(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyRecord[]>;
  export(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyExportSection[]>;
  erase(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyErasure>;
  /**
   * The module's own deletion of expired personal data for one tenant (run daily by the admin
   * module's retention job): `due` records past their retention date, `erased` of them removed or
   * anonymised now. Where staff confirm each erasure (network, houses), it erases nothing and
   * reports what waits for them.
   */
  retention?(services: Services, tenantId: string, now: Date): Promise<{ due: number; erased: number }>;
}

/**
 * One line of the staff start page's inbox: what waits for the member in one module, counted where
 * they may act on it. The page links each line to the list that shows exactly these records.
 */
export interface InboxItem {
  /** Stable key, `<module>.<name>` (tests and the page's anchors use it). */
  key: string;
  /** Translation key in the module's namespace, with {{count}} (plural forms). */
  label: string;
  count: number;
  /** The filtered list: a path below /staff/:tenant, with its query. */
  href: string;
}

/** What the inbox asks: the area chosen in the staff area switcher (null = all the member's areas). */
export interface InboxQuery {
  currentAreaId: string | null;
  /** Today in Berlin (YYYY-MM-DD): follow-ups due up to this day count. */
  today: string;
  now: Date;
}

/**
 * A dated public entry of a module other than events, for the public calendar of an area (the area
 * page's dates): a public meeting of a council. The module decides what is public; the page only
 * shows it.
 */
export interface PublicDate {
  /** Stable key, `<module>.<kind>:<id>`. */
  key: string;
  start: Date;
  end: Date | null;
  /** As the module's staff typed it (shown with dir="auto"). */
  title: string;
  /** Translation key in the module's namespace: what the date is ("Public meeting"), five languages. */
  label: string;
  /** Where it is, as typed; empty when unknown. */
  place: string;
  /** Path below /:tenant of the page that tells more. */
  href: string;
  cancelled: boolean;
}

export interface PublicDatesQuery {
  /** Dates of this area and the areas below it; null = the whole tenant. */
  areaId: string | null;
  from: Date;
  /** End of the window (exclusive). */
  to: Date;
  limit: number;
}

/** A module's dates for the public calendars of areas (no account asks: public data only). */
export interface PublicDatesHook {
  /** Translation key in the module's namespace: the heading of its dates ("Public council meetings"). */
  heading: string;
  list(services: Services, tenantId: string, q: PublicDatesQuery): Promise<PublicDate[]>;
  /**
   * Changes whenever the list may change (pages that keep their rendering compare it): an SQL text
   * expression, so a page folds every module's version into its own single version read.
   */
  versionSql(tenantId: string): SQL;
}

/** A body whose meetings take agenda items from other modules (a steering round of the councils module). */
export interface AgendaBody {
  id: string;
  /** As staff typed it (shown with dir="auto"). */
  name: string;
  /** The body's next planned meeting, if there is one. */
  nextMeeting: { id: string; startsAt: Date } | null;
}

/**
 * Agenda items from another module (the coordination module escalates an overdue need to a steering
 * round) without that module importing the one that keeps the agendas: the councils module offers this
 * hook, asked through `platform/agenda.ts`. Both functions are use cases: they take the acting member
 * and check them (only bodies the member manages).
 */
export interface AgendaHook {
  /** Bodies the member may put an item on, with each one's next planned meeting after `now`. */
  bodies(services: Services, actor: Actor, now: Date): Promise<AgendaBody[]>;
  /**
   * Puts an item on the body's next planned meeting, or — when none is planned — on a new meeting at
   * `startsAt` (a field error on `date` without it). Returns where it went and the staff path of the meeting.
   */
  addItem(
    services: Services,
    actor: Actor,
    input: { bodyId: string; title: string; text: string; startsAt: Date | null; now: Date },
  ): Promise<{ meetingId: string; itemId: string; startsAt: Date; path: string }>;
}

/** The one thing a module gives the platform: what it adds, declared in its manifest.ts. */
export interface ModuleManifest {
  name: string;
  i18n: Translations;
  /** permission → roles that hold it (roles are those of the access module). */
  permissions?: Record<string, string[]>;
  mount?(routers: Routers): void;
  jobs?(services: Services): JobDefinition[];
  nav?: NavItem[];
  /**
   * The module's own settings: a Zod object over environment variables (names prefixed with the
   * module, e.g. NEWSLETTER_RATE), checked at start with the platform's; the parsed values are in
   * `config.modules[name]`. Document each in README.md "Configuration".
   */
  config?: z.ZodType;
  /** Figures (KPIs) for area profiles and impact reports. */
  figures?: FigureDefinition[];
  /** Personal data: find, export and erase one person's data; automatic deletion after retention. */
  privacy?: PrivacyHook;
  /** Tags of the module's API operations with a one-line description each (OpenAPI `tags`). */
  apiTags?: Record<string, string>;
  /**
   * What waits for the member in this module (staff start page): one line per kind of work they may
   * do, counted with the same permission and area scope as the list it links to; nothing for a
   * member who may not do that work. A use case: it takes the actor and checks.
   */
  inbox?(services: Services, actor: Actor, q: InboxQuery): Promise<InboxItem[]>;
  /** Agenda items for other modules (a steering round's agenda); one module offers it (councils). */
  agenda?: AgendaHook;
  /** Public dates for the calendar of an area (the area page lists them beside the events). */
  publicDates?: PublicDatesHook;
  /**
   * Names a resident's concern can be referred to (the help directory's services), offered as
   * suggestions where staff record a referral; asked through platform/referral-targets.ts.
   */
  referralTargets?(services: Services, tenantId: string): Promise<string[]>;
  /** Links in the public main navigation of a tenant. */
  publicNav?: PublicNavItem[];
  /** Adds `quartier <command>`s; `run` opens the services and closes them afterwards. */
  cli?(program: Command, run: <T>(fn: (services: Services) => Promise<T>) => Promise<T>): void;
  /** Tenant-owned tables in insert order, for backup and restore. */
  backup?: BackupTable[];
  /**
   * Demo content for a new demo tenant (areas, accounts and the other modules' demo content exist
   * already; modules run in mount order). Import the seed lazily.
   */
  seedDemo?(services: Services, tenantId: string): Promise<void>;
  /**
   * Test factory: creates one of each of the module's entities for a tenant and returns the route
   * parameters that name them. The tenant-isolation walk fills every route parameter with another
   * tenant's real entity of the right kind from these. Import the factory lazily, so the app does
   * not load test code.
   */
  testFactory?(ctx: TestFactoryContext): Promise<TestParams>;
  /**
   * Test data subject: stores the person's data in every place the module keeps personal data (the
   * data-subject test then finds, exports and erases it across all modules). Required with `privacy`;
   * import it lazily, like `testFactory`. `params` are what the module's testFactory made.
   */
  testPerson?(ctx: TestFactoryContext, person: Required<DataSubject>): Promise<void>;
}
