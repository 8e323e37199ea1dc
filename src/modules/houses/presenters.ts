// What the screens and the API both need to present houses' results (no JSX, no rules).
import type { TFunction } from '../../platform/i18n/index.ts';
import type { Msg } from './use-cases/booking.ts';

/** Translates a field message (keys are either common, e.g. validation.required, or houses:…). */
export const tm = (t: TFunction, m: Msg | undefined): string | undefined =>
  m ? String(t(m.key, m.params ?? {})) : undefined;
