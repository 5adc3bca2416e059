import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { listFindingCategories, readableFindingIds } from '../../db/queries/finding.queries.ts';
import { loadFindingDetail } from '../../db/queries/finding-write.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import { ErrorBody } from '../../shared/errors.ts';
import {
  Finding,
  FindingCategoryList,
  FindingEdit,
  FindingIdParams,
  FindingMerge,
  FindingRefer,
  FindingReview,
  NewFinding,
} from '../../shared/findings.ts';
import type { Action } from '../../shared/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { findingViewer, mayOf } from '../findings/finding-access.ts';
import {
  createFinding,
  editFinding,
  mergeFindings,
  referFinding,
  reviewFinding,
  type FindingWrite,
} from '../findings/finding-writer.ts';
import type { Auth } from '../plugins/auth.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Campaign findings (issue 9), the writing side: a long-term observer logs and edits a finding, a
 * coordinator verifies or rejects it, merges duplicates, and hands it to the legal team as a
 * complaint. Every write locks the finding, records a change and an audit line in one transaction,
 * and is pushed (`findings:changed`) after the commit. The views are in finding-views.routes.ts.
 */
const findingsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  /** The finding's page as this caller sees it, with what they may do now. */
  async function detailFor(user: SessionUser, id: string): Promise<Finding> {
    const detail = await loadFindingDetail(db, id);
    if (!detail) throw new NotFoundError('No such finding');
    const ref = {
      authorId: detail.author.id,
      region: detail.region,
      status: detail.status,
      mergedInto: detail.mergedInto,
    };
    return { ...detail, may: mayOf(user, ref) };
  }

  /** Commit first, then tell the rooms; answer with the finding as it is now. */
  async function answer(auth: Auth, write: FindingWrite): Promise<Finding> {
    fastify.findings.publish(write.changed);
    return detailFor(auth.user, write.id);
  }

  fastify.get(
    '/api/finding-categories',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary: 'The catalogue of finding categories (kk/ru/en), in the order the form lists them',
        response: { 200: FindingCategoryList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => ({ items: await listFindingCategories(db) }),
  );

  fastify.post(
    '/api/findings',
    {
      config: { action: 'findings.write' },
      schema: {
        tags: ['findings'],
        summary: 'Log a finding; idempotent by its id (a resend of the same finding answers 200)',
        body: NewFinding,
        response: { 200: Finding, 201: Finding, ...errors },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const electionId = await findActiveElectionId(db);
      if (electionId === null) throw new ConflictError('No election is active: findings cannot be logged');
      const write = await createFinding(db, auth, request.ip, electionId, request.body);
      const finding = await answer(auth, write);
      return reply.code(write.written ? 201 : 200).send(finding);
    },
  );

  fastify.get(
    '/api/findings/:id',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary:
          "A finding's page: history, evidence (its duplicates' too), duplicates, complaints and what you may do",
        params: FindingIdParams,
        response: { 200: Finding, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { id } = request.params;
      const exists = await db.selectFrom('findings').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new NotFoundError('No such finding');
      const viewer = findingViewer(auth.user);
      if (!viewer || !(await readableFindingIds(db, viewer, [id])).has(id))
        throw new ForbiddenError('You may not see this finding');
      return detailFor(auth.user, id);
    },
  );

  /** Each write on a finding: answered with the finding's page (200), pushed after the commit. */
  const write = <Body extends z.ZodType>(action: Action, summary: string, body: Body) => ({
    config: { action },
    schema: { tags: ['findings'], summary, params: FindingIdParams, body, response: { 200: Finding, ...errors } },
  });

  fastify.patch(
    '/api/findings/:id',
    write(
      'findings.write',
      'Edit a finding until it is verified (the fields sent); idempotent by changeId, refused on a stale version',
      FindingEdit,
    ),
    async ({ auth, ip, params, body }) => answer(auth!, await editFinding(db, auth!, ip, params.id, body)),
  );

  fastify.post(
    '/api/findings/:id/review',
    write('findings.review', "Verify, reject (with a reason), reopen or close a finding; not one's own", FindingReview),
    async ({ auth, ip, params, body }) => answer(auth!, await reviewFinding(db, auth!, ip, params.id, body)),
  );

  fastify.post(
    '/api/findings/:id/merge',
    write(
      'findings.review',
      'Fold a duplicate into this finding: its evidence and sources show here, it leaves lists and reports',
      FindingMerge,
    ),
    async ({ auth, ip, params, body }) => answer(auth!, await mergeFindings(db, auth!, ip, params.id, body)),
  );

  fastify.post(
    '/api/findings/:id/refer',
    write(
      'findings.refer',
      'Hand a verified finding to the legal team as a draft complaint (text pre-filled when empty)',
      FindingRefer,
    ),
    async ({ auth, ip, params, body }) => answer(auth!, await referFinding(db, auth!, ip, params.id, body)),
  );
};

export default findingsRoutes;
