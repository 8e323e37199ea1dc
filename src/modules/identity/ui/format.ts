/** Date and time for staff tables; German local time, as the offices work in it. */
export function formatDateTime(lang: string, d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(d));
}
