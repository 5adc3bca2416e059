import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it shipped; add a new migration instead. Imports nothing of the app.

// Long-term observers work in districts of their regions, not only in whole regions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('districts', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('districts').execute();
}
