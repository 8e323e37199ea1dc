/**
 * The help directory as Open Referral HSDS 3.0 objects (https://docs.openreferral.org/en/latest/hsds/):
 * a service with its organization (the provider), its places as service_at_location with location,
 * address, accessibility and schedules, its phone, languages, cost option and topics (attributes
 * pointing to taxonomy terms of the tenant's one taxonomy). Objects Quartier keeps no row for (an
 * organization named by an import, an address, a schedule) get a stable UUID made from what they
 * belong to, so a client sees the same id on every request. No personal data: contacts are the
 * service's own desk, line or mailbox.
 */
import { createHash } from 'node:crypto';
import type { HoursException, Interval, OpeningHours } from '../domain/hours.ts';
import type { LocationRow, ServiceRow as StoredRow } from '../use-cases/services.ts';
import type { Topic } from '../use-cases/vocabulary.ts';

export type Json = Record<string, unknown>;
/** A service as stored, without its search vector. */
export type ServiceRow = Omit<StoredRow, 'search'>;

/** A name-based UUID (version 5 layout, SHA-1) of the parts: the same parts, the same id. */
export function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The organization of a service: its network actor, else one per provider name; none without either. */
export function organizationIdOf(tenantId: string, s: Pick<ServiceRow, 'providerActorId' | 'providerName'>) {
  if (s.providerActorId) return s.providerActorId;
  const name = s.providerName.trim();
  return name ? stableId(tenantId, 'organization', name.toLowerCase()) : null;
}

export const taxonomyIdOf = (tenantId: string) => stableId(tenantId, 'taxonomy', 'help-topics');

/** Language names as the directory writes them → ISO 639-1 codes. */
const LANGUAGE_CODES: Record<string, string> = {
  deutsch: 'de',
  englisch: 'en',
  türkisch: 'tr',
  arabisch: 'ar',
  russisch: 'ru',
  polnisch: 'pl',
  französisch: 'fr',
  farsi: 'fa',
  persisch: 'fa',
  spanisch: 'es',
  kurdisch: 'ku',
  ukrainisch: 'uk',
  italienisch: 'it',
  vietnamesisch: 'vi',
  rumänisch: 'ro',
  bulgarisch: 'bg',
  serbisch: 'sr',
  kroatisch: 'hr',
  bosnisch: 'bs',
  portugiesisch: 'pt',
  griechisch: 'el',
  dari: 'prs',
  urdu: 'ur',
  hindi: 'hi',
  chinesisch: 'zh',
  gebärdensprache: 'gsg',
};

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const COST_TEXT: Record<string, string> = {
  free: 'kostenlos',
  reduced: 'ermäßigt',
  fee: 'kostenpflichtig',
  unknown: '',
};
const ACCESSIBILITY_TEXT: Record<string, string> = {
  step_free: 'stufenlos',
  accessible_toilet: 'barrierefreies WC',
  sign_language: 'Gebärdensprache',
  hearing_loop: 'Induktionsschleife',
};
const ACCESS_TEXT: Record<string, string> = {
  appointment: 'Nur mit Termin.',
  walk_in: 'Ohne Termin.',
  both: 'Mit oder ohne Termin.',
  unknown: '',
};

/** "09:00" → "09:00:00"; "24:00" (end of the day) → "00:00:00", as a closing time past the opening. */
const time = (t: string) => (t === '24:00' ? '00:00:00' : `${t}:00`);

/** Leaves out properties without a value (HSDS has no nulls in its schemas). */
function compact(o: Json): Json {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '' && !Number.isNaN(v)),
  );
}

export function taxonomy(tenantId: string): Json {
  return {
    id: taxonomyIdOf(tenantId),
    name: 'Quartier: Themen der Hilfe und Beratung',
    description:
      'Bücher des Sozialgesetzbuchs, Wohngeld, Kindergeld und Kinderzuschlag sowie Themen der Beratung (Schulden, Migration, Gesundheit und Krise, Familie, Behinderung, Sucht, Gewalt, Miete).',
    version: '1',
  };
}

export function taxonomyTerm(tenantId: string, t: Topic): Json {
  return {
    id: t.id,
    code: t.key,
    name: t.label,
    description: t.kind === 'social_code' ? 'Sozialrecht' : 'Thema',
    taxonomy: 'Quartier',
    taxonomy_detail: taxonomy(tenantId),
    language: 'de',
    taxonomy_id: taxonomyIdOf(tenantId),
  };
}

/** A topic of the service as an attribute pointing to its taxonomy term. */
function topicAttribute(tenantId: string, serviceId: string, t: Topic): Json {
  return {
    id: stableId(tenantId, 'attribute', serviceId, t.id),
    link_id: serviceId,
    taxonomy_term_id: t.id,
    link_type: 'topic',
    link_entity: 'service',
    value: t.key,
    taxonomy_term: taxonomyTerm(tenantId, t),
  };
}

export function organization(id: string, name: string, serviceCount?: number): Json {
  return {
    id,
    name,
    description:
      serviceCount === undefined
        ? 'Träger von Beratungs- und Hilfeangeboten'
        : `Träger von ${serviceCount} Beratungs- und Hilfeangebot${serviceCount === 1 ? '' : 'en'}`,
  };
}

/** Schedules of a place: weekly intervals grouped by their times, "24/7", appointments, exceptions, a note. */
function schedules(
  tenantId: string,
  ids: { location_id: string; service_at_location_id: string; service_id: string },
  h: OpeningHours,
): Json[] {
  const out: Json[] = [];
  const base = (key: string) => ({
    id: stableId(tenantId, 'schedule', ids.service_at_location_id, key),
    ...ids,
  });
  if (h.mode === 'always')
    out.push({
      ...base('always'),
      freq: 'WEEKLY',
      byday: DAY_CODES.join(','),
      description: 'Rund um die Uhr geöffnet (24/7).',
    });
  if (h.mode === 'weekly') {
    const byTime = new Map<string, Interval[]>();
    for (const i of h.intervals)
      byTime.set(`${i.from}-${i.to}`, [...(byTime.get(`${i.from}-${i.to}`) ?? []), i]);
    for (const [key, list] of byTime)
      out.push({
        ...base(key),
        freq: 'WEEKLY',
        wkst: 'MO',
        byday: [...new Set(list.map((i) => i.day))]
          .sort()
          .map((d) => DAY_CODES[d - 1])
          .join(','),
        opens_at: time(list[0].from),
        closes_at: time(list[0].to),
      });
  }
  if (h.mode === 'appointment')
    out.push({
      ...base('appointment'),
      description: 'Nur nach Terminvereinbarung.',
      attending_type: 'Termin',
    });
  for (const e of h.exceptions) out.push(...exception(tenantId, ids, e));
  if (h.note) {
    const noted = out.find((s) => !('valid_from' in s));
    if (noted) noted.notes = h.note;
    else out.push({ ...base('note'), notes: h.note });
  }
  return out.map(compact);
}

function exception(
  tenantId: string,
  ids: { location_id: string; service_at_location_id: string; service_id: string },
  e: HoursException,
): Json[] {
  const base = (key: string) => ({
    id: stableId(tenantId, 'schedule', ids.service_at_location_id, e.date, key),
    ...ids,
    valid_from: e.date,
    valid_to: e.date,
    notes: e.note,
  });
  if (e.closed) return [{ ...base('closed'), description: `Am ${e.date} geschlossen.` }];
  return (e.intervals ?? []).map((i) => ({
    ...base(`${i.from}-${i.to}`),
    description: `Am ${e.date} andere Öffnungszeiten.`,
    opens_at: time(i.from),
    closes_at: time(i.to),
  }));
}

export function location(tenantId: string, serviceId: string, l: LocationRow): Json {
  const id = stableId(tenantId, 'location', l.id);
  const street = [l.street, l.houseNumber].filter(Boolean).join(' ');
  const accessibility = [
    ...(l.stepFree === true && !l.accessibility.includes('step_free') ? ['step_free'] : []),
    ...l.accessibility,
  ];
  return compact({
    id,
    location_type: street || l.lat != null ? 'physical' : 'virtual',
    name: l.name,
    latitude: l.lat ?? undefined,
    longitude: l.lon ?? undefined,
    addresses: street
      ? [
          compact({
            id: stableId(tenantId, 'address', l.id),
            location_id: id,
            address_1: street,
            city: l.city || 'Berlin',
            region: l.district ?? undefined,
            state_province: 'Berlin',
            postal_code: l.postcode ?? '',
            country: 'DE',
            address_type: 'physical',
          }),
        ]
      : [],
    accessibility: accessibility.map((a) => ({
      id: stableId(tenantId, 'accessibility', l.id, a),
      location_id: id,
      description: ACCESSIBILITY_TEXT[a] ?? a,
    })),
    schedules: schedules(
      tenantId,
      { location_id: id, service_at_location_id: l.id, service_id: serviceId },
      l.hours,
    ),
  });
}

export function serviceAtLocation(tenantId: string, serviceId: string, l: LocationRow, full = true): Json {
  const loc = location(tenantId, serviceId, l);
  return compact({
    id: l.id,
    service_id: serviceId,
    location_id: loc.id,
    description: l.name,
    ...(full ? { location: loc } : {}),
  });
}

/** The one-to-one fields of a service (the list's objects) with its organization. */
export function serviceSummary(tenantId: string, s: ServiceRow, orgName?: string): Json {
  const orgId = organizationIdOf(tenantId, s);
  const fees = [COST_TEXT[s.cost], s.costNote].filter(Boolean).join(': ');
  return compact({
    id: s.id,
    organization_id: orgId ?? undefined,
    name: s.name,
    description: s.description,
    url: s.website ?? undefined,
    email: s.email ?? undefined,
    status: s.archivedAt ? 'inactive' : 'active',
    application_process: ACCESS_TEXT[s.access],
    fees_description: fees,
    eligibility_description: s.eligibility,
    assured_date: s.reviewedAt ? s.reviewedAt.toISOString().slice(0, 10) : undefined,
    last_modified: s.updatedAt.toISOString(),
    ...(orgId ? { organization: organization(orgId, orgName ?? s.providerName) } : {}),
  });
}

/** A service with everything: places, phone, languages, cost, topics. */
export function serviceFull(
  tenantId: string,
  s: ServiceRow,
  locations: LocationRow[],
  topics: Topic[],
  orgName?: string,
): Json {
  return {
    ...serviceSummary(tenantId, s, orgName),
    phones: s.phone
      ? [{ id: stableId(tenantId, 'phone', s.id), service_id: s.id, number: s.phone, type: 'voice' }]
      : [],
    schedules: [],
    service_areas: [],
    service_at_locations: locations.map((l) => serviceAtLocation(tenantId, s.id, l)),
    languages: s.languages.map((name) =>
      compact({
        id: stableId(tenantId, 'language', s.id, name),
        service_id: s.id,
        name,
        code: LANGUAGE_CODES[
          name
            .toLowerCase()
            .replace(/\s*\(.*\)$/, '')
            .trim()
        ],
      }),
    ),
    cost_options:
      s.cost === 'free'
        ? [
            {
              id: stableId(tenantId, 'cost', s.id),
              service_id: s.id,
              option: 'kostenlos',
              currency: 'EUR',
              amount: 0,
            },
          ]
        : [],
    attributes: topics.map((t) => topicAttribute(tenantId, s.id, t)),
  };
}
