import { sql, type Kysely, type Transaction } from 'kysely';
import type { OfficialFigures } from '../../shared/protocols.ts';
import type { Database, TallyStage } from '../schema.ts';

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

/** The figure columns of `protocol_tallies` (what the official results are compared on, with the votes). */
const TALLY_FIGURES = [
  'registered_voters',
  'ballots_received',
  'ballots_issued_inside',
  'ballots_issued_outside',
  'outside_requests',
  'ballots_cancelled',
  'fixed_box_ballots',
  'portable_box_ballots',
  'invalid_ballots',
] as const;

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
  const columns = (alias: string) => sql.raw(TALLY_FIGURES.map((c) => `${alias}.${c}`).join(', '));
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
