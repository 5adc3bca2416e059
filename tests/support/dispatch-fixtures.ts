import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The mobile group a demo member belongs to. */
export function groupOf(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('mobile_group_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('mobile_groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.name', 'g.region_code as region'])
    .where('p.username', '=', username)
    .executeTakeFirstOrThrow();
}

export async function personId(db: Kysely<Database>, username: string): Promise<number> {
  return (await db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** The first of the stations a group tours. */
export function tourStation(db: Kysely<Database>, groupId: number) {
  return db
    .selectFrom('mobile_group_stations as gs')
    .innerJoin('stations as s', 's.id', 'gs.station_id')
    .select(['s.id', 's.number', 's.lat', 's.lng', 's.election_id as electionId'])
    .where('gs.group_id', '=', groupId)
    .orderBy('s.number')
    .executeTakeFirstOrThrow();
}
