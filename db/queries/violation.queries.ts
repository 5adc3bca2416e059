import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  Act,
  Severity,
  Violation,
  ViolationDetail,
  ViolationPhase,
  ViolationStatus,
} from '../../shared/violations.ts';
import type { Database } from '../schema.ts';
import { evidenceOfViolations } from './evidence.queries.ts';
import { takeSeqs } from './live.queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Recounts the open violations and their worst severity for these stations, giving each station
 * whose numbers changed a new change number (inside the caller's transaction). Returns the ids of
 * the stations that changed; broadcast them with `live.publish` after the commit.
 */
export async function refreshStationViolations(trx: Transaction<Database>, stationIds: number[]): Promise<number[]> {
  if (stationIds.length === 0) return [];
  await takeSeqs(trx, 0);
  const { rows } = await sql<{ station_id: number }>`
    update station_status st
    set open_violations = x.open, worst_severity = x.worst, seq = nextval('change_seq')
    from (
      select s.id,
        count(v.id) filter (where v.status in ('reported', 'chair_notified', 'act_filed', 'with_legal'))::int as open,
        (array_agg(v.severity order by case v.severity when 'critical' then 0 when 'serious' then 1 else 2 end)
          filter (where v.status in ('reported', 'chair_notified', 'act_filed', 'with_legal')))[1] as worst
      from unnest(${stationIds}::int[]) as s(id)
      left join violations v on v.station_id = s.id
      group by s.id
    ) x
    where st.station_id = x.id
      and (st.open_violations is distinct from x.open or st.worst_severity is distinct from x.worst)
    returning st.station_id`.execute(trx);
  return rows.map((r) => r.station_id);
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Sort key of the HQ queue: critical first (see `compareQueue`). */
const SEVERITY_RANK = sql<number>`case v.severity when 'critical' then 0 when 'serious' then 1 else 2 end`;

/** Violations in their API shape, in no particular order (missing ids are left out). */
export async function loadViolations(db: Db, ids: string[]): Promise<Violation[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('violations as v')
    .innerJoin('stations as s', 's.id', 'v.station_id')
    .innerJoin('violation_categories as c', 'c.code', 'v.category_code')
    .innerJoin('people as p', 'p.id', 'v.reporter_id')
    .selectAll('v')
    .select([
      's.number as station_number',
      's.address as station_address',
      's.lat as station_lat',
      's.lng as station_lng',
      'c.title_kk',
      'c.title_ru',
      'c.title_en',
      'c.article',
      'c.phase',
      'p.name as reporter_name',
    ])
    .where(sql<boolean>`v.id = any(${ids}::uuid[])`)
    .execute();
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.id);
  const evidenceOf = await evidenceOfViolations(db, found);
  const complaints = new Map(
    (
      await db
        .selectFrom('complaints')
        .select(['violation_id', sql<number>`count(*)::int`.as('n')])
        .where(sql<boolean>`violation_id = any(${found}::uuid[])`)
        .groupBy('violation_id')
        .execute()
    ).map((c) => [c.violation_id, c.n]),
  );
  return rows.map((r) => ({
    id: r.id,
    electionId: r.election_id,
    station: {
      id: r.station_id,
      number: r.station_number,
      region: r.region_code,
      address: r.station_address,
      lat: r.station_lat,
      lng: r.station_lng,
    },
    category: {
      code: r.category_code,
      title: { kk: r.title_kk, ru: r.title_ru, en: r.title_en },
      article: r.article,
      phase: r.phase,
    },
    otherText: r.other_text,
    severity: r.severity,
    status: r.status,
    observedAt: iso(r.observed_at),
    description: r.description,
    involved: r.involved,
    chairNotified: r.chair_notified,
    chairAnswer: r.chair_answer,
    correctedNote: r.corrected_note,
    // Written only from a parsed `Act` (violation-writer), so it reads back as one.
    act: (r.act ?? null) as Act | null,
    closedReason: r.closed_reason,
    closedNote: r.closed_note,
    reporter: { id: r.reporter_id, name: r.reporter_name },
    evidence: evidenceOf.get(r.id) ?? [],
    complaints: complaints.get(r.id) ?? 0,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }));
}

/** The HQ queue's filters after the caller's scope was applied. */
export interface ViolationFilter {
  electionId: number;
  /** Scope: only these regions / only these stations. */
  regions?: string[] | undefined;
  stationIds?: number[] | undefined;
  region?: string | undefined;
  category?: string | undefined;
  phase?: ViolationPhase | undefined;
  statuses?: readonly ViolationStatus[] | undefined;
  severities?: readonly Severity[] | undefined;
  stationNumber?: number | undefined;
  limit: number;
  offset: number;
}

/** One page of the queue: worst severity first, then the oldest; with the total for the filter. */
export async function listViolations(db: Db, f: ViolationFilter): Promise<{ items: Violation[]; total: number }> {
  let query = db
    .selectFrom('violations as v')
    .innerJoin('stations as s', 's.id', 'v.station_id')
    .innerJoin('violation_categories as c', 'c.code', 'v.category_code')
    .where('v.election_id', '=', f.electionId);
  if (f.regions) query = query.where('v.region_code', 'in', f.regions.length ? f.regions : ['']);
  if (f.stationIds) query = query.where('v.station_id', 'in', f.stationIds.length ? f.stationIds : [-1]);
  if (f.region) query = query.where('v.region_code', '=', f.region);
  if (f.category) query = query.where('v.category_code', '=', f.category);
  if (f.phase) query = query.where('c.phase', '=', f.phase);
  if (f.statuses?.length) query = query.where('v.status', 'in', f.statuses);
  if (f.severities?.length) query = query.where('v.severity', 'in', f.severities);
  if (f.stationNumber !== undefined) query = query.where('s.number', '=', f.stationNumber);
  const [{ total }, page] = await Promise.all([
    query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    query
      .select('v.id')
      .orderBy(SEVERITY_RANK)
      .orderBy('v.observed_at')
      .orderBy('v.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  const ids = page.map((r) => r.id);
  const byId = new Map((await loadViolations(db, ids)).map((v) => [v.id, v]));
  return { items: ids.map((id) => byId.get(id)).filter((v): v is Violation => v !== undefined), total };
}

/** Every step of a violation in the order the server took them, with who took it. */
export async function violationHistory(db: Db, id: string): Promise<ViolationDetail['history']> {
  const rows = await db
    .selectFrom('violation_changes as vc')
    .leftJoin('people as p', 'p.id', 'vc.person_id')
    .select(['vc.id', 'vc.kind', 'vc.body', 'vc.device_time', 'vc.received_at', 'vc.person_id', 'p.name'])
    .where('vc.violation_id', '=', id)
    .orderBy('vc.received_at')
    .orderBy('vc.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    // The phone's time for a field step (when it happened); the server's for HQ's moves.
    at: iso(r.device_time ?? r.received_at),
    by: r.name === null ? null : { id: r.person_id, name: r.name },
    body: r.body,
  }));
}
