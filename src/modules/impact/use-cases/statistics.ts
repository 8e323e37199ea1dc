/**
 * An area's official statistics as the impact pages show them: the published indicators of its
 * profile (profiles module) with the latest value up to a year and the one before.
 */
import type { Db } from '../../../platform/db/index.ts';
import { listIndicators, seriesOf } from '../../profiles/index.ts';

export interface ReportStatistic {
  nameDe: string;
  nameEn: string;
  unit: string;
  source: string;
  licence: string;
  latest: { period: string; value: number };
  /** The period with a value before the latest (the year before, or the survey before that). */
  previous: { period: string; value: number } | null;
}

/**
 * The key indicators of the area's profile for the report: each published indicator with a value of
 * the area in the report's year or before, its latest value and the one before. Read as the profile
 * has them now (official statistics of past years do not change, so a finalised report keeps them).
 */
export async function statisticsOf(
  db: Db,
  tenantId: string,
  areaId: string,
  year: number,
): Promise<ReportStatistic[]> {
  const published = await listIndicators(db, tenantId, { publishedOnly: true });
  if (published.length === 0) return [];
  const points = await seriesOf(
    db,
    tenantId,
    areaId,
    published.map((i) => i.id),
  );
  return published.flatMap((i): ReportStatistic[] => {
    const mine = points.filter((p) => p.indicatorId === i.id && Number(p.period.slice(0, 4)) <= year);
    const latest = mine.at(-1);
    if (!latest) return [];
    const before = mine.at(-2);
    return [
      {
        nameDe: i.nameDe,
        nameEn: i.nameEn,
        unit: i.unit,
        source: i.source,
        licence: i.licence,
        latest: { period: latest.period, value: latest.value },
        previous: before ? { period: before.period, value: before.value } : null,
      },
    ];
  });
}
