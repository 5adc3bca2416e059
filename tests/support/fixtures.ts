import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Numbers of demo stations nobody is assigned to (a few hundred are left so on purpose). */
export async function freeStationNumbers(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('stations as s')
    .select('s.number')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assignments as a')
            .select('a.id')
            .whereRef('a.station_id', '=', 's.id')
            .where('a.ended_at', 'is', null),
        ),
      ),
    )
    .orderBy('s.number')
    .execute();
  return rows.map((r) => r.number);
}
