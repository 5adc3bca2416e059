import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { SessionUser } from '../../shared/auth.ts';
import { ViolationChangeEnvelope, type ViolationChangeResult } from '../../shared/violations.ts';
import { submitViolationChange } from '../violations/violation-writer.ts';

type Ack = (answer: ViolationChangeResult) => void;

/** `violation:change`: one step of the observer's violation flow, acknowledged after commit. */
export function registerViolationHandlers(app: FastifyInstance, socket: Socket): void {
  socket.on('violation:change', async (payload: unknown, ack?: Ack) => {
    if (typeof ack !== 'function') return;
    const parsed = ViolationChangeEnvelope.safeParse(payload);
    if (!parsed.success) {
      return ack({
        ok: false,
        error: {
          code: 'validation_failed',
          message: 'Invalid violation change',
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        },
      });
    }
    ack(await submitViolationChange(app, parsed.data, socket.data.user as SessionUser));
  });
}
