/**
 * Address spelling rules shared by the address import and the lookup, so "Soldiner Str. 12a" and
 * "Soldiner Straße 12 A" meet in the same normalised form.
 */

/** Street name for matching: lower case, ß→ss, umlauts folded (ä→ae), Straße/Strasse/Str. → str. */
export function normaliseStreet(street: string): string {
  return street
    .normalize('NFC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/strasse|str\.|\bstr\b/g, 'str ')
    .replace(/[.,;:'’"()/\\_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** House number with its letter, upper case and without spaces: "12 a" → "12A". */
export function normaliseHouseNumber(number: string, suffix = ''): string {
  return `${number}${suffix}`.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
}

export interface ParsedAddress {
  street: string;
  houseNumber: string;
  postcode?: string;
  city?: string;
}

/**
 * Splits a one-line German address: "Soldiner Straße 12a, 13359 Berlin" → street, house number,
 * postcode, city. Also "13359 Berlin, Soldiner Str. 12 A" and ranges like "12-14". Null when no
 * street with a house number is found.
 */
export function parseAddress(input: string): ParsedAddress | null {
  const text = input.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  let streetPart: string | undefined;
  let postcode: string | undefined;
  let city: string | undefined;
  const rest: string[] = [];
  for (const part of parts) {
    const place = /^(\d{5})(?:\s+(.+))?$/.exec(part);
    if (place && !postcode) {
      postcode = place[1];
      city = place[2];
    } else rest.push(part);
  }
  for (const part of rest) {
    if (!streetPart && /\d/.test(part)) streetPart = part;
    else if (!city && !/\d/.test(part) && streetPart) city = part;
  }
  streetPart ??= rest[0];
  if (!streetPart) return null;
  // The house number is the last number (with an optional letter or range) in the street part.
  const m = /^(.*?)\s*(\d+\s?[a-zA-Z]?(?:\s?[-–/]\s?\d+\s?[a-zA-Z]?)?)$/.exec(streetPart);
  const street = m?.[1].trim();
  if (!m || !street) return null;
  const houseNumber = m[2].replace(/\s+/g, '');
  return { street, houseNumber, ...(postcode ? { postcode } : {}), ...(city ? { city } : {}) };
}
