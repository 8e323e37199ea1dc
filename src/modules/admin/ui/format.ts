/** Date and time for staff tables, in Berlin time as the offices work in it (with seconds, for the logs). */
export function formatDateTime(lang: string, d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }).format(new Date(d));
}
