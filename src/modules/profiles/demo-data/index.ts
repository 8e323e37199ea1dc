// The vendored files (SOURCES.md): the LOR overlap table the import uses for old Berlin keys, and the
// MSS and population tables the demo seed imports.
import { readFile } from 'node:fs/promises';
import type { LorMatches } from '../domain/lor.ts';

const here = (name: string) => new URL(`./${name}`, import.meta.url);

export const readDemoFile = async (name: string) => new Uint8Array(await readFile(here(name)));

/** The old→new LOR overlap table and the surface of each 2021 planning area (m²), read once per process. */
let lor: Promise<{ matches: LorMatches; surface: Map<string, number> }> | undefined;
export function loadLorTables() {
  lor ??= (async () => {
    const [m, s] = await Promise.all([
      readFile(here('lor-matches-2020-2021.json'), 'utf8'),
      readFile(here('lor-2021-plr-surface.csv'), 'utf8'),
    ]);
    const surface = new Map<string, number>();
    for (const line of s.trim().split('\n').slice(1)) {
      const [key, m2] = line.split(',');
      surface.set(key, Number(m2));
    }
    return { matches: JSON.parse(m) as LorMatches, surface };
  })();
  return lor;
}
