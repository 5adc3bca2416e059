import type { Kysely } from 'kysely';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { liveRows, visibleSeq } from '../../db/queries/live.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { ChangesPage, StationLive } from '../../shared/reports.ts';
import { stationScope, type Viewer } from '../auth/scope.ts';

/** Every station's live state the viewer may see, and the change number it is current to. */
export async function liveSnapshot(
  db: Kysely<Database>,
  viewer: Viewer,
): Promise<{ items: StationLive[]; seq: number }> {
  const electionId = await findActiveElectionId(db);
  if (electionId === null) return { items: [], seq: 0 };
  const scope = await stationScope(db, viewer, electionId);
  // One snapshot for both reads, so `seq` is exactly what the items include.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const items = await liveRows(trx, electionId, scope);
      return { items, seq: await visibleSeq(trx, electionId) };
    });
}

/** What changed after `since`, oldest first; `more` when the page was full. */
export async function liveChanges(
  db: Kysely<Database>,
  viewer: Viewer,
  since: number,
  limit: number,
): Promise<ChangesPage> {
  const electionId = await findActiveElectionId(db);
  if (electionId === null) return { items: [], seq: since, more: false };
  const scope = await stationScope(db, viewer, electionId);
  const items = await liveRows(db, electionId, scope, { sinceSeq: since, limit: limit + 1 });
  const more = items.length > limit;
  const page = items.slice(0, limit);
  return { items: page, seq: page.length ? page[page.length - 1]!.seq : since, more };
}
