import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const keys = (o: object, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));

const MODULE = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.includes('.test.')
        ? [join(dir, e.name)]
        : [],
  );

describe('councils translations', () => {
  it('German and English have the same keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('every fixed key the code uses exists', () => {
    const known = new Set(keys(de).map((k) => k.replace(/_(one|other)$/, '')));
    const used = new Set<string>();
    for (const f of sources(MODULE))
      for (const m of readFileSync(f, 'utf8').matchAll(/['`]councils:([A-Za-z0-9_.]+)(['`])/g))
        used.add(m[1]);
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('every vocabulary value has a label', async () => {
    const v = await import('../domain/vocab.ts');
    const lists: [string, readonly string[]][] = [
      ['kind', v.BODY_KINDS],
      ['memberKind', v.MEMBER_KINDS],
      ['role', v.MEMBER_ROLES],
      ['agendaKind', v.AGENDA_KINDS],
      ['attendance', v.ATTENDANCE_STATUSES],
      ['voteKind', v.VOTE_KINDS],
      ['result', [...v.VOTE_RESULTS, ...v.CIRCULATION_RESULTS]],
    ];
    const known = new Set(keys(de));
    for (const [list, values] of [
      ...lists,
      ['quorumRule', v.QUORUM_RULES],
      ['majorityRule', v.MAJORITY_RULES],
      ['tieRule', v.TIE_RULES],
      ['compositionRule', v.COMPOSITION_RULES],
      ['endReason', v.END_REASONS],
      ['meetingStatus', v.MEETING_STATUSES],
    ] as [string, readonly string[]][])
      for (const x of values) expect(known, `${list}.${x}`).toContain(`vocab.${list}.${x}`);
  });

  it('messages with values name them in both languages', () => {
    const withValues = (o: object) =>
      Object.fromEntries(
        keys(o).map((k) => [
          k,
          [
            ...String(k.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], o)).matchAll(
              /\{\{(\w+)\}\}/g,
            ),
          ]
            .map((m) => m[1])
            .sort(),
        ]),
      );
    expect(withValues(en)).toEqual(withValues(de));
  });
});
