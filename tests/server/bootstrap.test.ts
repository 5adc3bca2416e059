import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { login } from '../support/auth.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

describe('first start without demo data', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const config = () =>
    parseConfig({
      LOG_LEVEL: 'silent',
      SEED: 'none',
      DATA_DIR: database.dataDir || './data-unused',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });

  it('creates one HQ admin, prints its login and password once, and has no demo accounts', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let app;
    try {
      app = await buildApp({ config: config() });
    } finally {
      spy.mockRestore();
    }
    try {
      const text = printed.join('');
      const loginName = /login: (\S+)/.exec(text)?.[1];
      const password = /password: (\S+)/.exec(text)?.[1];
      expect(loginName).toBe('admin');
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const session = await login(app, 'admin', password);
      expect(session.user.role).toBe('hq_admin');
      const demo = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'hq', password: 'baqylau-demo' },
      });
      expect(demo.statusCode).toBe(401);
    } finally {
      await app.close();
    }

    // The next start finds the admin and prints nothing.
    const again: string[] = [];
    const spy2 = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      again.push(String(chunk));
      return true;
    });
    try {
      const second = await buildApp({ config: config() });
      await second.close();
    } finally {
      spy2.mockRestore();
    }
    expect(again.join('')).not.toMatch(/password/);
  });
});
