/**
 * A posted form as the input its schema reads. Forms post strings; the schema wants numbers,
 * booleans, lists and "nothing" for an empty field. `values` keeps what was typed, so a form that
 * comes back with messages shows every field as the person left it.
 */

/** Raw form body as parsed by platform/http/render.tsx formData(). */
export type RawForm = Record<string, string | string[] | File | undefined>;

/** How a posted field becomes the schema's input. */
export type FormField =
  /** Trimmed text; empty → undefined. */
  | 'text'
  /** A number (comma or point); empty → undefined; anything else stays text for the schema to refuse. */
  | 'number'
  /** A checkbox: on/true/1/yes → true, else false. */
  | 'checkbox'
  /** Repeated fields (checkbox groups, multiple selects) → a list of the non-empty values. */
  | 'list'
  /** yes → true, no → false, unknown or empty → null (accessibility details). */
  | 'triState'
  /** One text field holding several values separated by spaces, commas or semicolons → a list. */
  | 'words';

export type FormShape = Record<string, FormField>;
export type FormValues = Record<string, string | string[]>;

const first = (v: RawForm[string]): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';

/** One posted field as typed (trimmed, line breaks as \n). */
export const rawText = (v: RawForm[string]): string => first(v).replace(/\r\n?/g, '\n').trim();

function read(kind: FormField, v: RawForm[string]): { input: unknown; value: string | string[] } {
  if (kind === 'list') {
    const list = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .map((x) => x.trim())
      .filter(Boolean);
    return { input: list, value: list };
  }
  const s = rawText(v);
  switch (kind) {
    case 'text':
      return { input: s === '' ? undefined : s, value: s };
    case 'number': {
      const n = s.replace(',', '.');
      return { input: s === '' ? undefined : /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : s, value: s };
    }
    case 'checkbox':
      return { input: ['on', 'true', '1', 'yes'].includes(s), value: s };
    case 'triState':
      return {
        input: s === 'yes' ? true : s === 'no' ? false : s === '' || s === 'unknown' ? null : s,
        value: s,
      };
    case 'words':
      return { input: s.split(/[\s,;]+/).filter(Boolean), value: s };
  }
}

/** The posted form as the schema's input, and the values as typed for showing the form again. */
export function fromForm<F extends FormShape>(
  raw: RawForm,
  shape: F,
): { input: { [K in keyof F]: unknown }; values: FormValues } {
  const input: Record<string, unknown> = {};
  const values: FormValues = {};
  for (const [name, kind] of Object.entries(shape)) {
    const r = read(kind, raw[name]);
    input[name] = r.input;
    values[name] = r.value;
  }
  return { input: input as { [K in keyof F]: unknown }, values };
}
