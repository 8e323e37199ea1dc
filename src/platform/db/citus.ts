import { sql } from 'drizzle-orm';
import type { Db } from './engine.ts';
import { rows } from './engine.ts';

/**
 * Where each table lives on a Citus cluster (docs/operations.md, "Citus layout"):
 * - `distributed`: sharded by `tenant_id`, all co-located, so every query of one tenant runs on one node;
 * - `reference`: small shared tables copied to every node, joinable with any distributed table;
 * - `local`: on the coordinator only (added to the Citus metadata as a "Citus local table").
 * `test/citus-layout.db.test.ts` fails when a table of the migrated database is missing here, when
 * this list names a table that no longer exists, or when the schema breaks a rule Citus needs.
 */
export type Placement = 'distributed' | 'reference' | 'local';

export interface TablePlacement {
  placement: Placement;
  /** One line: why. */
  reason: string;
}

const distributed = (reason: string): TablePlacement => ({ placement: 'distributed', reason });
const reference = (reason: string): TablePlacement => ({ placement: 'reference', reason });
const local = (reason: string): TablePlacement => ({ placement: 'local', reason });

/** Every table in schema `public`. */
export const CITUS_LAYOUT: Record<string, TablePlacement> = {
  // Shared by all tenants
  tenants: reference(
    'The tenant list itself (no tenant_id): a few rows, read by slug on every request and joined with everything.',
  ),
  users: reference(
    'Global accounts (one login across tenants): rarely written, joined with memberships, API tokens and audit entries of every tenant.',
  ),
  sessions: local(
    'Global sign-in sessions, found by cookie hash before any tenant is known; joined only with users (reference, so the join stays on the coordinator).',
  ),
  auth_tokens: local(
    'One-time tokens (sign-in link, reset, invitation) found by hash before a tenant is known; tenant_id is optional.',
  ),
  mail_outbox: local(
    'Account mails have no tenant (tenant_id null, which a distribution column cannot hold), and the delivery claim takes due mails of all tenants with FOR UPDATE SKIP LOCKED, which Citus runs only within one node.',
  ),
  rate_limits: local(
    'Counters keyed by (a keyed hash of) an address or e-mail, not by tenant: small, short-lived, written often.',
  ),
  platform_secrets: local(
    'Secrets of the installation (the keys of keyed hashes, e.g. for rate-limit keys): a few rows, no tenant, read by the coordinator.',
  ),

  // Tenant-owned: sharded by tenant_id
  audit_log: distributed('Audit entries of one tenant; read per tenant on the admin screen.'),
  memberships: distributed('Roles of accounts in one tenant; joined with users (reference).'),
  api_tokens: distributed(
    'Personal API tokens of one tenant. The bearer lookup by hash does not know the tenant yet, so it asks every shard (one small index lookup each).',
  ),
  oidc_providers: distributed("A tenant's OpenID Connect providers."),
  oidc_identities: distributed('Links of accounts to identities at a tenant’s OIDC issuer.'),
  areas: distributed('Areas of one tenant (hierarchy by tenant_id + parent_id).'),
  area_addresses: distributed('Addresses mapped to areas of one tenant.'),
  area_imports: distributed('Area import reports of one tenant.'),
  houses: distributed('Community houses of one tenant.'),
  rooms: distributed('Rooms of a house.'),
  room_photos: distributed('Photos of a room.'),
  house_closures: distributed('Closures of a house or room.'),
  house_settings: distributed('Per-tenant settings of the houses module (one row per tenant).'),
  booking_requests: distributed('Booking requests for rooms of one tenant.'),
  bookings: distributed(
    'Confirmed and held bookings; the no-overlap exclusion constraint starts with tenant_id WITH =, so each shard enforces it alone.',
  ),
  network_actors: distributed('Actors of one tenant’s network.'),
  network_relations: distributed('Relations between actors of one tenant.'),
  network_contacts: distributed('Contact log entries with actors.'),
  network_tasks: distributed('Follow-up tasks of the contact log.'),
  network_venues: distributed('Venues of one tenant.'),
  network_series: distributed('Consultation-hour series.'),
  network_series_slots: distributed('Recurring slots of a series.'),
  network_series_exceptions: distributed('Changes to single occurrences of a slot.'),
  network_series_extras: distributed('One-off extra dates of a series.'),
  network_concerns: distributed('Concerns recorded in the field (idempotency key per tenant).'),
  network_outreach: distributed('Outreach planning.'),
  network_imports: distributed('Actor import reports.'),
  events_events: distributed('Events of one tenant’s calendar (confirmed places counted in the row).'),
  events_categories: distributed('Calendar categories of one tenant.'),
  events_sources: distributed('Partner calendars a tenant imports.'),
  events_import_runs: distributed('Reports of calendar imports.'),
  events_registrations: distributed('Registrations for events.'),
  events_occurrence_places: distributed('Confirmed places per date of a series registered per date.'),
  events_attendance: distributed('Head counts after events.'),
  events_result_files: distributed('Result documents of meetings.'),
  events_settings: distributed('Per-tenant calendar settings (one row per tenant).'),
  website_posts: distributed('News of a tenant’s public website.'),
  website_post_texts: distributed('News texts per language.'),
  website_pages: distributed('Static pages of a tenant’s public website.'),
  website_page_texts: distributed('Page texts per language.'),
  newsletter_subscribers: distributed('Newsletter subscribers of one tenant.'),
  newsletter_issues: distributed('Newsletter issues.'),
  newsletter_deliveries: distributed(
    'One row per issue and subscriber; the send claim (FOR UPDATE SKIP LOCKED) is always within one tenant, so on one shard.',
  ),
  newsletter_bounces: distributed('Bounces recorded per subscriber.'),
  councils_bodies: distributed('Councils, juries and working groups of one tenant.'),
  councils_members: distributed('Members of a body, one row per term (history kept).'),
  councils_meetings: distributed('Meetings of a body.'),
  councils_agenda_items: distributed('Agenda items of a meeting.'),
  councils_attendance: distributed('Who attended a meeting.'),
  councils_votes: distributed('Votes on agenda items with their counts and result.'),
  councils_ballots: distributed('Ballots of votes by name.'),
  councils_conflicts: distributed('Declared conflicts of interest of members.'),
  councils_circulations: distributed('Votes by circulation (Umlaufverfahren).'),
  councils_circulation_ballots: distributed('One ballot per member in a circulation vote.'),
  councils_circulation_links: distributed(
    'Hashes of members’ private voting links, looked up with the tenant from the address.',
  ),
  councils_item_files: distributed(
    'Uploaded papers (PDF) of agenda items; the bytes are in the file storage.',
  ),
  councils_paper_link_withdrawals: distributed('Members’ private paper links withdrawn by the staff.'),
  councils_reminders_sent: distributed('Reminder e-mails sent to the staff, one per thing and date.'),
  councils_oparl_tombstones: distributed('OParl objects no longer public, listed as deleted.'),
  coordination_departments: distributed(
    'Departments of the district administration with the areas they work in.',
  ),
  coordination_needs: distributed('Needs reported from the areas and recommendations of bodies.'),
  coordination_routings: distributed(
    'A need routed to one department: deadline, status, answer, escalation.',
  ),
  coordination_plans: distributed('Integrated action plans of an area for a period, draft or adopted.'),
  coordination_plan_versions: distributed('Each adoption of a plan with the plan as adopted (JSON).'),
  coordination_plan_fields: distributed('Fields of action of a plan.'),
  coordination_plan_goals: distributed('Goals of a field of action.'),
  coordination_plan_indicators: distributed('Indicators of a goal: baseline and target.'),
  coordination_plan_progress: distributed('Measured values of an indicator.'),
  coordination_plan_measures: distributed(
    'Measures towards a goal: department, budget line, schedule, status.',
  ),
  coordination_plan_milestones: distributed('Milestones of a measure: due date, the day reached.'),
  coordination_plan_steps: distributed('Participation steps of an investive measure: what, when, with whom.'),
  coordination_plan_budget_years: distributed('A measure’s budget per year, in cents.'),
  coordination_budgets: distributed('Budget lines of an area: source, kind, year, amount in cents.'),
  coordination_pruefstein_ratings: distributed(
    'The district’s yearly rating of each Prüfstein with evidence.',
  ),
  funds_funds: distributed('Funds of one tenant (Aktionsfonds, Initiativfonds …) with their rules.'),
  funds_fund_years: distributed(
    'A fund’s year with its budget and balances; the ledger trigger updates the row of the same tenant, so on the same shard (Citus needs citus.enable_unsafe_triggers for it).',
  ),
  funds_budget_changes: distributed('Append-only history of fund-year budgets and their split.'),
  funds_applications: distributed('Applications to a fund (private link hash looked up with the tenant).'),
  funds_cost_lines: distributed('Cost plan lines of an application.'),
  funds_eligibility_notes: distributed('Eligibility notes per rule of an application.'),
  funds_status_changes: distributed('Status history of an application.'),
  funds_ledger: distributed('Append-only ledger of a fund-year: commitments, payments, returns, year end.'),
  funds_settlements: distributed('Proof of use of an application: report, participants, status.'),
  funds_settlement_files: distributed('Receipts and photos of a settlement (bytes in the file storage).'),
  funds_application_files: distributed('Quotes attached to an application (bytes in the file storage).'),
  help_topics: distributed('Topics of the help directory (social code books, themes) of one tenant.'),
  help_life_situations: distributed('Life situations in residents’ words, edited by the tenant’s staff.'),
  help_situation_topics: distributed('Which topics a life situation leads to.'),
  help_services: distributed('Counselling services and help offers of one tenant.'),
  help_service_topics: distributed('Topics of a service.'),
  help_locations: distributed('Places of a service with their opening hours.'),
  help_search_counts: distributed('Search counts per day and life situation (no search words).'),
  help_review_links: distributed(
    'Providers’ private links to their entry (token hash looked up with the tenant).',
  ),
  help_kiosks: distributed('Kiosk screens in community houses: house, languages, rotation.'),
  volunteering_needs: distributed('Needs and calls for volunteers of one tenant.'),
  volunteering_volunteers: distributed('Volunteers’ offers (private link hash looked up with the tenant).'),
  volunteering_matches: distributed('Matches between a need and a volunteer with their status.'),
  volunteering_hours: distributed('Hours of a match, counted once the volunteer confirmed them.'),
  volunteering_certificates: distributed('Certificates of engagement requested and signed off.'),
  volunteering_thanks: distributed('Thank-you messages to volunteers.'),
  volunteering_initiatives: distributed('Initiatives in the public directory (network actors by id).'),
  volunteering_signups: distributed('Sign-ups for calls (private link hash looked up with the tenant).'),
  profiles_indicators: distributed('Indicator definitions of one tenant.'),
  profiles_values: distributed('Indicator values per area and period of one tenant (imported or derived).'),
  profiles_imports: distributed('Indicator import reports of one tenant.'),
  impact_activities: distributed('Activities of the team (network work) of one tenant.'),
  impact_reports: distributed('Annual reports per area and year of one tenant, with their figures snapshot.'),
};

/** Schemas other than `public`, placed as a whole. Their tables are not listed one by one. */
export const CITUS_SCHEMAS: Record<string, TablePlacement> = {
  pgboss: local(
    'pg-boss job queue: creates and drops its own tables (one partition per queue), locks with SKIP LOCKED and advisory locks; created on first start.',
  ),
  drizzle: local('Migration bookkeeping (__drizzle_migrations): migrations run on the coordinator.'),
};

// ── Reading the schema of a live database ─────────────────────────────────────────────────────

export interface CatalogTable {
  name: string;
  /** Column name → nullable. */
  columns: Record<string, boolean>;
  primaryKey: string[] | null;
}

export interface CatalogConstraint {
  name: string;
  table: string;
  kind: 'unique' | 'foreign' | 'exclusion';
  /** Columns in order (null for an expression of an exclusion constraint or index). */
  columns: (string | null)[];
  /** Exclusion constraints: the operator of each element. */
  operators?: string[];
  /** Foreign keys. */
  references?: { table: string; columns: string[] };
}

export interface Catalog {
  /** Non-system schemas present. */
  schemas: string[];
  /** Tables (ordinary, partitioned, foreign) of schema public. */
  tables: CatalogTable[];
  /** Unique constraints and unique indexes, foreign keys and exclusion constraints in schema public. */
  constraints: CatalogConstraint[];
}

/** Reads tables, keys and constraints of schema public (both engines: plain pg_catalog queries). */
export async function readCatalog(db: Db): Promise<Catalog> {
  const schemas = rows<{ name: string }>(
    await db.execute(sql`
      select nspname::text as name from pg_namespace
      where nspname !~ '^pg_' and nspname <> 'information_schema' order by 1`),
  ).map((r) => r.name);
  const columns = rows<{ table: string; column: string; nullable: boolean }>(
    await db.execute(sql`
      select c.relname::text as table, a.attname::text as column, not a.attnotnull as nullable
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'f') and not c.relispartition
      order by 1, a.attnum`),
  );
  const keys = rows<{
    name: string;
    table: string;
    type: string;
    columns: (string | null)[];
    operators: string[] | null;
    ref_table: string | null;
    ref_columns: string[] | null;
  }>(
    await db.execute(sql`
      select con.conname::text as name, rel.relname::text as table, con.contype::text as type,
        array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
              left join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
              order by k.ord) as columns,
        case when con.contype = 'x' then
          array(select o.oprname::text from unnest(con.conexclop) with ordinality k(op, ord)
                join pg_operator o on o.oid = k.op order by k.ord) end as operators,
        ref.relname::text as ref_table,
        case when con.contype = 'f' then
          array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                order by k.ord) end as ref_columns
      from pg_constraint con
      join pg_class rel on rel.oid = con.conrelid
      join pg_namespace n on n.oid = rel.relnamespace
      left join pg_class ref on ref.oid = con.confrelid
      where n.nspname = 'public' and con.contype in ('p', 'u', 'f', 'x')
      union all
      select i.relname::text, t.relname::text, 'i',
        array(select a.attname::text from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord)
              left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum
              order by k.ord),
        null, null, null
      from pg_index ix
      join pg_class i on i.oid = ix.indexrelid
      join pg_class t on t.oid = ix.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and ix.indisunique
        and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)
      order by 2, 1`),
  );
  const tables = new Map<string, CatalogTable>();
  for (const c of columns) {
    const t = tables.get(c.table) ?? { name: c.table, columns: {}, primaryKey: null };
    tables.set(c.table, t);
    t.columns[c.column] = c.nullable;
  }
  const constraints: CatalogConstraint[] = [];
  for (const k of keys) {
    if (k.type === 'p') {
      const t = tables.get(k.table);
      if (t) t.primaryKey = k.columns as string[];
    } else if (k.type === 'f') {
      constraints.push({
        name: k.name,
        table: k.table,
        kind: 'foreign',
        columns: k.columns,
        references: { table: k.ref_table ?? '', columns: k.ref_columns ?? [] },
      });
    } else if (k.type === 'x') {
      constraints.push({
        name: k.name,
        table: k.table,
        kind: 'exclusion',
        columns: k.columns,
        operators: k.operators ?? [],
      });
    } else constraints.push({ name: k.name, table: k.table, kind: 'unique', columns: k.columns });
  }
  return { schemas, tables: [...tables.values()], constraints };
}

// ── The rules ───────────────────────────────────────────────────────────────────────────────

const TENANT = 'tenant_id';

/**
 * Everything that keeps the schema from going onto Citus as classified; [] when all is well:
 * - every table of schema public is classified, and every classified table exists;
 * - every other schema is placed as a whole (CITUS_SCHEMAS);
 * - a distributed table has a NOT NULL tenant_id that starts its primary key; each of its unique
 *   keys includes tenant_id, each exclusion constraint compares tenant_id with `=` (each shard can
 *   then enforce them alone);
 * - a foreign key between distributed tables pairs tenant_id with tenant_id (co-located rows);
 *   distributed → reference, reference → reference, local → reference and local → local are
 *   allowed; nothing may point from a reference or distributed table to a local one, nor from a
 *   reference or local table to a distributed one.
 */
export function checkLayout(
  catalog: Catalog,
  layout: Record<string, TablePlacement> = CITUS_LAYOUT,
  schemas: Record<string, TablePlacement> = CITUS_SCHEMAS,
): string[] {
  const problems: string[] = [];
  const present = new Set(catalog.tables.map((t) => t.name));
  for (const t of catalog.tables)
    if (!layout[t.name])
      problems.push(
        `${t.name}: not classified — add it to CITUS_LAYOUT in src/platform/db/citus.ts (distributed, reference or local) and to docs/operations.md`,
      );
  for (const name of Object.keys(layout))
    if (!present.has(name)) problems.push(`${name}: classified in CITUS_LAYOUT but no such table`);
  for (const s of catalog.schemas)
    if (s !== 'public' && !schemas[s])
      problems.push(`schema ${s}: not placed — add it to CITUS_SCHEMAS in src/platform/db/citus.ts`);

  const placement = (table: string) => layout[table]?.placement;
  for (const t of catalog.tables) {
    if (placement(t.name) !== 'distributed') continue;
    if (!(TENANT in t.columns)) problems.push(`${t.name}: distributed but has no tenant_id column`);
    else if (t.columns[TENANT]) problems.push(`${t.name}: distributed but tenant_id may be null`);
    if (!t.primaryKey) problems.push(`${t.name}: no primary key`);
    else if (t.primaryKey[0] !== TENANT)
      problems.push(`${t.name}: primary key (${t.primaryKey.join(', ')}) does not start with tenant_id`);
  }
  for (const c of catalog.constraints) {
    const from = placement(c.table);
    if (!from) continue;
    if (c.kind === 'unique' && from === 'distributed' && !c.columns.includes(TENANT))
      problems.push(`${c.table}.${c.name}: unique key (${c.columns.join(', ')}) without tenant_id`);
    if (c.kind === 'exclusion' && from === 'distributed') {
      const i = c.columns.indexOf(TENANT);
      if (i < 0 || c.operators?.[i] !== '=')
        problems.push(`${c.table}.${c.name}: exclusion constraint does not compare tenant_id with =`);
    }
    if (c.kind === 'foreign' && c.references) {
      const to = placement(c.references.table);
      const edge = `${c.table}.${c.name} → ${c.references.table}`;
      if (!to) continue;
      if (from === 'distributed' && to === 'distributed') {
        const i = c.columns.indexOf(TENANT);
        if (i < 0 || c.references.columns[i] !== TENANT)
          problems.push(`${edge}: foreign key between distributed tables must pair tenant_id with tenant_id`);
      } else if (to === 'local' && from !== 'local') {
        problems.push(`${edge}: a ${from} table cannot reference a local table`);
      } else if (to === 'distributed') {
        problems.push(`${edge}: a ${from} table cannot reference a distributed table`);
      }
    }
  }
  return problems;
}

// ── Documentation and SQL ───────────────────────────────────────────────────────────────────

const ORDER: Placement[] = ['reference', 'local', 'distributed'];

/** The table in docs/operations.md between the citus-layout markers. */
export function citusLayoutMarkdown(): string {
  const lines = ['| table | placement | why |', '|---|---|---|'];
  for (const p of ORDER) {
    for (const [name, l] of Object.entries(CITUS_LAYOUT)
      .filter(([, l]) => l.placement === p)
      .sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`| \`${name}\` | ${l.placement} | ${l.reason} |`);
    for (const [name, l] of Object.entries(CITUS_SCHEMAS)
      .filter(([, l]) => l.placement === p)
      .sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`| \`${name}.*\` | ${l.placement} | ${l.reason} |`);
  }
  return lines.join('\n');
}

/**
 * The statements that place the tables on a Citus coordinator, for `quartier db citus-sql`.
 * Distributed tables come in foreign-key order (referenced first), all co-located with the first;
 * each statement skips a table Citus already knows, so the script can be run again after an
 * upgrade that added tables.
 */
export function citusSql(catalog: Catalog): string {
  const problems = checkLayout(catalog);
  if (problems.length)
    throw new Error(`The schema does not fit the Citus layout:\n- ${problems.join('\n- ')}`);
  const names = catalog.tables.map((t) => t.name).sort();
  const of = (p: Placement) => names.filter((n) => CITUS_LAYOUT[n].placement === p);
  const deps = new Map<string, Set<string>>();
  for (const c of catalog.constraints)
    if (c.kind === 'foreign' && c.references && c.references.table !== c.table)
      deps.set(c.table, (deps.get(c.table) ?? new Set<string>()).add(c.references.table));
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of [...(deps.get(n) ?? [])].sort())
      if (CITUS_LAYOUT[d]?.placement === 'distributed') visit(d);
    ordered.push(n);
  };
  for (const n of of('distributed')) visit(n);
  const unplaced = (n: string) =>
    `WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = '${n}'::regclass)`;
  const out = [
    '-- Quartier on Citus: run on the coordinator after `quartier migrate` (see docs/operations.md).',
    '-- Needs the citus extension, the coordinator in the metadata (citus_set_coordinator_host) and the',
    '-- workers added (citus_add_node). Tables Citus already knows are skipped.',
    '',
    '-- reference: copied to every node',
    ...of('reference').map((n) => `SELECT create_reference_table('${n}') ${unplaced(n)};`),
    '',
    '-- distributed by tenant_id, all co-located',
    ...ordered.map((n, i) =>
      i === 0
        ? `SELECT create_distributed_table('${n}', 'tenant_id') ${unplaced(n)};`
        : `SELECT create_distributed_table('${n}', 'tenant_id', colocate_with => '${ordered[0]}') ${unplaced(n)};`,
    ),
    '',
    '-- local: coordinator only, known to Citus so they join with reference tables',
    ...of('local').map((n) => `SELECT citus_add_local_table_to_metadata('${n}') ${unplaced(n)};`),
    '',
    `-- ${Object.keys(CITUS_SCHEMAS)
      .map((s) => `${s}.*`)
      .join(', ')}: stay plain PostgreSQL tables on the coordinator.`,
  ];
  return `${out.join('\n')}\n`;
}
