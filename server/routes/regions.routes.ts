import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { listRegions } from '../../db/queries/region.queries.ts';
import { RegionList } from '../../shared/regions.ts';

const regionRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/regions',
    {
      config: { action: 'regions.read' },
      schema: {
        tags: ['reference'],
        summary: 'The 20 regions with names, centres and station counts of the active election',
        response: { 200: RegionList },
      },
    },
    async () => {
      const electionId = await findActiveElectionId(fastify.db);
      return { items: await listRegions(fastify.db, electionId) };
    },
  );
};

export default regionRoutes;
