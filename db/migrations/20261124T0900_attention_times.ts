import { type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

// "Needs attention now" orders by urgency and then by how long each item has waited: when the
// open help call was made and when the observer was refused entry.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('station_status')
    .addColumn('help_at', 'timestamptz')
    .addColumn('refused_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('station_status').dropColumn('help_at').dropColumn('refused_at').execute();
}
