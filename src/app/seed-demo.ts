import { addMembership } from '../modules/access/index.ts';
import { getAreaByKey, importLorHierarchy, loadDemoData, upsertAreas } from '../modules/areas/index.ts';
import { createUser, findUserByEmail, issueToken } from '../modules/identity/index.ts';
import { createTenant, getTenantBySlug } from '../modules/tenancy/index.ts';
import type { Services } from '../platform/http/context.ts';
import { MODULES } from './modules.ts';

export const DEMO_TENANT = 'berlin';
export const DEMO_ADMIN = 'admin@example.org';
export const DEMO_TEAM = 'team@example.org';

const ATTRIBUTION =
  'Gebietsdaten: Amt für Statistik Berlin-Brandenburg, Lebensweltlich orientierte Räume (LOR) 2021, CC BY 3.0 DE; Geometrien vereinfacht nach open-data-product berlin-lor-geodata (CC BY 4.0).';

/**
 * The demo tenant "Berlin" from the bundled extract of real open data: 12 districts and 58
 * Prognoseräume with boundaries, Bezirksregionen and Planungsräume in the hierarchy, and one
 * example team area. Idempotent. Returns a one-time sign-in link for the demo administrator.
 */
export async function seedDemo(services: Services): Promise<{ created: boolean; loginLink: string }> {
  const { db } = services;
  let tenant = await getTenantBySlug(db, DEMO_TENANT);
  const created = !tenant;
  if (!tenant) {
    tenant = await createTenant(db, {
      slug: DEMO_TENANT,
      name: 'Berlin (Demo)',
      settings: {
        attribution: ATTRIBUTION,
        contactEmail: 'kontakt@example.org',
        imprint: {
          de: 'Dies ist eine Demo-Installation von Quartier. Hier steht später das Impressum des Trägers: Name, Anschrift, Vertretungsberechtigte, Kontakt.',
          en: 'This is a demo installation of Quartier. The operator’s imprint goes here: name, address, legal representatives, contact.',
        },
        privacy: {
          de: 'Diese Demo speichert nur, was Sie selbst eingeben. Hier steht später die Datenschutzerklärung des Trägers nach Art. 13 DSGVO.',
          en: 'This demo stores only what you enter yourself. The operator’s privacy notice under Art. 13 GDPR goes here.',
        },
      },
    });
  }
  const data = await loadDemoData();
  await importLorHierarchy(db, tenant.id, data.lor);
  await upsertAreas(
    db,
    tenant.id,
    'district',
    data.districts.features.map((f) => ({
      kind: 'district',
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
      source: 'LOR 2021',
    })),
  );
  await upsertAreas(
    db,
    tenant.id,
    'prognoseraum',
    data.prognoseraeume.features.map((f) => ({
      kind: 'prognoseraum',
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
      source: 'LOR 2021',
    })),
  );
  // Example team area (not an official boundary): placed under the Bezirksregion "Osloer Straße" in Mitte.
  const parent = await getAreaByKey(db, tenant.id, 'bezirksregion', '013007');
  const qm = await upsertAreas(db, tenant.id, 'programme', [
    {
      kind: 'programme',
      key: 'QM-DEMO-1',
      name: 'Beispiel-Quartier Soldiner Kiez',
      parentId: parent?.id ?? null,
      source: 'Demo',
    },
  ]);

  let admin = await findUserByEmail(db, DEMO_ADMIN);
  if (!admin)
    admin = await createUser(db, { email: DEMO_ADMIN, name: 'Demo-Administration', verified: true });
  await addMembership(db, { tenantId: tenant.id, userId: admin.id, role: 'admin' });
  let team = await findUserByEmail(db, DEMO_TEAM);
  if (!team) team = await createUser(db, { email: DEMO_TEAM, name: 'Demo-Quartiersteam', verified: true });
  await addMembership(db, {
    tenantId: tenant.id,
    userId: team.id,
    role: 'team',
    scopeAreaId: qm.ids.get('QM-DEMO-1'),
  });

  // Each module's demo content, in mount order (events use the network's venues).
  for (const m of MODULES) if (m.seedDemo) await m.seedDemo(services, tenant.id);

  return { created, loginLink: await demoLoginLink(services) };
}

/** A new one-time sign-in link for the demo administrator (valid for a week). */
export async function demoLoginLink(services: Services): Promise<string> {
  const admin = await findUserByEmail(services.db, DEMO_ADMIN);
  if (!admin) throw new Error('The demo administrator does not exist: seed the demo first');
  const token = await issueToken(services.db, {
    purpose: 'magic_link',
    email: admin.email,
    userId: admin.id,
    minutes: 7 * 24 * 60,
  });
  return `${services.config.baseUrl}/magic/${token}`;
}
