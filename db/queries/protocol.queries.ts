import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { OFFICIAL_FIGURE_COLUMNS } from '../../shared/results.ts';
import {
  inBallotOrder,
  type OfficialFigures,
  type ProtocolBallot,
  type ProtocolEntry,
  type ProtocolFigures,
  type ProtocolVersion,
} from '../../shared/protocols.ts';
import type {
  Database,
  ProtocolEntryRow,
  ProtocolEntryTable,
  ProtocolVersionTable,
  StationProtocolRow,
  TallyStage,
} from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface TallyPlace {
  stationId: number;
  electionId: number;
  region: string;
}

/**
 * Puts one station's figures for a stage into the tabulation tables (replacing what was there):
 * the observer's latest copy (`received`), the verified version (`verified`), the commission's
 * (`official`). Call it in the transaction that changed the figures.
 */
export async function writeTally(db: Db, place: TallyPlace, stage: TallyStage, f: OfficialFigures): Promise<void> {
  await writeTallies(db, [{ place, figures: f }], stage);
}

/** `writeTally` for many stations of one stage at once (the official import): three statements. */
export async function writeTallies(
  db: Db,
  rows: { place: TallyPlace; figures: OfficialFigures }[],
  stage: TallyStage,
): Promise<void> {
  if (rows.length === 0) return;
  const stationIds = rows.map((r) => r.place.stationId);
  await db
    .deleteFrom('protocol_tally_votes')
    .where('stage', '=', stage)
    .where('station_id', 'in', stationIds)
    .execute();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db
      .insertInto('protocol_tallies')
      .values(
        chunk.map(({ place, figures: f }) => ({
          station_id: place.stationId,
          stage,
          election_id: place.electionId,
          region_code: place.region,
          registered_voters: f.registeredVoters,
          ballots_received: f.ballotsReceived,
          ballots_issued_inside: f.ballotsIssuedInside,
          ballots_issued_outside: f.ballotsIssuedOutside,
          outside_requests: f.outsideRequests,
          ballots_cancelled: f.ballotsCancelled,
          fixed_box_ballots: f.fixedBoxBallots,
          portable_box_ballots: f.portableBoxBallots,
          invalid_ballots: f.invalidBallots,
          updated_at: sql<Date>`now()`,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['station_id', 'stage']).doUpdateSet((eb) => ({
          election_id: eb.ref('excluded.election_id'),
          region_code: eb.ref('excluded.region_code'),
          registered_voters: eb.ref('excluded.registered_voters'),
          ballots_received: eb.ref('excluded.ballots_received'),
          ballots_issued_inside: eb.ref('excluded.ballots_issued_inside'),
          ballots_issued_outside: eb.ref('excluded.ballots_issued_outside'),
          outside_requests: eb.ref('excluded.outside_requests'),
          ballots_cancelled: eb.ref('excluded.ballots_cancelled'),
          fixed_box_ballots: eb.ref('excluded.fixed_box_ballots'),
          portable_box_ballots: eb.ref('excluded.portable_box_ballots'),
          invalid_ballots: eb.ref('excluded.invalid_ballots'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    const votes = chunk.flatMap(({ place, figures }) =>
      figures.votes.map((v) => ({ station_id: place.stationId, stage, option_id: v.optionId, votes: v.votes })),
    );
    for (let j = 0; j < votes.length; j += 5000) {
      await db
        .insertInto('protocol_tally_votes')
        .values(votes.slice(j, j + 5000))
        .execute();
    }
  }
}

/**
 * Recomputes where each station's protocol stands, from what is stored, and carries a change to
 * the station's live state (a new change number, so the map and the results page hear of it):
 * - `differs`: a verified version and official figures that differ in any figure;
 * - `verified`: a verified version;
 * - `flagged`: the latest copy (the observer's, else an operator's) fails an error check;
 * - `received`: a copy is in; `none` otherwise.
 * Call it inside the transaction that changed entries, versions or official figures, after
 * `takeSeqs(trx, 0)` has the change lock. Returns the stations whose state changed (publish them
 * after commit with `app.live.publish`).
 */
export async function refreshProtocolStates(trx: Transaction<Database>, stationIds: number[]): Promise<number[]> {
  if (stationIds.length === 0) return [];
  const columns = (alias: string) => sql.raw(OFFICIAL_FIGURE_COLUMNS.map((c) => `${alias}.${c}`).join(', '));
  const figures = columns('t');
  const officialFigures = columns('o');
  const { rows } = await sql<{ station_id: number; state: string }>`
    with next as (
      select sp.station_id,
        case
          when sp.verified_version is not null and exists (
            select 1 from protocol_tallies t join protocol_tallies o on o.station_id = t.station_id and o.stage = 'official'
            where t.station_id = sp.station_id and t.stage = 'verified'
              and ((${figures}) is distinct from (${officialFigures})
                or exists (
                  (select option_id, votes from protocol_tally_votes where station_id = sp.station_id and stage = 'verified'
                   except select option_id, votes from protocol_tally_votes where station_id = sp.station_id and stage = 'official')
                  union all
                  (select option_id, votes from protocol_tally_votes where station_id = sp.station_id and stage = 'official'
                   except select option_id, votes from protocol_tally_votes where station_id = sp.station_id and stage = 'verified'))))
            then 'differs'
          when sp.verified_version is not null then 'verified'
          when coalesce(
            (select e.has_errors from protocol_entries e where e.id = sp.observer_entry_id),
            (select e.has_errors from protocol_entries e where e.id = sp.operator_entry_id)) then 'flagged'
          when sp.observer_entry_id is not null or sp.operator_entry_id is not null then 'received'
          else 'none'
        end as state
      from station_protocols sp
      where sp.station_id = any(${stationIds}::int[])
    ), changed as (
      update station_protocols sp set state = next.state, updated_at = now()
      from next where sp.station_id = next.station_id and sp.state <> next.state
      returning sp.station_id
    )
    update station_status st set protocol_state = next.state, seq = nextval('change_seq')
    from next
    where st.station_id = next.station_id and st.protocol_state <> next.state
    returning st.station_id, next.state`.execute(trx);
  return rows.map((r) => r.station_id);
}

/**
 * Gives stations a new change number whether or not their protocol state moved: a conflict
 * opening, or a supervisor's correction that keeps `verified`, changes what the protocol pages and
 * the results show, and clients catching up by change number must hear of it. Call after
 * `takeSeqs(trx, 0)` (the change lock); publish the stations after commit.
 */
export async function bumpStationSeqs(trx: Transaction<Database>, stationIds: number[]): Promise<number[]> {
  if (stationIds.length === 0) return [];
  const { rows } = await sql<{ station_id: number }>`
    update station_status set seq = nextval('change_seq')
    where station_id = any(${stationIds}::int[])
    returning station_id`.execute(trx);
  return rows.map((r) => r.station_id);
}

// ---------------------------------------------------------------------------------------------
// Entries, double-entry state, versions (issue 8: the protocols routes and the report writer)
// ---------------------------------------------------------------------------------------------

/** The ballot of an election, in ballot order; null when there is no such election. */
export async function ballotOf(db: Db, electionId: number): Promise<ProtocolBallot | null> {
  const election = await db
    .selectFrom('elections')
    .select(['id', 'name_kk', 'name_ru', 'name_en'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!election) return null;
  const options = await db.selectFrom('ballot_options').selectAll().where('election_id', '=', electionId).execute();
  return {
    electionId: election.id,
    electionName: { kk: election.name_kk, ru: election.name_ru, en: election.name_en },
    options: inBallotOrder(
      options.map((o) => ({
        id: o.id,
        position: o.position,
        kind: o.kind,
        name: { kk: o.name_kk, ru: o.name_ru, en: o.name_en },
        affiliation: o.affiliation,
      })),
    ),
  };
}

/** The option ids of several elections' ballots (the report writer checks protocols of a batch with it). */
export async function ballotOptionIds(db: Db, electionIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(electionIds.map((id) => [id, []]));
  if (electionIds.length === 0) return map;
  const rows = await db
    .selectFrom('ballot_options')
    .select(['id', 'election_id'])
    .where('election_id', 'in', electionIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) map.get(r.election_id)?.push(r.id);
  return map;
}

/**
 * Gives stations a `station_protocols` row when they have none (no lock kept): a station whose
 * first protocol photo is declared gets its row then, so that the entry queue can offer it.
 */
export async function ensureStationProtocols(db: Db, places: TallyPlace[]): Promise<void> {
  if (places.length === 0) return;
  await db
    .insertInto('station_protocols')
    .values(places.map((p) => ({ station_id: p.stationId, election_id: p.electionId, region_code: p.region })))
    .onConflict((oc) => oc.column('station_id').doNothing())
    .execute();
}

/**
 * Gives stations a `station_protocols` row when they have none (a photo or an operator's entry
 * may come before the observer's figures), then locks and returns them, in station order so that
 * two writers never wait on each other crosswise. Call after `takeSeqs(trx, 0)`.
 */
export async function lockStationProtocols(
  trx: Transaction<Database>,
  places: TallyPlace[],
): Promise<Map<number, StationProtocolRow>> {
  if (places.length === 0) return new Map();
  await ensureStationProtocols(trx, places);
  const rows = await trx
    .selectFrom('station_protocols')
    .selectAll()
    .where(
      'station_id',
      'in',
      places.map((p) => p.stationId),
    )
    .orderBy('station_id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.station_id, r]));
}

export type ProtocolEntryWithNames = ProtocolEntryRow & { person_name: string };

function selectEntries(db: Db) {
  return db
    .selectFrom('protocol_entries as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .selectAll('e')
    .select('p.name as person_name');
}

export async function findEntries(db: Db, ids: (string | null)[]): Promise<Map<string, ProtocolEntryWithNames>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await selectEntries(db).where('e.id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function entryRowToApi(row: ProtocolEntryWithNames): ProtocolEntry {
  return {
    id: row.id,
    source: row.source,
    figures: row.figures,
    ownTally: row.own_tally,
    checks: row.checks,
    by: { id: row.person_id, name: row.person_name },
    at: new Date(row.received_at).toISOString(),
  };
}

export async function insertEntry(db: Db, values: Insertable<ProtocolEntryTable>): Promise<void> {
  await db.insertInto('protocol_entries').values(values).execute();
}

/** A station's verified versions, newest first. */
export async function protocolVersions(db: Db, stationId: number): Promise<ProtocolVersion[]> {
  const rows = await db
    .selectFrom('protocol_versions as v')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .selectAll('v')
    .select('p.name as person_name')
    .where('v.station_id', '=', stationId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    basis: r.basis,
    figures: r.figures,
    checks: r.checks,
    changes: r.changes,
    note: r.note,
    by: { id: r.person_id, name: r.person_name },
    at: new Date(r.created_at).toISOString(),
  }));
}

/** The figures of one version (the one a new version is compared with) and how it came about. */
export async function versionFigures(
  db: Db,
  stationId: number,
  version: number,
): Promise<{ figures: ProtocolFigures; basis: ProtocolVersion['basis'] } | null> {
  const row = await db
    .selectFrom('protocol_versions')
    .select(['figures', 'basis'])
    .where('station_id', '=', stationId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertVersion(db: Db, values: Insertable<ProtocolVersionTable>): Promise<void> {
  await db.insertInto('protocol_versions').values(values).execute();
}

/** The commission's figures for a station, as the tabulation tables hold them; null when none were imported. */
export async function officialFiguresOf(db: Db, stationId: number): Promise<OfficialFigures | null> {
  const row = await db
    .selectFrom('protocol_tallies')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('stage', '=', 'official')
    .executeTakeFirst();
  if (!row) return null;
  const votes = await db
    .selectFrom('protocol_tally_votes')
    .select(['option_id', 'votes'])
    .where('station_id', '=', stationId)
    .where('stage', '=', 'official')
    .orderBy('option_id')
    .execute();
  return {
    registeredVoters: row.registered_voters,
    ballotsReceived: row.ballots_received,
    ballotsIssuedInside: row.ballots_issued_inside,
    ballotsIssuedOutside: row.ballots_issued_outside,
    outsideRequests: row.outside_requests,
    ballotsCancelled: row.ballots_cancelled,
    fixedBoxBallots: row.fixed_box_ballots,
    portableBoxBallots: row.portable_box_ballots,
    invalidBallots: row.invalid_ballots,
    votes: votes.map((v) => ({ optionId: v.option_id, votes: v.votes })),
  };
}
