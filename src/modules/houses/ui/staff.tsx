import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { mountStaffBookingPages } from './staff-book.tsx';
import {
  mountClosureRoutes,
  mountHouseDetailPage,
  mountHouseFormPages,
  mountHouseListPage,
} from './staff-houses.tsx';
import { mountRoomFormPages } from './staff-rooms.tsx';

/**
 * The staff screens of houses and rooms: the list, the house and room forms, closures, staff booking
 * and a house's page. Order matters: `/houses/:id` comes after every `/houses/<word>` route.
 */
export function mountStaffHousePages(staff: Hono<AppEnv>) {
  mountHouseListPage(staff);
  mountHouseFormPages(staff);
  mountRoomFormPages(staff);
  mountClosureRoutes(staff);
  mountStaffBookingPages(staff);
  mountHouseDetailPage(staff);
}
