/**
 * Topics and life situations of a tenant: seeded from the module's vocabulary the first time the
 * directory is used (idempotent), then edited by staff who curate the directory.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { helpLifeSituations, helpSituationTopics, helpTopics } from '../db/schema.ts';
import { SITUATION_SEED, TOPIC_SEED } from '../domain/situations.ts';
import { authorizeCurate } from '../policies.ts';
import { type SituationInput, situationSchema } from '../schemas.ts';

export interface Topic {
  id: string;
  key: string;
  kind: 'social_code' | 'theme';
  label: string;
}

export interface LifeSituation {
  id: string;
  key: string;
  label: string;
  terms: string[];
  topicKeys: string[];
}

/** The tenant's topics and life situations from the seed, where missing (never overwrites edits). */
export async function ensureVocabulary(db: Db, tenantId: string): Promise<void> {
  const have = await db
    .select({ key: helpTopics.key })
    .from(helpTopics)
    .where(ofTenant(helpTopics, tenantId));
  if (have.length >= TOPIC_SEED.length) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(helpTopics)
      .values(
        TOPIC_SEED.map((t, i) => ({
          tenantId,
          id: newId(),
          key: t.key,
          kind: t.kind,
          label: t.label,
          sort: i,
        })),
      )
      .onConflictDoNothing();
    const topics = await tx.select().from(helpTopics).where(ofTenant(helpTopics, tenantId));
    const byKey = new Map(topics.map((t) => [t.key, t.id]));
    for (const s of SITUATION_SEED) {
      const [made] = await tx
        .insert(helpLifeSituations)
        .values({ tenantId, id: newId(), key: s.key, label: s.label, terms: s.terms })
        .onConflictDoNothing()
        .returning({ id: helpLifeSituations.id });
      if (!made) continue;
      await tx
        .insert(helpSituationTopics)
        .values(s.topics.map((k) => ({ tenantId, situationId: made.id, topicId: byKey.get(k)! })))
        .onConflictDoNothing();
    }
  });
}

export async function listTopics(db: Db, tenantId: string): Promise<Topic[]> {
  return db
    .select({ id: helpTopics.id, key: helpTopics.key, kind: helpTopics.kind, label: helpTopics.label })
    .from(helpTopics)
    .where(ofTenant(helpTopics, tenantId))
    .orderBy(helpTopics.sort, helpTopics.key);
}

/** The tenant's life situations (archived ones left out) with the keys of their topics. */
export async function listSituations(db: Db, tenantId: string): Promise<LifeSituation[]> {
  const rows = await db
    .select()
    .from(helpLifeSituations)
    .where(and(ofTenant(helpLifeSituations, tenantId), eq(helpLifeSituations.archived, false)))
    .orderBy(helpLifeSituations.label);
  const links = await db
    .select({ situationId: helpSituationTopics.situationId, key: helpTopics.key })
    .from(helpSituationTopics)
    .innerJoin(
      helpTopics,
      and(
        eq(helpTopics.tenantId, helpSituationTopics.tenantId),
        eq(helpTopics.id, helpSituationTopics.topicId),
      ),
    )
    .where(ofTenant(helpSituationTopics, tenantId));
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    terms: r.terms,
    topicKeys: links
      .filter((l) => l.situationId === r.id)
      .map((l) => l.key)
      .sort(),
  }));
}

/** Topic ids of the given keys in the tenant; an unknown key is a field message. */
export async function topicIds(db: Db, tenantId: string, keys: readonly string[]): Promise<string[]> {
  if (!keys.length) return [];
  const rows = await db
    .select({ id: helpTopics.id, key: helpTopics.key })
    .from(helpTopics)
    .where(and(ofTenant(helpTopics, tenantId), inArray(helpTopics.key, [...keys])));
  if (rows.length !== new Set(keys).size) throw new ValidationError({ topics: 'help:errors.topic' });
  return rows.map((r) => r.id);
}

/** Staff who curate the directory change a life situation's words and the topics it leads to. */
export async function updateSituation(
  actor: Actor,
  db: Db,
  key: string,
  input: SituationInput,
): Promise<LifeSituation> {
  authorizeCurate(actor);
  const v = parseInput(situationSchema, input);
  const tenantId = actor.tenantId;
  const [row] = await db
    .select()
    .from(helpLifeSituations)
    .where(and(ofTenant(helpLifeSituations, tenantId), eq(helpLifeSituations.key, key)));
  if (!row) throw new AppError(404, 'not_found');
  const ids = await topicIds(db, tenantId, v.topics);
  await db.transaction(async (tx) => {
    await tx
      .update(helpLifeSituations)
      .set({ label: v.label, terms: v.terms, updatedAt: new Date() })
      .where(and(ofTenant(helpLifeSituations, tenantId), eq(helpLifeSituations.id, row.id)));
    await tx
      .delete(helpSituationTopics)
      .where(and(ofTenant(helpSituationTopics, tenantId), eq(helpSituationTopics.situationId, row.id)));
    if (ids.length)
      await tx
        .insert(helpSituationTopics)
        .values(ids.map((topicId) => ({ tenantId, situationId: row.id, topicId })));
  });
  const out = (await listSituations(db, tenantId)).find((s) => s.id === row.id);
  if (!out) throw new AppError(404, 'not_found');
  return out;
}
