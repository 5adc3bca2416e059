import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CandidateList,
  CandidatesQuery,
  Dispatch,
  DispatchBoard,
  DispatchList,
  DispatchListQuery,
  DispatchMetrics,
  DispatchMetricsQuery,
  DispatchTransition,
  DutyChange,
  GroupBoardItem,
  NewDispatch,
  PositionPurgeQuery,
  PositionPurgeResult,
  PositionReport,
  TeamView,
} from '../../shared/dispatch.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { IdParams } from '../../shared/params.ts';
import { assertRegionAllowed } from '../auth/scope.ts';
import {
  changeDuty,
  createDispatch,
  dispatchBoard,
  dispatchMetrics,
  listDispatches,
  purgePositions,
  rankCandidates,
  reportPosition,
  teamView,
  transitionDispatch,
  type Actor,
} from '../dispatch/dispatch-service.ts';
import type { FastifyRequest } from 'fastify';

const actor = (request: FastifyRequest): Actor => ({
  user: request.auth!.user,
  scope: request.auth!.scope,
  ip: request.ip,
});
const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } as const;

const dispatchRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/dispatch/candidates',
    {
      config: { action: 'dispatch.write' },
      schema: {
        tags: ['dispatch'],
        summary:
          'Groups ranked by straight-line travel time to a station or violation, with why others are not offered',
        querystring: CandidatesQuery,
        response: { 200: CandidateList, ...Errors },
      },
    },
    async (request) => rankCandidates(fastify, actor(request), request.query),
  );

  fastify.post(
    '/api/dispatches',
    {
      config: { action: 'dispatch.write' },
      schema: {
        tags: ['dispatch'],
        summary: 'Send a group; a resend of the same id answers 200; a busy group 409 unless queued',
        body: NewDispatch,
        response: { 200: Dispatch, 201: Dispatch, ...Errors },
      },
    },
    async (request, reply) => {
      const { dispatch, created } = await createDispatch(fastify, actor(request), request.body);
      return reply.code(created ? 201 : 200).send(dispatch);
    },
  );

  fastify.post(
    '/api/dispatches/:id/transition',
    {
      config: { action: 'dispatch.respond' },
      schema: {
        tags: ['dispatch'],
        summary: "One step of a dispatch: the team's own steps, or HQ's (any step, and cancel)",
        params: z.object({ id: z.uuid() }),
        body: DispatchTransition,
        response: { 200: Dispatch, ...Errors },
      },
    },
    async (request) => transitionDispatch(fastify, actor(request), request.params.id, request.body),
  );

  fastify.get(
    '/api/dispatches',
    {
      config: { action: 'dispatch.read' },
      schema: {
        tags: ['dispatch'],
        summary: 'Dispatches of the active election the caller may see, newest first',
        querystring: DispatchListQuery,
        response: { 200: DispatchList, ...Errors },
      },
    },
    async (request) => {
      assertRegionAllowed(request.auth!, request.query.region);
      const { open, region } = request.query;
      return {
        items: await listDispatches(fastify, actor(request), {
          open: open === 'true',
          ...(region ? { region } : {}),
        }),
      };
    },
  );

  fastify.get(
    '/api/dispatch/board',
    {
      config: { action: 'dispatch.read' },
      schema: {
        tags: ['dispatch'],
        summary: 'Every group the caller may see: status, time in state, last position and its age, current dispatch',
        response: { 200: DispatchBoard, ...Errors },
      },
    },
    async (request) => dispatchBoard(fastify, actor(request)),
  );

  fastify.get(
    '/api/dispatch/metrics',
    {
      config: { action: 'dispatch.metrics' },
      schema: {
        tags: ['dispatch'],
        summary: 'Per election day (local date): time to acknowledge and to arrive, median and p90, per region',
        querystring: DispatchMetricsQuery,
        response: { 200: DispatchMetrics, ...Errors },
      },
    },
    async (request) => dispatchMetrics(fastify, actor(request), request.query.day),
  );

  fastify.get(
    '/api/team',
    {
      config: { action: 'team.read' },
      schema: {
        tags: ['dispatch'],
        summary: "The team app's view: own group, open dispatches with their violation or help call, stations",
        response: { 200: TeamView, ...Errors },
      },
    },
    async (request) => teamView(fastify, actor(request)),
  );

  fastify.post(
    '/api/groups/:id/duty',
    {
      config: { action: 'positions.report' },
      schema: {
        tags: ['dispatch'],
        summary: "A member's duty switch for their group (on duty: available, sharing its position)",
        params: IdParams,
        body: DutyChange,
        response: { 200: GroupBoardItem, ...Errors },
      },
    },
    async (request) => changeDuty(fastify, actor(request), request.body, request.params.id),
  );

  fastify.post(
    '/api/groups/:id/position',
    {
      config: { action: 'positions.report' },
      schema: {
        tags: ['dispatch'],
        summary: "A member's phone reports where the team is",
        params: IdParams,
        body: PositionReport,
        response: { 200: z.object({ groupId: z.number().int(), at: z.iso.datetime() }), ...Errors },
      },
    },
    async (request) => reportPosition(fastify, actor(request), request.body, request.params.id),
  );

  fastify.delete(
    '/api/positions',
    {
      config: { action: 'positions.purge' },
      schema: {
        tags: ['dispatch'],
        summary: 'Purge the groups’ positions recorded before a moment (after the election period)',
        querystring: PositionPurgeQuery,
        response: { 200: PositionPurgeResult, ...Errors },
      },
    },
    async (request) => ({ deleted: await purgePositions(fastify, actor(request), new Date(request.query.before)) }),
  );
};

export default dispatchRoutes;
