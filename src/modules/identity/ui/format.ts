import { formatDateTime as format } from '../../../platform/time/index.ts';

/** Date and time for staff tables; German local time, as the offices work in it (platform/time rules). */
export function formatDateTime(lang: string, d: Date | string | null | undefined): string {
  return d ? format(d, lang === 'en' ? 'en' : 'de') : '';
}
