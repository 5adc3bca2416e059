import { sql, type Kysely } from 'kysely';
import { statusRowToLive, takeSeqs } from '../../db/queries/live.queries.ts';
import type { Database, StationStatusRow } from '../../db/schema.ts';
import { localInstant } from '../../shared/geo.ts';
import type { StationLive } from '../../shared/reports.ts';

/** No report for this long while voting runs: HQ should call the observer. */
export const SILENT_AFTER_MINUTES = 90;

/**
 * Marks stations silent: an assigned observer not arrived by 06:30 local, or no report for 90
 * minutes while voting runs (07:00-20:00). `now` is a parameter so tests can move the clock.
 */
export async function markSilentStations(db: Kysely<Database>, electionId: number, now: Date): Promise<StationLive[]> {
  const election = await db
    .selectFrom('elections')
    .select('voting_date')
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!election) return [];
  const day = election.voting_date;
  const arrivalDeadline = localInstant(day, 6, 30);
  const votingStart = localInstant(day, 7);
  const votingEnd = localInstant(day, 20);
  const quietSince = new Date(now.getTime() - SILENT_AFTER_MINUTES * 60_000);
  const duringVoting = now >= votingStart && now <= votingEnd;
  const afterArrivalDeadline = now >= arrivalDeadline && now <= votingEnd;
  if (!duringVoting && !afterArrivalDeadline) return [];
  return db.transaction().execute(async (trx) => {
    await takeSeqs(trx, 0);
    const { rows } = await sql<StationStatusRow>`
      update station_status set silent = true, seq = nextval('change_seq')
      where election_id = ${electionId} and not silent and (
        (${afterArrivalDeadline} and phase = 'observer_assigned' and arrived_at is null)
        or (${duringVoting} and phase in ('on_site', 'opened', 'voting')
            and coalesce(last_report_at, ${votingStart}) < ${quietSince})
      )
      returning *`.execute(trx);
    return rows.map(statusRowToLive);
  });
}
