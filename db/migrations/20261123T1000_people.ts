import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const ROLES = [
  'hq_admin',
  'hq_coordinator',
  'regional_coordinator',
  'station_observer',
  'long_term_observer',
  'correspondent',
  'mobile_member',
  'legal_consultant',
];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in (${inList(ROLES)})`))
    // Sign-in is by username or by phone (E.164); at least one of them.
    .addColumn('username', 'text', (c) => c.unique().check(sql`username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'`))
    .addColumn('phone', 'text', (c) => c.unique().check(sql`phone ~ '^\\+[1-9][0-9]{7,14}$'`))
    .addColumn('password_hash', 'text')
    .addColumn('invitation_hash', 'text')
    .addColumn('invitation_expires_at', 'timestamptz')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('people_login_present', sql`username is not null or phone is not null`)
    .execute();
  await db.schema.createIndex('people_role').on('people').column('role').execute();
  await db.schema
    .createIndex('people_name_lower')
    .on('people')
    .expression(sql`lower(name)`)
    .execute();

  // Regions a coordinator, long-term observer or mobile member works in.
  await db.schema
    .createTable('person_regions')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addPrimaryKeyConstraint('person_regions_pk', ['person_id', 'region_code'])
    .execute();
  await db.schema.createIndex('person_regions_region').on('person_regions').column('region_code').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // Only a SHA-256 of the token is kept: a copy of the database signs nobody in.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();

  // Failed sign-ins per login (known or not, so the answer never tells which logins exist).
  await db.schema
    .createTable('login_throttle')
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('primary', 'reserve')`))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('assigned_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('end_reason', 'text', (c) =>
      c.check(sql`end_reason in ('removed_by_commission', 'ill', 'moved', 'replaced', 'other')`),
    )
    .addColumn('end_note', 'text')
    .addCheckConstraint('assignments_end_complete', sql`(ended_at is null) = (end_reason is null)`)
    .execute();
  // The law allows one observer of an organisation per station: at most one current primary.
  await db.schema
    .createIndex('assignments_one_primary_per_station')
    .on('assignments')
    .column('station_id')
    .unique()
    .where(sql.raw<boolean>(`kind = 'primary' and ended_at is null`))
    .execute();
  // An observer is the primary of at most one station at a time.
  await db.schema
    .createIndex('assignments_one_primary_per_person')
    .on('assignments')
    .columns(['election_id', 'person_id'])
    .unique()
    .where(sql.raw<boolean>(`kind = 'primary' and ended_at is null`))
    .execute();
  // A person is on a station's list (primary or reserve) at most once at a time.
  await db.schema
    .createIndex('assignments_person_station_current')
    .on('assignments')
    .columns(['station_id', 'person_id'])
    .unique()
    .where(sql.raw<boolean>(`ended_at is null`))
    .execute();
  await db.schema.createIndex('assignments_person').on('assignments').column('person_id').execute();

  await db.schema
    .createTable('mobile_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addUniqueConstraint('mobile_groups_name_unique', ['election_id', 'name'])
    .execute();
  await db.schema
    .createTable('mobile_group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('mobile_groups.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().unique().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mobile_group_members_pk', ['group_id', 'person_id'])
    .execute();
  await db.schema
    .createTable('mobile_group_stations')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('mobile_groups.id').onDelete('cascade'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mobile_group_stations_pk', ['group_id', 'station_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    // Before/after summaries differ per entity: the one truly open shape here.
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute();
  // Append-only: the database itself refuses to change or delete history.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end;
    $$`.execute(db);
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await sql`drop function if exists audit_log_append_only()`.execute(db);
  await db.schema.dropTable('mobile_group_stations').execute();
  await db.schema.dropTable('mobile_group_members').execute();
  await db.schema.dropTable('mobile_groups').execute();
  await db.schema.dropTable('assignments').execute();
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('person_regions').execute();
  await db.schema.dropTable('people').execute();
}
