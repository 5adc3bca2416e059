import type { Kysely, Transaction } from 'kysely';
import type { MobileGroup } from '../../shared/mobile-groups.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function listMobileGroups(
  db: Db,
  electionId: number | null,
  filter: { regions?: string[] | undefined; memberId?: number | undefined; id?: number | undefined },
): Promise<MobileGroup[]> {
  let query = db
    .selectFrom('mobile_groups as g')
    .select(['g.id', 'g.name', 'g.region_code'])
    .where('g.election_id', '=', electionId ?? -1);
  if (filter.id !== undefined) query = query.where('g.id', '=', filter.id);
  if (filter.regions) query = query.where('g.region_code', 'in', filter.regions.length ? filter.regions : ['']);
  if (filter.memberId !== undefined) {
    const memberId = filter.memberId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('mobile_group_members as m')
          .select('m.person_id')
          .whereRef('m.group_id', '=', 'g.id')
          .where('m.person_id', '=', memberId),
      ),
    );
  }
  const groups = await query.orderBy('g.region_code').orderBy('g.name').execute();
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const [members, stations] = await Promise.all([
    db
      .selectFrom('mobile_group_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.group_id', 'p.id', 'p.name', 'p.phone'])
      .where('m.group_id', 'in', ids)
      .orderBy('p.name')
      .execute(),
    db
      .selectFrom('mobile_group_stations as gs')
      .innerJoin('stations as s', 's.id', 'gs.station_id')
      .select(['gs.group_id', 's.id', 's.number'])
      .where('gs.group_id', 'in', ids)
      .orderBy('s.number')
      .execute(),
  ]);
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    region: g.region_code,
    members: members.filter((m) => m.group_id === g.id).map(({ id, name, phone }) => ({ id, name, phone })),
    stations: stations.filter((s) => s.group_id === g.id).map(({ id, number }) => ({ id, number })),
  }));
}

export async function replaceGroupMembers(db: Db, groupId: number, personIds: number[]): Promise<void> {
  await db.deleteFrom('mobile_group_members').where('group_id', '=', groupId).execute();
  await db
    .insertInto('mobile_group_members')
    .values(personIds.map((person_id) => ({ group_id: groupId, person_id })))
    .execute();
}

export async function replaceGroupStations(db: Db, groupId: number, stationIds: number[]): Promise<void> {
  await db.deleteFrom('mobile_group_stations').where('group_id', '=', groupId).execute();
  if (stationIds.length === 0) return;
  await db
    .insertInto('mobile_group_stations')
    .values(stationIds.map((station_id) => ({ group_id: groupId, station_id })))
    .execute();
}
