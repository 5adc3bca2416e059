import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DatabaseKind } from '../shared/health.ts';
import type { Database } from './schema.ts';

// Postgres type OIDs whose default JS mapping we override so both drivers answer alike.
const DATE_OID = 1082;
const INT8_OID = 20;

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (ignored with `databaseUrl`). */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** True when the embedded data folder was created by this open (a brand-new database). */
  created: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database. `date` columns come back as `YYYY-MM-DD` strings (a voting day is a
 * calendar day, not an instant) and `bigint` counts as numbers on both drivers.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return (value: string) => value;
          if (oid === INT8_OID) return (value: string) => Number(value);
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', created: false, close: () => db.destroy() };
  }

  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const created = !existsSync(resolve(dataDir, 'PG_VERSION'));
  const pglite = await PGlite.create({
    dataDir,
    parsers: {
      [DATE_OID]: (value: string) => value,
      [INT8_OID]: (value: string) => Number(value),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'embedded', created, close: () => db.destroy() };
}
