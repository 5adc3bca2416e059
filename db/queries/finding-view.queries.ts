import { sql, type Kysely, type Transaction } from 'kysely';
import {
  FINDING_STATUSES,
  VERIFIED_STATUSES,
  type FindingMapPoint,
  type FindingReport,
  type FindingSource,
  type FindingStatus,
  type FindingSummary,
  type FindingTimeline,
} from '../../shared/findings.ts';
import type { LocalizedText } from '../../shared/i18n.ts';
import type { Database } from '../schema.ts';
import { countFindingEvidence } from './evidence.queries.ts';
import { filteredFindings, type FindingFilter, type FindingViewer } from './finding.queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a view starts: the election, who is asking, and the shared filters. */
export interface FindingScope {
  electionId: number;
  viewer: FindingViewer;
  filter: FindingFilter;
}

const iso = (d: Date) => d.toISOString();

/**
 * Complete files and merged duplicates of the given findings (a page, or every exported row). Counted
 * after the page is cut: as columns of the sorted query they would be computed for every match.
 */
async function evidenceAndDuplicates(db: Db, ids: readonly string[]) {
  const duplicates = new Map<string, number>();
  if (ids.length === 0) return { evidence: new Map<string, number>(), duplicates };
  const [evidence, merged] = await Promise.all([
    countFindingEvidence(db, ids),
    db
      .selectFrom('findings')
      .select((eb) => ['findings.merged_into_id', eb.fn.countAll<number>().as('n')])
      .where('findings.merged_into_id', 'in', [...ids])
      .groupBy('findings.merged_into_id')
      .execute(),
  ]);
  for (const row of merged) if (row.merged_into_id) duplicates.set(row.merged_into_id, Number(row.n));
  return { evidence, duplicates };
}

/** The list's rows and columns, in the list's order (latest events first). */
function summaryQuery(db: Db, scope: FindingScope) {
  return filteredFindings(db, scope.electionId, scope.viewer, scope.filter)
    .innerJoin('people', 'people.id', 'findings.author_id')
    .leftJoin('stations', 'stations.id', 'findings.station_id')
    .select([
      'findings.id',
      'findings.category_code',
      'findings.region_code',
      'findings.locality',
      'findings.occurred_on',
      'findings.title',
      'findings.status',
      'findings.confidence',
      'findings.sources',
      'findings.author_id',
      'findings.created_at',
      'findings.updated_at',
      'people.name as author_name',
      'stations.number as station_number',
    ])
    .orderBy('findings.occurred_on', 'desc')
    .orderBy('findings.created_at', 'desc')
    .orderBy('findings.id');
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

export interface FindingExportRow extends FindingSummary {
  sources: FindingSource[];
}

/** Ids per count query: two lists of them stay well under PostgreSQL's 65,535 parameters. */
const COUNT_CHUNK = 10_000;

async function summariesOf(db: Db, rows: SummaryRow[]): Promise<FindingExportRow[]> {
  const evidence = new Map<string, number>();
  const duplicates = new Map<string, number>();
  for (let i = 0; i < rows.length; i += COUNT_CHUNK) {
    const counts = await evidenceAndDuplicates(
      db,
      rows.slice(i, i + COUNT_CHUNK).map((r) => r.id),
    );
    for (const [id, n] of counts.evidence) evidence.set(id, n);
    for (const [id, n] of counts.duplicates) duplicates.set(id, n);
  }
  return rows.map((row) => summaryRowToApi(row, evidence.get(row.id) ?? 0, duplicates.get(row.id) ?? 0));
}

function summaryRowToApi(row: SummaryRow, evidenceCount: number, duplicateCount: number): FindingExportRow {
  return {
    id: row.id,
    categoryCode: row.category_code,
    region: row.region_code,
    locality: row.locality,
    stationNumber: row.station_number,
    occurredOn: row.occurred_on,
    title: row.title,
    status: row.status,
    confidence: row.confidence,
    author: { id: row.author_id, name: row.author_name },
    evidenceCount,
    duplicateCount,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    sources: row.sources,
  };
}

/** How many findings the filters match: the list's `total` and the report's figures come from here. */
export async function countFindings(db: Db, scope: FindingScope): Promise<number> {
  const row = await filteredFindings(db, scope.electionId, scope.viewer, scope.filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the list and the count of all pages. */
export async function listFindings(
  db: Db,
  scope: FindingScope,
  page: { page: number; pageSize: number },
): Promise<{ items: FindingSummary[]; total: number }> {
  const [rows, total] = await Promise.all([
    summaryQuery(db, scope)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    countFindings(db, scope),
  ]);
  return {
    items: (await summariesOf(db, rows)).map(({ sources: _sources, ...summary }) => summary),
    total,
  };
}

/** Every matching finding (the CSV export), with its sources. */
export async function exportFindings(db: Db, scope: FindingScope): Promise<FindingExportRow[]> {
  return summariesOf(db, await summaryQuery(db, scope).execute());
}

/** The map layer: the finding's own point, else its station's, else its region's centre. */
export async function findingMapPoints(db: Db, scope: FindingScope): Promise<FindingMapPoint[]> {
  const rows = await filteredFindings(db, scope.electionId, scope.viewer, scope.filter)
    .innerJoin('regions', 'regions.code', 'findings.region_code')
    .leftJoin('stations', 'stations.id', 'findings.station_id')
    .select([
      'findings.id',
      'findings.lat',
      'findings.lng',
      'stations.lat as station_lat',
      'stations.lng as station_lng',
      'regions.center_lat',
      'regions.center_lng',
      'findings.category_code',
      'findings.status',
      'findings.region_code',
      'findings.title',
      'findings.occurred_on',
    ])
    .orderBy('findings.occurred_on', 'desc')
    .orderBy('findings.id')
    .execute();
  return rows.map((row) => {
    const position =
      row.lat !== null && row.lng !== null
        ? { lat: row.lat, lng: row.lng, source: 'own' as const }
        : row.station_lat !== null && row.station_lng !== null
          ? { lat: row.station_lat, lng: row.station_lng, source: 'station' as const }
          : { lat: row.center_lat, lng: row.center_lng, source: 'region' as const };
    return {
      id: row.id,
      ...position,
      categoryCode: row.category_code,
      status: row.status,
      region: row.region_code,
      title: row.title,
      occurredOn: row.occurred_on,
    };
  });
}

/**
 * Counts by week, region and category. `date_trunc('week', …)` starts weeks on Monday like
 * `weekStart`; the date is cast to `timestamp` (no zone) first so the session's time zone cannot
 * move it to the day before.
 */
export async function findingTimelineRows(db: Db, scope: FindingScope): Promise<FindingTimeline['rows']> {
  const week = sql<string>`(date_trunc('week', findings.occurred_on::timestamp))::date`;
  const rows = await filteredFindings(db, scope.electionId, scope.viewer, scope.filter)
    .select((eb) => [
      week.as('week'),
      'findings.region_code',
      'findings.category_code',
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([week, 'findings.region_code', 'findings.category_code'])
    .orderBy(week)
    .orderBy('findings.region_code')
    .orderBy('findings.category_code')
    .execute();
  return rows.map((r) => ({
    week: r.week,
    region: r.region_code,
    categoryCode: r.category_code,
    count: Number(r.n),
  }));
}

export interface ReportRange {
  electionId: number;
  viewer: FindingViewer;
  from: string;
  to: string;
  region?: string | undefined;
}

/**
 * The periodic report. Every figure is a count of `filteredFindings` with the report's range,
 * region and the verified statuses: the same query the list runs for the same filters.
 */
export async function findingReport(db: Db, range: ReportRange, now: Date): Promise<FindingReport> {
  const base: FindingFilter = { from: range.from, to: range.to, region: range.region };
  const verified: FindingScope = {
    electionId: range.electionId,
    viewer: range.viewer,
    filter: { ...base, status: VERIFIED_STATUSES },
  };
  const verifiedQuery = () => filteredFindings(db, verified.electionId, verified.viewer, verified.filter);

  const [categories, byRegionCategory, byStatusRows, findingRows, evidenceRows] = await Promise.all([
    db.selectFrom('finding_categories').selectAll().orderBy('sort_order').orderBy('code').execute(),
    verifiedQuery()
      .select((eb) => ['findings.region_code', 'findings.category_code', eb.fn.countAll<number>().as('n')])
      .groupBy(['findings.region_code', 'findings.category_code'])
      .orderBy('findings.region_code')
      .orderBy('findings.category_code')
      .execute(),
    filteredFindings(db, range.electionId, range.viewer, base)
      .select((eb) => ['findings.status', eb.fn.countAll<number>().as('n')])
      .groupBy('findings.status')
      .execute(),
    verifiedQuery()
      .select([
        'findings.id',
        'findings.occurred_on',
        'findings.region_code',
        'findings.locality',
        'findings.category_code',
        'findings.title',
        'findings.description',
        'findings.confidence',
        'findings.status',
        'findings.sources',
      ])
      .orderBy('findings.occurred_on')
      .orderBy('findings.region_code')
      .orderBy('findings.created_at')
      .orderBy('findings.id')
      .execute(),
    // Files of the report's findings and of the duplicates merged into them.
    db
      .selectFrom('evidence')
      .innerJoin('findings as owner', 'owner.id', 'evidence.finding_id')
      .select([
        'evidence.id',
        'evidence.kind',
        'evidence.mime',
        'evidence.file_name',
        'evidence.size',
        'evidence.sha256',
        'evidence.captured_at',
        sql<string>`coalesce(owner.merged_into_id, owner.id)`.as('report_finding_id'),
      ])
      .where('evidence.state', '=', 'complete')
      .where(sql<string>`coalesce(owner.merged_into_id, owner.id)`, 'in', verifiedQuery().select('findings.id'))
      .orderBy('evidence.captured_at')
      .orderBy('evidence.created_at')
      .orderBy('evidence.id')
      .execute(),
  ]);

  const counts = new Map<string, number>();
  const regionCounts = new Map<string, number>();
  let total = 0;
  for (const row of byRegionCategory) {
    const n = Number(row.n);
    counts.set(row.category_code, (counts.get(row.category_code) ?? 0) + n);
    regionCounts.set(row.region_code, (regionCounts.get(row.region_code) ?? 0) + n);
    total += n;
  }
  // Every category in use (zeros shown, so a reader sees what was not found), then any switched off that counted.
  const byCategory = categories
    .filter((c) => c.active || counts.has(c.code))
    .map((c) => ({
      categoryCode: c.code,
      title: { kk: c.title_kk, ru: c.title_ru, en: c.title_en },
      count: counts.get(c.code) ?? 0,
    }));

  const statusCounts = new Map(byStatusRows.map((r) => [r.status, Number(r.n)]));
  const byStatus = FINDING_STATUSES.map((status: FindingStatus) => ({
    status,
    count: statusCounts.get(status) ?? 0,
  }));

  const evidence = new Map<string, FindingReport['findings'][number]['evidence']>();
  for (const e of evidenceRows) {
    const list = evidence.get(e.report_finding_id) ?? [];
    list.push({
      id: e.id,
      kind: e.kind ?? (e.mime?.startsWith('video/') ? 'video' : 'photo'),
      fileName: e.file_name,
      size: Number(e.size),
      sha256: e.sha256,
      capturedAt: e.captured_at ? iso(e.captured_at) : null,
    });
    evidence.set(e.report_finding_id, list);
  }

  return {
    from: range.from,
    to: range.to,
    region: range.region ?? null,
    generatedAt: iso(now),
    total,
    byCategory,
    byRegion: [...regionCounts].map(([region, count]) => ({ region, count })),
    byRegionCategory: byRegionCategory.map((r) => ({
      region: r.region_code,
      categoryCode: r.category_code,
      count: Number(r.n),
    })),
    byStatus,
    findings: findingRows.map((f) => ({
      id: f.id,
      occurredOn: f.occurred_on,
      region: f.region_code,
      locality: f.locality,
      categoryCode: f.category_code,
      title: f.title,
      description: f.description,
      confidence: f.confidence,
      status: f.status,
      sources: f.sources,
      evidence: evidence.get(f.id) ?? [],
    })),
  };
}

/** Region names for the printed report, in the regions' own order. */
export async function regionNames(db: Db): Promise<{ code: string; name: LocalizedText }[]> {
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name_kk', 'name_ru', 'name_en'])
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en } }));
}
