import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findLiveSession } from '../../db/queries/session.queries.ts';
import { regionsOfPeople } from '../../db/queries/person.queries.ts';
import { CSRF_HEADER, SESSION_COOKIE, type SessionUser } from '../../shared/auth.ts';
import { scopeFor, SOCKET_EVENT_ACTIONS, type Action, type Scope } from '../../shared/permissions.ts';
import { safeEqual, sha256 } from '../auth/secrets.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';

export interface Auth {
  user: SessionUser;
  sessionId: number;
  csrfToken: string;
  expiresAt: Date;
  via: 'cookie' | 'bearer';
  /** The caller's scope for the route's action. */
  scope: Scope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission-table action this route performs; every /api route has one or `public`. */
    action?: Action;
    public?: boolean;
  }
  interface FastifyRequest {
    auth: Auth | null;
  }
  interface FastifyInstance {
    /** Every /api route with its rule, as registered (the permission-matrix test walks it). */
    routeRules: { method: string; url: string; action: Action | null; public: boolean }[];
    /** The signed-in user behind a token, or null. */
    authenticate(token: string): Promise<Omit<Auth, 'via' | 'scope'> | null>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/** Reads a cookie out of a raw Cookie header (the socket.io handshake has no Fastify request). */
function cookieFrom(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/**
 * Sessions for HTTP (cookie or Bearer) and sockets (handshake `auth.token` or the cookie), and the
 * permission check every route goes through: a route without an action refuses to register.
 */
export default fp(
  async (fastify) => {
    await fastify.register(cookie);
    await fastify.register(rateLimit, { global: false });
    fastify.decorateRequest('auth', null);

    fastify.decorate('authenticate', async (token: string) => {
      if (!token || token.length > 200) return null;
      const found = await findLiveSession(fastify.db, sha256(token));
      if (!found) return null;
      const regions = (await regionsOfPeople(fastify.db, [found.person.id])).get(found.person.id) ?? [];
      return {
        user: { id: found.person.id, name: found.person.name, role: found.person.role, regions },
        sessionId: found.session.id,
        csrfToken: found.session.csrf_token,
        expiresAt: found.session.expires_at,
      };
    });

    fastify.decorate('routeRules', []);
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const config = route.config as { action?: Action; public?: boolean } | undefined;
      if (!config?.public && !config?.action) {
        throw new Error(`Route ${String(route.method)} ${route.url} has no permission rule (config.action or public)`);
      }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        fastify.routeRules.push({
          method,
          url: route.url,
          action: config.action ?? null,
          public: Boolean(config.public),
        });
      }
    });

    fastify.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      const config = request.routeOptions.config;
      if (!request.routeOptions.url?.startsWith('/api/') || config.public) return;
      const action = config.action;
      if (!action) throw new ForbiddenError();
      const bearer = bearerToken(request);
      const cookieToken = bearer ? null : (request.cookies[SESSION_COOKIE] ?? null);
      const token = bearer ?? cookieToken;
      const session = token ? await fastify.authenticate(token) : null;
      if (!session) throw new UnauthorizedError(token ? 'Your session has ended; sign in again' : 'Sign in first');
      const via = bearer ? 'bearer' : 'cookie';
      // A cookie rides along on any request the browser makes; a Bearer token cannot be forged by another site.
      if (via === 'cookie' && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
          throw new ForbiddenError(`Missing or wrong ${CSRF_HEADER} header`);
        }
      }
      const scope = scopeFor(session.user.role, action);
      if (!scope) throw new ForbiddenError();
      request.auth = { ...session, via, scope };
    });

    // Sockets: the same sessions, and the same table for every event.
    fastify.io.use(async (socket, next) => {
      try {
        const handshakeToken: unknown = socket.handshake.auth?.token;
        const token =
          typeof handshakeToken === 'string'
            ? handshakeToken
            : cookieFrom(socket.handshake.headers.cookie, SESSION_COOKIE);
        const session = token ? await fastify.authenticate(token) : null;
        if (!session) {
          const error = new Error('unauthorized') as Error & { data?: unknown };
          error.data = { code: 'unauthorized', message: 'Sign in first' };
          return next(error);
        }
        socket.data.user = session.user;
        socket.data.sessionId = session.sessionId;
        await socket.join([`person:${session.user.id}`, `session:${session.sessionId}`]);
        next();
      } catch (error) {
        next(error instanceof Error ? error : new Error(String(error)));
      }
    });
    fastify.io.on('connection', (socket) => {
      socket.use(([event, ...args], next) => {
        const action = SOCKET_EVENT_ACTIONS[event];
        const user = socket.data.user as SessionUser | undefined;
        if (action && user && scopeFor(user.role, action)) return next();
        const ack = args.at(-1);
        if (typeof ack === 'function') {
          ack({ ok: false, error: { code: action ? 'forbidden' : 'not_found', message: `You may not send ${event}` } });
        }
        // Refused events stop here: no handler sees them.
      });
    });
  },
  { name: 'auth', dependencies: ['config', 'db', 'io'], fastify: '5.x' },
);
