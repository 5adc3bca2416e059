import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { MigrationError, migrateToLatest, migrationNames } from '../../db/migrator.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase | undefined;
let handle: DatabaseHandle | undefined;
afterEach(async () => {
  await handle?.close();
  await database?.drop();
  handle = undefined;
  database = undefined;
});

async function openEmpty() {
  database = await createEmptyDatabase();
  handle = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  return handle.db;
}

describe('migrations', () => {
  it('apply every migration once; running them again is a no-op', async () => {
    const db = await openEmpty();
    const first = await migrateToLatest(db);
    expect(first.map((r) => [r.migrationName, r.status])).toEqual(migrationNames().map((n) => [n, 'Success']));
    expect(await migrateToLatest(db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['ballot_options', 'elections', 'regions', 'stations']),
    );
  });

  it('stop with a message naming the failed migration, and leave nothing half-done', async () => {
    const db = await openEmpty();
    // A table the first migration wants to create is already there.
    await sql`create table stations (id integer)`.execute(db);
    const error = await migrateToLatest(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(/migration "20261122T1400_core" failed: .*stations/);
    const regions = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_name = 'regions'`.execute(db);
    expect(regions.rows[0]?.n).toBe(0);
  });

  it('enforce the law in the schema: at most 3,000 voters per station, one number per election', async () => {
    const db = await openEmpty();
    await migrateToLatest(db);
    await db
      .insertInto('regions')
      .values({
        code: 'ulytau',
        name_kk: 'Ұлытау облысы',
        name_ru: 'Улытауская область',
        name_en: 'Ulytau Region',
        kind: 'oblys',
        center_lat: 47.79,
        center_lng: 67.71,
        timezone: 'Asia/Almaty',
        population_share_pct: 0.9,
        approx_voters: 135_129,
        approx_stations: 126,
        sort_order: 0,
      })
      .execute();
    const election = await db
      .insertInto('elections')
      .values({
        kind: 'presidential',
        name_kk: 'a',
        name_ru: 'b',
        name_en: 'c',
        voting_date: '2027-03-21',
        status: 'planned',
      })
      .returning(['id', 'voting_date'])
      .executeTakeFirstOrThrow();
    expect(election.voting_date).toBe('2027-03-21');
    const station = (number: number, registered_voters: number) => ({
      election_id: election.id,
      number,
      region_code: 'ulytau',
      district: 'Жезқазған',
      locality: 'Жезқазған',
      address: 'Абай к-сі, 1',
      building: '№ 1 мектеп',
      building_kind: 'school' as const,
      lat: 47.78,
      lng: 67.7,
      registered_voters,
      commission_size: 7,
      accessibility: ['ramp' as const],
    });
    await db.insertInto('stations').values(station(1, 3000)).execute();
    await expect(db.insertInto('stations').values(station(2, 3001)).execute()).rejects.toThrow(/check/i);
    await expect(db.insertInto('stations').values(station(1, 100)).execute()).rejects.toThrow(/unique|duplicate/i);
    const rows = await db.selectFrom('stations').select(['number', 'accessibility']).execute();
    expect(rows).toEqual([{ number: 1, accessibility: ['ramp'] }]);
  });
});
