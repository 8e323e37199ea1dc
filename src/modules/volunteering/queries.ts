// Reads of the volunteering module's tables, always by tenant (no rules: the use cases decide).
import { and, eq } from 'drizzle-orm';
import { type Db, ofTenant } from '../../platform/db/index.ts';
import { hashToken } from '../../platform/http/security.ts';
import {
  certificates,
  type hours,
  initiatives,
  matches,
  needs,
  type signups,
  type thanks,
  volunteers,
} from './db/schema.ts';

export type Need = typeof needs.$inferSelect;
export type Volunteer = typeof volunteers.$inferSelect;
export type Match = typeof matches.$inferSelect;
export type HoursEntry = typeof hours.$inferSelect;
export type Certificate = typeof certificates.$inferSelect;
export type Initiative = typeof initiatives.$inferSelect;
export type Signup = typeof signups.$inferSelect;
export type Thanks = typeof thanks.$inferSelect;

export async function getNeed(db: Db, tenantId: string, id: string): Promise<Need | undefined> {
  const [row] = await db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.id, id)));
  return row;
}

export async function getVolunteer(db: Db, tenantId: string, id: string, o: { lock?: boolean } = {}) {
  const q = db
    .select()
    .from(volunteers)
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, id)));
  const [row] = o.lock ? await q.for('update') : await q;
  return row as Volunteer | undefined;
}

export async function volunteerByTokenHash(
  db: Db,
  tenantId: string,
  token: string,
): Promise<Volunteer | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await db
    .select()
    .from(volunteers)
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.tokenHash, hashToken(token))));
  return row;
}

export async function getMatch(db: Db, tenantId: string, id: string, o: { lock?: boolean } = {}) {
  const q = db
    .select()
    .from(matches)
    .where(and(ofTenant(matches, tenantId), eq(matches.id, id)));
  const [row] = o.lock ? await q.for('update') : await q;
  return row as Match | undefined;
}

export async function getInitiative(db: Db, tenantId: string, id: string): Promise<Initiative | undefined> {
  const [row] = await db
    .select()
    .from(initiatives)
    .where(and(ofTenant(initiatives, tenantId), eq(initiatives.id, id)));
  return row;
}

export async function getCertificate(db: Db, tenantId: string, id: string): Promise<Certificate | undefined> {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(ofTenant(certificates, tenantId), eq(certificates.id, id)));
  return row;
}
