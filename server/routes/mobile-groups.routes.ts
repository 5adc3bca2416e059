import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { listMobileGroups, replaceGroupMembers, replaceGroupStations } from '../../db/queries/mobile-group.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { IdParams } from '../../shared/params.ts';
import { MobileGroup, MobileGroupList, MobileGroupUpdate, NewMobileGroup } from '../../shared/mobile-groups.ts';
import { canSeeRegion } from '../auth/scope.ts';
import type { Auth } from '../plugins/auth.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, uniqueViolation } from '../errors.ts';
import { actorOf } from './people.routes.ts';

const mobileGroupRoutes: FastifyPluginAsyncZod = async (fastify) => {
  /** Members must be active mobile members; stations must be in the group's region and election. */
  async function checkParts(electionId: number, region: string, memberIds?: number[], stationIds?: number[]) {
    if (memberIds) {
      if (new Set(memberIds).size !== memberIds.length) {
        throw new AppError(400, 'validation_failed', 'A member is listed twice', [
          { path: 'memberIds', message: 'duplicate' },
        ]);
      }
      const people = await fastify.db
        .selectFrom('people')
        .select(['id', 'role', 'is_active'])
        .where('id', 'in', memberIds)
        .execute();
      memberIds.forEach((id, index) => {
        const person = people.find((p) => p.id === id);
        if (!person || person.role !== 'mobile_member' || !person.is_active) {
          throw new AppError(400, 'validation_failed', 'Members must be active mobile-group members', [
            { path: `memberIds.${index}`, message: person ? `this person is a ${person.role}` : 'no such person' },
          ]);
        }
      });
    }
    if (stationIds && stationIds.length > 0) {
      const stations = await fastify.db
        .selectFrom('stations')
        .select(['id', 'region_code', 'election_id'])
        .where('id', 'in', stationIds)
        .execute();
      stationIds.forEach((id, index) => {
        const station = stations.find((s) => s.id === id);
        if (!station || station.election_id !== electionId || station.region_code !== region) {
          throw new AppError(400, 'validation_failed', "Stations must be in the group's region", [
            {
              path: `stationIds.${index}`,
              message: station ? `station is in ${station.region_code}` : 'no such station',
            },
          ]);
        }
      });
    }
  }

  function scopeFilter(auth: Auth) {
    if (auth.scope === 'all') return {};
    if (auth.scope === 'regions') return { regions: auth.user.regions };
    return { memberId: auth.user.id };
  }

  async function findVisible(auth: Auth, id: number): Promise<MobileGroup> {
    const electionId = await findActiveElectionId(fastify.db);
    const [group] = await listMobileGroups(fastify.db, electionId, { id });
    if (!group) throw new NotFoundError('No such mobile group');
    const [visible] = await listMobileGroups(fastify.db, electionId, { id, ...scopeFilter(auth) });
    if (!visible) throw new ForbiddenError('Not your group or region');
    return visible;
  }

  const conflict = (error: unknown): never => {
    if (uniqueViolation(error)) {
      throw new ConflictError('A member already belongs to another group, or the name is taken', [
        { path: 'memberIds', message: 'each person is in one group at a time' },
      ]);
    }
    throw error;
  };

  fastify.get(
    '/api/mobile-groups',
    {
      config: { action: 'groups.read' },
      schema: {
        tags: ['mobile groups'],
        summary: 'Mobile groups of the active election the caller may see (a member: their own)',
        response: { 200: MobileGroupList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => ({
      items: await listMobileGroups(fastify.db, await findActiveElectionId(fastify.db), scopeFilter(request.auth!)),
    }),
  );

  fastify.get(
    '/api/mobile-groups/:id',
    {
      config: { action: 'groups.read' },
      schema: {
        tags: ['mobile groups'],
        summary: 'One mobile group with its members and stations',
        params: IdParams,
        response: { 200: MobileGroup, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => findVisible(request.auth!, request.params.id),
  );

  fastify.post(
    '/api/mobile-groups',
    {
      config: { action: 'groups.write' },
      schema: {
        tags: ['mobile groups'],
        summary: 'Form a mobile group of 2-3 members in a region, with the stations it tours',
        body: NewMobileGroup,
        response: { 201: MobileGroup, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const body = request.body;
      if (!canSeeRegion(auth, body.region)) throw new ForbiddenError(`You may not form groups in ${body.region}`);
      const electionId = await findActiveElectionId(fastify.db);
      if (electionId === null) throw new AppError(409, 'conflict', 'No active election');
      await checkParts(electionId, body.region, body.memberIds, body.stationIds);
      const id = await fastify.db
        .transaction()
        .execute(async (trx) => {
          const group = await trx
            .insertInto('mobile_groups')
            .values({ election_id: electionId, name: body.name, region_code: body.region })
            .returning('id')
            .executeTakeFirstOrThrow();
          await replaceGroupMembers(trx, group.id, body.memberIds);
          await replaceGroupStations(trx, group.id, [...new Set(body.stationIds)]);
          await writeAudit(trx, {
            ...actorOf(auth, request.ip),
            action: 'mobile_group.create',
            entityType: 'mobile_group',
            entityId: group.id,
            after: {
              name: body.name,
              region: body.region,
              memberIds: body.memberIds,
              stations: body.stationIds.length,
            },
          });
          return group.id;
        })
        .catch(conflict);
      return reply.code(201).send(await findVisible(auth, id));
    },
  );

  fastify.patch(
    '/api/mobile-groups/:id',
    {
      config: { action: 'groups.write' },
      schema: {
        tags: ['mobile groups'],
        summary: 'Rename a group, change its members or the stations it tours',
        params: IdParams,
        body: MobileGroupUpdate,
        response: { 200: MobileGroup, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const before = await findVisible(auth, request.params.id);
      const { name, memberIds, stationIds } = request.body;
      const electionId = await findActiveElectionId(fastify.db);
      await checkParts(electionId!, before.region, memberIds, stationIds);
      await fastify.db
        .transaction()
        .execute(async (trx) => {
          if (name !== undefined)
            await trx.updateTable('mobile_groups').set({ name }).where('id', '=', before.id).execute();
          if (memberIds) await replaceGroupMembers(trx, before.id, memberIds);
          if (stationIds) await replaceGroupStations(trx, before.id, [...new Set(stationIds)]);
          await writeAudit(trx, {
            ...actorOf(auth, request.ip),
            action: 'mobile_group.update',
            entityType: 'mobile_group',
            entityId: before.id,
            before: { name: before.name, memberIds: before.members.map((m) => m.id), stations: before.stations.length },
            after: {
              name: name ?? before.name,
              memberIds: memberIds ?? before.members.map((m) => m.id),
              stations: stationIds?.length ?? before.stations.length,
            },
          });
        })
        .catch(conflict);
      return findVisible(auth, before.id);
    },
  );
};

export default mobileGroupRoutes;
