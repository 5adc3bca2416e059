// Prepares one migrated database holding the regions and the demo election; every test file
// clones it (a copied PGlite folder, or CREATE DATABASE … TEMPLATE on PostgreSQL) so no file
// pays for migrations and seeding, and no file sees another's writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { seedDemoElection, seedRegions } from '../../db/seed/demo.seed.ts';
import { quoteIdent, uniqueDatabaseName, withDatabase } from './database-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite template folder (embedded runs). */
    templateDir: string | null;
    /** PostgreSQL template database name (runs with DATABASE_URL). */
    templateDatabase: string | null;
    databaseUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL || null;
  project.provide('databaseUrl', databaseUrl);

  if (databaseUrl) {
    const name = uniqueDatabaseName('baqylau_tpl');
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    const handle = await openDatabase({ databaseUrl: withDatabase(databaseUrl, name), dataDir: '', poolSize: 1 });
    await migrateToLatest(handle.db);
    await seedRegions(handle.db);
    await seedDemoElection(handle.db);
    await handle.close();
    project.provide('templateDir', null);
    project.provide('templateDatabase', name);
    return async () => {
      // Clones are dropped by their files; FORCE ends any connection a failed file left behind.
      const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `baqylau_t%_${process.pid}_%`,
      ]);
      for (const row of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(row.datname)} WITH (FORCE)`);
      await admin.end();
    };
  }

  const dir = mkdtempSync(join(tmpdir(), 'baqylau-template-'));
  const handle = await openDatabase({ dataDir: dir });
  await migrateToLatest(handle.db);
  await seedRegions(handle.db);
  await seedDemoElection(handle.db);
  await handle.close();
  project.provide('templateDir', dir);
  project.provide('templateDatabase', null);
  return () => rmSync(dir, { recursive: true, force: true });
}
