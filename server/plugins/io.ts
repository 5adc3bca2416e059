import fp from 'fastify-plugin';
import { Server } from 'socket.io';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/** socket.io on Fastify's own HTTP server (the fastify-socket.io plugin does not follow Fastify 5). */
export default fp(
  async (fastify) => {
    const io = new Server(fastify.server, { serveClient: false, path: '/socket.io' });
    fastify.decorate('io', io);
    // Disconnect phones and dashboards first so the HTTP server can finish closing.
    fastify.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
      io.engine.close();
    });
    fastify.addHook('onClose', async () => {
      await new Promise<void>((resolve) => {
        // The HTTP server is closed by Fastify; socket.io's own close of it only reports "not running".
        void io.close(() => resolve());
      });
    });
  },
  { name: 'io', dependencies: ['config'], fastify: '5.x' },
);
