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
