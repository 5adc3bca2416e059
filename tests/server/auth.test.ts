import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { LoginResponse, Me } from '../../shared/auth.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { asUser, login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SESSION_TTL_HOURS: '36' });
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('POST /api/auth/login', () => {
  it('signs in with a username: the user, a token, and an httpOnly SameSite=Lax cookie', async () => {
    const res = await post('/api/auth/login', { login: 'hq', password: 'baqylau-demo' });
    expect(res.statusCode).toBe(200);
    const body = LoginResponse.parse(res.json());
    expect(body.user).toMatchObject({ name: expect.any(String), role: 'hq_admin', regions: [] });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^baqylau_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure is set behind HTTPS
    // Session expiry: 36 hours by default, so election day and the night count fit.
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(35.9);
    expect(hours).toBeLessThanOrEqual(36);
  });

  it.each(['8 701 000 00 01', '+7 (701) 000-00-01', '87010000001'])(
    'signs in with the phone typed as %s',
    async (phone) => {
      const res = await post('/api/auth/login', { login: phone, password: 'baqylau-demo' });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('station_observer');
    },
  );

  it('signs in a demo observer by phone', async () => {
    const res = await post('/api/auth/login', { login: '8 702 000 00 02', password: 'baqylau-demo' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.name).toBeTruthy();
  });

  it('answers a wrong password and an unknown login with the same 401 message', async () => {
    const wrong = await post('/api/auth/login', { login: 'coordinator', password: 'nope-nope-nope' });
    const unknown = await post('/api/auth/login', { login: 'nobody-here', password: 'nope-nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(ErrorBody.parse(wrong.json())).toEqual(ErrorBody.parse(unknown.json()));
    expect(wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong login or password' } });
  });

  it('rejects a malformed body with 400 and field paths', async () => {
    const res = await post('/api/auth/login', { login: '' });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['login', 'password']);
  });

  it('locks a login after 5 wrong passwords: 429 with Retry-After, even with the right password', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await post('/api/auth/login', { login: 'lawyer', password: `wrong-${i}` })).statusCode).toBe(401);
    }
    const fifth = await post('/api/auth/login', { login: 'lawyer', password: 'wrong-5' });
    expect(fifth.statusCode).toBe(429);
    const right = await post('/api/auth/login', { login: 'lawyer', password: 'baqylau-demo' });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(800);
    expect(right.json().error.code).toBe('rate_limited');
    // Other logins are not affected.
    expect((await post('/api/auth/login', { login: 'correspondent', password: 'baqylau-demo' })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /api/me works with the Bearer token and with the cookie', async () => {
    const session = await login(t.app, 'almaty-coordinator');
    const bearer = await asUser(t.app, session.token)({ method: 'GET', url: '/api/me' });
    expect(Me.parse(bearer.json()).user).toMatchObject({ role: 'regional_coordinator', regions: ['almaty-city'] });
    const cookie = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { baqylau_session: session.token } });
    expect(cookie.statusCode).toBe(200);
    expect(cookie.json().csrfToken).toBe(session.csrfToken);
  });

  it('asks cookie-authenticated writes for the CSRF header; Bearer writes need none', async () => {
    const session = await login(t.app, 'hq');
    const body = { name: 'CSRF Test', role: 'correspondent', username: 'csrf-test' };
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: body,
      cookies: { baqylau_session: session.token },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.message).toMatch(/x-csrf-token/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: body,
      cookies: { baqylau_session: session.token },
      headers: { 'x-csrf-token': 'guess' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: body,
      cookies: { baqylau_session: session.token },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(right.statusCode).toBe(201);
  });

  it('ends at its expiry time', async () => {
    const session = await login(t.app, 'lto');
    const me = () => asUser(t.app, session.token)({ method: 'GET', url: '/api/me' });
    expect((await me()).statusCode).toBe(200);
    await t.app.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('csrf_token', '=', session.csrfToken)
      .execute();
    const after = await me();
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/session has ended/);
  });

  it('logout ends the session', async () => {
    const session = await login(t.app, 'mobile');
    const as = asUser(t.app, session.token);
    expect((await as({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await as({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
  });

  it('HQ revocation ends every session of a person and disconnects their sockets at once', async () => {
    const url = await t.listen();
    const observer = await login(t.app, 'observer');
    const second = await login(t.app, '+77010000001');
    const hq = await login(t.app, 'hq');
    const socket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: observer.token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const res = await asUser(
      t.app,
      hq.token,
    )({ method: 'POST', url: `/api/people/${observer.user.id}/sessions/revoke` });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBeGreaterThanOrEqual(2);
    expect(await disconnected).toBe('io server disconnect');
    for (const token of [observer.token, second.token]) {
      expect((await asUser(t.app, token)({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    }
    // A revoked token cannot open a new socket either.
    const again = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: observer.token },
    });
    const refused = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(refused.message).toBe('unauthorized');
    again.close();
    socket.close();
  });
});

describe('rate limit per IP', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_IP: '3' });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers 429 with Retry-After once an address tries too often, whatever the login', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: `someone-${i}`, password: 'x' },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().error.code).toBe('rate_limited');
  });
});
