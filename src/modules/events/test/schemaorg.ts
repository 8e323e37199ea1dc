import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Structural validation of JSON-LD against the schema.org vocabulary: every type is a schema.org
 * class, every property exists and applies to the node's type (or a superclass), every value fits
 * one of the property's ranges (data types, classes and their subclasses, enumeration members),
 * dates are ISO 8601. The vocabulary is the structure of the whole current schema.org release (every
 * class, property and enumeration member, without the comments), vendored in test/fixtures/schemaorg.
 */
const FILE = fileURLToPath(
  new URL('../../../../test/fixtures/schemaorg/schemaorg-current-https.structure.jsonld', import.meta.url),
);

type Ref = { '@id': string } | { '@id': string }[] | undefined;
const ids = (r: Ref): string[] =>
  r ? (Array.isArray(r) ? r : [r]).map((x) => x['@id'].replace(/^schema:/, '')) : [];

export interface Vocabulary {
  superOf: Map<string, string[]>;
  props: Map<string, { domain: string[]; range: string[] }>;
  /** Enumeration member → its enumeration type. */
  members: Map<string, string>;
}

let cached: Vocabulary | null = null;
export function vocabulary(): Vocabulary {
  if (cached) return cached;
  const graph = JSON.parse(readFileSync(FILE, 'utf8'))['@graph'] as Record<string, unknown>[];
  const superOf = new Map<string, string[]>();
  const props = new Map<string, { domain: string[]; range: string[] }>();
  const classes = new Set<string>();
  for (const n of graph) {
    const types = ([] as unknown[]).concat(n['@type']).map(String);
    const id = String(n['@id']).replace(/^schema:/, '');
    if (types.includes('rdfs:Class')) {
      classes.add(id);
      superOf.set(id, ids(n['rdfs:subClassOf'] as Ref));
    } else if (types.includes('rdf:Property')) {
      props.set(id, {
        domain: ids(n['schema:domainIncludes'] as Ref),
        range: ids(n['schema:rangeIncludes'] as Ref),
      });
    }
  }
  const members = new Map<string, string>();
  for (const n of graph) {
    const types = ([] as unknown[]).concat(n['@type']).map(String);
    const id = String(n['@id']).replace(/^schema:/, '');
    for (const t of types)
      if (t.startsWith('schema:') && classes.has(t.slice(7))) members.set(id, t.slice(7));
  }
  cached = { superOf, props, members };
  return cached;
}

function ancestors(v: Vocabulary, cls: string): Set<string> {
  const out = new Set<string>();
  const walk = (c: string) => {
    if (out.has(c)) return;
    out.add(c);
    for (const s of v.superOf.get(c) ?? []) walk(s);
  };
  walk(cls);
  return out;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2})?$/;
const DURATION = /^P(\d+[YMWD])+$/;

function stringFits(v: Vocabulary, value: string, range: string[]): boolean {
  if (value.startsWith('https://schema.org/')) {
    const member = value.slice(19);
    const type = v.members.get(member);
    if (type && range.some((r) => ancestors(v, type).has(r))) return true;
    if (range.includes('URL')) return true;
  }
  if (range.includes('Text') || range.includes('URL')) return true;
  if (range.includes('Date') && ISO_DATE.test(value)) return true;
  if (range.includes('DateTime') && (ISO_DATETIME.test(value) || ISO_DATE.test(value))) return true;
  if (range.includes('Time') && ISO_TIME.test(value)) return true;
  if (range.includes('Duration') && DURATION.test(value)) return true;
  if (range.includes('DayOfWeek') && v.members.get(value.replace('https://schema.org/', '')) === 'DayOfWeek')
    return true;
  return false;
}

export function schemaProblems(node: unknown, path = '$', v = vocabulary()): string[] {
  const problems: string[] = [];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [`${path}: not an object`];
  const n = node as Record<string, unknown>;
  const type = String(n['@type'] ?? '');
  if (!v.superOf.has(type)) return [`${path}: unknown type ${type}`];
  const typeAncestors = ancestors(v, type);
  for (const [key, raw] of Object.entries(n)) {
    if (key.startsWith('@')) continue;
    const prop = v.props.get(key);
    if (!prop) {
      problems.push(`${path}.${key}: not a schema.org property`);
      continue;
    }
    if (!prop.domain.some((d) => typeAncestors.has(d)))
      problems.push(`${path}.${key}: does not apply to ${type}`);
    for (const [i, value] of (Array.isArray(raw) ? raw : [raw]).entries()) {
      const p = Array.isArray(raw) ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (typeof value === 'string') {
        if (!stringFits(v, value, prop.range))
          problems.push(`${p}: "${value}" fits none of ${prop.range.join(', ')}`);
      } else if (typeof value === 'number') {
        if (!prop.range.some((r) => ['Number', 'Integer', 'Float', 'Text'].includes(r)))
          problems.push(`${p}: a number is not allowed`);
      } else if (typeof value === 'boolean') {
        if (!prop.range.includes('Boolean')) problems.push(`${p}: a boolean is not allowed`);
      } else if (typeof value === 'object' && value) {
        const t = String((value as Record<string, unknown>)['@type'] ?? '');
        if (!prop.range.some((r) => ancestors(v, t).has(r)))
          problems.push(`${p}: ${t} is not one of ${prop.range.join(', ')}`);
        problems.push(...schemaProblems(value, p, v));
      } else problems.push(`${p}: empty value`);
    }
  }
  return problems;
}

/** Google's required and recommended Event properties (what search engines expect on an event page). */
export function missingEventProperties(n: Record<string, unknown>): {
  required: string[];
  recommended: string[];
} {
  const required = ['name', 'startDate', 'location'].filter((k) => n[k] === undefined);
  const recommended = [
    'description',
    'endDate',
    'eventStatus',
    'eventAttendanceMode',
    'organizer',
    'offers',
  ].filter((k) => n[k] === undefined);
  return { required, recommended };
}
