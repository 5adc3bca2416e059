import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function countElections(db: Db): Promise<number> {
  const row = await db
    .selectFrom('elections')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The election the map, the field app and HQ work on; null when none is active. */
export async function findActiveElectionId(db: Db): Promise<number | null> {
  const row = await db.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirst();
  return row?.id ?? null;
}
