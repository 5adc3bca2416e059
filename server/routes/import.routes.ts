import { sendCsv } from '../csv.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { ensureStationStatus } from '../../db/queries/live.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { ExportQuery, ImportQuery, ImportResult, PEOPLE_COLUMNS, STATION_COLUMNS } from '../../shared/imports.ts';
import { toCsv } from '../imports/csv.ts';
import { applyPeopleImport, planPeopleImport } from '../imports/people.import.ts';
import { applyStationImport, planStationImport } from '../imports/stations.import.ts';
import { AppError, ConflictError, uniqueViolation } from '../errors.ts';
import { actorOf } from './people.routes.ts';

/** 20,000 people or stations with long addresses fit well inside this. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const CsvBody = z.string().describe('CSV text: UTF-8 (BOM optional), comma or semicolon separated, header row first');

const importRoutes: FastifyPluginAsyncZod = async (fastify) => {
  /** A bulk write changes table sizes a lot: let the planner know (no autovacuum on PGlite). */
  async function refreshStatistics() {
    await sql`analyze stations, people, person_regions, assignments`.execute(fastify.db);
  }

  // Spreadsheets arrive as text; the parser keeps them as one string for csv-parse.
  for (const type of ['text/csv', 'text/plain', 'application/csv']) {
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }

  const importSchema = (summary: string) => ({
    tags: ['import'],
    summary,
    querystring: ImportQuery,
    body: CsvBody,
    consumes: ['text/csv'],
    response: {
      200: ImportResult,
      400: z.union([ImportResult, ErrorBody]),
      401: ErrorBody,
      403: ErrorBody,
      409: ErrorBody,
      413: ErrorBody,
    },
  });

  fastify.post(
    '/api/import/stations',
    {
      config: { action: 'stations.import' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: importSchema(
        'Import stations of the active election from CSV (upsert by number; dryRun=true checks only)',
      ),
    },
    async (request, reply) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(fastify.db);
      if (electionId === null) throw new AppError(409, 'conflict', 'No active election to import stations into');
      const { planned, problems, rows } = await planStationImport(fastify.db, request.body);
      const base = {
        dryRun: request.query.dryRun,
        rows,
        created: 0,
        updated: 0,
        unchanged: 0,
        problems,
        invitations: [],
      };
      if (problems.length > 0) return reply.code(request.query.dryRun ? 200 : 400).send(base);
      if (request.query.dryRun) return { ...base, created: planned.length };
      const counts = await applyStationImport(fastify.db, electionId, planned, actorOf(auth, request.ip));
      if (counts.created + counts.updated > 0) {
        await refreshStatistics();
        // New stations get their live-status rows at once.
        await ensureStationStatus(fastify.db, electionId);
      }
      return { ...base, ...counts };
    },
  );

  fastify.post(
    '/api/import/people',
    {
      config: { action: 'people.import' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: importSchema(
        'Import people and their stations from CSV (upsert by phone, then username; dryRun=true checks only)',
      ),
    },
    async (request, reply) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(fastify.db);
      const { planned, problems, rows } = await planPeopleImport(fastify.db, electionId, request.body);
      const base = {
        dryRun: request.query.dryRun,
        rows,
        created: 0,
        updated: 0,
        unchanged: 0,
        problems,
        invitations: [],
      };
      if (problems.length > 0) return reply.code(request.query.dryRun ? 200 : 400).send(base);
      if (request.query.dryRun) return base;
      try {
        const result = await applyPeopleImport(
          fastify.db,
          electionId,
          planned,
          actorOf(auth, request.ip),
          fastify.config.invitationTtlDays,
        );
        if (result.created + result.updated > 0) await refreshStatistics();
        const { changedStations, ...counts } = result;
        await fastify.live.publish(changedStations);
        return { ...base, ...counts };
      } catch (error) {
        if (uniqueViolation(error)) {
          throw new ConflictError(
            'The file conflicts with the current assignments or logins; run a dry run to see where',
          );
        }
        throw error;
      }
    },
  );

  fastify.get(
    '/api/export/stations.csv',
    {
      config: { action: 'stations.export' },
      schema: {
        tags: ['import'],
        summary: 'Stations of the active election as CSV (the import format)',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(fastify.db);
      let query = fastify.db
        .selectFrom('stations')
        .selectAll()
        .where('election_id', '=', electionId ?? -1);
      if (auth.scope !== 'all')
        query = query.where('region_code', 'in', auth.user.regions.length ? auth.user.regions : ['']);
      const rows = await query.orderBy('number').execute();
      const csv = toCsv(
        STATION_COLUMNS,
        rows.map((s) => [
          s.number,
          s.region_code,
          s.district,
          s.locality,
          s.address,
          s.building,
          s.building_kind,
          s.lat,
          s.lng,
          s.registered_voters,
          s.commission_size,
          s.accessibility.join('|'),
        ]),
        request.query.delimiter,
      );
      return sendCsv(reply, 'stations.csv', csv);
    },
  );

  fastify.get(
    '/api/export/people.csv',
    {
      config: { action: 'people.export' },
      schema: {
        tags: ['import'],
        summary: 'People and their current stations as CSV (the import format)',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(fastify.db);
      let query = fastify.db
        .selectFrom('people as p')
        .leftJoin('assignments as a', (join) =>
          join
            .onRef('a.person_id', '=', 'p.id')
            .on('a.ended_at', 'is', null)
            .on('a.election_id', '=', electionId ?? -1),
        )
        .leftJoin('stations as s', 's.id', 'a.station_id')
        .select((eb) => [
          'p.id',
          'p.name',
          'p.role',
          'p.phone',
          'p.username',
          'p.districts',
          's.number as station',
          's.region_code as station_region',
          'a.kind',
          eb
            .selectFrom('person_regions as pr')
            .select((e) => e.fn.agg<string>('string_agg', ['pr.region_code', e.val('|')]).as('r'))
            .whereRef('pr.person_id', '=', 'p.id')
            .as('regions'),
        ]);
      if (auth.scope !== 'all') {
        const regions = auth.user.regions.length ? auth.user.regions : [''];
        query = query.where((eb) =>
          eb.or([
            eb('s.region_code', 'in', regions),
            eb.exists(
              eb
                .selectFrom('person_regions as pr2')
                .select('pr2.person_id')
                .whereRef('pr2.person_id', '=', 'p.id')
                .where('pr2.region_code', 'in', regions),
            ),
          ]),
        );
      }
      const rows = await query.orderBy('p.id').orderBy('a.kind').execute();
      const csv = toCsv(
        PEOPLE_COLUMNS,
        rows.map((r) => [
          r.name,
          r.role,
          r.phone,
          r.username,
          r.regions ?? '',
          r.districts.join('|'),
          r.station ?? null,
          r.kind ?? null,
        ]),
        request.query.delimiter,
      );
      return sendCsv(reply, 'people.csv', csv);
    },
  );
};

export default importRoutes;
