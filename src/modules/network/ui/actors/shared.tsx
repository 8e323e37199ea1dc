import { actorOf, can } from '../../../../platform/authz.ts';
import { listDepartments } from '../../../access/index.ts';
import { PERMS } from '../../policies.ts';
import { type Actor, actorFormValues } from '../../use-cases/actors.ts';
import { actorFor } from '../../use-cases/directory.ts';
import type { C } from '../common.tsx';

export type Values = Record<string, string | string[] | undefined>;

export const valuesOf = (a: Actor): Values => actorFormValues(a);

export const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const arr = (v: Values[string]) => (Array.isArray(v) ? v : v ? [v] : []);

/** The actor of the route for this permission (the directory's one rule; 404 when not the member's). */
export const visibleActor = (c: C, id: string, perm: string = PERMS.read): Promise<Actor> =>
  actorFor(actorOf(c), c.get('services').db, id, perm);

/** Departments offered on the form: every department known in the tenant plus the actor's current ones. */
export async function departmentOptions(c: C, current: readonly string[] = []): Promise<string[]> {
  const known = await listDepartments(c.get('services').db, c.get('tenant')!.id);
  return [...new Set([...known, ...current])].sort((x, y) => x.localeCompare(y, 'de'));
}

/** Does the member see this actor only because it is shared with their department? */
export const sharedOnly = (c: C, a: Actor) =>
  !can(actorOf(c), PERMS.read, a.areaIds) ||
  (a.kind === 'person' && !can(actorOf(c), PERMS.people, a.areaIds));
