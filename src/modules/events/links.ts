// Public addresses of an event and its image, used by the screens, the API and the feeds.
import type { Event } from './use-cases/events.ts';

export const eventHref = (tenantSlug: string, id: string) => `/${tenantSlug}/events/${id}`;
export const imageHref = (tenantSlug: string, e: Pick<Event, 'imageId' | 'imageType'>) =>
  e.imageId && e.imageType ? `/${tenantSlug}/events/images/${e.imageId}.${e.imageType.slice(6)}` : null;
