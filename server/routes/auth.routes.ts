import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findPersonByLogin } from '../../db/queries/person.queries.ts';
import {
  clearLoginFailures,
  getThrottle,
  recordLoginFailure,
  revokeSession,
} from '../../db/queries/session.queries.ts';
import type { PersonRow } from '../../db/schema.ts';
import { ActivateBody, LoginBody, LoginResponse, Me, SESSION_COOKIE, SessionState } from '../../shared/auth.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { looksLikePhone, normalizePhone } from '../../shared/phone.ts';
import { hashInvitationCode, hashPassword, safeEqual, verifyPassword } from '../auth/secrets.ts';
import { clearSessionCookie, startSession } from '../auth/sessions.ts';
import { AppError, RateLimitedError, UnauthorizedError } from '../errors.ts';

const WRONG_CREDENTIALS = 'Wrong login or password';
const WINDOW_SECONDS = 15 * 60;
const LOCK_SECONDS = 15 * 60;

/** `+77011234567` for anything that reads as a phone, the lower-cased username otherwise. */
function loginKey(login: string): { key: string; username: string | null; phone: string | null } {
  if (looksLikePhone(login)) {
    const phone = normalizePhone(login);
    return { key: phone ?? login.replace(/\s/g, ''), username: null, phone };
  }
  const username = login.trim().toLowerCase();
  return { key: username, username, phone: null };
}

const authRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { config } = fastify;
  const ipLimit = { max: config.loginRateLimitPerIp, timeWindow: '1 minute' };

  async function throttled(key: string): Promise<void> {
    const state = await getThrottle(fastify.db, key);
    if (state.lockedUntil && state.lockedUntil.getTime() > Date.now()) {
      const seconds = Math.ceil((state.lockedUntil.getTime() - Date.now()) / 1000);
      throw new RateLimitedError(`Too many failed attempts; try again in ${Math.ceil(seconds / 60)} min`, seconds);
    }
  }

  async function failed(key: string): Promise<never> {
    const state = await recordLoginFailure(fastify.db, key, {
      windowSeconds: WINDOW_SECONDS,
      maxFailures: config.loginMaxFailures,
      lockSeconds: LOCK_SECONDS,
    });
    if (state.lockedUntil) throw new RateLimitedError('Too many failed attempts; try again in 15 min', LOCK_SECONDS);
    throw new UnauthorizedError(WRONG_CREDENTIALS);
  }

  fastify.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username or phone and a password',
        body: LoginBody,
        response: { 200: LoginResponse, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { key, username, phone } = loginKey(request.body.login);
      await throttled(key);
      const person = await findPersonByLogin(fastify.db, { username, phone });
      const ok = await verifyPassword(person?.is_active ? person.password_hash : null, request.body.password);
      if (!person || !ok) return failed(key);
      await clearLoginFailures(fastify.db, key);
      const session = await startSession(fastify, request, reply, person);
      await writeAudit(fastify.db, {
        actorId: person.id,
        actorRole: person.role,
        ip: request.ip,
        action: 'auth.login',
        entityType: 'person',
        entityId: person.id,
      });
      return session;
    },
  );

  fastify.post(
    '/api/auth/activate',
    {
      config: { public: true, rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary: 'First sign-in: exchange the invitation code for your own password',
        body: ActivateBody,
        response: { 200: LoginResponse, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { key, username, phone } = loginKey(request.body.login);
      await throttled(key);
      const person = await findPersonByLogin(fastify.db, { username, phone });
      const valid =
        person?.is_active &&
        person.invitation_hash !== null &&
        person.invitation_expires_at !== null &&
        person.invitation_expires_at.getTime() > Date.now() &&
        safeEqual(person.invitation_hash, hashInvitationCode(request.body.code));
      if (!person || !valid) {
        // Same generic answer for an unknown login, a wrong code and an expired one.
        await verifyPassword(null, request.body.password);
        return failed(key);
      }
      const passwordHash = await hashPassword(request.body.password);
      const updated = await fastify.db.transaction().execute(async (trx) => {
        // The code works once: only the row that still holds it is updated.
        const row = await trx
          .updateTable('people')
          .set({
            password_hash: passwordHash,
            invitation_hash: null,
            invitation_expires_at: null,
            updated_at: new Date(),
          })
          .where('id', '=', person.id)
          .where('invitation_hash', '=', person.invitation_hash)
          .returningAll()
          .executeTakeFirst();
        if (row) {
          await writeAudit(trx, {
            actorId: row.id,
            actorRole: row.role,
            ip: request.ip,
            action: 'auth.activate',
            entityType: 'person',
            entityId: row.id,
          });
        }
        return row;
      });
      if (!updated) throw new AppError(409, 'conflict', 'This invitation has just been used');
      await clearLoginFailures(fastify.db, key);
      return startSession(fastify, request, reply, updated as PersonRow);
    },
  );

  fastify.post(
    '/api/auth/logout',
    {
      config: { action: 'session.use' },
      schema: { tags: ['auth'], summary: 'Sign out (ends this session and its sockets)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const auth = request.auth!;
      await fastify.db.transaction().execute(async (trx) => {
        await revokeSession(trx, auth.sessionId);
        await writeAudit(trx, {
          actorId: auth.user.id,
          actorRole: auth.user.role,
          ip: request.ip,
          action: 'auth.logout',
          entityType: 'person',
          entityId: auth.user.id,
        });
      });
      fastify.io.in(`session:${auth.sessionId}`).disconnectSockets(true);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/api/me',
    {
      config: { action: 'session.use' },
      schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me, 401: ErrorBody } },
    },
    async (request) => {
      const auth = request.auth!;
      return { user: auth.user, csrfToken: auth.csrfToken, expiresAt: auth.expiresAt.toISOString() };
    },
  );

  fastify.get(
    '/api/auth/session',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'The current session from the cookie, or null (for the web app to decide what to show)',
        response: { 200: SessionState },
      },
    },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await fastify.authenticate(token) : null;
      if (!session) return { session: null };
      return {
        session: { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() },
      };
    },
  );
};

export default authRoutes;
