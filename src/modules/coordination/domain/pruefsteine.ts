// The ten Prüfsteine of seed 004 ("Woran erkennt man, ob die ämterübergreifende
// Sozialraumorientierung funktioniert?") as a yearly self-assessment of the district (COORD-5): their
// words, the rating scale, the trend against earlier years, and the rule for evidence links (pages of
// Quartier only, kept relative to the tenant).

export interface Pruefstein {
  number: number;
  /** A short name for tables (ours, not the seed's). */
  title: { de: string; en: string };
  /** The Prüfstein in the seed's words (German), and in English. */
  text: { de: string; en: string };
}

/**
 * The ten Prüfsteine. The German text is the seed's (bold marks left out; "raumbegzogene" in the
 * seed's seventh Prüfstein is written "raumbezogene"); the English one is a translation.
 */
export const PRUEFSTEINE: readonly Pruefstein[] = [
  {
    number: 1,
    title: { de: 'Rollen und Aufgaben der Ämter', en: 'Roles and tasks of the departments' },
    text: {
      de: 'Die Ämter in der Bezirksverwaltung haben ihre jeweiligen – durchaus unterschiedlichen – Rollen und Aufgaben im Rahmen der ämterübergreifenden Sozialraumorientierung präzise definiert und festgelegt.',
      en: 'The departments of the district administration have precisely defined and laid down their respective – quite different – roles and tasks within cross-department area orientation.',
    },
  },
  {
    number: 2,
    title: {
      de: 'Verbindliche Vorgabe der Amtsleitungen',
      en: 'Binding instruction by the heads of department',
    },
    text: {
      de: 'Die Amtsleitungen haben ihren Mitarbeiter/innen verbindlich vorgegeben, dass ämterübergreifende und sozialraumorientierte Arbeitsformen in einer jeweils amtsspezifischen Ausgestaltung integraler Bestandteil der jeweils eigenen Fachlichkeit sind.',
      en: 'The heads of department have made it binding for their staff that cross-department and area-oriented ways of working, shaped to each department, are an integral part of their own professional practice.',
    },
  },
  {
    number: 3,
    title: { de: 'Kontakte zu „Seismografen“', en: 'Contacts with “seismographs”' },
    text: {
      de: 'Die Ämter in der Bezirksverwaltung verfügen über gute Kontakte zu lebensweltnahen „Seismografen“ in den Stadtteilen und Quartieren (Fachdienste, Beratungsstellen, Stadtteilzentren, Stadtteilbüros etc.) und kennen dadurch die Bedarfe und Interessen der Bewohner/innen sowie die örtlichen Ressourcen besser als vor Einführung der ämterübergreifenden Sozialraumorientierung.',
      en: 'The departments of the district administration have good contacts with “seismographs” close to everyday life in the neighbourhoods (specialist services, advice centres, neighbourhood centres, local offices etc.) and therefore know the needs and interests of the residents and the local resources better than before cross-department area orientation was introduced.',
    },
  },
  {
    number: 4,
    title: { de: 'Informiert über die Entwicklung vor Ort', en: 'Informed about local developments' },
    text: {
      de: 'Auch über die sonstigen Gegebenheiten und Entwicklungsprozesse in den Stadtteilen und Quartieren sind die Ämter in der Bezirksverwaltung – durch die örtlichen „Seismografen“, aber auch durch die Bezirksregionenprofile – besser informiert als vor Einführung der ämterübergreifenden Sozialraumorientierung.',
      en: 'The departments of the district administration are also better informed about the other conditions and developments in the neighbourhoods – through the local “seismographs”, but also through the district region profiles – than before cross-department area orientation was introduced.',
    },
  },
  {
    number: 5,
    title: { de: 'Wechselseitige Information der Ämter', en: 'Departments inform each other' },
    text: {
      de: 'Die Ämter in der Bezirksverwaltung informieren sich wechselseitig und aktiv über alle Erkenntnisse, Planungen und Aktivitäten, die für die Entwicklungsprozesse in den Stadtteilen und Quartieren von besonderer Bedeutung sind.',
      en: 'The departments of the district administration actively inform each other about all findings, plans and activities that are of particular importance for the development of the neighbourhoods.',
    },
  },
  {
    number: 6,
    title: { de: 'Funktionierende Abstimmungsverfahren', en: 'Working coordination procedures' },
    text: {
      de: 'Zwischen den Ämtern innerhalb der Bezirksverwaltung, aber auch zwischen den Ämtern und den verschiedenen Senatsverwaltungen gibt es funktionierende Abstimmungsverfahren und -strukturen im Hinblick auf ämterübergreifende und sozialraumorientierte Handlungsansätze (Planung, Entscheidungsfindung und Umsetzung), die über die herkömmlichen Mitzeichnungsverfahren deutlich hinausgehen. An diesen Verfahren und Strukturen beteiligen sich die Ämter mit kompetentem Personal.',
      en: 'Between the departments within the district administration, and also between the departments and the various Senate administrations, there are working procedures and structures of coordination for cross-department and area-oriented approaches (planning, decision-making and implementation) that go well beyond the usual co-signing procedures. The departments take part in them with competent staff.',
    },
  },
  {
    number: 7,
    title: {
      de: 'Förderprogramme und Stadtteilzentren einbezogen',
      en: 'Funding programmes and neighbourhood centres included',
    },
    text: {
      de: 'In die ämterübergreifenden Informations- und Abstimmungsprozesse werden raumbezogene Förderprogramme (z.B. Städtebauförderungsprogramme wie Soziale Stadt, Stadtumbau, Aktionsräume plus etc.) sowie die Arbeit von Stadtteilzentren, Nachbarschaftszentren, Bewohnertreffs und vergleichbaren Einrichtungen einbezogen.',
      en: 'Area-based funding programmes (e.g. urban development programmes such as Soziale Stadt, Stadtumbau, Aktionsräume plus etc.) and the work of neighbourhood centres, community centres, residents’ meeting places and similar facilities are included in the cross-department information and coordination processes.',
    },
  },
  {
    number: 8,
    title: { de: 'Vernetzung auf Augenhöhe', en: 'Networking on an equal footing' },
    text: {
      de: 'Zwischen den Ämtern in der Bezirksverwaltung und den Akteuren in den Stadtteilen und Quartieren (Einrichtungen, Träger, Vereine etc.) existieren verbindlich geregelte Vernetzungs- und Kooperationsstrukturen auf Augenhöhe (Stadtteilkonferenzen, Arbeitskreise, Runde Tische, Beiräte etc.).',
      en: 'Between the departments of the district administration and the actors in the neighbourhoods (facilities, providers, associations etc.) there are bindingly agreed structures of networking and cooperation on an equal footing (neighbourhood conferences, working groups, round tables, advisory boards etc.).',
    },
  },
  {
    number: 9,
    title: { de: 'Abgestimmter Ressourceneinsatz', en: 'Coordinated use of resources' },
    text: {
      de: 'Der Ressourceneinsatz der Bezirksverwaltung in den Stadtteilen und Quartieren (Regelmittel und Fördermittel) wird zwischen den Ämtern besser abgestimmt und erfolgt effektiver als vor Einführung der ämterübergreifenden Sozialraumorientierung.',
      en: 'The district administration’s use of resources in the neighbourhoods (regular funds and funding) is better coordinated between the departments and more effective than before cross-department area orientation was introduced.',
    },
  },
  {
    number: 10,
    title: { de: 'Bessere Qualität der Leistungen', en: 'Better quality of services' },
    text: {
      de: 'Die Qualität der Leistungen der Bezirksverwaltung in den Stadtteilen und Quartieren ist durch die Orientierung an den örtlichen Bedarfslagen und die verwaltungsinternen Abstimmungsprozesse besser als vor Einführung der ämterübergreifenden Sozialraumorientierung.',
      en: 'The quality of the district administration’s services in the neighbourhoods is better than before cross-department area orientation was introduced, through the orientation towards local needs and the coordination processes within the administration.',
    },
  },
];

export const PRUEFSTEIN_NUMBERS = PRUEFSTEINE.map((p) => p.number);
export const pruefstein = (n: number): Pruefstein | undefined => PRUEFSTEINE.find((p) => p.number === n);
/** The Prüfstein in the reader's language (German for every language but English). */
export const pruefsteinText = (p: Pruefstein, lang: string) => (lang === 'en' ? p.text.en : p.text.de);
export const pruefsteinTitle = (p: Pruefstein, lang: string) => (lang === 'en' ? p.title.en : p.title.de);

/**
 * The rating scale: 0 not yet (noch nicht), 1 beginning (in Ansätzen), 2 partly (teilweise),
 * 3 largely (weitgehend), 4 fully (vollständig) — how far the district sees the Prüfstein met.
 */
export const RATING_MIN = 0;
export const RATING_MAX = 4;
export const RATINGS = [0, 1, 2, 3, 4] as const;

export type Trend = 'up' | 'down' | 'same' | 'first' | 'unrated';

/**
 * The trend of a rating against the latest earlier year rated: better, worse, the same, the first
 * rating (none earlier), or not rated this year.
 */
export function trendOf(
  rating: number | null,
  earlier: readonly { year: number; rating: number }[],
  year: number,
): { trend: Trend; previous: { year: number; rating: number } | null } {
  const previous = [...earlier].filter((e) => e.year < year).sort((a, b) => b.year - a.year)[0] ?? null;
  if (rating === null) return { trend: 'unrated', previous };
  if (!previous) return { trend: 'first', previous };
  return { trend: rating > previous.rating ? 'up' : rating < previous.rating ? 'down' : 'same', previous };
}

/** A link to a page of Quartier: staff pages below /staff/<tenant>, public pages below /<tenant>. */
export interface Evidence {
  label: string;
  scope: 'staff' | 'public';
  /** The path below the tenant's root, starting with "/" (with query and fragment, if any). */
  path: string;
}

export const MAX_EVIDENCE = 10;

/** The address of an evidence link for the tenant. */
export const evidenceHref = (e: Pick<Evidence, 'scope' | 'path'>, slug: string): string => {
  const rest = e.path === '/' ? '' : e.path;
  return e.scope === 'staff' ? `/staff/${slug}${rest}` : `/${slug}${rest}`;
};

/**
 * A page of this tenant in Quartier, as pasted from the browser or written as a path: the full
 * address on this installation (`site.baseUrl`) or a path starting with "/". Refused (a translation
 * key): addresses of other sites, of other tenants, and anything that is no page path.
 */
export function internalPath(
  input: string,
  site: { slug: string; baseUrl: string },
): { scope: Evidence['scope']; path: string } | { error: string } {
  const s = input.trim();
  if (s.length > 500) return { error: 'coordination:pruefstein.errors.linkLong' };
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('//')) {
    let url: URL;
    let own: URL;
    try {
      url = new URL(s);
      own = new URL(site.baseUrl);
    } catch {
      return { error: 'coordination:pruefstein.errors.external' };
    }
    if (url.origin !== own.origin || url.username || url.password)
      return { error: 'coordination:pruefstein.errors.external' };
    path = `${url.pathname}${url.search}${url.hash}`;
  } else if (s.startsWith('/')) path = s;
  else return { error: 'coordination:pruefstein.errors.path' };
  // Nothing that leaves the path: no spaces or control characters, no backslash, no "..".
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\s\u0000-\u001f\u007f\\]/.test(path)) return { error: 'coordination:pruefstein.errors.path' };
  const plain = path.split(/[?#]/, 1)[0];
  if (plain.split('/').some((seg) => seg === '..' || seg === '.' || /^%2e%2e$/i.test(seg)))
    return { error: 'coordination:pruefstein.errors.path' };
  const below = (prefix: string): string | null => {
    if (path === prefix) return '/';
    const next = path.charAt(prefix.length);
    return path.startsWith(prefix) && (next === '/' || next === '?' || next === '#')
      ? next === '/'
        ? path.slice(prefix.length)
        : `/${path.slice(prefix.length)}`
      : null;
  };
  const staff = below(`/staff/${site.slug}`);
  if (staff !== null) return { scope: 'staff', path: staff };
  const pub = below(`/${site.slug}`);
  if (pub !== null) return { scope: 'public', path: pub };
  return { error: 'coordination:pruefstein.errors.otherTenant' };
}
