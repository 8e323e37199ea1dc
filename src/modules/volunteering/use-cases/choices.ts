// The choices of the staff forms: the areas a member may post in and the organisations of the network
// module they may see (a need posted for an actor, an initiative).
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { areaChoices } from '../../areas/index.ts';
import { listActors } from '../../network/index.ts';
import { MANAGE, READ } from '../policies.ts';

const KINDS = ['programme', 'district', 'stadtteil', 'planungsraum'] as const;

export async function formChoices(actor: Actor, db: Db) {
  authorize(actor, MANAGE);
  const scope = scopeOf(actor, MANAGE);
  const areas = await areaChoices(db, actor.tenantId, scope, KINDS);
  const { items } = await listActors(db, actor.tenantId, { kind: 'organisation', scope, limit: 500 });
  return {
    areas: areas.map((a) => ({ value: a.value, label: a.label })),
    organisations: items
      .map((a) => ({ value: a.id, label: a.name, initiative: a.orgType === 'initiative' }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

/**
 * The areas the staff lists filter by (those the member reads), and every area's name: a volunteer
 * seen through one area may have chosen others too, and the CSV names them all.
 */
export async function listChoices(actor: Actor, db: Db) {
  authorize(actor, READ);
  const [areas, all] = await Promise.all([
    areaChoices(db, actor.tenantId, scopeOf(actor, READ), KINDS),
    areaChoices(db, actor.tenantId, null, KINDS),
  ]);
  return {
    areas: areas.map((a) => ({ value: a.value, label: a.label })),
    names: new Map(all.map((a) => [a.value, a.label])),
  };
}
