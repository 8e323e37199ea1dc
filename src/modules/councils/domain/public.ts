// What the public may see of a body's members: one rule for the public body page and the OParl API.
import type { MemberKind } from './vocab.ts';

export interface PublicNameSource {
  kind: MemberKind;
  name: string;
  publishName: boolean;
  publishNameConsentAt: Date | null;
  organisation: string;
  department: string;
}

/**
 * A member's name as the public may see it: only with recorded consent to publish it (the flag and
 * its time), never an erased (empty) name. Null means "show the kind instead" ("resident member").
 * E-mail addresses, account links and consent times are never public.
 */
export function publicMemberName(m: PublicNameSource): string | null {
  if (!m.publishName || !m.publishNameConsentAt) return null;
  const name = m.name.trim();
  return name === '' ? null : name;
}

/**
 * What the public learns besides the name: the organisation a representative speaks for and the
 * department of administration staff (institutions, not people).
 */
export function publicAffiliation(m: PublicNameSource): string | null {
  if (m.kind === 'organisation') return m.organisation.trim() || null;
  if (m.kind === 'administration') return m.department.trim() || null;
  return null;
}
