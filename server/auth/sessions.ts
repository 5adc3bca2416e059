import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { insertSession } from '../../db/queries/session.queries.ts';
import { regionsOfPeople } from '../../db/queries/person.queries.ts';
import type { PersonRow } from '../../db/schema.ts';
import { SESSION_COOKIE, type LoginResponse } from '../../shared/auth.ts';
import { newToken, sha256 } from './secrets.ts';

/** Opens a session for a person: the cookie for the web app, the token for API clients and sockets. */
export async function startSession(
  fastify: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonRow,
): Promise<LoginResponse> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + fastify.config.sessionTtlHours * 3600_000);
  await insertSession(fastify.db, {
    personId: person.id,
    tokenHash: sha256(token),
    csrfToken,
    expiresAt,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
  });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
  const regions = (await regionsOfPeople(fastify.db, [person.id])).get(person.id) ?? [];
  return {
    user: { id: person.id, name: person.name, role: person.role, regions },
    token,
    csrfToken,
    expiresAt: expiresAt.toISOString(),
  };
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
