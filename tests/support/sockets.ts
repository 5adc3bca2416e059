import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { login } from './auth.ts';

/** A real socket.io-client socket signed in as a demo user, connected (or the connect error thrown). */
export async function openSocket(app: FastifyInstance, url: string, username: string): Promise<Socket> {
  const { token } = await login(app, username);
  const socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
