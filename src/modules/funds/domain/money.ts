/**
 * Euros as typed ("15", "15,5", "1.234,50", "15.50", "-40,00" for a correction) into whole cents;
 * null when empty, NaN when it is no amount.
 */
export function parseEuros(input: string): number | null {
  const raw = input.trim().replace(/\s|€/g, '');
  if (raw === '') return null;
  const sign = raw.startsWith('-') ? -1 : 1;
  const s = raw.replace(/^-/, '');
  let norm = s;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) norm = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(,\d{1,2})?$/.test(s)) norm = s.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(s)) return Number.NaN;
  return sign * Math.round(Number(norm) * 100);
}
