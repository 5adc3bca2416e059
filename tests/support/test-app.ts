import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { cloneTemplateDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: TestDatabase;
  /** Listens on a free local port (for real sockets and fetch); answers the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** A real app on a private clone of the seeded template database. Close it in `afterAll`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await cloneTemplateDatabase();
  // On PostgreSQL the data folder holds only files (evidence): a private temporary one, removed on close.
  const scratch = database.dataDir ? null : mkdtempSync(join(tmpdir(), 'baqylau-test-'));
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    // Tests sign in many times from one address; the rate-limit test sets its own limit.
    LOGIN_RATE_LIMIT_PER_IP: '100000',
    DATA_DIR: database.dataDir || scratch!,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  const app = await buildApp({ config });
  return {
    app,
    config,
    database,
    listen: async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      return `http://127.0.0.1:${address.port}`;
    },
    close: async () => {
      await app.close();
      await database.drop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
