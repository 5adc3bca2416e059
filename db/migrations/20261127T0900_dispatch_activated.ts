import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

/**
 * When a dispatch became the group's current one: at once, or when the one before it closed if it
 * was queued. The acknowledgement timer and the day's metrics count from here, not from creation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dispatches').addColumn('activated_at', 'timestamptz').execute();
  await sql`update dispatches set activated_at = created_at where queued = false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dispatches').dropColumn('activated_at').execute();
}
