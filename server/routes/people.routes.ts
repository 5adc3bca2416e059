import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { coverage } from '../../db/queries/assignment.queries.ts';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import {
  findPersonById,
  insertPerson,
  listPeople,
  setPersonRegions,
  toPeople,
} from '../../db/queries/person.queries.ts';
import { regionExists } from '../../db/queries/region.queries.ts';
import { revokeSessionsOfPerson } from '../../db/queries/session.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { IdParams } from '../../shared/params.ts';
import {
  Coverage,
  CreatedPerson,
  Invitation,
  NewPerson,
  PeoplePage,
  PeopleQuery,
  Person,
  PersonUpdate,
  REGIONAL_ROLES,
  type Role,
} from '../../shared/people.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { RegionCode } from '../../shared/regions.ts';
import { issueInvitation } from '../auth/invitations.ts';
import { assertRegionAllowed } from '../auth/scope.ts';
import type { Auth } from '../plugins/auth.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, uniqueViolation } from '../errors.ts';

export function personSummary(p: Person) {
  return {
    name: p.name,
    role: p.role,
    username: p.username,
    phone: p.phone,
    regions: p.regions,
    districts: p.districts,
    active: p.active,
  };
}

export function actorOf(auth: Auth, ip: string) {
  return { actorId: auth.user.id, actorRole: auth.user.role, ip };
}

/** Checks the regions of a new or changed person; every regional role needs one. */
async function checkRegions(
  fastify: Parameters<FastifyPluginAsyncZod>[0],
  role: Role,
  regions: string[],
): Promise<void> {
  for (const [index, region] of regions.entries()) {
    if (!(await regionExists(fastify.db, region))) {
      throw new AppError(400, 'validation_failed', 'Unknown region', [
        { path: `regions.${index}`, message: `no region has the code "${region}"` },
      ]);
    }
  }
  if (REGIONAL_ROLES.includes(role) && regions.length === 0) {
    throw new AppError(400, 'validation_failed', 'This role needs a region', [
      { path: 'regions', message: `a ${role} works in at least one region` },
    ]);
  }
}

const peopleRoutes: FastifyPluginAsyncZod = async (fastify) => {
  /** The person, if the caller may see them (a regional coordinator: people of their regions). */
  async function visiblePerson(auth: Auth, id: number): Promise<Person> {
    const electionId = await findActiveElectionId(fastify.db);
    const regions = auth.scope === 'all' ? undefined : auth.user.regions;
    const { items } = await listPeople(fastify.db, electionId, { id, regions, assignment: 'any', limit: 1 });
    if (items[0]) return items[0];
    if (await findPersonById(fastify.db, id)) throw new ForbiddenError('This person works outside your regions');
    throw new NotFoundError('No such person');
  }

  fastify.get(
    '/api/people',
    {
      config: { action: 'people.read' },
      schema: {
        tags: ['people'],
        summary: 'People, filtered by role, region, text and assignment state',
        querystring: PeopleQuery,
        response: { 200: PeoplePage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { role, region, q, assignment, limit, cursor } = request.query;
      assertRegionAllowed(auth, region);
      const electionId = await findActiveElectionId(fastify.db);
      const regions = region ? [region] : auth.scope === 'all' ? undefined : auth.user.regions;
      const page = await listPeople(fastify.db, electionId, {
        role,
        regions,
        q: q || undefined,
        assignment,
        limit,
        afterId: cursor === undefined ? undefined : Number(cursor),
      });
      const last = page.items.at(-1);
      return { items: page.items, nextCursor: page.hasMore && last ? String(last.id) : null };
    },
  );

  fastify.get(
    '/api/people/:id',
    {
      config: { action: 'people.read' },
      schema: {
        tags: ['people'],
        summary: 'One person',
        params: IdParams,
        response: { 200: Person, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => visiblePerson(request.auth!, request.params.id),
  );

  fastify.post(
    '/api/people',
    {
      config: { action: 'people.write' },
      schema: {
        tags: ['people'],
        summary: 'Add a person; answers their one-time invitation code',
        body: NewPerson,
        response: { 201: CreatedPerson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const body = request.body;
      const phone = body.phone ? normalizePhone(body.phone) : null;
      if (body.phone && !phone) {
        throw new AppError(400, 'validation_failed', 'Invalid phone number', [
          { path: 'phone', message: 'not a valid phone number (e.g. +7 701 123 45 67)' },
        ]);
      }
      const regions = [...new Set(body.regions)];
      await checkRegions(fastify, body.role, regions);
      const invitation = issueInvitation(fastify.config.invitationTtlDays);
      try {
        const person = await fastify.db.transaction().execute(async (trx) => {
          const row = await insertPerson(
            trx,
            {
              name: body.name,
              role: body.role,
              username: body.username ?? null,
              phone,
              districts: [...new Set(body.districts)],
              invitation_hash: invitation.hash,
              invitation_expires_at: invitation.expiresAt,
            },
            regions,
          );
          const [created] = await toPeople(trx, null, [row]);
          await writeAudit(trx, {
            ...actorOf(auth, request.ip),
            action: 'person.create',
            entityType: 'person',
            entityId: row.id,
            after: personSummary(created!),
          });
          return created!;
        });
        return reply.code(201).send({
          person,
          invitation: { personId: person.id, code: invitation.code, expiresAt: invitation.expiresAt.toISOString() },
        });
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint) {
          const field = constraint.includes('phone') ? 'phone' : 'username';
          throw new ConflictError(`Someone already has this ${field}`, [{ path: field, message: 'already taken' }]);
        }
        throw error;
      }
    },
  );

  fastify.patch(
    '/api/people/:id',
    {
      config: { action: 'people.write' },
      schema: {
        tags: ['people'],
        summary: 'Rename, (de)activate or move a person between regions',
        params: IdParams,
        body: PersonUpdate,
        response: { 200: Person, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const before = await visiblePerson(auth, request.params.id);
      const { name, active, regions, districts } = request.body;
      if (regions) await checkRegions(fastify, before.role, [...new Set(regions)]);
      if (active === false && before.id === auth.user.id) {
        throw new AppError(409, 'conflict', 'You cannot deactivate yourself');
      }
      const after = await fastify.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('people')
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(active !== undefined ? { is_active: active } : {}),
            ...(districts !== undefined ? { districts: [...new Set(districts)] } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (regions) await setPersonRegions(trx, row.id, [...new Set(regions)]);
        if (active === false) await revokeSessionsOfPerson(trx, row.id);
        const [person] = await toPeople(trx, await findActiveElectionId(trx), [row]);
        await writeAudit(trx, {
          ...actorOf(auth, request.ip),
          action: 'person.update',
          entityType: 'person',
          entityId: row.id,
          before: personSummary(before),
          after: personSummary(person!),
        });
        return person!;
      });
      if (active === false) fastify.io.in(`person:${after.id}`).disconnectSockets(true);
      return after;
    },
  );

  fastify.post(
    '/api/people/:id/invitation',
    {
      config: { action: 'people.write' },
      schema: {
        tags: ['people'],
        summary: 'Issue a new invitation code (the old one stops working; so does the password)',
        params: IdParams,
        response: { 201: Invitation, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const person = await visiblePerson(auth, request.params.id);
      const invitation = issueInvitation(fastify.config.invitationTtlDays);
      await fastify.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('people')
          .set({
            invitation_hash: invitation.hash,
            invitation_expires_at: invitation.expiresAt,
            password_hash: null,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', person.id)
          .execute();
        await revokeSessionsOfPerson(trx, person.id);
        await writeAudit(trx, {
          ...actorOf(auth, request.ip),
          action: 'person.invite',
          entityType: 'person',
          entityId: person.id,
        });
      });
      fastify.io.in(`person:${person.id}`).disconnectSockets(true);
      return reply
        .code(201)
        .send({ personId: person.id, code: invitation.code, expiresAt: invitation.expiresAt.toISOString() });
    },
  );

  fastify.post(
    '/api/people/:id/sessions/revoke',
    {
      config: { action: 'sessions.revoke' },
      schema: {
        tags: ['people'],
        summary: 'End every session of a person now; their sockets are disconnected at once',
        params: IdParams,
        response: {
          200: z.object({ revoked: z.number().int() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const person = await visiblePerson(auth, request.params.id);
      const revoked = await fastify.db.transaction().execute(async (trx) => {
        const n = await revokeSessionsOfPerson(trx, person.id);
        await writeAudit(trx, {
          ...actorOf(auth, request.ip),
          action: 'person.revoke_sessions',
          entityType: 'person',
          entityId: person.id,
          after: { revoked: n },
        });
        return n;
      });
      // Through the adapter, so sockets on every app node are dropped.
      fastify.io.in(`person:${person.id}`).disconnectSockets(true);
      return { revoked };
    },
  );

  fastify.get(
    '/api/coverage',
    {
      config: { action: 'assignments.read' },
      schema: {
        tags: ['people'],
        summary: "Stations with a primary observer (and with a reserve) out of all, in the caller's scope",
        querystring: z.object({ region: RegionCode.optional() }),
        response: { 200: Coverage, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { region } = request.query;
      assertRegionAllowed(auth, region);
      const electionId = await findActiveElectionId(fastify.db);
      const regions = region ? [region] : auth.scope === 'all' ? undefined : auth.user.regions;
      return coverage(fastify.db, electionId, regions);
    },
  );
};

export default peopleRoutes;
