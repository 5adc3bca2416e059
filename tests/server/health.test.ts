import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { Health } from '../../shared/health.ts';
import { login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const expectedDatabase = process.env.DATABASE_URL ? 'postgres' : 'embedded';

describe('GET /api/health', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = (await login(t.app, 'hq')).token;
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

  it('accepts a signed-in socket.io connection on the same HTTP server, and refuses one without a session', async () => {
    const url = await t.listen();
    const anonymous = connect(url, { transports: ['websocket'], reconnection: false });
    const refusal = await new Promise<Error>((resolve) => anonymous.once('connect_error', resolve));
    expect(refusal.message).toBe('unauthorized');
    anonymous.close();
    const socket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
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
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/regions',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on the server' } });
  });
});
