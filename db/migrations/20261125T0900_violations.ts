import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const SEVERITIES = ['critical', 'serious', 'minor'];
const PHASES = ['opening', 'voting', 'counting', 'campaign', 'any'];
const STATUSES = ['reported', 'chair_notified', 'corrected', 'act_filed', 'with_legal', 'closed'];
const CHANGE_KINDS = ['noticed', 'chair_notified', 'corrected', 'act', 'detail', 'with_legal', 'closed', 'reopen'];
const COMPLAINT_STATUSES = ['draft', 'filed', 'answered', 'satisfied', 'rejected', 'appealed'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  // The catalogue of grounds is data: the built-in rows are loaded at start, HQ adds its own.
  await db.schema
    .createTable('violation_categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in (${inList(PHASES)})`))
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in (${inList(SEVERITIES)})`))
    .addColumn('title_kk', 'text', (c) => c.notNull())
    .addColumn('title_ru', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('hint_kk', 'text', (c) => c.notNull())
    .addColumn('hint_ru', 'text', (c) => c.notNull())
    .addColumn('hint_en', 'text', (c) => c.notNull())
    .addColumn('builtin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(1000))
    .addColumn('created_by', 'integer', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A violation's current state; its steps are in violation_changes.
  await db.schema
    .createTable('violations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull().references('violation_categories.code'))
    .addColumn('other_text', 'text')
    // The category's default at the time, so a later edit of the catalogue does not rewrite history.
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in (${inList(SEVERITIES)})`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('involved', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('chair_notified', 'boolean')
    .addColumn('chair_answer', 'text')
    .addColumn('corrected_note', 'text')
    .addColumn('act', 'jsonb')
    .addColumn('closed_reason', 'text')
    .addColumn('closed_note', 'text')
    .addColumn('reporter_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('violations_queue')
    .on('violations')
    .columns(['election_id', 'status', 'severity'])
    .execute();
  await db.schema.createIndex('violations_station').on('violations').column('station_id').execute();
  await db.schema.createIndex('violations_region').on('violations').columns(['region_code', 'status']).execute();

  // Append-only: every step from the phone and every move by HQ, with the client's id.
  await db.schema
    .createTable('violation_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('violation_id', 'uuid', (c) => c.notNull().references('violations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(CHANGE_KINDS)})`))
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('device_time', 'timestamptz')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('violation_changes_violation')
    .on('violation_changes')
    .columns(['violation_id', 'received_at'])
    .execute();

  // Evidence files: the upload's progress and, once complete, the immutable original's hash.
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('violation_id', 'uuid', (c) => c.references('violations.id').onDelete('restrict'))
    .addColumn('station_id', 'integer', (c) => c.references('stations.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('evidence', 'act_photo')`))
    .addColumn('uploader_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('uploading', 'complete')`))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('received_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('kind', 'text', (c) => c.check(sql`kind in ('photo', 'video')`))
    .addColumn('mime', 'text')
    .addColumn('sha256', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('captured_at', 'timestamptz')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('accuracy_m', 'double precision')
    .addColumn('thumbnail', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('evidence_violation').on('evidence').column('violation_id').execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('violation_id', 'uuid', (c) => c.notNull().references('violations.id').onDelete('restrict'))
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('addressee_kind', 'text', (c) =>
      c.notNull().check(sql`addressee_kind in ('court', 'prosecutor', 'higher_commission')`),
    )
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('filed_on', 'date')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(COMPLAINT_STATUSES)})`))
    .addColumn('answer', 'text')
    .addColumn('answered_on', 'date')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('complaints_violation').on('complaints').column('violation_id').execute();

  // The map shows the worst open violation's severity beside the count.
  await db.schema
    .alterTable('station_status')
    .addColumn('worst_severity', 'text', (c) => c.check(sql`worst_severity in (${inList(SEVERITIES)})`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('station_status').dropColumn('worst_severity').execute();
  await db.schema.dropTable('complaints').execute();
  await db.schema.dropTable('evidence').execute();
  await db.schema.dropTable('violation_changes').execute();
  await db.schema.dropTable('violations').execute();
  await db.schema.dropTable('violation_categories').execute();
}
