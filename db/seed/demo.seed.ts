import { hash } from '@node-rs/argon2';
import type { Kysely, Transaction } from 'kysely';
import { localDate } from '../../shared/geo.ts';
import type { Database } from '../schema.ts';
import { DEMO_PASSWORD, demoFieldPeople, NAMED_DEMO_ACCOUNTS, type DemoPerson } from './demo-people.ts';
import { generateDemoElection } from './demo.generator.ts';
import { REGIONS, regionRows } from './regions.data.ts';

/** Inserts or refreshes the 20 regions; safe to run at every start. */
export async function seedRegions(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('regions')
    .values(regionRows())
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_kk: eb.ref('excluded.name_kk'),
        name_ru: eb.ref('excluded.name_ru'),
        name_en: eb.ref('excluded.name_en'),
        kind: eb.ref('excluded.kind'),
        center_lat: eb.ref('excluded.center_lat'),
        center_lng: eb.ref('excluded.center_lng'),
        timezone: eb.ref('excluded.timezone'),
        population_share_pct: eb.ref('excluded.population_share_pct'),
        approx_voters: eb.ref('excluded.approx_voters'),
        approx_stations: eb.ref('excluded.approx_stations'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .execute();
}

const BATCH = 1000;

/** The local (UTC+5) date six hours ago: from 06:00 on, today; in the small hours, yesterday. */
export function demoVotingDate(now = new Date()): string {
  return localDate(new Date(now.getTime() - 6 * 3_600_000));
}

/**
 * Loads the demo election in one transaction: all of it or none. Returns null when a demo
 * election is already there. It becomes the active election unless another one already is.
 */
export async function seedDemoElection(
  db: Kysely<Database>,
): Promise<{ electionId: number; stations: number; people: number } | null> {
  const demo = generateDemoElection();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('elections').select('id').where('is_demo', '=', true).executeTakeFirst();
    if (existing) return null;
    const active = await trx.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirst();
    const { id: electionId } = await trx
      .insertInto('elections')
      // Election day is "today" (local time; before 06:00 still the day before), so a newcomer can
      // try the field app and watch the map move. The generator itself keeps its fixed date.
      .values({ ...demo.election, is_active: !active, voting_date: demoVotingDate(), status: 'voting' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ballot_options')
      .values(demo.ballotOptions.map((option) => ({ ...option, election_id: electionId })))
      .execute();
    for (let i = 0; i < demo.stations.length; i += BATCH) {
      await trx
        .insertInto('stations')
        .values(demo.stations.slice(i, i + BATCH).map((station) => ({ ...station, election_id: electionId })))
        .execute();
    }
    const stationIds = new Map<number, number>();
    for (const row of await trx
      .selectFrom('stations')
      .select(['id', 'number'])
      .where('election_id', '=', electionId)
      .execute()) {
      stationIds.set(row.number, row.id);
    }
    const people = [
      ...NAMED_DEMO_ACCOUNTS,
      ...demoFieldPeople(
        demo.stations,
        REGIONS.map((r) => r.code),
      ),
    ];
    await seedDemoPeople(trx, electionId, stationIds, people);
    return { electionId, stations: demo.stations.length, people: people.length };
  });
}

async function seedDemoPeople(
  trx: Transaction<Database>,
  electionId: number,
  stationIds: Map<number, number>,
  people: DemoPerson[],
): Promise<void> {
  // One hash for all: every demo account shares the published demo password.
  const passwordHash = await hash(DEMO_PASSWORD);
  const ids = new Map<string, number>();
  for (let i = 0; i < people.length; i += BATCH) {
    const rows = await trx
      .insertInto('people')
      .values(
        people.slice(i, i + BATCH).map((p) => ({
          name: p.name,
          role: p.role,
          username: p.username,
          phone: p.phone,
          password_hash: passwordHash,
          is_demo: true,
        })),
      )
      .returning(['id', 'username'])
      .execute();
    for (const row of rows) ids.set(row.username!, row.id);
  }
  const personRegions = people.flatMap((p) =>
    p.regions.map((region_code) => ({ person_id: ids.get(p.username)!, region_code })),
  );
  for (let i = 0; i < personRegions.length; i += BATCH) {
    await trx
      .insertInto('person_regions')
      .values(personRegions.slice(i, i + BATCH))
      .execute();
  }
  const assignments = people
    .filter((p) => p.station)
    .map((p) => ({
      election_id: electionId,
      station_id: stationIds.get(p.station!.number)!,
      person_id: ids.get(p.username)!,
      kind: p.station!.kind,
    }));
  for (let i = 0; i < assignments.length; i += BATCH) {
    await trx
      .insertInto('assignments')
      .values(assignments.slice(i, i + BATCH))
      .execute();
  }
  // Mobile groups: members from the list, and the first 15 stations of the region to tour.
  const groups = new Map<string, { region: string; members: number[] }>();
  for (const p of people) {
    if (!p.group) continue;
    const group = groups.get(p.group) ?? { region: p.regions[0]!, members: [] };
    group.members.push(ids.get(p.username)!);
    groups.set(p.group, group);
  }
  for (const [name, group] of groups) {
    const { id: groupId } = await trx
      .insertInto('mobile_groups')
      .values({ election_id: electionId, name, region_code: group.region })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('mobile_group_members')
      .values(group.members.map((person_id) => ({ group_id: groupId, person_id })))
      .execute();
    const tour = await trx
      .selectFrom('stations')
      .select('id')
      .where('election_id', '=', electionId)
      .where('region_code', '=', group.region)
      .orderBy('number')
      .limit(15)
      .execute();
    await trx
      .insertInto('mobile_group_stations')
      .values(tour.map((s) => ({ group_id: groupId, station_id: s.id })))
      .execute();
  }
}
