import { and, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { networkActors, networkRelations } from '../db/schema.ts';
import { place, toWgs84 } from '../placement.ts';
import { upsertActor } from './actors.ts';
import {
  type GeoJsonDoc,
  type GeoJsonFeature,
  type ImportReport,
  type Rejection,
  saveReport,
} from './import.ts';
import { upsertVenue } from './venues.ts';

/** Properties of Berlin's youth-centre dataset (Jugendfreizeiteinrichtungen, WFS of gdi.berlin.de). */
interface JfeProperties {
  e_nr?: string | null;
  e_name?: string | null;
  e_bez?: string | null;
  e_plz?: string | null;
  e_ort?: string | null;
  e_strasse?: string | null;
  e_hnr?: string | null;
  e_zus?: string | null;
  e_tel?: string | null;
  e_web?: string | null;
  e_platz?: string | null;
  e_art?: string | null;
  t_name?: string | null;
  t_art?: string | null;
  t_web?: string | null;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

const web = (s?: string | null) => {
  const v = (s ?? '').trim();
  if (!v) return null;
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
};

/**
 * Imports Berlin's youth centres: each becomes an organisation (type youth centre) with a venue
 * (the house), placed in its areas from the EPSG:25833 point; each provider (Träger) becomes an
 * organisation that "runs" its centres and is placed in the areas of the centres it runs.
 * Repeatable (keyed by the centre number), all in one transaction, rejected features reported.
 */
export async function importYouthCentres(
  db: Db,
  tenantId: string,
  text: string,
  o: { fileName: string; userId?: string | null; skipRejected?: boolean },
): Promise<ImportReport> {
  let doc: GeoJsonDoc;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ValidationError({ file: 'network:import.errors.json' });
  }
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw new ValidationError({ file: 'network:import.errors.featureCollection' });
  const crs: string = doc.crs?.properties?.name ?? 'EPSG:25833';
  const rejected: Rejection[] = [];
  const ok: { line: number; p: JfeProperties; lonlat: [number, number] }[] = [];
  const seen = new Set<string>();
  doc.features.forEach((f: GeoJsonFeature | null, i: number) => {
    const p = (f?.properties ?? {}) as JfeProperties;
    const reasons: Rejection['reasons'] = [];
    const name = (p.e_name ?? '').trim();
    if (!name) reasons.push({ field: 'e_name', code: 'required' });
    if (!p.e_nr) reasons.push({ field: 'e_nr', code: 'required' });
    else if (seen.has(p.e_nr)) reasons.push({ field: 'e_nr', code: 'duplicateKey', value: p.e_nr });
    const c = f?.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    const lonlat = c ? toWgs84(Number(c[0]), Number(c[1]), crs) : null;
    if (!lonlat)
      reasons.push({
        field: 'geometry',
        code: 'coordinates',
        value: c ? c.join(' ') : String(f?.geometry?.type ?? ''),
      });
    if (reasons.length || !lonlat) rejected.push({ line: i + 1, name, reasons });
    else {
      seen.add(p.e_nr!);
      ok.push({ line: i + 1, p, lonlat });
    }
  });
  const report: ImportReport = {
    id: null,
    target: 'organisation',
    fileName: o.fileName,
    total: doc.features.length,
    created: 0,
    updated: 0,
    unplaced: 0,
    rejected,
    imported: false,
    dryRun: false,
  };
  if (ok.length === 0 || (rejected.length && !o.skipRejected)) return report;

  await db.transaction(async (txh) => {
    const tx = txh as unknown as Db;
    const providers = new Map<string, { id: string; areaIds: Set<string> }>();
    for (const { p, lonlat } of ok) {
      const address = {
        street: p.e_strasse?.trim() || null,
        houseNumber: [p.e_hnr, p.e_zus].filter(Boolean).join(' ').trim() || null,
        postcode: p.e_plz?.trim() || null,
        city: p.e_ort?.trim() || 'Berlin',
      };
      const placement = await place(tx, tenantId, { lon: lonlat[0], lat: lonlat[1] });
      if (placement.areaIds.length === 0) report.unplaced++;
      const centre = await upsertActor(
        tx,
        tenantId,
        {
          kind: 'organisation',
          orgType: 'youth_centre',
          name: p.e_name!.trim(),
          description:
            [p.e_art, p.e_platz ? `Plätze: ${p.e_platz}` : null, p.e_bez ? `Bezirk ${p.e_bez}` : null]
              .filter(Boolean)
              .join(' · ') || null,
          fields: ['youth'],
          targetGroups: ['children', 'young_people'],
          phone: p.e_tel?.trim() || null,
          website: web(p.e_web),
          ...address,
          lon: lonlat[0],
          lat: lonlat[1],
          source: 'Berlin JFE',
          sourceKey: `jfe:${p.e_nr}`,
        },
        placement,
        o.userId,
      );
      if (centre.created) report.created++;
      else report.updated++;
      await upsertVenue(
        systemActor(tenantId),
        tx,
        {
          name: p.e_name!.trim(),
          actorId: centre.actor.id,
          ...address,
          lon: lonlat[0],
          lat: lonlat[1],
          phone: p.e_tel?.trim() || null,
          website: web(p.e_web),
          source: 'Berlin JFE',
          sourceKey: `jfe:${p.e_nr}`,
        },
        placement,
      );
      const providerName = p.t_name?.trim();
      if (providerName) {
        const key = `jfe-provider:${slug(providerName)}`;
        let prov = providers.get(key);
        if (!prov) {
          const r = await upsertActor(
            tx,
            tenantId,
            {
              kind: 'organisation',
              orgType: /öffentlich/i.test(p.t_art ?? '') ? 'department' : 'provider',
              name: providerName,
              description: p.t_art ?? null,
              fields: ['youth'],
              website: web(p.t_web),
              source: 'Berlin JFE',
              sourceKey: key,
            },
            { areaId: null, areaIds: [], placedBy: null },
            o.userId,
          );
          prov = { id: r.actor.id, areaIds: new Set() };
          providers.set(key, prov);
        }
        for (const a of placement.areaIds) prov.areaIds.add(a);
        await tx
          .insert(networkRelations)
          .values({ tenantId, id: newId(), fromActorId: prov.id, toActorId: centre.actor.id, type: 'runs' })
          .onConflictDoNothing();
      }
    }
    // Providers are found in the areas where they run centres.
    for (const prov of providers.values()) {
      await tx
        .update(networkActors)
        .set({ areaIds: [...prov.areaIds], placedBy: 'manual', updatedAt: sql`now()` })
        .where(and(ofTenant(networkActors, tenantId), eq(networkActors.id, prov.id)));
    }
    report.imported = true;
    report.id = await saveReport(tx, tenantId, report, o.userId);
  });
  return report;
}
