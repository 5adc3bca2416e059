import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { NotFoundError } from '../errors.ts';

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Baqylau</title>
<p>The web app is not built yet. Run <code>npm run build</code> (npm start does it for you).</p>`;

/**
 * Serves the built web app at `/`. Any other GET that is not an API path answers index.html so
 * the client-side router can handle deep links; API paths and other methods get a 404 JSON.
 */
export default fp(
  async (fastify) => {
    const root = resolve(fastify.config.webDir);
    const indexHtml = resolve(root, 'index.html');
    if (existsSync(root)) {
      await fastify.register(fastifyStatic, {
        root,
        wildcard: false,
        index: ['index.html'],
        // Hashed assets never change; index.html must be revalidated so a new build is picked up.
        setHeaders: (reply, path) => {
          reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    } else {
      fastify.log.warn({ webDir: root }, 'web app not built; run npm run build');
    }

    fastify.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const isApi = path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io');
      if (!isApi && (request.method === 'GET' || request.method === 'HEAD')) {
        if (existsSync(indexHtml))
          return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html', root);
        return reply.code(200).type('text/html').send(NOT_BUILT_PAGE);
      }
      throw new NotFoundError(`No route ${request.method} ${path}`);
    });
  },
  { name: 'web', dependencies: ['config'], fastify: '5.x' },
);
