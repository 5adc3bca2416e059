import { sendCsv } from '../csv.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { findStation } from '../../db/queries/station.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { ExportQuery } from '../../shared/imports.ts';
import { scopeFor } from '../../shared/permissions.ts';
import {
  EntryNext,
  EntryNextQuery,
  OperatorEntryBody,
  ProtocolList,
  ProtocolListQuery,
  ProtocolStatus,
  ResolveBody,
  StationIdParams,
  StationProtocol,
} from '../../shared/protocols.ts';
import { assertRegionAllowed, assertStationVisible, canSeeStation, stationScope } from '../auth/scope.ts';
import { NotFoundError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';
import {
  claimNext,
  conflictsCsv,
  listProtocols,
  protocolsCsv,
  stationProtocol,
} from '../protocols/protocol-service.ts';
import { publishProtocols, recordOperatorEntry, resolveProtocol } from '../protocols/protocol-writer.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;
const Csv = z.string().describe('CSV (UTF-8 with BOM)');

/** Results protocols (issue 8): the list and a station's protocol, double entry, a supervisor's decision, exports. */
const protocolsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  fastify.get(
    '/api/protocols',
    {
      config: { action: 'protocols.read' },
      schema: {
        tags: ['protocols'],
        summary: 'Stations with a protocol in your scope (filters: region, state, status) and counts by state',
        querystring: ProtocolListQuery,
        response: { 200: ProtocolList, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      assertRegionAllowed(auth, request.query.region);
      const electionId = await findActiveElectionId(db);
      if (electionId === null)
        return { items: [], counts: { none: 0, received: 0, flagged: 0, verified: 0, differs: 0 } };
      return listProtocols(db, electionId, await stationScope(db, auth, electionId), request.query);
    },
  );

  async function exportScope(auth: Auth) {
    const electionId = await findActiveElectionId(db);
    if (electionId === null) throw new NotFoundError('No active election');
    return { electionId, scope: await stationScope(db, auth, electionId) };
  }

  fastify.get(
    '/api/protocols.csv',
    {
      config: { action: 'protocols.export' },
      schema: {
        tags: ['protocols'],
        summary:
          "One row per station with a copy: the verified figures (else the observer's), votes per option, failed checks",
        querystring: ExportQuery,
        response: { 200: Csv, ...errors },
      },
    },
    async (request, reply) => {
      const { electionId, scope } = await exportScope(request.auth!);
      return sendCsv(reply, 'protocols.csv', await protocolsCsv(db, electionId, scope, request.query.delimiter));
    },
  );

  // The operator's figures are blind to everyone but those who resolve (as on the station page).
  fastify.get(
    '/api/protocols/conflicts.csv',
    {
      config: { action: 'protocols.resolve' },
      schema: {
        tags: ['protocols'],
        summary:
          "Every figure of the open double-entry conflicts: the observer's value and the operator's (supervisors only)",
        querystring: ExportQuery,
        response: { 200: Csv, ...errors },
      },
    },
    async (request, reply) => {
      const { electionId, scope } = await exportScope(request.auth!);
      return sendCsv(
        reply,
        'protocol-conflicts.csv',
        await conflictsCsv(db, electionId, scope, request.query.delimiter),
      );
    },
  );

  fastify.get(
    '/api/protocols/entry/next',
    {
      config: { action: 'protocols.enter' },
      schema: {
        tags: ['protocols'],
        summary:
          "The next protocol photo to type (held for you 15 minutes; never the observer's figures); skip= passes one over",
        querystring: EntryNextQuery,
        response: { 200: EntryNext, ...errors },
      },
    },
    async (request) => {
      const electionId = await findActiveElectionId(db);
      if (electionId === null) return { task: null, waiting: 0 };
      return claimNext(db, electionId, request.auth!.user.id, request.query.skip);
    },
  );

  fastify.get(
    '/api/protocols/:stationId',
    {
      config: { action: 'protocols.read' },
      schema: {
        tags: ['protocols'],
        summary: "A station's protocol: copies, checks, verified versions (newest first), photos, official figures",
        params: StationIdParams,
        response: { 200: StationProtocol, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const station = await findStation(db, request.params.stationId);
      if (!station) throw new NotFoundError('No such station');
      const place = { id: station.id, electionId: station.election_id, region: station.region_code };
      await assertStationVisible(db, auth, place);
      const mayResolve = scopeFor(auth.user.role, 'protocols.resolve') !== null;
      // The commission's figures go to those who may read the official results for this station.
      const officialScope = scopeFor(auth.user.role, 'official.read');
      const mayReadOfficial =
        officialScope !== null && (await canSeeStation(db, { user: auth.user, scope: officialScope }, place));
      return stationProtocol(db, { id: station.id, electionId: station.election_id }, { mayResolve, mayReadOfficial });
    },
  );

  fastify.post(
    '/api/protocols/:stationId/operator-entry',
    {
      config: { action: 'protocols.enter' },
      schema: {
        tags: ['protocols'],
        summary: "An operator's entry typed from the photo (idempotent by id); compared with the observer's copy",
        params: StationIdParams,
        body: OperatorEntryBody,
        response: { 200: ProtocolStatus, ...errors, 409: ErrorBody },
      },
    },
    async (request) => {
      const { status, changed } = await recordOperatorEntry(db, request.params.stationId, request.body, {
        user: request.auth!.user,
        ip: request.ip,
      });
      await publishProtocols(fastify, changed);
      return status;
    },
  );

  fastify.post(
    '/api/protocols/:stationId/resolve',
    {
      config: { action: 'protocols.resolve' },
      schema: {
        tags: ['protocols'],
        summary: 'A supervisor settles the conflicts or corrects the verified protocol: a new verified version',
        params: StationIdParams,
        body: ResolveBody,
        response: { 200: ProtocolStatus, ...errors, 409: ErrorBody },
      },
    },
    async (request) => {
      const { status, changed } = await resolveProtocol(db, request.params.stationId, request.body, {
        user: request.auth!.user,
        ip: request.ip,
      });
      await publishProtocols(fastify, changed);
      return status;
    },
  );
};

export default protocolsRoutes;
