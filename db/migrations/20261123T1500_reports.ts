import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const KINDS = ['arrival', 'opening', 'voting_started', 'turnout', 'closing', 'counting', 'departure', 'help'];
const PHASES = [
  'no_observer',
  'observer_assigned',
  'on_site',
  'opened',
  'voting',
  'closed',
  'counting',
  'protocol_received',
  'observer_left',
];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  // One sequence orders every change HQ must see; writers take it under a lock, so the order of
  // numbers is the order of commits and "give me everything after N" never skips anything.
  await sql`create sequence change_seq`.execute(db);

  // Append-only log of what observers sent.
  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    // Set when HQ records a report on an observer's behalf (a phone call from the station).
    .addColumn('entered_by', 'integer', (c) => c.references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(KINDS)})`))
    // The fields differ per kind (validated by the shared zod union before they get here).
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('device_time', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // device_time - received_at, so HQ can tell a phone's clock from the real time.
    .addColumn('clock_skew_ms', 'integer', (c) => c.notNull())
    .addColumn('flags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.createIndex('reports_station_time').on('reports').columns(['station_id', 'received_at']).execute();
  await db.schema.createIndex('reports_election_kind').on('reports').columns(['election_id', 'kind']).execute();
  await sql`
    create function reports_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'reports are append-only';
    end;
    $$`.execute(db);
  await sql`
    create trigger reports_no_change before update or delete on reports
    for each row when (pg_trigger_depth() = 0) execute function reports_append_only()`.execute(db);

  // The current state of every station, updated in the same transaction as the report.
  await db.schema
    .createTable('station_status')
    .addColumn('station_id', 'integer', (c) => c.primaryKey().references('stations.id').onDelete('cascade'))
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in (${inList(PHASES)})`))
    .addColumn('help_open', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('help_report_id', 'uuid')
    .addColumn('open_violations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('silent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('turnout_discrepancy', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('refused_entry', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('chair_turnout', 'integer')
    .addColumn('own_turnout', 'integer')
    .addColumn('turnout_at', 'timestamptz')
    .addColumn('voted_per_chair', 'integer')
    .addColumn('arrived_at', 'timestamptz')
    .addColumn('last_report_at', 'timestamptz')
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Catch-up ("everything after N") and the map's per-region views.
  await db.schema
    .createIndex('station_status_election_seq')
    .on('station_status')
    .columns(['election_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('station_status_election_region')
    .on('station_status')
    .columns(['election_id', 'region_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('station_status').execute();
  await db.schema.dropTable('reports').execute();
  await sql`drop function if exists reports_append_only()`.execute(db);
  await sql`drop sequence if exists change_seq`.execute(db);
}
