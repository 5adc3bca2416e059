import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { regionExists } from '../../db/queries/region.queries.ts';
import { listStations, stationMap } from '../../db/queries/station.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { StationMap, StationsPage, StationsQuery } from '../../shared/stations.ts';
import { AppError } from '../errors.ts';

const stationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Stations of the active election, by number, filtered by region and bounding box',
        querystring: StationsQuery,
        response: { 200: StationsPage, 400: ErrorBody },
      },
    },
    async (request) => {
      const { region, bbox, limit, cursor } = request.query;
      if (region && !(await regionExists(fastify.db, region))) {
        throw new AppError(400, 'validation_failed', 'Unknown region', [
          { path: 'region', message: `no region has the code "${region}"` },
        ]);
      }
      const electionId = await findActiveElectionId(fastify.db);
      if (electionId === null) return { items: [], nextCursor: null };
      const page = await listStations(fastify.db, electionId, {
        region,
        bbox,
        limit,
        afterNumber: cursor === undefined ? undefined : Number(cursor),
      });
      const last = page.items.at(-1);
      return { items: page.items, nextCursor: page.hasMore && last ? String(last.number) : null };
    },
  );

  fastify.get(
    '/api/stations/map',
    {
      schema: {
        tags: ['stations'],
        summary: 'Every station of the active election in one compact columnar response for the map',
        response: { 200: StationMap },
      },
    },
    async () => stationMap(fastify.db, await findActiveElectionId(fastify.db)),
  );
};

export default stationRoutes;
