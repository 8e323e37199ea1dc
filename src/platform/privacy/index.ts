/**
 * Shared pieces of data-subject requests (the `privacy` hook of a module manifest): how a person is
 * matched in a table, the legal bases with their articles, and the keyed stand-in for a person's
 * e-mail address in the audit log.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/engine.ts';
import type { DataSubject, LegalBasis } from '../modules.ts';
import { keyedHash } from '../secrets/index.ts';

/** The article of each legal basis, as exports and the screen state it. */
export const LEGAL_BASIS_ARTICLE: Record<LegalBasis, string> = {
  consent: 'Art. 6(1)(a) GDPR',
  contract: 'Art. 6(1)(b) GDPR',
  legal_obligation: 'Art. 6(1)(c) GDPR',
  vital_interests: 'Art. 6(1)(d) GDPR',
  public_task: 'Art. 6(1)(e) GDPR',
  legitimate_interests: 'Art. 6(1)(f) GDPR',
};

export const LEGAL_BASES = Object.keys(LEGAL_BASIS_ARTICLE) as LegalBasis[];

export const isLegalBasis = (v: unknown): v is LegalBasis =>
  typeof v === 'string' && (LEGAL_BASES as string[]).includes(v);

/** E-mail addresses are compared trimmed and in lower case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Phone numbers are compared by their digits and a leading plus ("030 / 123-45" = "03012345"). */
export const phoneDigits = (phone: string): string => phone.replace(/[^0-9+]/g, '');

/** A subject as typed into a form, normalised (empty name and phone dropped). */
export function dataSubject(email: string, name?: string | null, phone?: string | null): DataSubject {
  const s: DataSubject = { email: normaliseEmail(email) };
  if (name?.trim()) s.name = name.trim().replace(/\s+/g, ' ');
  if (phone && phoneDigits(phone).replace('+', '').length >= 4) s.phone = phone.trim();
  return s;
}

/** SQL: the column holds the subject's e-mail address (any case, surrounding spaces ignored). */
export function sameEmail(column: AnyPgColumn | SQL, subject: DataSubject): SQL {
  return sql`lower(trim(${column})) = ${normaliseEmail(subject.email)}`;
}

/** SQL: the column holds the subject's phone number (by its digits); false without a phone. */
export function samePhone(column: AnyPgColumn | SQL, subject: DataSubject): SQL {
  const digits = subject.phone ? phoneDigits(subject.phone) : '';
  if (digits.replace('+', '').length < 4) return sql`false`;
  return sql`regexp_replace(coalesce(${column}, ''), '[^0-9+]', '', 'g') = ${digits}`;
}

/** The later of two dates (YYYY-MM-DD), null-tolerant. */
export const laterDate = (a: string | null, b: string | null | undefined): string | null =>
  !a ? (b ?? null) : !b ? a : a > b ? a : b;

/**
 * The stand-in for a person in the audit log: a keyed hash (the installation's `data-subject`
 * secret) of the normalised e-mail address. Requests about the same person share it, so their
 * trail can be followed, but the log never holds the address and the hash cannot be checked
 * against guessed addresses without the secret.
 */
export async function subjectRef(db: Db, subject: DataSubject): Promise<string> {
  return `subject:${(await keyedHash(db, 'data-subject', normaliseEmail(subject.email))).slice(0, 32)}`;
}
