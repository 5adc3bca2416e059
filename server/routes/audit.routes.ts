import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit } from '../../db/queries/audit.queries.ts';
import { AuditPage, AuditQuery } from '../../shared/audit.ts';
import { ErrorBody } from '../../shared/errors.ts';

const auditRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/api/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first; filter by actor, action, entity and time',
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const page = await listAudit(fastify.db, request.query);
      const last = page.items.at(-1);
      return { items: page.items, nextCursor: page.hasMore && last ? String(last.id) : null };
    },
  );
};

export default auditRoutes;
