// The agenda hook (manifest `agenda`): a module that keeps bodies and their meetings offers agenda items
// to the others, which ask here instead of importing it (no import cycle between the two modules).
import type { Services } from './http/context.ts';
import type { AgendaHook } from './modules.ts';

/** The module's hook that offers agenda items, or null when no module of the running app does. */
export function agendaHookOf(services: Services): AgendaHook | null {
  return services.modules.find((m) => m.agenda)?.agenda ?? null;
}
