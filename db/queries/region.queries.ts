import { sql, type Kysely, type Transaction } from 'kysely';
import type { Region } from '../../shared/regions.ts';
import type { Database, RegionRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function regionRowToRegion(row: RegionRow, stationCount: number): Region {
  return {
    code: row.code,
    name: { kk: row.name_kk, ru: row.name_ru, en: row.name_en },
    kind: row.kind,
    center: { lat: row.center_lat, lng: row.center_lng },
    timezone: row.timezone,
    stationCount,
  };
}

/** Regions in their reference order with the number of stations of the given election. */
export async function listRegions(db: Db, electionId: number | null): Promise<Region[]> {
  const rows = await db
    .selectFrom('regions as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('stations as s')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('s.region_code', '=', 'r.code')
        .where('s.election_id', '=', electionId ?? -1)
        .as('station_count'),
    )
    .orderBy('r.sort_order')
    .execute();
  return rows.map((row) => regionRowToRegion(row, row.station_count ?? 0));
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}
