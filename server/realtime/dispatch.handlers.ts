import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import { z, type ZodType } from 'zod';
import type { SessionUser } from '../../shared/auth.ts';
import { DutyChange, PositionReport } from '../../shared/dispatch.ts';
import type { ErrorCode, ErrorDetail } from '../../shared/errors.ts';
import { scopeFor, type Action } from '../../shared/permissions.ts';
import { changeDuty, currentDispatches, reportPosition, type Actor } from '../dispatch/dispatch-service.ts';
import { AppError } from '../errors.ts';

const EmptyPayload = z.object({}).loose();

type Answer =
  { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetail[] } };

/**
 * `dispatch:current` (catch-up after a reconnect), `group:position` and `group:duty`. Each parses,
 * persists, and always acknowledges: an expected failure with its code, anything else as internal.
 */
export function registerDispatchHandlers(app: FastifyInstance, socket: Socket): void {
  const on = <T>(
    event: string,
    action: Action,
    schema: ZodType<T>,
    work: (actor: Actor, body: T) => Promise<unknown>,
  ) => {
    socket.on(event, async (payload: unknown, ack?: (answer: Answer) => void) => {
      if (typeof ack !== 'function') return;
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) {
        return ack({
          ok: false,
          error: {
            code: 'validation_failed',
            message: `Invalid ${event} payload`,
            details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
          },
        });
      }
      const user = socket.data.user as SessionUser;
      const actor: Actor = { user, scope: scopeFor(user.role, action)!, ip: socket.handshake.address };
      try {
        ack({ ok: true, data: await work(actor, parsed.data) });
      } catch (error) {
        if (error instanceof AppError) {
          return ack({
            ok: false,
            error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
          });
        }
        app.log.error({ err: error, event }, 'socket event failed');
        ack({ ok: false, error: { code: 'internal_error', message: 'Something went wrong on the server' } });
      }
    });
  };

  on('dispatch:current', 'dispatch.read', EmptyPayload, async (actor) => {
    // Group membership may have changed since the socket connected (HQ moved the member).
    if (actor.scope === 'own') await app.dispatch.joinGroupRoom(socket);
    return { items: await currentDispatches(app, actor) };
  });
  on('group:position', 'positions.report', PositionReport, (actor, body) => reportPosition(app, actor, body));
  on('group:duty', 'positions.report', DutyChange, (actor, body) => changeDuty(app, actor, body));
}
