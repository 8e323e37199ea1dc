// Reading and publishing indicators: staff see every indicator and import report; the public (pages,
// API) only published indicators and their values.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { listAreas } from '../../areas/index.ts';
import { indicators } from '../db/schema.ts';
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
