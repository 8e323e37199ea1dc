// Small helpers shared by the staff views of bodies and of meetings (no rules, no markup).
import type { TFunction } from '../../../platform/i18n/index.ts';
import { fieldId } from '../../../ui/index.ts';
import type { Member } from '../queries.ts';

type Errors = Record<string, string>;

/** Field errors (message keys) as the error summary lists them, each linked to its field. */
export const summary = (t: TFunction, errors: Errors) =>
  Object.entries(errors).map(([name, key]) => ({ fieldId: fieldId(name), message: String(t(key)) }));

/** The translated message of one field, if it has one. */
export const err = (t: TFunction, errors: Errors, name: string) =>
  errors[name] ? String(t(errors[name])) : undefined;

/** A member's name as staff see it: erased records say so. */
export const nameOf = (t: TFunction, m: Member) => m.name || String(t('councils:staff.erasedMember'));

/**
 * An uploaded paper as a download: always `application/pdf` (the upload was checked by its bytes),
 * never sniffed, named as uploaded; private ones are kept by no cache, public ones for a day.
 */
export function pdfDownload(bytes: Uint8Array, name: string, o: { public: boolean }): Response {
  const ascii = name.replace(/[^\w.-]+/g, '_');
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': o.public ? 'public, max-age=3600' : 'private, no-store',
    },
  });
}
