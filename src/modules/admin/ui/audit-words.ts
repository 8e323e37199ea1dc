import { isUuid } from '../../../platform/db/index.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';

/**
 * The audit log in words: what the codes the modules write mean to the people who read the log
 * (actions, kinds of record, the fields in `details`), and where a record has a staff screen.
 * Codes without a word here are shown as they are, so a new module's entries are never hidden.
 */

/** i18n keys cannot contain dots (they nest): `network.person` → `network_person`. */
const keyOf = (code: string) => code.replace(/[^A-Za-z0-9_]/g, '_');

function known(t: TFunction, key: string): string | null {
  const text = t(key, { defaultValue: '' });
  return text ? String(text) : null;
}

/** "geändert", "angenommen (Moderation)", or the code itself. */
export function actionLabel(t: TFunction, action: string): string {
  return known(t, `admin:audit.actions.${keyOf(action)}`) ?? action;
}

/** "Raumanfrage", "Person im Netzwerk", or the code itself. */
export function entityTypeLabel(t: TFunction, type: string): string {
  return known(t, `admin:audit.types.${keyOf(type)}`) ?? type;
}

/**
 * The staff screen of a record, where there is one. `details` may name the parent a path needs
 * (a room's house).
 */
export function entityHref(
  tenantSlug: string,
  type: string,
  id: string | null,
  details: Record<string, unknown>,
): string | null {
  if (!id || !isUuid(id)) return null;
  const staff = `/staff/${tenantSlug}`;
  switch (type) {
    case 'area':
      return `${staff}/areas/${id}`;
    case 'event':
      return `${staff}/events/${id}`;
    case 'event_registrations':
      return `${staff}/events/${id}/registrations`;
    case 'house':
      return `${staff}/houses/${id}`;
    case 'room':
      return typeof details.houseId === 'string' && isUuid(details.houseId)
        ? `${staff}/houses/${details.houseId}/rooms/${id}/edit`
        : null;
    case 'booking_request':
      return `${staff}/houses/requests/${id}`;
    case 'network.person':
    case 'person':
      return `${staff}/network/actors/${id}`;
    case 'network.concern':
      return `${staff}/network/concerns/${id}`;
    case 'mail':
      return `${staff}/admin/outbox/${id}`;
    case 'newsletter_issue':
      return `${staff}/newsletter/issues/${id}`;
    case 'membership':
    case 'invitation':
      return `${staff}/users`;
    default:
      return null;
  }
}

/** What a person or an area id in `details` stands for. */
export interface Names {
  people: ReadonlyMap<string, string>;
  areas: ReadonlyMap<string, string>;
}

/** isUuid without narrowing (a string that is not an id stays a string). */
const uuidLike = (s: string): boolean => isUuid(s);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldLabel(t: TFunction, key: string): string {
  return (
    known(t, `admin:audit.fields.${keyOf(key)}`) ??
    // camelCase and snake_case as words: "scopeAreaId" → "scope area id"
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase()
  );
}

function valueText(t: TFunction, key: string, v: unknown, names: Names, depth = 0): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (uuidLike(v)) {
      // An id's last characters (the first ones of a UUIDv7 are its time, the same for a whole day).
      if (/areaid$/i.test(key)) return names.areas.get(v) ?? `…${v.slice(-8)}`;
      if (/userid$/i.test(key)) return names.people.get(v) ?? `…${v.slice(-8)}`;
      return `…${v.slice(-8)}`;
    }
    if (key === 'role' || key === 'autoProvisionRole') return known(t, `access:roles.${v}`) ?? v;
    if (key === 'decision') return known(t, `admin:audit.actions.moderate_${keyOf(v)}`) ?? v;
    return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  }
  if (Array.isArray(v)) return v.map((x) => valueText(t, key, x, names, depth + 1)).join(', ') || '–';
  if (isPlainObject(v)) {
    // A change: { from, to }.
    if ('from' in v && 'to' in v && Object.keys(v).length === 2)
      return `${valueText(t, key, v.from, names, depth + 1)} → ${valueText(t, key, v.to, names, depth + 1)}`;
    if (depth > 2) return '…';
    return Object.entries(v)
      .map(([k, x]) => `${fieldLabel(t, k)}: ${valueText(t, k, x, names, depth + 1)}`)
      .join(', ');
  }
  return String(v);
}

/** The entry's details as "label: value" pairs a person can read. */
export function describeDetails(
  t: TFunction,
  details: Record<string, unknown> | null | undefined,
  names: Names,
): { label: string; value: string }[] {
  if (!isPlainObject(details)) return [];
  return Object.entries(details).map(([key, v]) => ({
    label: fieldLabel(t, key),
    value: valueText(t, key, v, names),
  }));
}
