import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { findAssignment, listAssignments } from '../../db/queries/assignment.queries.ts';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { refreshAssignedPhase } from '../../db/queries/live.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { findPersonById } from '../../db/queries/person.queries.ts';
import { findStation } from '../../db/queries/station.queries.ts';
import {
  Assignment,
  AssignmentList,
  AssignmentsQuery,
  EndAssignment,
  NewAssignment,
} from '../../shared/assignments.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { IdParams } from '../../shared/params.ts';
import { canSeeRegion } from '../auth/scope.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, uniqueViolation } from '../errors.ts';
import { actorOf } from './people.routes.ts';

const assignmentRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/assignments',
    {
      config: { action: 'assignments.read' },
      schema: {
        tags: ['assignments'],
        summary: "A station's or a person's assignments, with history on request",
        querystring: AssignmentsQuery,
        response: { 200: AssignmentList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { stationId, personId, history } = request.query;
      if (stationId !== undefined) {
        const station = await findStation(fastify.db, stationId);
        if (station && !canSeeRegion(auth, station.region_code)) throw new ForbiddenError('Not your region');
      }
      const regions = auth.scope === 'all' ? undefined : auth.user.regions;
      return { items: await listAssignments(fastify.db, { stationId, personId, history, regions }) };
    },
  );

  fastify.post(
    '/api/assignments',
    {
      config: { action: 'assignments.write' },
      schema: {
        tags: ['assignments'],
        summary: 'Put an observer on a station as primary or reserve (one primary per station)',
        body: NewAssignment,
        response: { 201: Assignment, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const { personId, stationId, kind, replaceReason } = request.body;
      const electionId = await findActiveElectionId(fastify.db);
      const station = await findStation(fastify.db, stationId);
      if (!station || station.election_id !== electionId)
        throw new NotFoundError('No such station in the active election');
      if (!canSeeRegion(auth, station.region_code))
        throw new ForbiddenError(`You may not assign in ${station.region_code}`);
      const person = await findPersonById(fastify.db, personId);
      if (!person) throw new NotFoundError('No such person');
      if (person.role !== 'station_observer') {
        throw new AppError(400, 'validation_failed', 'Only station observers are assigned to stations', [
          { path: 'personId', message: `this person is a ${person.role}` },
        ]);
      }
      if (!person.is_active) throw new ConflictError('This person is deactivated');
      let changedStations: number[] = [];
      try {
        const id = await fastify.db.transaction().execute(async (trx) => {
          if (kind === 'primary' && replaceReason) {
            const ended = await trx
              .updateTable('assignments')
              .set({ ended_at: sql<Date>`now()`, ended_by: auth.user.id, end_reason: replaceReason })
              .where('station_id', '=', stationId)
              .where('kind', '=', 'primary')
              .where('ended_at', 'is', null)
              .returning(['id', 'person_id'])
              .execute();
            for (const e of ended) {
              await writeAudit(trx, {
                ...actorOf(auth, request.ip),
                action: 'assignment.end',
                entityType: 'assignment',
                entityId: e.id,
                after: { reason: replaceReason, personId: e.person_id, stationId },
              });
            }
          }
          // A reserve promoted to primary leaves the reserve list of that station.
          if (kind === 'primary') {
            await trx
              .updateTable('assignments')
              .set({ ended_at: sql<Date>`now()`, ended_by: auth.user.id, end_reason: 'replaced' })
              .where('station_id', '=', stationId)
              .where('person_id', '=', personId)
              .where('kind', '=', 'reserve')
              .where('ended_at', 'is', null)
              .execute();
          }
          const row = await trx
            .insertInto('assignments')
            .values({
              election_id: electionId!,
              station_id: stationId,
              person_id: personId,
              kind,
              assigned_by: auth.user.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          changedStations = await refreshAssignedPhase(trx, [stationId]);
          await writeAudit(trx, {
            ...actorOf(auth, request.ip),
            action: 'assignment.create',
            entityType: 'assignment',
            entityId: row.id,
            after: { personId, stationId, stationNumber: station.number, kind },
          });
          return row.id;
        });
        await fastify.live.publish(changedStations);
        return reply.code(201).send((await findAssignment(fastify.db, id))!);
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint === 'assignments_one_primary_per_station') {
          throw new ConflictError(`Station ${station.number} already has a primary observer`, [
            { path: 'stationId', message: 'give replaceReason to replace the current primary observer' },
          ]);
        }
        if (constraint === 'assignments_one_primary_per_person') {
          throw new ConflictError('This observer is already the primary observer of another station', [
            { path: 'personId', message: 'end that assignment first (reason "moved")' },
          ]);
        }
        if (constraint === 'assignments_person_station_current') {
          throw new ConflictError('This observer is already on this station', [
            { path: 'personId', message: 'already assigned' },
          ]);
        }
        throw error;
      }
    },
  );

  fastify.post(
    '/api/assignments/:id/end',
    {
      config: { action: 'assignments.write' },
      schema: {
        tags: ['assignments'],
        summary: 'End an assignment, saying why (removed by the commission, ill, moved…)',
        params: IdParams,
        body: EndAssignment,
        response: { 200: Assignment, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const current = await findAssignment(fastify.db, request.params.id);
      if (!current) throw new NotFoundError('No such assignment');
      if (!canSeeRegion(auth, current.region)) throw new ForbiddenError(`You may not change ${current.region}`);
      const { reason, note } = request.body;
      const changedStations = await fastify.db.transaction().execute(async (trx) => {
        const ended = await trx
          .updateTable('assignments')
          .set({ ended_at: sql<Date>`now()`, ended_by: auth.user.id, end_reason: reason, end_note: note ?? null })
          .where('id', '=', current.id)
          .where('ended_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!ended) throw new ConflictError('This assignment has already ended');
        await writeAudit(trx, {
          ...actorOf(auth, request.ip),
          action: 'assignment.end',
          entityType: 'assignment',
          entityId: current.id,
          before: { kind: current.kind, personId: current.personId, stationId: current.stationId },
          after: { reason, note: note ?? null },
        });
        return refreshAssignedPhase(trx, [current.stationId]);
      });
      await fastify.live.publish(changedStations);
      return (await findAssignment(fastify.db, current.id))!;
    },
  );
};

export default assignmentRoutes;
