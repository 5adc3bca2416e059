import { sql, type Kysely, type Transaction } from 'kysely';
import type { Assignment } from '../../shared/assignments.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

function baseQuery(db: Db) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('stations as s', 's.id', 'a.station_id')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select([
      'a.id',
      'a.station_id',
      's.number as station_number',
      's.region_code',
      'a.person_id',
      'p.name as person_name',
      'a.kind',
      'a.assigned_at',
      'a.assigned_by',
      'a.ended_at',
      'a.ended_by',
      'a.end_reason',
      'a.end_note',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function assignmentRowToAssignment(row: Row): Assignment {
  return {
    id: row.id,
    stationId: row.station_id,
    stationNumber: row.station_number,
    personId: row.person_id,
    personName: row.person_name,
    kind: row.kind,
    assignedAt: new Date(row.assigned_at).toISOString(),
    assignedBy: row.assigned_by,
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    endedBy: row.ended_by,
    endReason: row.end_reason,
    endNote: row.end_note,
  };
}

export async function findAssignment(db: Db, id: number): Promise<(Assignment & { region: string }) | undefined> {
  const row = await baseQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? { ...assignmentRowToAssignment(row), region: row.region_code } : undefined;
}

export async function listAssignments(
  db: Db,
  filter: {
    stationId?: number | undefined;
    personId?: number | undefined;
    history: boolean;
    regions?: string[] | undefined;
  },
): Promise<Assignment[]> {
  let query = baseQuery(db);
  if (filter.stationId !== undefined) query = query.where('a.station_id', '=', filter.stationId);
  if (filter.personId !== undefined) query = query.where('a.person_id', '=', filter.personId);
  if (!filter.history) query = query.where('a.ended_at', 'is', null);
  if (filter.regions) query = query.where('s.region_code', 'in', filter.regions.length ? filter.regions : ['']);
  const rows = await query.orderBy('a.assigned_at', 'desc').orderBy('a.id', 'desc').execute();
  return rows.map(assignmentRowToAssignment);
}

/** Stations with a current primary (and reserve) observer, out of all, optionally in some regions. */
export async function coverage(
  db: Db,
  electionId: number | null,
  regions?: string[],
): Promise<{ stations: number; withPrimary: number; withReserve: number }> {
  const inRegions = regions ? (regions.length ? regions : ['']) : null;
  let stations = db
    .selectFrom('stations as s')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('s.election_id', '=', electionId ?? -1);
  if (inRegions) stations = stations.where('s.region_code', 'in', inRegions);
  // Two plain aggregates: a correlated EXISTS per station is slow on the embedded database.
  let covered = db
    .selectFrom('assignments as a')
    .innerJoin('stations as s', 's.id', 'a.station_id')
    .select([
      sql<number>`count(distinct a.station_id) filter (where a.kind = 'primary')::int`.as('primary'),
      sql<number>`count(distinct a.station_id) filter (where a.kind = 'reserve')::int`.as('reserve'),
    ])
    .where('a.election_id', '=', electionId ?? -1)
    .where('a.ended_at', 'is', null);
  if (inRegions) covered = covered.where('s.region_code', 'in', inRegions);
  const [total, counts] = await Promise.all([stations.executeTakeFirstOrThrow(), covered.executeTakeFirstOrThrow()]);
  return { stations: total.n, withPrimary: counts.primary, withReserve: counts.reserve };
}
