import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { countStations } from '../../db/queries/station.queries.ts';
import { Health } from '../../shared/health.ts';
import { VERSION } from '../version.ts';

const healthRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      try {
        const electionId = await findActiveElectionId(fastify.db);
        const stations = electionId === null ? 0 : await countStations(fastify.db, electionId);
        return { ok: true, database: fastify.dbKind, stations, version: VERSION };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database did not answer');
        return reply.code(503).send({ ok: false, database: fastify.dbKind, stations: null, version: VERSION });
      }
    },
  );
};

export default healthRoutes;
