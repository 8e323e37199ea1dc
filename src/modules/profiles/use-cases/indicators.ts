// Reading and publishing indicators: staff see every indicator and import report; the public (pages,
// API) only published indicators and their values.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { listAreas } from '../../areas/index.ts';
import { indicators, values } from '../db/schema.ts';
import { authorizeManage, authorizeRead } from '../policies.ts';
import {
  getImport,
  getIndicator,
  type Indicator,
  type IndicatorImport,
  listImports,
  listIndicators,
  valuesOf,
} from '../queries.ts';
import { type IndicatorInput, indicatorInput } from '../schemas.ts';
import { deriveIndicator } from './import.ts';

/** Every indicator of the tenant, published or not (staff). */
export async function indicatorsFor(actor: Actor, db: Db): Promise<Indicator[]> {
  authorizeRead(actor);
  return listIndicators(db, actor.tenantId);
}

/** The latest imports with their reports (staff). */
export async function importsFor(actor: Actor, db: Db): Promise<IndicatorImport[]> {
  authorizeRead(actor);
  return listImports(db, actor.tenantId);
}

export async function importReportFor(actor: Actor, db: Db, id: string): Promise<IndicatorImport> {
  authorizeRead(actor);
  const row = await getImport(db, actor.tenantId, id);
  if (!row) throw new AppError(404, 'import_not_found');
  return row;
}

/** Shows an indicator on public pages and in the API, or hides it again. */
export async function setIndicatorPublished(
  actor: Actor,
  db: Db,
  id: string,
  published: boolean,
): Promise<Indicator> {
  authorizeManage(actor);
  const [row] = await db
    .update(indicators)
    .set({ published, updatedAt: new Date() })
    .where(and(ofTenant(indicators, actor.tenantId), eq(indicators.id, id)))
    .returning();
  if (!row) throw new AppError(404, 'indicator_not_found');
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'profiles.indicator',
    entityId: id,
    personal: false,
    details: { published },
  });
  return row;
}

/** One indicator, published or not (staff). */
export async function indicatorFor(actor: Actor, db: Db, id: string): Promise<Indicator> {
  authorizeRead(actor);
  const row = await getIndicator(db, actor.tenantId, id);
  if (!row) throw new AppError(404, 'indicator_not_found');
  return row;
}

/**
 * Changes an indicator's definition (names, unit, direction, how higher levels are derived, source,
 * licence, description, published). Its key stays: imports find the indicator by it. When the way
 * higher levels are derived changes, the derived values are computed again (or removed for `none`),
 * in the same transaction.
 */
export async function updateIndicator(
  actor: Actor,
  db: Db,
  id: string,
  input: IndicatorInput,
): Promise<Indicator> {
  authorizeManage(actor);
  const v = parseInput(indicatorInput, input);
  const before = await getIndicator(db, actor.tenantId, id);
  if (!before) throw new AppError(404, 'indicator_not_found');
  const all = await listIndicators(db, actor.tenantId);
  const weightKey = v.aggregation === 'weighted' ? v.weightIndicatorKey : null;
  if (weightKey && (weightKey === before.key || !all.some((i) => i.key === weightKey)))
    throw new ValidationError({ weightIndicatorKey: 'validation.choice' });
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .update(indicators)
      .set({ ...v, weightIndicatorKey: weightKey, updatedAt: new Date() })
      .where(and(ofTenant(indicators, actor.tenantId), eq(indicators.id, id)))
      .returning();
    if (!row) throw new AppError(404, 'indicator_not_found');
    if (row.aggregation !== before.aggregation || row.weightIndicatorKey !== before.weightIndicatorKey)
      await rederive(tx, actor.tenantId, row, all);
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'update',
      entityType: 'profiles.indicator',
      entityId: id,
      personal: false,
      details: {
        changed: Object.keys(v).filter(
          (k) => (v as Record<string, unknown>)[k] !== (before as Record<string, unknown>)[k],
        ),
      },
    });
    return row;
  });
}

/** The derived values of one indicator again, for every period it has imported values of. */
async function rederive(db: Db, tenantId: string, ind: Indicator, all: Indicator[]): Promise<void> {
  if (ind.aggregation === 'none') {
    await db
      .delete(values)
      .where(and(ofTenant(values, tenantId), eq(values.indicatorId, ind.id), eq(values.derived, true)));
    return;
  }
  const periods = (
    await db
      .selectDistinct({ period: values.period })
      .from(values)
      .where(and(ofTenant(values, tenantId), eq(values.indicatorId, ind.id)))
  ).map((r) => r.period);
  if (periods.length === 0) return;
  const nodes = (await listAreas(db, tenantId, { limit: 100_000 })).map((a) => ({
    id: a.id,
    kind: a.kind,
    parentId: a.parentId,
  }));
  await deriveIndicator(
    db,
    tenantId,
    nodes,
    ind,
    all.map((i) => (i.id === ind.id ? ind : i)),
    periods,
    null,
  );
}

/** A published indicator (public pages and API); undefined when there is none or it is not published. */
export async function publishedIndicator(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Indicator | undefined> {
  const row = await getIndicator(db, tenantId, id);
  return row?.published ? row : undefined;
}

export interface AreaValue {
  areaId: string;
  /** The area's key and name; for the tenant as a whole its key is '' and its name the given one. */
  areaKey: string;
  areaName: string;
  areaKind: string;
  period: string;
  value: number;
  derived: boolean;
}

/**
 * The values of a published indicator with their areas' keys and names, optionally for one area and
 * one period; a value with the tenant's id as area is the tenant as a whole.
 */
export async function publicValues(
  db: Db,
  tenantId: string,
  indicatorId: string,
  o: { areaId?: string; period?: string; wholeName?: string } = {},
): Promise<AreaValue[] | undefined> {
  if (!(await publishedIndicator(db, tenantId, indicatorId))) return undefined;
  const areas = new Map((await listAreas(db, tenantId, { limit: 100_000 })).map((a) => [a.id, a]));
  const rows = await valuesOf(db, tenantId, indicatorId, {
    areaIds: o.areaId ? [o.areaId] : undefined,
    periods: o.period ? [o.period] : undefined,
  });
  return rows.flatMap((v) => {
    const a = areas.get(v.areaId);
    if (!a && v.areaId !== tenantId) return [];
    if (a && !a.published) return [];
    return [
      {
        areaId: v.areaId,
        areaKey: a?.key ?? '',
        areaName: a?.name ?? o.wholeName ?? '',
        areaKind: a?.kind ?? 'tenant',
        period: v.period,
        value: v.value,
        derived: v.derived,
      },
    ];
  });
}
