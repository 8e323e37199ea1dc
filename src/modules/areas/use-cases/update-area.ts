import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { emptyOr, parseFields, requiredText, text, uuid } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { type AreaKind, areas } from '../db/schema.ts';
import { type Area, descendantIds, getArea } from '../queries.ts';

/** Which kinds may contain an area of a kind: the LOR levels nest, team areas sit anywhere below a district. */
export const PARENT_KINDS: Record<AreaKind, AreaKind[]> = {
  district: [],
  prognoseraum: ['district'],
  bezirksregion: ['prognoseraum', 'district'],
  planungsraum: ['bezirksregion', 'prognoseraum', 'district'],
  programme: ['district', 'prognoseraum', 'bezirksregion', 'planungsraum', 'stadtteil'],
  stadtteil: ['district', 'prognoseraum', 'bezirksregion'],
  free: ['district', 'prognoseraum', 'bezirksregion', 'planungsraum', 'programme', 'stadtteil', 'free'],
};

export interface AreaEdit {
  name: string;
  description: string;
  /** '' = no parent. */
  parentId: string;
}

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;

/** The area form's fields (the limits the message states). */
export const areaEditFields = {
  name: requiredText(NAME_MAX),
  description: text(DESCRIPTION_MAX),
  parentId: emptyOr(uuid()),
};

/**
 * Changes name, description and parent of an area. Field problems come back as translation keys
 * per field; a parent must be of an allowed kind and must not lie inside the area itself.
 */
export async function updateArea(db: Db, tenantId: string, id: string, input: AreaEdit): Promise<Area> {
  const area = await getArea(db, tenantId, id);
  if (!area) throw new AppError(404, 'area_not_found');
  const { data, errors: fields } = parseFields(areaEditFields, { ...input });
  const name = data.name ?? '';
  const description = data.description ?? '';
  let parentId: string | null = null;
  if (data.parentId) {
    const parent = await getArea(db, tenantId, data.parentId);
    if (!parent || !PARENT_KINDS[area.kind].includes(parent.kind)) fields.parentId = 'validation.choice';
    else if ((await descendantIds(db, tenantId, area.id)).includes(parent.id))
      fields.parentId = 'areas:edit.parentCycle';
    else parentId = parent.id;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const [updated] = await db
    .update(areas)
    .set({ name, description: description || null, parentId, updatedAt: new Date() })
    .where(and(ofTenant(areas, tenantId), eq(areas.id, area.id)))
    .returning();
  return updated;
}
