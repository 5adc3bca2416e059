import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent, uniqueDatabaseName, withDatabase } from './database-url.ts';

export interface TestDatabase {
  /** Set on PostgreSQL runs. */
  databaseUrl: string | undefined;
  /** Set on embedded runs. */
  dataDir: string;
  drop(): Promise<void>;
}

/** A private copy of the seeded template: the regions and the demo election (10,248 stations). */
export async function cloneTemplateDatabase(): Promise<TestDatabase> {
  const base = inject('databaseUrl');
  const templateDatabase = inject('templateDatabase');
  if (base && templateDatabase) {
    const name = uniqueDatabaseName('baqylau_test');
    await withAdmin(base, (admin) =>
      admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(templateDatabase)}`),
    );
    return {
      databaseUrl: withDatabase(base, name),
      dataDir: '',
      drop: async () => {
        await withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      },
    };
  }
  const templateDir = inject('templateDir');
  if (!templateDir) throw new Error('global setup provided no template database');
  const dataDir = mkdtempSync(join(tmpdir(), 'baqylau-test-'));
  cpSync(templateDir, dataDir, { recursive: true });
  return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A brand-new, empty database (no migrations) for tests about migrating and first start. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const base = inject('databaseUrl');
  if (base) {
    const name = uniqueDatabaseName('baqylau_test');
    await withAdmin(base, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
    return {
      databaseUrl: withDatabase(base, name),
      dataDir: '',
      drop: async () => {
        await withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'baqylau-empty-'));
  return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
