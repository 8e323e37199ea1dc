import { accessManifest } from '../modules/access/index.ts';
import { adminManifest } from '../modules/admin/index.ts';
import { areasManifest } from '../modules/areas/index.ts';
import { coordinationManifest } from '../modules/coordination/index.ts';
import { councilsManifest } from '../modules/councils/index.ts';
import { eventsManifest } from '../modules/events/index.ts';
import { fundsManifest } from '../modules/funds/index.ts';
import { helpManifest } from '../modules/help/index.ts';
import { housesManifest } from '../modules/houses/index.ts';
import { identityManifest } from '../modules/identity/index.ts';
import { impactManifest } from '../modules/impact/index.ts';
import { networkManifest } from '../modules/network/index.ts';
import { newslettersManifest } from '../modules/newsletters/index.ts';
import { profilesManifest } from '../modules/profiles/index.ts';
import { tenancyManifest } from '../modules/tenancy/index.ts';
import { volunteeringManifest } from '../modules/volunteering/index.ts';
import { websiteManifest } from '../modules/website/index.ts';
import type { ModuleManifest } from '../platform/modules.ts';

/** Every module of the running app, in mount order. Add a new module here (see docs/ARCHITECTURE.md). */
export const MODULES: ModuleManifest[] = [
  tenancyManifest,
  identityManifest,
  accessManifest,
  areasManifest,
  housesManifest,
  networkManifest,
  eventsManifest,
  websiteManifest,
  newslettersManifest,
  // Before councils: a body's recommendations (councils seed) go to the departments made here.
  coordinationManifest,
  councilsManifest,
  fundsManifest,
  helpManifest,
  // After network (initiatives and needs name its actors) and areas.
  volunteeringManifest,
  // After areas: indicator values belong to its areas and are derived up its hierarchy.
  profilesManifest,
  // After every module with figures (its dashboard reads them all) and network (activities name its actors).
  impactManifest,
  adminManifest,
];
