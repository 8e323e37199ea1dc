// The stable addresses of the OParl API: every object's id is the URL it is served at.

/** Where the API lives below the site (also the prefix of the routes). */
export const OPARL_ROOT = '/oparl/v1.1';

/** The object kinds served below a body, by their path word. */
export const OBJECT_WORDS = [
  'organization',
  'person',
  'membership',
  'meeting',
  'agendaitem',
  'paper',
  'consultation',
  'file',
  'location',
  'legislativeterm',
] as const;
export type ObjectWord = (typeof OBJECT_WORDS)[number];

export const LIST_WORDS = [
  'organizations',
  'persons',
  'memberships',
  'meetings',
  'agendaitems',
  'papers',
  'consultations',
  'files',
  'locations',
  'legislativeterms',
] as const;
export type ListWord = (typeof LIST_WORDS)[number];

export interface OParlUrls {
  system: string;
  bodies: string;
  /** The tenant's Body. */
  body: string;
  /** The tenant's public site. */
  site: string;
  list(word: ListWord): string;
  object(word: ObjectWord, id: string): string;
  /** The public page of a council body. */
  bodyPage(slug: string): string;
}

export function oparlUrls(baseUrl: string, tenantSlug = ''): OParlUrls {
  const root = `${baseUrl.replace(/\/$/, '')}${OPARL_ROOT}`;
  const body = `${root}/body/${encodeURIComponent(tenantSlug)}`;
  const site = `${baseUrl.replace(/\/$/, '')}/${encodeURIComponent(tenantSlug)}`;
  return {
    system: `${root}/system`,
    bodies: `${root}/bodies`,
    body,
    site,
    list: (word) => `${body}/${word}`,
    object: (word, id) => `${body}/${word}/${encodeURIComponent(id)}`,
    bodyPage: (slug) => `${site}/councils/${encodeURIComponent(slug)}`,
  };
}
