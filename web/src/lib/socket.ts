import { io, type Socket } from 'socket.io-client';

let socket: Socket | null = null;

/**
 * One socket for the page, authenticated by the session cookie (same origin). Reconnects by
 * itself; whoever listens must catch up by sequence on every `connect`.
 */
export function getSocket(): Socket {
  socket ??= io({ path: '/socket.io', withCredentials: true, reconnectionDelayMax: 10_000 });
  return socket;
}

export function closeSocket(): void {
  socket?.close();
  socket = null;
}
