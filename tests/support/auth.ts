import type { FastifyInstance, InjectOptions } from 'fastify';
import { LoginResponse } from '../../shared/auth.ts';

export const DEMO_PASSWORD = 'baqylau-demo';

/** Signs in through the real endpoint; returns the session token and CSRF token. */
export async function login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<LoginResponse> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  return LoginResponse.parse(res.json());
}

/** `inject` with a Bearer token. */
export function asUser(app: FastifyInstance, token: string) {
  return (options: InjectOptions) =>
    app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
}
