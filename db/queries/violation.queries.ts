import { sql, type Kysely, type Transaction } from 'kysely';
import type { Violation } from '../../shared/violations.ts';
import type { Database } from '../schema.ts';
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

/** Violations in their API shape (filled in with the queue queries). */
export async function loadViolations(_db: Db, _ids: string[]): Promise<Violation[]> {
  return [];
}
