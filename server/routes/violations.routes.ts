import { sendCsv } from '../csv.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import {
  categoryRowToApi,
  findCategory,
  insertCategory,
  listCategories,
  updateCategory,
} from '../../db/queries/violation-category.queries.ts';
import { listViolations, loadViolations, violationHistory } from '../../db/queries/violation.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { ExportQuery } from '../../shared/imports.ts';
import { scopeFor } from '../../shared/permissions.ts';
import {
  CategoryParams,
  NewViolationCategory,
  OPEN_STATUSES,
  Violation,
  ViolationCategory,
  ViolationCategoryList,
  ViolationCategoryUpdate,
  ViolationChangeBatch,
  ViolationChangeBatchResult,
  ViolationDetail,
  ViolationIdParams,
  ViolationPage,
  ViolationQuery,
  ViolationTransition,
} from '../../shared/violations.ts';
import { assertRegionAllowed, assertStationVisible, stationScope } from '../auth/scope.ts';
import { ConflictError, ForbiddenError, NotFoundError, uniqueViolation } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';
import { violationsCsv, violationsGeoJson } from '../violations/violation-export.ts';
import { transitionViolation } from '../violations/violation-transition.ts';
import { publishViolations, submitViolationChanges } from '../violations/violation-writer.ts';
import { actorOf } from './people.routes.ts';

/** The queue's filters with room for a whole election's violations in one file. */
const MAX_EXPORT = 50_000;
const ExportFilter = ViolationQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT).default(MAX_EXPORT),
}).extend(ExportQuery.shape);

const CategoriesQuery = z.object({
  /** HQ's catalogue editor also sees the grounds switched off. */
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const violationsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  /** The queue's query as a filter within the caller's scope (a coordinator naming another region: 403). */
  async function queue(auth: Auth, query: ViolationQuery) {
    assertRegionAllowed(auth, query.region);
    const electionId = await findActiveElectionId(db);
    if (electionId === null) return { items: [], total: 0 };
    const scope = await stationScope(db, auth, electionId);
    return listViolations(db, {
      electionId,
      ...scope,
      region: query.region,
      category: query.category,
      phase: query.phase,
      // An explicit status list wins over `open`.
      statuses: query.status?.length ? query.status : query.open ? OPEN_STATUSES : undefined,
      severities: query.severity,
      stationNumber: query.station,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** One violation the caller may see: 404 unknown, 403 outside their regions or station. */
  async function visibleViolation(auth: Auth, id: string): Promise<Violation> {
    const [violation] = await loadViolations(db, [id]);
    if (!violation) throw new NotFoundError('No such violation');
    await assertStationVisible(db, auth, {
      id: violation.station.id,
      electionId: violation.electionId,
      region: violation.station.region,
    });
    return violation;
  }

  // ── The catalogue of grounds ──

  fastify.get(
    '/api/violation-categories',
    {
      config: { action: 'session.use' },
      schema: {
        tags: ['violations'],
        summary: 'The grounds for an act, in the order the phone lists them (all=true: HQ sees inactive ones too)',
        querystring: CategoriesQuery,
        response: { 200: ViolationCategoryList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const all = request.query.all === true;
      if (all && !scopeFor(request.auth!.user.role, 'violation_categories.write'))
        throw new ForbiddenError('Only HQ sees the grounds no longer in use');
      return { items: await listCategories(db, all) };
    },
  );

  fastify.post(
    '/api/violation-categories',
    {
      config: { action: 'violation_categories.write' },
      schema: {
        tags: ['violations'],
        summary: 'Add a ground to the catalogue (no deploy); recorded in the audit log',
        body: NewViolationCategory,
        response: { 201: ViolationCategory, ...errors },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const input = request.body;
      const created = await db
        .transaction()
        .execute(async (trx) => {
          const row = await insertCategory(trx, input, auth.user.id);
          await writeAudit(trx, {
            ...actorOf(auth, request.ip),
            action: 'violation_category.create',
            entityType: 'violation_category',
            entityId: row.code,
            after: input,
          });
          return row;
        })
        .catch((error: unknown) => {
          if (uniqueViolation(error))
            throw new ConflictError(`A ground with code ${input.code} already exists`, [
              { path: 'code', message: 'already in use' },
            ]);
          throw error;
        });
      return reply.code(201).send(categoryRowToApi(created));
    },
  );

  fastify.patch(
    '/api/violation-categories/:code',
    {
      config: { action: 'violation_categories.write' },
      schema: {
        tags: ['violations'],
        summary:
          'Correct a ground (article, severity, wording) or switch it off; reported violations keep their severity',
        params: CategoryParams,
        body: ViolationCategoryUpdate,
        response: { 200: ViolationCategory, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { code } = request.params;
      const row = await db.transaction().execute(async (trx) => {
        const before = await findCategory(trx, code);
        if (!before) throw new NotFoundError('No such ground');
        const after = await updateCategory(trx, code, request.body);
        await writeAudit(trx, {
          ...actorOf(auth, request.ip),
          action: 'violation_category.update',
          entityType: 'violation_category',
          entityId: code,
          before: categoryRowToApi(before),
          after: request.body,
        });
        return after!;
      });
      return categoryRowToApi(row);
    },
  );

  // ── The observer's flow ──

  fastify.post(
    '/api/violations/changes',
    {
      config: { action: 'violations.report' },
      // A phone's outbox: up to 100 steps, acts of a few pages each.
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['violations'],
        summary:
          "Steps of the observer's violation flow from the phone's outbox, applied in order, each answered on its own; idempotent by change id",
        body: ViolationChangeBatch,
        response: { 200: ViolationChangeBatchResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      // In order: a violation's `noticed` comes before its later steps in the same outbox.
      return { results: await submitViolationChanges(fastify, request.body, user) };
    },
  );

  // ── HQ's queue ──

  fastify.get(
    '/api/violations',
    {
      config: { action: 'violations.read' },
      schema: {
        tags: ['violations'],
        summary: 'The violations queue: worst severity first, then the oldest; filters by region, ground, status…',
        querystring: ViolationQuery,
        response: { 200: ViolationPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => queue(request.auth!, request.query),
  );

  fastify.get(
    '/api/violations/export.csv',
    {
      config: { action: 'violations.export' },
      schema: {
        tags: ['violations'],
        summary: 'The queue as CSV (same filters; up to 50,000 rows), with the evidence hashes',
        querystring: ExportFilter,
      },
    },
    async (request, reply) => {
      const { items } = await queue(request.auth!, request.query);
      return sendCsv(reply, 'violations.csv', violationsCsv(items, request.query.delimiter));
    },
  );

  fastify.get(
    '/api/violations/export.geojson',
    {
      config: { action: 'violations.export' },
      schema: {
        tags: ['violations'],
        summary: "The queue as GeoJSON points at the stations' coordinates (same filters and properties as the CSV)",
        querystring: ExportFilter,
      },
    },
    async (request, reply) => {
      const { items } = await queue(request.auth!, request.query);
      return reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="violations.geojson"')
        .send(JSON.stringify(violationsGeoJson(items)));
    },
  );

  fastify.get(
    '/api/violations/:id',
    {
      config: { action: 'violations.read' },
      schema: {
        tags: ['violations'],
        summary: 'One violation with its evidence and every step taken, by whom',
        params: ViolationIdParams,
        response: { 200: ViolationDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const violation = await visibleViolation(request.auth!, request.params.id);
      return { ...violation, history: await violationHistory(db, violation.id) };
    },
  );

  fastify.post(
    '/api/violations/:id/transition',
    {
      config: { action: 'violations.manage' },
      schema: {
        tags: ['violations'],
        summary: 'Hand to the legal team, close with a reason, or reopen; recorded in the audit log',
        params: ViolationIdParams,
        body: ViolationTransition,
        response: { 200: Violation, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { id } = request.params;
      await visibleViolation(auth, id);
      const stations = await transitionViolation(db, auth, request.ip, id, request.body);
      await publishViolations(fastify, [id], stations);
      const [after] = await loadViolations(db, [id]);
      return after!;
    },
  );
};

export default violationsRoutes;
