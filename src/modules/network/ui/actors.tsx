import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { mountActorContactRoutes } from './actors/contacts.tsx';
import { mountActorCreatePages } from './actors/create.tsx';
import { mountActorDetailPage } from './actors/detail.tsx';
import { mountActorEditPages } from './actors/edit.tsx';
import { mountActorListPage } from './actors/list.tsx';
import { mountPersonDataPages } from './actors/person-data.tsx';

/**
 * Staff screens of the directory, one file per screen in actors/. Mounted in the order they were
 * written: the list and the new-actor form before the routes of one actor.
 */
export function mountActorPages(staff: Hono<AppEnv>) {
  mountActorListPage(staff);
  mountActorCreatePages(staff);
  mountActorDetailPage(staff);
  mountActorEditPages(staff);
  mountActorContactRoutes(staff);
  mountPersonDataPages(staff);
}
