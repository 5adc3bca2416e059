import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { Health } from '../../shared/health.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const expectedDatabase = process.env.DATABASE_URL ? 'postgres' : 'embedded';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the database kind, the active election’s station count and the version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = Health.parse(res.json());
    expect(body).toEqual({ ok: true, database: expectedDatabase, stations: 10_248, version: '0.1.0' });
  });

  it('accepts a socket.io connection on the same HTTP server', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const socket = connect(`http://127.0.0.1:${address.port}`, { transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('answers 503 with ok: false when the database does not answer', async () => {
    await t.app.db.destroy();
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ok: false, database: expectedDatabase, stations: null });
  });

  it('hides the text of unexpected server errors', async () => {
    // The database is gone (previous test): the regions query fails in the driver.
    const res = await t.app.inject({ method: 'GET', url: '/api/regions' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on the server' } });
  });
});
