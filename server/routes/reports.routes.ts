import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.ts';
import { scopeFor } from '../../shared/permissions.ts';
import {
  ChangesPage,
  ChangesQuery,
  ReportAck,
  ReportBatch,
  ReportBatchResult,
  RollupList,
  StationLive,
  StationReportList,
} from '../../shared/reports.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { rollups, stationReports, statusRowToLive, takeSeqs } from '../../db/queries/live.queries.ts';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findStation } from '../../db/queries/station.queries.ts';
import { StationIdParams } from '../../shared/stations.ts';
import { assertStationVisible, canSeeRegion, canSeeStation } from '../auth/scope.ts';
import { AppError, ForbiddenError, NotFoundError } from '../errors.ts';
import { liveChanges, liveSnapshot } from '../reports/live-queries.ts';

const STATUS_OF = { validation_failed: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

const reportRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.post(
    '/api/reports',
    {
      config: { action: 'reports.submit' },
      // A phone flushing its queue may send up to 200 reports at once.
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['reports'],
        summary: 'Submit one election-day report, or a batch (a phone flushing its queue); idempotent by report id',
        body: ReportBatch,
        response: {
          200: z.union([z.object({ ok: z.literal(true), data: ReportAck }), ReportBatchResult]),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          500: ErrorBody,
        },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      if (Array.isArray(request.body)) {
        // Each report of a batch is answered on its own; one bad report does not hold back the rest.
        const results = await Promise.all(request.body.map((report) => fastify.live.writer.submit(report, user)));
        return { results };
      }
      const result = await fastify.live.writer.submit(request.body, user);
      if (result.ok) return result;
      const { code, message, details } = result.error;
      if (code === 'internal_error') throw new Error(message);
      throw new AppError(STATUS_OF[code as keyof typeof STATUS_OF] ?? 400, code, message, details);
    },
  );

  fastify.get(
    '/api/live',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['reports'],
        summary: "Every visible station's live state and the change number it is current to",
        response: {
          200: z.object({ items: z.array(StationLive), seq: z.number().int() }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request) => liveSnapshot(fastify.db, request.auth!),
  );

  fastify.get(
    '/api/changes',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['reports'],
        summary: 'Station changes after a change number: what a dashboard missed while disconnected',
        querystring: ChangesQuery,
        response: { 200: ChangesPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => liveChanges(fastify.db, request.auth!, request.query.since, request.query.limit),
  );

  fastify.post(
    '/api/stations/:id/help/close',
    {
      config: { action: 'help.close' },
      schema: {
        tags: ['reports'],
        summary: "Close a station's open help call (it stays in the report log); recorded in the audit log",
        params: StationIdParams,
        body: z.object({ note: z.string().trim().max(500).optional() }).optional(),
        response: { 200: StationLive, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const station = await findStation(fastify.db, request.params.id);
      if (!station) throw new NotFoundError('No such station');
      if (!canSeeRegion(auth, station.region_code))
        throw new ForbiddenError(`You may not act in ${station.region_code}`);
      const closed = await fastify.db.transaction().execute(async (trx) => {
        const [seq] = await takeSeqs(trx, 1);
        const row = await trx
          .updateTable('station_status')
          .set({ help_open: false, seq: seq! })
          .where('station_id', '=', station.id)
          .where('help_open', '=', true)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'conflict', 'This station has no open help call');
        await writeAudit(trx, {
          actorId: auth.user.id,
          actorRole: auth.user.role,
          ip: request.ip,
          action: 'help.close',
          entityType: 'station',
          entityId: station.id,
          before: { helpReportId: row.help_report_id },
          after: { note: request.body?.note ?? null },
        });
        return statusRowToLive(row);
      });
      fastify.live.broadcaster.push([closed]);
      return closed;
    },
  );

  fastify.get(
    '/api/stations/:id/reports',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['reports'],
        summary:
          "A station's election-day reports in order: its timeline (protocol figures withheld without protocols.read)",
        params: StationIdParams,
        response: { 200: StationReportList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const station = await findStation(fastify.db, request.params.id);
      if (!station) throw new NotFoundError('No such station');
      const place = { id: station.id, electionId: station.election_id, region: station.region_code };
      await assertStationVisible(fastify.db, auth, place);
      // Protocol figures only to those who may read this station's protocol (correspondents,
      // long-term observers and team members see that a copy came, not what it says).
      const protocolScope = scopeFor(auth.user.role, 'protocols.read');
      const protocolFigures =
        protocolScope !== null && (await canSeeStation(fastify.db, { user: auth.user, scope: protocolScope }, place));
      return { items: await stationReports(fastify.db, station.id, { protocolFigures }) };
    },
  );

  fastify.get(
    '/api/rollups',
    {
      config: { action: 'stations.read' },
      schema: {
        tags: ['reports'],
        summary:
          'Election-day figures per region and for the country: coverage, on site, opened, closed, help, silent, turnout',
        response: { 200: RollupList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(fastify.db);
      const empty = {
        region: null,
        stations: 0,
        covered: 0,
        onSite: 0,
        opened: 0,
        closed: 0,
        helpOpen: 0,
        silent: 0,
        registeredVoters: 0,
        turnout: 0,
        turnoutPct: 0,
        ownTurnout: 0,
      };
      if (electionId === null) return { country: empty, regions: [] };
      // An observer's "own" scope has no region figures to show beyond their station: none.
      if (auth.scope === 'own') return { country: empty, regions: [] };
      const rows = await rollups(fastify.db, electionId, auth.scope === 'regions' ? auth.user.regions : undefined);
      return { country: rows.find((r) => r.region === null) ?? empty, regions: rows.filter((r) => r.region !== null) };
    },
  );
};

export default reportRoutes;
