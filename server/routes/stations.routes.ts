import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { regionExists } from '../../db/queries/region.queries.ts';
import { listStations, stationDetail, stationMap } from '../../db/queries/station.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { StationDetail, StationIdParams, StationMap, StationsPage, StationsQuery } from '../../shared/stations.ts';
import { assertRegionAllowed, assertStationVisible, stationScope } from '../auth/scope.ts';
import { AppError, NotFoundError } from '../errors.ts';

const stationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/stations',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['stations'],
        summary: 'Stations of the active election the caller may see, by number, filtered by region and bounding box',
        querystring: StationsQuery,
        response: { 200: StationsPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { region, number, coverage, q, bbox, limit, cursor } = request.query;
      if (region && !(await regionExists(fastify.db, region))) {
        throw new AppError(400, 'validation_failed', 'Unknown region', [
          { path: 'region', message: `no region has the code "${region}"` },
        ]);
      }
      assertRegionAllowed(auth, region);
      const electionId = await findActiveElectionId(fastify.db);
      if (electionId === null) return { items: [], nextCursor: null };
      const page = await listStations(fastify.db, electionId, {
        ...(await stationScope(fastify.db, auth, electionId)),
        region,
        number,
        coverage,
        q,
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
      config: { action: 'stations.read' },
      schema: {
        tags: ['stations'],
        summary: 'Every station the caller may see, in one compact columnar response for the map',
        response: { 200: StationMap, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const electionId = await findActiveElectionId(fastify.db);
      return stationMap(fastify.db, electionId, await stationScope(fastify.db, request.auth!, electionId));
    },
  );

  fastify.get(
    '/api/stations/:id',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['stations'],
        summary: 'One station with its current status and observers',
        params: StationIdParams,
        response: { 200: StationDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const station = await stationDetail(fastify.db, request.params.id);
      if (!station) throw new NotFoundError('No such station');
      await assertStationVisible(fastify.db, auth, station);
      return station;
    },
  );
};

export default stationRoutes;
