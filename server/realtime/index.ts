import type { FastifyInstance } from 'fastify';
import { registerDispatchHandlers } from './dispatch.handlers.ts';
import { registerReportHandlers } from './report.handlers.ts';
import { registerSessionHandlers } from './session.handlers.ts';
import { registerViolationHandlers } from './violation.handlers.ts';

/** Wires every socket handler on connection (authentication and permissions run before, in plugins/auth). */
export function registerRealtimeHandlers(app: FastifyInstance): void {
  app.io.on('connection', (socket) => {
    registerSessionHandlers(app.io, socket);
    registerReportHandlers(app, socket);
    registerViolationHandlers(app, socket);
    registerDispatchHandlers(app, socket);
  });
}
