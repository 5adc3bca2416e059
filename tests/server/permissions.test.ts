import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { ROLES, type Role } from '../../shared/people.ts';
import { PERMISSIONS, scopeFor, SOCKET_EVENT_ACTIONS } from '../../shared/permissions.ts';
import { login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** One demo account per role (README lists them). */
const ACCOUNT: Record<Role, string> = {
  hq_admin: 'hq',
  hq_coordinator: 'coordinator',
  regional_coordinator: 'almaty-coordinator',
  station_observer: 'observer',
  long_term_observer: 'lto',
  correspondent: 'correspondent',
  mobile_member: 'mobile',
  legal_consultant: 'lawyer',
  data_entry: 'operator',
};

let t: TestApp;
const tokens = {} as Record<Role, string>;
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) tokens[role] = (await login(t.app, ACCOUNT[role])).token;
});
afterAll(async () => {
  await t?.close();
});

/**
 * Calls a route with input that fails validation (an id of "x", an empty body): the permission
 * check runs first, so a denied role gets 403, an allowed one gets past it (400 or 200), and no
 * call changes anything.
 */
function call(method: string, url: string, token: string | null) {
  const path = url.replace(/:[a-zA-Z]+/g, 'x').replace('*', '');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const withBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
  return t.app.inject({ method: method as 'GET', url: path, headers, ...(withBody ? { payload: {} } : {}) });
}

describe('permission matrix', () => {
  it('has a rule for every /api route, and every action in the table is used by a route or socket event', () => {
    const rules = t.app.routeRules;
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) expect(rule.public || rule.action !== null, `${rule.method} ${rule.url}`).toBe(true);
    const used = new Set([...rules.map((r) => r.action), ...Object.values(SOCKET_EVENT_ACTIONS)]);
    for (const action of Object.keys(PERMISSIONS)) expect(used.has(action as never), action).toBe(true);
  });

  it('answers 401 without a session on every protected route, and never 401 on public ones', async () => {
    for (const rule of t.app.routeRules) {
      const res = await call(rule.method, rule.url, null);
      if (rule.public) expect(res.statusCode, `${rule.method} ${rule.url}`).not.toBe(401);
      else expect(res.statusCode, `${rule.method} ${rule.url}`).toBe(401);
    }
  });

  it.each(ROLES)('lets %s through exactly the routes the table allows', async (role) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const rule of t.app.routeRules.filter((r) => !r.public)) {
      // Signing out would end the session the rest of this walk uses.
      if (rule.url === '/api/auth/logout') continue;
      const res = await call(rule.method, rule.url, tokens[role]);
      expect(res.statusCode, `${role} ${rule.method} ${rule.url}: ${res.body}`).not.toBe(401);
      expect(res.statusCode, `${role} ${rule.method} ${rule.url}: ${res.body}`).toBeLessThan(500);
      outcomes.push(`${rule.method} ${rule.url} ${res.statusCode === 403 ? 'denied' : 'allowed'}`);
      expected.push(`${rule.method} ${rule.url} ${scopeFor(role, rule.action!) ? 'allowed' : 'denied'}`);
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('socket permission matrix', () => {
  let url: string;
  beforeAll(async () => {
    url = await t.listen();
  });

  async function open(token: string): Promise<Socket> {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it.each(ROLES)('answers every event %s sends as the table says, and refuses unknown events', async (role) => {
    const socket = await open(tokens[role]);
    try {
      for (const [event, action] of Object.entries(SOCKET_EVENT_ACTIONS)) {
        const answer = (await socket.timeout(5000).emitWithAck(event, {})) as { ok: boolean; error?: { code: string } };
        // An empty payload: allowed roles get past the permission check (ok, or a validation error).
        if (scopeFor(role, action))
          expect(answer.ok || answer.error?.code === 'validation_failed', `${role} ${event}`).toBe(true);
        else expect(answer, `${role} ${event}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      const unknown = (await socket.timeout(5000).emitWithAck('stations:delete_everything', {})) as { ok: boolean };
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      socket.close();
    }
  });
});
