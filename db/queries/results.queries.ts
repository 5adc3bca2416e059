import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { BallotOption } from '../../shared/elections.ts';
import type { OfficialFigures } from '../../shared/protocols.ts';
import { OFFICIAL_FIGURE_COLUMNS, type ResultsBasis } from '../../shared/results.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The election's ballot in ballot order (position, id as the tie-break: `inBallotOrder`). */
export async function loadBallot(db: Db, electionId: number): Promise<BallotOption[]> {
  const rows = await db
    .selectFrom('ballot_options')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind,
    name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
    affiliation: r.affiliation,
  }));
}

/** One region's sums (`region: null`: the whole scope), votes as `[optionId, votes]` pairs. */
export interface TallySums {
  region: string | null;
  stationsTotal: number;
  stationsCounted: number;
  registeredTotal: number;
  registeredCovered: number;
  turnout: number;
  ballotsInBoxes: number;
  invalidBallots: number;
  votes: [number, number][];
}

/** `regions: null` is the whole country. */
const inRegions = (column: RawBuilder<unknown>, regions: readonly string[] | null) =>
  regions === null ? sql`true` : sql`${column} = any(${[...regions]}::text[])`;

/**
 * Parallel tabulation in one statement: per region in scope (every one, in the regions' order,
 * stations without a protocol included in the totals of the register) and over the whole scope
 * (`grouping sets`), with votes per option per region and in total. `verified` adds up verified
 * protocols only; `received` each station's best copy: its verified version, else the observer's.
 *
 * The counted tallies are a filter on the tally table itself rather than a CTE, so that the
 * planner sees their statistics and hash-aggregates the ~80,000 vote rows of a country once; the
 * vote lists are built once per region, not looked up per output row.
 */
export async function tabulate(
  db: Db,
  electionId: number,
  basis: ResultsBasis,
  regions: readonly string[] | null,
): Promise<TallySums[]> {
  const counted =
    basis === 'verified'
      ? sql`t.stage = 'verified'`
      : sql`(t.stage = 'verified' or (t.stage = 'received' and not exists (
          select 1 from protocol_tallies v where v.station_id = t.station_id and v.stage = 'verified')))`;
  const { rows } = await sql<{
    region: string | null;
    stations_total: number;
    stations_counted: number;
    registered_total: number;
    registered_covered: number;
    turnout: number;
    ballots_in_boxes: number;
    invalid_ballots: number;
    votes: [number, number][] | null;
  }>`
    with figures as (
      select r.code as region, r.sort_order, grouping(r.code) as is_total,
        count(s.id)::int8 as stations_total,
        coalesce(sum(s.registered_voters), 0)::int8 as registered_total,
        count(t.station_id)::int8 as stations_counted,
        coalesce(sum(t.registered_voters), 0)::int8 as registered_covered,
        coalesce(sum(t.ballots_issued_inside + t.ballots_issued_outside), 0)::int8 as turnout,
        coalesce(sum(t.fixed_box_ballots + t.portable_box_ballots), 0)::int8 as ballots_in_boxes,
        coalesce(sum(t.invalid_ballots), 0)::int8 as invalid_ballots
      from regions r
      left join stations s on s.region_code = r.code and s.election_id = ${electionId}
      left join protocol_tallies t on t.station_id = s.id and t.election_id = ${electionId} and ${counted}
      where ${inRegions(sql`r.code`, regions)}
      group by grouping sets ((r.code, r.sort_order), ())
    ), region_votes as materialized (
      select s.region_code as region, tv.option_id, sum(tv.votes)::int8 as votes
      from protocol_tallies t
      join stations s on s.id = t.station_id
      join protocol_tally_votes tv on tv.station_id = t.station_id and tv.stage = t.stage
      where t.election_id = ${electionId} and ${counted} and ${inRegions(sql`s.region_code`, regions)}
      group by s.region_code, tv.option_id
    ), vote_lists as (
      select region, 0 as is_total, jsonb_agg(jsonb_build_array(option_id, votes)) as votes
      from region_votes group by region
      union all
      select null, 1, jsonb_agg(jsonb_build_array(option_id, votes))
      from (select option_id, sum(votes)::int8 as votes from region_votes group by option_id) national
    )
    select f.region, f.stations_total, f.stations_counted, f.registered_total, f.registered_covered,
      f.turnout, f.ballots_in_boxes, f.invalid_ballots, vl.votes
    from figures f
    left join vote_lists vl on vl.is_total = f.is_total and vl.region is not distinct from f.region
    order by f.is_total desc, f.sort_order`.execute(db);
  return rows.map((r) => ({
    region: r.region,
    stationsTotal: Number(r.stations_total),
    stationsCounted: Number(r.stations_counted),
    registeredTotal: Number(r.registered_total),
    registeredCovered: Number(r.registered_covered),
    turnout: Number(r.turnout),
    ballotsInBoxes: Number(r.ballots_in_boxes),
    invalidBallots: Number(r.invalid_ballots),
    votes: (r.votes ?? []).map(([id, votes]) => [Number(id), Number(votes)]),
  }));
}

/**
 * A tally row (alias `t`) as the shared `OfficialFigures`, its votes in ballot order. The votes are
 * read per row through the primary key: linear in the stations whatever the planner believes
 * about a table an import has just filled.
 */
const FIGURES_JSON = sql`jsonb_build_object(
  'registeredVoters', t.registered_voters,
  'ballotsReceived', t.ballots_received,
  'ballotsIssuedInside', t.ballots_issued_inside,
  'ballotsIssuedOutside', t.ballots_issued_outside,
  'outsideRequests', t.outside_requests,
  'ballotsCancelled', t.ballots_cancelled,
  'fixedBoxBallots', t.fixed_box_ballots,
  'portableBoxBallots', t.portable_box_ballots,
  'invalidBallots', t.invalid_ballots,
  'votes', coalesce((
    select jsonb_agg(jsonb_build_object('optionId', v.option_id, 'votes', v.votes) order by bo.position, bo.id)
    from protocol_tally_votes v
    join ballot_options bo on bo.id = v.option_id
    where v.station_id = t.station_id and v.stage = t.stage), '[]'::jsonb))`;

/** Every station's official figures in the election (what a new import is compared with). */
export async function loadOfficialFigures(db: Db, electionId: number): Promise<Map<number, OfficialFigures>> {
  const { rows } = await sql<{ station_id: number; figures: OfficialFigures }>`
    select t.station_id, ${FIGURES_JSON} as figures
    from protocol_tallies t
    where t.election_id = ${electionId} and t.stage = 'official'`.execute(db);
  return new Map(rows.map((r) => [r.station_id, r.figures]));
}

/** Removes these stations' official figures (their votes go with them). */
export async function deleteOfficialFigures(db: Db, stationIds: number[]): Promise<void> {
  if (stationIds.length === 0) return;
  await db
    .deleteFrom('protocol_tallies')
    .where('stage', '=', 'official')
    .where(sql<boolean>`station_id = any(${stationIds}::int[])`)
    .execute();
}

/** The scalar figures of a tally (alias) as an array, in `OFFICIAL_SCALARS` order. */
const scalars = (alias: 'c' | 'o') =>
  sql.raw(
    `case when ${alias}.station_id is null then null else array[${OFFICIAL_FIGURE_COLUMNS.map((c) => `${alias}.${c}`).join(', ')}] end`,
  );
function toFigures(values: number[], ids: number[], votes: number[]): OfficialFigures {
  const [
    registeredVoters = 0,
    ballotsReceived = 0,
    ballotsIssuedInside = 0,
    ballotsIssuedOutside = 0,
    outsideRequests = 0,
    ballotsCancelled = 0,
    fixedBoxBallots = 0,
    portableBoxBallots = 0,
    invalidBallots = 0,
  ] = values;
  return {
    registeredVoters,
    ballotsReceived,
    ballotsIssuedInside,
    ballotsIssuedOutside,
    outsideRequests,
    ballotsCancelled,
    fixedBoxBallots,
    portableBoxBallots,
    invalidBallots,
    votes: ids.map((optionId, i) => ({ optionId, votes: votes[i] ?? 0 })),
  };
}

/** A station with a verified copy, official figures, or both. */
export interface CopyAndOfficial {
  stationId: number;
  number: number;
  region: string;
  regionOrder: number;
  copy: OfficialFigures | null;
  official: OfficialFigures | null;
  violationId: string | null;
}

/**
 * The verified copies and the official figures side by side, one row per station that has either
 * (in scope, or one station), in one read.
 */
export async function loadCopiesAndOfficial(
  db: Db,
  electionId: number,
  filter: { regions: readonly string[] | null; stationId?: number },
): Promise<CopyAndOfficial[]> {
  const one = (column: string) =>
    filter.stationId === undefined ? sql`true` : sql`${sql.ref(column)} = ${filter.stationId}`;
  // Plain arrays rather than JSON built per row: a country's 20,000 tallies and 160,000 vote rows
  // in one pass, without a per-row sub-plan.
  const { rows } = await sql<{
    station_id: number;
    number: number;
    region: string;
    sort_order: number;
    copy: number[] | null;
    official: number[] | null;
    copy_ids: number[] | null;
    copy_votes: number[] | null;
    official_ids: number[] | null;
    official_votes: number[] | null;
    violation_id: string | null;
  }>`
    with vt as (
      select v.station_id, v.stage,
        array_agg(v.option_id order by bo.position, bo.id) as ids,
        array_agg(v.votes order by bo.position, bo.id) as votes
      from protocol_tally_votes v
      join protocol_tallies t on t.station_id = v.station_id and t.stage = v.stage
      join ballot_options bo on bo.id = v.option_id
      where t.election_id = ${electionId} and v.stage in ('verified', 'official') and ${one('v.station_id')}
      group by v.station_id, v.stage
    )
    select s.id as station_id, s.number, s.region_code as region, r.sort_order,
      ${scalars('c')} as copy, ${scalars('o')} as official,
      cv.ids as copy_ids, cv.votes as copy_votes, ov.ids as official_ids, ov.votes as official_votes,
      sp.discrepancy_violation_id as violation_id
    from stations s
    join regions r on r.code = s.region_code
    left join protocol_tallies c on c.station_id = s.id and c.stage = 'verified'
    left join protocol_tallies o on o.station_id = s.id and o.stage = 'official'
    left join vt cv on cv.station_id = s.id and cv.stage = 'verified'
    left join vt ov on ov.station_id = s.id and ov.stage = 'official'
    left join station_protocols sp on sp.station_id = s.id
    where s.election_id = ${electionId}
      and (c.station_id is not null or o.station_id is not null)
      and ${inRegions(sql`s.region_code`, filter.regions)}
      and ${one('s.id')}
    order by s.number`.execute(db);
  return rows.map((r) => ({
    stationId: r.station_id,
    number: r.number,
    region: r.region,
    regionOrder: r.sort_order,
    copy: r.copy && toFigures(r.copy, r.copy_ids ?? [], r.copy_votes ?? []),
    official: r.official && toFigures(r.official, r.official_ids ?? [], r.official_votes ?? []),
    violationId: r.violation_id,
  }));
}
