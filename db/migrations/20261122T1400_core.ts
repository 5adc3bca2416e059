import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const ACCESSIBILITY = [
  'parking',
  'ramp',
  'lift',
  'tactile_guides',
  'accessible_toilet',
  'accessible_booth',
  'adapted_info_computer',
  'headphones',
  'braille_materials',
  'magnifier_and_lamps',
  'easy_read_materials',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('city', 'oblys')`))
    .addColumn('center_lat', 'double precision', (c) => c.notNull().check(sql`center_lat between -90 and 90`))
    .addColumn('center_lng', 'double precision', (c) => c.notNull().check(sql`center_lng between -180 and 180`))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('population_share_pct', 'numeric(5, 2)', (c) => c.notNull())
    .addColumn('approx_voters', 'integer', (c) => c.notNull().check(sql`approx_voters >= 0`))
    .addColumn('approx_stations', 'integer', (c) => c.notNull().check(sql`approx_stations >= 0`))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('elections')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('presidential', 'mazhilis', 'maslikhat', 'referendum')`),
    )
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('voting_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('planned', 'campaign', 'voting', 'counting', 'closed')`),
    )
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one election is the active one: the map, the field app and HQ all work on it.
  await db.schema
    .createIndex('elections_one_active')
    .on('elections')
    .column('is_active')
    .unique()
    .where(sql.ref('is_active'), '=', true)
    .execute();

  await db.schema
    .createTable('ballot_options')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('candidate', 'party', 'against_all', 'answer')`))
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    .addUniqueConstraint('ballot_options_position_unique', ['election_id', 'position'])
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('locality', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('building', 'text', (c) => c.notNull())
    .addColumn('building_kind', 'text', (c) =>
      c.notNull().check(sql`building_kind in ('school', 'university', 'culture_house', 'college', 'akimat', 'other')`),
    )
    .addColumn('floor', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat between -90 and 90`))
    .addColumn('lng', 'double precision', (c) => c.notNull().check(sql`lng between -180 and 180`))
    // The law: a station serves at most 3,000 voters.
    .addColumn('registered_voters', 'integer', (c) => c.notNull().check(sql`registered_voters between 0 and 3000`))
    // 5-7 members up to 2,000 voters, 7-11 above that.
    .addColumn('commission_size', 'smallint', (c) => c.notNull().check(sql`commission_size between 5 and 11`))
    .addColumn('accessibility', sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::text[]`)
        .check(sql`accessibility <@ ${sql.raw(`array[${ACCESSIBILITY.map((a) => `'${a}'`).join(', ')}]::text[]`)}`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('stations_number_unique', ['election_id', 'number'])
    .execute();
  // The stations list pages by number within an election and filters by region.
  await db.schema
    .createIndex('stations_election_region_number')
    .on('stations')
    .columns(['election_id', 'region_code', 'number'])
    .execute();
  // Bounding-box queries of the map scan by longitude then latitude.
  await db.schema
    .createIndex('stations_election_lng_lat')
    .on('stations')
    .columns(['election_id', 'lng', 'lat'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stations').execute();
  await db.schema.dropTable('ballot_options').execute();
  await db.schema.dropTable('elections').execute();
  await db.schema.dropTable('regions').execute();
}
