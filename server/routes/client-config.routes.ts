import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ClientConfig } from '../../shared/client-config.ts';
import { VERSION } from '../version.ts';

const clientConfigRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/client-config',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Settings the web app reads at start (online tiles or offline outline)',
        response: { 200: ClientConfig },
      },
    },
    async () => ({
      tileUrl: fastify.config.tileUrl ?? null,
      tileAttribution: fastify.config.tileAttribution ?? null,
      version: VERSION,
    }),
  );
};

export default clientConfigRoutes;
