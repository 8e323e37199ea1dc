/**
 * Resources per area (COORD-3): the budgets of all departments and programmes per area and year, side
 * by side. District coordination (`coordination.route`, tenant-wide) keeps the lines — by hand or by a
 * CSV import that is checked first (preview, nothing written) and written only when confirmed; the
 * same area, year and source again updates the line. Everyone who reads coordination reads the lines
 * of the areas in their scope (the area's team its areas, department staff theirs).
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import {
  type Actor,
  authorize,
  authorizeTenantWide,
  canTenantWide,
  inScope,
  scopeFilter,
  scopeOf,
} from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { type AreaSummary, areaChoices, listAreas, TEAM_AREA_KINDS } from '../../areas/index.ts';
import { budgets } from '../db/resources.ts';
import {
  type AreaLookup,
  type CheckedRow,
  checkBudgetRows,
  decodeFile,
  ImportFileError,
  MAX_IMPORT_BYTES,
  type ResourceTable,
  readBudgetCsv,
  resourceTable,
  sourceKey,
  YEAR_MAX,
  YEAR_MIN,
} from '../domain/resources.ts';
import { READ, ROUTE } from '../policies.ts';
import { parse } from '../schemas.ts';
import { type BudgetInput, budgetInput } from '../schemas-resources.ts';
import { areaIdsOf } from './shared.ts';

export type BudgetLine = typeof budgets.$inferSelect;
export type BudgetLineView = BudgetLine & { areaName: string; areaKey: string };

const thisYear = () => Number(todayLocal().slice(0, 4));

/** The tenant's spelling of each source (by `sourceKey`), so "sozialer zusammenhalt" joins "Sozialer Zusammenhalt". */
async function sourceSpellings(db: Db, tenantId: string): Promise<Map<string, string>> {
  const r = await db
    .selectDistinct({ source: budgets.source })
    .from(budgets)
    .where(ofTenant(budgets, tenantId))
    .orderBy(budgets.source);
  const m = new Map<string, string>();
  for (const { source } of r) if (!m.has(sourceKey(source))) m.set(sourceKey(source), source);
  return m;
}

const spellingOf = (spellings: Map<string, string>, source: string): string => {
  const clean = source.trim().replace(/\s+/g, ' ');
  const known = spellings.get(sourceKey(clean));
  if (known) return known;
  spellings.set(sourceKey(clean), clean);
  return clean;
};

async function withAreas(db: Db, tenantId: string, lines: BudgetLine[]): Promise<BudgetLineView[]> {
  const ids = [...new Set(lines.map((l) => l.areaId))];
  const areas = ids.length ? await listAreas(db, tenantId, { ids, limit: ids.length }) : [];
  const byId = new Map(areas.map((a) => [a.id, a]));
  return lines.map((l) => ({
    ...l,
    areaName: byId.get(l.areaId)?.name ?? '',
    areaKey: byId.get(l.areaId)?.key ?? '',
  }));
}

export interface ResourcesFilter {
  year?: number;
  /** The lines of this area and the areas below it. */
  areaId?: string;
}

export interface ResourcesView {
  year: number;
  /** Years with lines the member may read, newest first (this year always among them). */
  years: number[];
  areaId: string | null;
  lines: BudgetLineView[];
  table: ResourceTable;
  /** May the member keep the lines (district coordination)? */
  mayKeep: boolean;
}

/** The budget lines of one year (this year unless said) in the member's areas, with the table and its sums. */
export async function resourcesFor(actor: Actor, db: Db, f: ResourcesFilter = {}): Promise<ResourcesView> {
  authorize(actor, READ);
  const scope = scopeOf(actor, READ);
  const areaId = f.areaId ?? null;
  const where = and(
    ofTenant(budgets, actor.tenantId),
    scopeFilter(budgets.areaIds, scope),
    areaId ? sql`${areaId}::uuid = any(${budgets.areaIds})` : undefined,
  );
  const years = (
    await db.selectDistinct({ year: budgets.year }).from(budgets).where(where).orderBy(desc(budgets.year))
  ).map((r) => r.year);
  const now = thisYear();
  if (!years.includes(now)) years.push(now);
  years.sort((a, b) => b - a);
  const year = f.year && f.year >= YEAR_MIN && f.year <= YEAR_MAX ? f.year : now;
  if (!years.includes(year)) {
    years.push(year);
    years.sort((a, b) => b - a);
  }
  const lines = await withAreas(
    db,
    actor.tenantId,
    await db
      .select()
      .from(budgets)
      .where(and(where, eq(budgets.year, year)))
      .orderBy(budgets.source),
  );
  const areaOrder = new Map<string, { id: string; name: string; key: string }>();
  for (const l of [...lines].sort((a, b) => a.areaKey.localeCompare(b.areaKey, 'de')))
    areaOrder.set(l.areaId, { id: l.areaId, name: l.areaName, key: l.areaKey });
  return {
    year,
    years,
    areaId,
    lines,
    table: resourceTable(lines, [...areaOrder.values()]),
    mayKeep: canTenantWide(actor, ROUTE),
  };
}

/** One line, for its edit form: 404 when it does not exist or lies outside the member's areas. */
export async function budgetLineFor(actor: Actor, db: Db, id: string): Promise<BudgetLineView> {
  authorize(actor, READ);
  const [line] = await db
    .select()
    .from(budgets)
    .where(and(ofTenant(budgets, actor.tenantId), eq(budgets.id, id)));
  if (!line || !inScope(line.areaIds, scopeOf(actor, READ))) throw new AppError(404, 'budget_not_found');
  return (await withAreas(db, actor.tenantId, [line]))[0];
}

/** The areas a line may be kept for (programme areas and districts), and the sources known so far. */
export async function budgetFormChoices(
  actor: Actor,
  db: Db,
): Promise<{ areas: { value: string; label: string }[]; sources: string[] }> {
  authorizeTenantWide(actor, ROUTE);
  const areas = await areaChoices(db, actor.tenantId, null, TEAM_AREA_KINDS);
  return {
    areas: areas.map(({ value, label }) => ({ value, label })),
    sources: [...(await sourceSpellings(db, actor.tenantId)).values()],
  };
}

/**
 * Adds a budget line, or changes the one given by `id`. The source takes the tenant's spelling; the
 * same area, year and source as another line is refused at the field `source`.
 */
export async function saveBudgetLine(
  actor: Actor,
  db: Db,
  input: BudgetInput,
  id?: string,
): Promise<BudgetLine> {
  authorizeTenantWide(actor, ROUTE);
  const current = id ? await budgetLineFor(actor, db, id) : null;
  const v = parse(budgetInput, input);
  const areaIds = await areaIdsOf(db, actor.tenantId, v.areaId);
  const source = spellingOf(await sourceSpellings(db, actor.tenantId), v.source);
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: budgets.id })
      .from(budgets)
      .where(
        and(
          ofTenant(budgets, actor.tenantId),
          eq(budgets.areaId, v.areaId),
          eq(budgets.year, v.year),
          eq(budgets.source, source),
        ),
      );
    if (clash && clash.id !== current?.id)
      throw new ValidationError({ source: 'coordination:budget.errors.exists' });
    const values = {
      areaId: v.areaId,
      areaIds,
      year: v.year,
      source,
      kind: v.kind,
      amountCents: v.amount as number,
      reference: v.reference,
      updatedBy: actor.userId ?? null,
    };
    const [row] = current
      ? await tx
          .update(budgets)
          .set({ ...values, updatedAt: new Date() })
          .where(and(ofTenant(budgets, actor.tenantId), eq(budgets.id, current.id)))
          .returning()
      : await tx
          .insert(budgets)
          .values({ tenantId: actor.tenantId, id: newId(), ...values })
          .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: current ? 'update' : 'create',
      entityType: 'coordination_budget',
      entityId: row.id,
      details: {
        areaId: row.areaId,
        year: row.year,
        source: row.source,
        kind: row.kind,
        amountCents: row.amountCents,
        ...(current ? { before: current.amountCents } : {}),
      },
    });
    return row;
  });
}

/** Removes a budget line. */
export async function deleteBudgetLine(actor: Actor, db: Db, id: string): Promise<void> {
  authorizeTenantWide(actor, ROUTE);
  const line = await budgetLineFor(actor, db, id);
  await db.transaction(async (tx) => {
    await tx.delete(budgets).where(and(ofTenant(budgets, actor.tenantId), eq(budgets.id, line.id)));
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'delete',
      entityType: 'coordination_budget',
      entityId: line.id,
      details: { areaId: line.areaId, year: line.year, source: line.source, amountCents: line.amountCents },
    });
  });
}

/** How an area named in an import file is found among all the tenant's areas: by code, else by name. */
async function areaLookup(db: Db, tenantId: string): Promise<AreaLookup> {
  const all: AreaSummary[] = await listAreas(db, tenantId, { limit: 100_000 });
  const byKey = new Map<string, AreaSummary[]>();
  const byName = new Map<string, AreaSummary[]>();
  const add = (m: Map<string, AreaSummary[]>, k: string, a: AreaSummary) =>
    m.set(k, [...(m.get(k) ?? []), a]);
  for (const a of all) {
    add(byKey, a.key.trim().toLocaleLowerCase('de'), a);
    add(byName, a.name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de'), a);
  }
  return (text) => {
    const k = text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
    let found = byKey.get(k) ?? byName.get(k) ?? [];
    // A name shared by a team area or district and an official planning area: the team area.
    if (found.length > 1) {
      const team = found.filter((a) => (TEAM_AREA_KINDS as readonly string[]).includes(a.kind));
      if (team.length === 1) found = team;
    }
    if (found.length === 0) return 'unknown';
    if (found.length > 1) return 'ambiguous';
    return { id: found[0].id, name: found[0].name };
  };
}

export interface PreviewRow extends CheckedRow {
  /** What confirming would do with the row: a new line, a new amount (or kind, reference) for one, or nothing. */
  action?: 'create' | 'update' | 'unchanged';
  /** The amount stored now, for a line that would change. */
  beforeCents?: number;
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** Rows with a problem: nothing is written while there is one. */
  invalid: number;
  creates: number;
  updates: number;
  unchanged: number;
}

type Existing = Pick<BudgetLine, 'id' | 'areaId' | 'year' | 'source' | 'kind' | 'amountCents' | 'reference'>;

async function check(actor: Actor, db: Db, bytes: Uint8Array) {
  if (bytes.byteLength === 0) throw new ValidationError({ file: 'coordination:budget.errors.empty' });
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new ValidationError({ file: 'coordination:budget.errors.tooLarge' });
  let checked: CheckedRow[];
  try {
    checked = checkBudgetRows(readBudgetCsv(decodeFile(bytes)), await areaLookup(db, actor.tenantId));
  } catch (err) {
    if (err instanceof ImportFileError) throw new ValidationError({ file: err.key });
    throw err;
  }
  const spellings = await sourceSpellings(db, actor.tenantId);
  for (const r of checked) if (r.value) r.value.source = spellingOf(spellings, r.value.source);
  const years = [...new Set(checked.flatMap((r) => (r.value ? [r.value.year] : [])))];
  const existing: Existing[] = years.length
    ? await db
        .select({
          id: budgets.id,
          areaId: budgets.areaId,
          year: budgets.year,
          source: budgets.source,
          kind: budgets.kind,
          amountCents: budgets.amountCents,
          reference: budgets.reference,
        })
        .from(budgets)
        .where(and(ofTenant(budgets, actor.tenantId), inArray(budgets.year, years)))
    : [];
  const key = (l: { areaId: string; year: number; source: string }) => `${l.areaId}|${l.year}|${l.source}`;
  const byKey = new Map(existing.map((l) => [key(l), l]));
  const preview: ImportPreview = { rows: [], invalid: 0, creates: 0, updates: 0, unchanged: 0 };
  const plan: { value: NonNullable<CheckedRow['value']>; before?: Existing; line: number }[] = [];
  for (const r of checked) {
    if (!r.value) {
      preview.invalid++;
      preview.rows.push(r);
      continue;
    }
    const before = byKey.get(key(r.value));
    // No reference column: the stored reference stays.
    r.value.reference ??= before?.reference ?? '';
    const same =
      before &&
      before.amountCents === r.value.amountCents &&
      before.kind === r.value.kind &&
      before.reference === r.value.reference;
    const action = !before ? 'create' : same ? 'unchanged' : 'update';
    preview[action === 'create' ? 'creates' : action === 'update' ? 'updates' : 'unchanged']++;
    preview.rows.push({ ...r, action, beforeCents: before?.amountCents });
    if (action !== 'unchanged') plan.push({ value: r.value, before, line: r.line });
  }
  return { preview, plan };
}

/**
 * What an import of the file would do, row by row: each row checked (area, year, source, kind,
 * amount, reference — every problem named by line and field) and matched with the lines stored.
 * Writes nothing.
 */
export async function previewBudgetImport(actor: Actor, db: Db, bytes: Uint8Array): Promise<ImportPreview> {
  authorizeTenantWide(actor, ROUTE);
  return (await check(actor, db, bytes)).preview;
}

/**
 * Imports the file as previewed: new lines added, lines of the same area, year and source updated,
 * each change audited, all in one transaction. Refused (at the field `file`) while a row has a problem.
 */
export async function importBudgets(
  actor: Actor,
  db: Db,
  bytes: Uint8Array,
): Promise<Pick<ImportPreview, 'creates' | 'updates' | 'unchanged'>> {
  authorizeTenantWide(actor, ROUTE);
  const { preview, plan } = await check(actor, db, bytes);
  if (preview.invalid > 0) throw new ValidationError({ file: 'coordination:budget.errors.notClean' });
  const areaPaths = new Map<string, string[]>();
  for (const p of plan)
    if (!areaPaths.has(p.value.areaId))
      areaPaths.set(p.value.areaId, await areaIdsOf(db, actor.tenantId, p.value.areaId, 'file'));
  await db.transaction(async (tx) => {
    for (const { value: v, before, line } of plan) {
      const values = {
        kind: v.kind,
        amountCents: v.amountCents,
        reference: v.reference ?? '',
        areaIds: areaPaths.get(v.areaId) ?? [v.areaId],
        updatedBy: actor.userId ?? null,
      };
      const [row] = before
        ? await tx
            .update(budgets)
            .set({ ...values, updatedAt: new Date() })
            .where(and(ofTenant(budgets, actor.tenantId), eq(budgets.id, before.id)))
            .returning({ id: budgets.id })
        : await tx
            .insert(budgets)
            .values({
              tenantId: actor.tenantId,
              id: newId(),
              areaId: v.areaId,
              year: v.year,
              source: v.source,
              ...values,
            })
            .returning({ id: budgets.id });
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: before ? 'update' : 'create',
        entityType: 'coordination_budget',
        entityId: row.id,
        details: {
          import: true,
          line,
          areaId: v.areaId,
          year: v.year,
          source: v.source,
          kind: v.kind,
          amountCents: v.amountCents,
          ...(before ? { before: before.amountCents } : {}),
        },
      });
    }
  });
  return { creates: preview.creates, updates: preview.updates, unchanged: preview.unchanged };
}
