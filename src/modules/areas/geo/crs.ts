import proj4 from 'proj4';

/** CRSs we can read. EPSG:4326 also stands for OGC CRS84 (both lon/lat in GeoJSON files). */
export type SupportedCrs = 'EPSG:4326' | 'EPSG:25832' | 'EPSG:25833' | 'EPSG:3857';

/**
 * proj strings written from the EPSG definitions. ETRS89 is treated as
 * identical to WGS84 (towgs84=0): the difference is well below a metre, far
 * less than what matters for neighbourhood boundaries.
 */
const PROJ_DEFS: Record<Exclude<SupportedCrs, 'EPSG:4326'>, string> = {
  // ETRS89 / UTM zone 32N (western Germany)
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // ETRS89 / UTM zone 33N (Berlin, eastern Germany)
  'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // WGS 84 / Pseudo-Mercator (web maps); spherical formulas on the WGS84 semi-major axis
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
};

const EPSG_CODES: Record<string, SupportedCrs> = {
  '4326': 'EPSG:4326',
  '25832': 'EPSG:25832',
  '25833': 'EPSG:25833',
  '3857': 'EPSG:3857',
};

const CRS84 =
  /^(?:urn:ogc:def:crs:ogc:(?:1\.3)?:crs84|ogc:crs84|crs84|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/1\.3\/crs84)$/i;
const EPSG_PATTERNS = [
  /^urn:(?:x-)?ogc:def:crs:epsg:[\d.]*:(\d+)$/i, // urn:ogc:def:crs:EPSG::25833, urn:ogc:def:crs:EPSG:6.6:4326
  /^epsg::?(\d+)$/i, // EPSG:25833
  /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/(\d+)$/i,
];

/** Maps a CRS name as found in files or user input to a supported CRS, or null. */
export function resolveCrs(name: string): SupportedCrs | null {
  const trimmed = name.trim();
  if (CRS84.test(trimmed)) return 'EPSG:4326';
  for (const pattern of EPSG_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match?.[1] !== undefined) return EPSG_CODES[match[1]] ?? null;
  }
  return null;
}

export function isGeographic(crs: SupportedCrs): boolean {
  return crs === 'EPSG:4326';
}

type PointTransform = (x: number, y: number) => [number, number];

const transforms = new Map<SupportedCrs, PointTransform>();

/** Returns a function converting (x, y) in `crs` to unrounded [lon, lat] in WGS84. */
export function transformToWgs84(crs: SupportedCrs): PointTransform {
  if (crs === 'EPSG:4326') return (x, y) => [x, y];
  let transform = transforms.get(crs);
  if (!transform) {
    const converter = proj4(PROJ_DEFS[crs], 'WGS84');
    transform = (x, y) => {
      const [lon, lat] = converter.forward([x, y]);
      return [lon ?? Number.NaN, lat ?? Number.NaN];
    };
    transforms.set(crs, transform);
  }
  return transform;
}

export function roundCoordinate(value: number, decimals = 7): number {
  const factor = 10 ** decimals;
  // `+ 0` turns -0 into 0 so JSON output stays clean
  return Math.round(value * factor) / factor + 0;
}

/**
 * Reprojects a single point (e.g. a venue from an EPSG:25833 file) to WGS84
 * [lon, lat], rounded to 7 decimals. Throws on an unsupported CRS or when the
 * point cannot be projected.
 */
export function reprojectPoint(x: number, y: number, crs: string): [number, number] {
  const resolved = resolveCrs(crs);
  if (!resolved) throw new Error(`Unsupported CRS: ${crs}`);
  const [lon, lat] = transformToWgs84(resolved)(x, y);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new RangeError(`Point (${x}, ${y}) in ${resolved} has no valid WGS84 position`);
  }
  return [roundCoordinate(lon), roundCoordinate(lat)];
}
