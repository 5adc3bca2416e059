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
  'data_entry',
];
const OLD_ROLES = ROLES.filter((r) => r !== 'data_entry');
const KINDS = [
  'arrival',
  'opening',
  'voting_started',
  'turnout',
  'closing',
  'counting',
  'departure',
  'help',
  'protocol',
];
const OLD_KINDS = KINDS.filter((k) => k !== 'protocol');
const PURPOSES = ['evidence', 'act_photo', 'protocol_photo'];
const OLD_PURPOSES = PURPOSES.filter((p) => p !== 'protocol_photo');
const STATES = ['none', 'received', 'flagged', 'verified', 'differs'];
const STATUSES = ['awaiting_entry', 'awaiting_observer', 'conflict', 'verified'];
const STAGES = ['received', 'verified', 'official'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

async function recheck(db: Kysely<unknown>, table: string, column: string, values: string[]): Promise<void> {
  const name = sql.raw(`${table}_${column}_check`);
  await sql`alter table ${sql.table(table)} drop constraint ${name}`.execute(db);
  await sql`alter table ${sql.table(table)} add constraint ${name} check (${sql.ref(column)} in (${inList(values)}))`.execute(
    db,
  );
}

/**
 * Results protocols (issue 8): the typed copies (observer's and operators'), the verified versions,
 * each station's double-entry state, and the figures normalised for tabulation in SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await recheck(db, 'people', 'role', ROLES);
  await recheck(db, 'reports', 'kind', KINDS);
  await recheck(db, 'evidence', 'purpose', PURPOSES);

  // A station's protocol photos are looked up on every protocol page and in the entry queue.
  await db.schema.createIndex('evidence_station_purpose').on('evidence').columns(['station_id', 'purpose']).execute();

  await db.schema
    .alterTable('station_status')
    .addColumn('protocol_state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`protocol_state in (${inList(STATES)})`),
    )
    .execute();

  // Every typed copy, kept: the observer's come from protocol reports (same id), operators' from the photo.
  await db.schema
    .createTable('protocol_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('observer', 'operator')`))
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('own_tally', 'integer')
    .addColumn('checks', 'jsonb', (c) => c.notNull())
    /** Codes of the failed checks (errors and warnings). */
    .addColumn('failed', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('has_errors', 'boolean', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    /** Who typed it when not the person themselves (HQ on an observer's behalf). */
    .addColumn('entered_by', 'integer', (c) => c.references('people.id'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('protocol_entries_station')
    .on('protocol_entries')
    .columns(['station_id', 'source', 'received_at'])
    .execute();

  // One row per station with any protocol activity: the double-entry state and what the map shows.
  await db.schema
    .createTable('station_protocols')
    .addColumn('station_id', 'integer', (c) => c.primaryKey().references('stations.id').onDelete('cascade'))
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`state in (${inList(STATES)})`),
    )
    .addColumn('status', 'text', (c) => c.check(sql`status in (${inList(STATUSES)})`))
    .addColumn('observer_entry_id', 'uuid', (c) => c.references('protocol_entries.id'))
    .addColumn('operator_entry_id', 'uuid', (c) => c.references('protocol_entries.id'))
    /** Observer vs operator, as the shared `FigureDifference[]`. */
    .addColumn('conflicts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('verified_version', 'integer')
    .addColumn('claimed_by', 'integer', (c) => c.references('people.id'))
    .addColumn('claimed_until', 'timestamptz')
    /** The violation made from an official discrepancy, once someone made it. */
    .addColumn('discrepancy_violation_id', 'uuid', (c) => c.references('violations.id'))
    .addColumn('received_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('station_protocols_election')
    .on('station_protocols')
    .columns(['election_id', 'region_code', 'state'])
    .execute();
  await db.schema
    .createIndex('station_protocols_status')
    .on('station_protocols')
    .columns(['election_id', 'status'])
    .execute();

  await db.schema
    .createTable('protocol_versions')
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('agreed', 'resolved', 'corrected')`))
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('checks', 'jsonb', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('protocol_versions_pk', ['station_id', 'version'])
    .execute();

  // The figures tabulation adds up, one row per station and stage: the observer's latest copy
  // (`received`), the current verified version (`verified`) and the commission's (`official`).
  await db.schema
    .createTable('protocol_tallies')
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in (${inList(STAGES)})`))
    .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('registered_voters', 'integer', (c) => c.notNull())
    .addColumn('ballots_received', 'integer', (c) => c.notNull())
    .addColumn('ballots_issued_inside', 'integer', (c) => c.notNull())
    .addColumn('ballots_issued_outside', 'integer', (c) => c.notNull())
    .addColumn('outside_requests', 'integer', (c) => c.notNull())
    .addColumn('ballots_cancelled', 'integer', (c) => c.notNull())
    .addColumn('fixed_box_ballots', 'integer', (c) => c.notNull())
    .addColumn('portable_box_ballots', 'integer', (c) => c.notNull())
    .addColumn('invalid_ballots', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('protocol_tallies_pk', ['station_id', 'stage'])
    .execute();
  await db.schema
    .createIndex('protocol_tallies_election')
    .on('protocol_tallies')
    .columns(['election_id', 'stage', 'region_code'])
    .execute();
  await db.schema
    .createTable('protocol_tally_votes')
    .addColumn('station_id', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('option_id', 'integer', (c) => c.notNull().references('ballot_options.id'))
    .addColumn('votes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('protocol_tally_votes_pk', ['station_id', 'stage', 'option_id'])
    .addForeignKeyConstraint(
      'protocol_tally_votes_tally',
      ['station_id', 'stage'],
      'protocol_tallies',
      ['station_id', 'stage'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('protocol_tally_votes').execute();
  await db.schema.dropTable('protocol_tallies').execute();
  await db.schema.dropTable('protocol_versions').execute();
  await db.schema.dropTable('station_protocols').execute();
  await db.schema.dropTable('protocol_entries').execute();
  await db.schema.alterTable('station_status').dropColumn('protocol_state').execute();
  await db.schema.dropIndex('evidence_station_purpose').execute();
  await recheck(db, 'evidence', 'purpose', OLD_PURPOSES);
  await recheck(db, 'reports', 'kind', OLD_KINDS);
  await recheck(db, 'people', 'role', OLD_ROLES);
}
