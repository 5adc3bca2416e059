import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

const STATUSES = ['new', 'verified', 'rejected', 'referred', 'closed'];
const CONFIDENCES = ['high', 'medium', 'low'];
const CHANGE_KINDS = ['created', 'edited', 'verify', 'reject', 'reopen', 'close', 'refer', 'merged', 'merged_into'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  // The catalogue is data: the built-in rows are loaded at start, HQ may rename or switch them off.
  await db.schema
    .createTable('finding_categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title_kk', 'text', (c) => c.notNull())
    .addColumn('title_ru', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('builtin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(1000))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('locality', 'text', (c) => c.notNull())
    .addColumn('station_id', 'integer', (c) => c.references('stations.id').onDelete('set null'))
    .addColumn('category_code', 'text', (c) => c.notNull().references('finding_categories.code'))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    .addColumn('occurred_time', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('involved', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('involved_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull().check(sql`confidence in (${inList(CONFIDENCES)})`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    // Bumped by every edit and decision: a stale form or review is refused, not applied.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('reviewed_by', 'integer', (c) => c.references('people.id'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_comment', 'text')
    .addColumn('merged_into_id', 'uuid', (c) => c.references('findings.id'))
    // Kazakh (simple: exact words, prefix search for suffixes) and Russian (stemmed) together,
    // built from text the server lower-cases itself.
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('findings_not_merged_into_itself', sql`merged_into_id is null or merged_into_id <> id`)
    .execute();
  await db.schema
    .createIndex('findings_region')
    .on('findings')
    .columns(['election_id', 'region_code', 'status'])
    .execute();
  await db.schema.createIndex('findings_occurred').on('findings').columns(['election_id', 'occurred_on']).execute();
  await db.schema.createIndex('findings_author').on('findings').column('author_id').execute();
  await db.schema.createIndex('findings_merged_into').on('findings').column('merged_into_id').execute();
  await db.schema.createIndex('findings_search').on('findings').using('gin').column('search_vector').execute();

  // Append-only history: creation, every edit with its fields, every decision, merge and referral.
  await db.schema
    .createTable('finding_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('finding_id', 'uuid', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(CHANGE_KINDS)})`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('finding_changes_finding')
    .on('finding_changes')
    .columns(['finding_id', 'created_at'])
    .execute();

  // A finding's files go through the same resumable, hashed evidence upload as a violation's.
  await db.schema
    .alterTable('evidence')
    .addColumn('finding_id', 'uuid', (c) => c.references('findings.id').onDelete('restrict'))
    .execute();
  await db.schema.createIndex('evidence_finding').on('evidence').column('finding_id').execute();

  // A referred finding becomes a complaint of the legal team: one record, for a violation or a finding.
  await db.schema
    .alterTable('complaints')
    .alterColumn('violation_id', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('complaints')
    .addColumn('finding_id', 'uuid', (c) => c.references('findings.id').onDelete('restrict'))
    .execute();
  await db.schema
    .alterTable('complaints')
    .addCheckConstraint('complaints_one_subject', sql`(violation_id is null) <> (finding_id is null)`)
    .execute();
  await db.schema.createIndex('complaints_finding').on('complaints').column('finding_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('complaints_finding').execute();
  await db.schema.alterTable('complaints').dropConstraint('complaints_one_subject').execute();
  await db.schema.alterTable('complaints').dropColumn('finding_id').execute();
  await db.schema
    .alterTable('complaints')
    .alterColumn('violation_id', (c) => c.setNotNull())
    .execute();
  await db.schema.dropIndex('evidence_finding').execute();
  await db.schema.alterTable('evidence').dropColumn('finding_id').execute();
  await db.schema.dropTable('finding_changes').execute();
  await db.schema.dropTable('findings').execute();
  await db.schema.dropTable('finding_categories').execute();
}
