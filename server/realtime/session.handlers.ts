import type { Server, Socket } from 'socket.io';
import type { SessionUser } from '../../shared/auth.ts';

/** `session:whoami` → the signed-in user: lets a phone confirm its socket is still its own. */
export function registerSessionHandlers(_io: Server, socket: Socket): void {
  socket.on('session:whoami', (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    ack({ ok: true, data: socket.data.user as SessionUser });
  });
}
