// `npm run db:migrate`: applies pending migrations to the configured database and exits.
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrator.ts';

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || './data';

let exitCode = 0;
const handle = await openDatabase({ databaseUrl, dataDir, poolSize: 1 }).catch((error: unknown) => {
  console.error(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
try {
  const results = await migrateToLatest(handle.db);
  if (results.length === 0) console.log(`Database (${handle.kind}) is up to date.`);
  for (const result of results) console.log(`${result.status}: ${result.migrationName}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
