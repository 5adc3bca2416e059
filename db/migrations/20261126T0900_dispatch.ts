import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const GROUP_STATUSES = ['off_duty', 'available', 'dispatched', 'en_route', 'on_scene', 'returning'];
const STATUSES = ['pending', 'acknowledged', 'en_route', 'on_scene', 'resolved', 'cancelled', 'declined'];
const ACTIVE = ['pending', 'acknowledged', 'en_route', 'on_scene'];
const OUTCOMES = ['resolved_on_site', 'act_filed', 'police_called', 'not_found', 'referred_to_legal', 'other'];
const PRIORITIES = ['urgent', 'high', 'normal'];
const KINDS = ['station', 'help', 'violation'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mobile_groups')
    .addColumn('vehicle', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('off_duty')
        .check(sql`status in (${inList(GROUP_STATUSES)})`),
    )
    .addColumn('status_since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Kept only for the election period: HQ purges them (DELETE /api/positions).
  await db.schema
    .createTable('group_positions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('mobile_groups.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('accuracy_m', 'double precision')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('group_positions_group_at').on('group_positions').columns(['group_id', 'at']).execute();

  await db.schema
    .createTable('dispatches')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('mobile_groups.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in (${inList(KINDS)})`))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('violation_id', 'uuid', (c) => c.references('violations.id').onDelete('set null'))
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in (${inList(PRIORITIES)})`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in (${inList(OUTCOMES)})`))
    .addColumn('resolution_note', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('en_route_at', 'timestamptz')
    .addColumn('on_scene_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('queued', 'boolean', (c) => c.notNull().defaultTo(false))
    // When the timers flagged it (each is broadcast once).
    .addColumn('ack_overdue_at', 'timestamptz')
    .addColumn('stuck_at', 'timestamptz')
    .execute();
  // Two coordinators dispatching one group at once: the database lets exactly one win.
  await sql`create unique index dispatches_one_active on dispatches (group_id)
    where status in (${inList(ACTIVE)}) and not queued`.execute(db);
  await sql`create index dispatches_open on dispatches (election_id, region_code)
    where status in (${inList(ACTIVE)})`.execute(db);

  await db.schema
    .createTable('dispatch_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dispatch_id', 'uuid', (c) => c.notNull().references('dispatches.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('dispatch_events_dispatch')
    .on('dispatch_events')
    .columns(['dispatch_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dispatch_events').execute();
  await db.schema.dropTable('dispatches').execute();
  await db.schema.dropTable('group_positions').execute();
  await db.schema
    .alterTable('mobile_groups')
    .dropColumn('status_since')
    .dropColumn('status')
    .dropColumn('vehicle')
    .execute();
}
