import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { mountAttendancePages } from './staff/attendance.tsx';
import { mountEventCreatePages } from './staff/create.tsx';
import { mountEventEditPages } from './staff/edit.tsx';
import { mountEventListPage } from './staff/list.tsx';
import { mountEventModerationPages } from './staff/moderation.tsx';
import { mountModerationQueuePage } from './staff/queue.tsx';
import { mountRegistrationPages } from './staff/registrations.tsx';
import { mountResultPages } from './staff/results.tsx';

/**
 * Staff screens of events, one file per screen in staff/. Mounted in the order they were written:
 * the list, new event and queue before the routes of one event.
 */
export function mountStaffEventPages(staff: Hono<AppEnv>) {
  mountEventListPage(staff);
  mountEventCreatePages(staff);
  mountModerationQueuePage(staff);
  mountEventEditPages(staff);
  mountEventModerationPages(staff);
  mountRegistrationPages(staff);
  mountAttendancePages(staff);
  mountResultPages(staff);
}
