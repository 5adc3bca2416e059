import { sendCsv } from '../csv.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.ts';
import { ExportQuery } from '../../shared/imports.ts';
import { StationIdParams } from '../../shared/protocols.ts';
import {
  Comparison,
  ComparisonQuery,
  DiscrepancyViolation,
  DiscrepancyViolationBody,
  OfficialImportResult,
} from '../../shared/results.ts';
import { comparisonCsv, comparisonFor } from '../results/comparison.ts';
import { reportDiscrepancy } from '../results/discrepancy-violation.ts';
import { applyOfficialImport, planOfficialImport } from '../results/official-import.ts';
import { activeElection } from '../results/results-scope.ts';
import { actorOf } from './people.routes.ts';

/** 10,250 stations with a few dozen ballot options fit well inside this. */
const OFFICIAL_BODY_LIMIT = 8 * 1024 * 1024;

/** Stations written or removed by an import from which the tables' statistics are refreshed. */
const ANALYZE_AFTER = 500;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The election commission's per-station results and how they compare with the network's verified copies. */
const officialRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  // This plugin's own text parsers: the file arrives as one string for csv-parse.
  for (const type of ['text/csv', 'text/plain', 'application/csv']) {
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: OFFICIAL_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }

  fastify.post(
    '/api/official-results',
    {
      config: { action: 'official.import' },
      bodyLimit: OFFICIAL_BODY_LIMIT,
      schema: {
        tags: ['official'],
        summary:
          'Import the commission’s per-station results (CSV: station, the figures, option_<position>); replaces the official set as a whole; any problem is a 400 listing every row’s problems and nothing is stored',
        body: z.string().describe('CSV text: UTF-8 (BOM optional), comma or semicolon separated, header row first'),
        consumes: ['text/csv'],
        response: { 200: OfficialImportResult, ...errors, 413: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const electionId = await activeElection(db);
      const rows = await planOfficialImport(db, electionId, request.body);
      const { result, changedStations, rewritten } = await applyOfficialImport(
        db,
        electionId,
        rows,
        actorOf(auth, request.ip),
      );
      // A whole country's figures at once: let the planner know (no autovacuum on PGlite).
      if (rewritten >= ANALYZE_AFTER) await sql`analyze protocol_tallies, protocol_tally_votes`.execute(db);
      await fastify.live.publish(changedStations);
      return result;
    },
  );

  fastify.get(
    '/api/official-results/comparison',
    {
      config: { action: 'official.read' },
      schema: {
        tags: ['official'],
        summary:
          'Verified copies against the official results: every differing station (largest difference first), totals per region, stations with only one of the two',
        querystring: ComparisonQuery,
        response: { 200: Comparison, ...errors },
      },
    },
    async (request) => comparisonFor(db, request.auth!, request.query.region),
  );

  fastify.get(
    '/api/official-results/comparison.csv',
    {
      config: { action: 'official.read' },
      schema: {
        tags: ['official'],
        summary: 'The discrepancies as CSV: one row per station and differing figure, in the list’s order',
        querystring: ComparisonQuery.extend(ExportQuery.shape),
      },
    },
    async (request, reply) => {
      const comparison = await comparisonFor(db, request.auth!, request.query.region);
      return sendCsv(reply, 'discrepancies.csv', comparisonCsv(comparison, request.query.delimiter));
    },
  );

  fastify.post(
    '/api/official-results/:stationId/violation',
    {
      config: { action: 'official.report' },
      schema: {
        tags: ['official'],
        summary:
          'Make the station’s discrepancy a violation (protocol figures differ from the copy) for the legal team; a repeat answers the one already made',
        params: StationIdParams,
        body: DiscrepancyViolationBody,
        response: { 200: DiscrepancyViolation, 201: DiscrepancyViolation, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await reportDiscrepancy(
        fastify,
        request.auth!,
        request.ip,
        request.params.stationId,
        request.body.id,
      );
      return reply.code(outcome.created ? 201 : 200).send(outcome);
    },
  );
};

export default officialRoutes;
