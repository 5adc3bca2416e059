import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';

/** `violation:change`: one step of the observer's violation flow (filled in by issue 6 work). */
export function registerViolationHandlers(_app: FastifyInstance, _socket: Socket): void {}
