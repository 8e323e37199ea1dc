// Pieces the coordination use cases share: the area path of a need, the view of a routing.
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { areaPath } from '../../areas/index.ts';
import { daysOverdue, isOverdue, overallStatus } from '../domain/status.ts';
import type { NeedStatus } from '../domain/vocab.ts';
import { canAnswer } from '../policies.ts';
import type { Department, Need, Routing } from '../queries.ts';

/** The area with its ancestors; an unknown area is a field error on `field`. */
export async function areaIdsOf(
  db: Db,
  tenantId: string,
  areaId: string,
  field = 'areaId',
): Promise<string[]> {
  const path = await areaPath(db, tenantId, areaId);
  if (path.length === 0) throw new ValidationError({ [field]: 'validation.choice' });
  return path.map((a) => a.id);
}

/** Does the department work in the need's area? (no areas: the whole tenant) */
export const worksIn = (d: Pick<Department, 'areaIds'>, need: Pick<Need, 'areaIds'>): boolean =>
  d.areaIds.length === 0 || d.areaIds.some((a) => need.areaIds.includes(a));

export interface RoutingView extends Routing {
  department: Pick<Department, 'id' | 'name' | 'shortName'>;
  overdue: boolean;
  daysOverdue: number;
  /** May the acting member answer it (their department, or district coordination)? */
  mayAnswer: boolean;
}

export interface NeedSummary extends Need {
  status: NeedStatus;
  overdueDays: number;
  routings: RoutingView[];
}

/** A need with its routings as the screens show them. */
export function summarise(
  actor: Actor | null,
  need: Need,
  routings: readonly Routing[],
  departmentsById: ReadonlyMap<string, Department>,
  own: readonly string[],
  today: string,
): NeedSummary {
  const views = routings.map((r) => {
    const d = departmentsById.get(r.departmentId);
    return {
      ...r,
      department: { id: r.departmentId, name: d?.name ?? '', shortName: d?.shortName ?? '' },
      overdue: isOverdue(r, today),
      daysOverdue: daysOverdue(r, today),
      mayAnswer: actor ? canAnswer(actor, need, r, own) : false,
    };
  });
  return {
    ...need,
    status: overallStatus(routings),
    overdueDays: Math.max(0, ...views.map((v) => v.daysOverdue)),
    routings: views,
  };
}
