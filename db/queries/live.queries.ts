import { sql, type Kysely, type Transaction } from 'kysely';
import {
  CLOSED_PHASES,
  ON_SITE_PHASES,
  OPENED_PHASES,
  type Rollup,
  type StationLive,
  type StationReport,
} from '../../shared/reports.ts';
import type { Database, StationStatusRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

// Any fixed number: the transaction-level advisory lock that orders every change.
const CHANGE_LOCK = 4_207_001;

/**
 * Takes the change lock and `n` numbers of the change sequence. Held until commit, so sequence
 * order is commit order and "everything after N" never misses a change committed later.
 */
export async function takeSeqs(trx: Transaction<Database>, n: number): Promise<number[]> {
  await sql`select pg_advisory_xact_lock(${CHANGE_LOCK})`.execute(trx);
  if (n === 0) return [];
  const { rows } = await sql<{
    seq: number;
  }>`select nextval('change_seq')::int8 as seq from generate_series(1, ${n})`.execute(trx);
  return rows.map((r) => Number(r.seq));
}

export function statusRowToLive(row: StationStatusRow): StationLive {
  return {
    stationId: row.station_id,
    region: row.region_code,
    phase: row.phase,
    helpOpen: row.help_open,
    helpAt: row.help_open && row.help_at ? new Date(row.help_at).toISOString() : null,
    openViolations: row.open_violations,
    worstSeverity: row.open_violations > 0 ? row.worst_severity : null,
    silent: row.silent,
    turnoutDiscrepancy: row.turnout_discrepancy,
    refusedEntry: row.refused_entry,
    refusedAt: row.refused_entry && row.refused_at ? new Date(row.refused_at).toISOString() : null,
    chairTurnout: row.chair_turnout,
    ownTurnout: row.own_turnout,
    lastReportAt: row.last_report_at ? new Date(row.last_report_at).toISOString() : null,
    protocol: row.protocol_state,
    seq: row.seq,
  };
}

/**
 * Gives stations a status row (every station of the election, or just `stationIds`): at first
 * start, after an import, and for a station a report names before it had one.
 */
export async function ensureStationStatus(db: Db, electionId: number, stationIds?: number[]): Promise<number> {
  const result = await sql`
    insert into station_status (station_id, election_id, region_code, phase)
    select s.id, s.election_id, s.region_code,
      case when exists (select 1 from assignments a where a.station_id = s.id and a.kind = 'primary' and a.ended_at is null)
        then 'observer_assigned' else 'no_observer' end
    from stations s
    where s.election_id = ${electionId}
      ${stationIds ? sql`and s.id = any(${stationIds}::int[])` : sql``}
    on conflict (station_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * After assignments changed: stations not yet visited move between `no_observer` and
 * `observer_assigned`. Returns the stations whose state changed (to broadcast after commit).
 */
export async function refreshAssignedPhase(trx: Transaction<Database>, stationIds: number[]): Promise<number[]> {
  if (stationIds.length === 0) return [];
  await takeSeqs(trx, 0);
  const rows = await sql<{ station_id: number }>`
    update station_status st
    set phase = x.phase, seq = nextval('change_seq')
    from (
      select s.id,
        case when exists (select 1 from assignments a where a.station_id = s.id and a.kind = 'primary' and a.ended_at is null)
          then 'observer_assigned' else 'no_observer' end as phase
      from stations s where s.id = any(${stationIds}::int[])
    ) x
    where st.station_id = x.id and st.phase in ('no_observer', 'observer_assigned') and st.phase <> x.phase
    returning st.station_id`.execute(trx);
  return rows.rows.map((r) => r.station_id);
}

export interface LiveScope {
  regions?: string[] | undefined;
  stationIds?: number[] | undefined;
}

export async function liveRows(
  db: Db,
  electionId: number,
  scope: LiveScope,
  options: { sinceSeq?: number; stationIds?: number[]; limit?: number } = {},
): Promise<StationLive[]> {
  let query = db.selectFrom('station_status').selectAll().where('election_id', '=', electionId);
  if (scope.regions) query = query.where('region_code', 'in', scope.regions.length ? scope.regions : ['']);
  if (scope.stationIds) query = query.where('station_id', 'in', scope.stationIds.length ? scope.stationIds : [-1]);
  if (options.stationIds)
    query = query.where('station_id', 'in', options.stationIds.length ? options.stationIds : [-1]);
  if (options.sinceSeq !== undefined) query = query.where('seq', '>', options.sinceSeq).orderBy('seq');
  else query = query.orderBy('station_id');
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map(statusRowToLive);
}

/**
 * The highest change committed and visible to this transaction. Every change number ends up on
 * some station's row (the last report of a batch carries the batch's highest number), so the
 * maximum over the rows read in the same snapshot is exactly "everything up to here".
 */
export async function visibleSeq(db: Db, electionId: number): Promise<number> {
  const row = await db
    .selectFrom('station_status')
    .select(sql<number>`coalesce(max(seq), 0)::int8`.as('seq'))
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/** Region figures and the country total, in SQL (phases at or beyond a step count as past it). */
export async function rollups(db: Db, electionId: number, regions?: string[]): Promise<Rollup[]> {
  const inRegions = regions ? (regions.length ? regions : ['']) : null;
  const { rows } = await sql<{
    region: string | null;
    stations: number;
    covered: number;
    on_site: number;
    opened: number;
    closed: number;
    help_open: number;
    silent: number;
    registered: number;
    turnout: number;
    own_turnout: number;
  }>`
    select s.region_code as region,
      count(*)::int as stations,
      count(*) filter (where exists (
        select 1 from assignments a where a.station_id = s.id and a.kind = 'primary' and a.ended_at is null))::int as covered,
      count(*) filter (where st.phase = any(${ON_SITE_PHASES}::text[]))::int as on_site,
      count(*) filter (where st.phase = any(${OPENED_PHASES}::text[]))::int as opened,
      count(*) filter (where st.phase = any(${CLOSED_PHASES}::text[]))::int as closed,
      count(*) filter (where st.help_open)::int as help_open,
      count(*) filter (where st.silent)::int as silent,
      coalesce(sum(s.registered_voters), 0)::int8 as registered,
      coalesce(sum(coalesce(st.voted_per_chair, st.chair_turnout)), 0)::int8 as turnout,
      coalesce(sum(st.own_turnout), 0)::int8 as own_turnout
    from stations s
    left join station_status st on st.station_id = s.id
    where s.election_id = ${electionId}
      ${inRegions ? sql`and s.region_code = any(${inRegions}::text[])` : sql``}
    group by rollup (s.region_code)
    order by s.region_code nulls first`.execute(db);
  return rows.map((r) => ({
    region: r.region,
    stations: r.stations,
    covered: r.covered,
    onSite: r.on_site,
    opened: r.opened,
    closed: r.closed,
    helpOpen: r.help_open,
    silent: r.silent,
    registeredVoters: Number(r.registered),
    turnout: Number(r.turnout),
    ownTurnout: Number(r.own_turnout),
    turnoutPct: Number(r.registered) > 0 ? Math.round((Number(r.turnout) / Number(r.registered)) * 1000) / 10 : 0,
  }));
}

/**
 * A protocol report's body as readers without `protocols.read` get it: the kind stays (the timeline
 * shows that and when the copy came), every figure is zero, no tally, no note, no photo ids. The
 * report carries the flag `figures_withheld` so that the zeros are never taken for the paper's.
 */
const WITHHELD_PROTOCOL: StationReport['body'] = {
  kind: 'protocol',
  figures: {
    registeredVoters: 0,
    ballotsReceived: 0,
    ballotsIssuedInside: 0,
    ballotsIssuedOutside: 0,
    outsideRequests: 0,
    ballotsCancelled: 0,
    fixedBoxBallots: 0,
    fixedBoxSealIntact: false,
    portableBoxes: [],
    invalidBallots: 0,
    votes: [],
    signatures: { chair: false, secretary: false, members: 0 },
    photoEvidenceIds: [],
  },
  ownTally: null,
  note: '',
};

/**
 * A station's reports, oldest first: the day's timeline. `protocolFigures`: whether the reader may
 * see the figures of protocol reports (`protocols.read` for this station); if not, see
 * WITHHELD_PROTOCOL.
 */
export async function stationReports(
  db: Db,
  stationId: number,
  options: { protocolFigures: boolean },
): Promise<StationReport[]> {
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('people as e', 'e.id', 'r.entered_by')
    .select([
      'r.id',
      'r.seq',
      'r.kind',
      'r.body',
      'r.device_time',
      'r.received_at',
      'r.clock_skew_ms',
      'r.flags',
      'p.id as observer_id',
      'p.name as observer_name',
      'e.id as entered_by_id',
      'e.name as entered_by_name',
    ])
    .where('r.station_id', '=', stationId)
    .orderBy('r.seq')
    .execute();
  return rows.map((r) => {
    const withheld = r.kind === 'protocol' && !options.protocolFigures;
    return {
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      body: withheld ? WITHHELD_PROTOCOL : (r.body as StationReport['body']),
      deviceTime: new Date(r.device_time).toISOString(),
      receivedAt: new Date(r.received_at).toISOString(),
      clockSkewMs: r.clock_skew_ms,
      flags: withheld ? [...r.flags, 'figures_withheld'] : r.flags,
      observer: { id: r.observer_id, name: r.observer_name },
      enteredBy: r.entered_by_id === null ? null : { id: r.entered_by_id, name: r.entered_by_name ?? '' },
    };
  });
}
