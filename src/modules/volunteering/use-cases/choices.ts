// The choices of the staff forms: the areas a member may post in and the organisations of the network
// module they may see (a need posted for an actor, an initiative).
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { areaChoices } from '../../areas/index.ts';
import { listActors } from '../../network/index.ts';
import { MANAGE } from '../policies.ts';

export async function formChoices(actor: Actor, db: Db) {
  authorize(actor, MANAGE);
  const scope = scopeOf(actor, MANAGE);
  const areas = await areaChoices(db, actor.tenantId, scope, [
    'programme',
    'district',
    'stadtteil',
    'planungsraum',
  ]);
  const { items } = await listActors(db, actor.tenantId, { kind: 'organisation', scope, limit: 500 });
  return {
    areas: areas.map((a) => ({ value: a.value, label: a.label })),
    organisations: items
      .map((a) => ({ value: a.id, label: a.name, initiative: a.orgType === 'initiative' }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}
