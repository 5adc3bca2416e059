import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { findingVisibility, listFindingCategories } from '../../db/queries/finding.queries.ts';
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
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { mayOf } from '../findings/finding-access.ts';
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
      const viewer = { userId: auth.user.id, role: auth.user.role, scope: auth.scope, regions: auth.user.regions };
      const exists = await db.selectFrom('findings').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new NotFoundError('No such finding');
      const visible = await db
        .selectFrom('findings')
        .select('id')
        .where('id', '=', id)
        .where(findingVisibility(viewer))
        .executeTakeFirst();
      if (!visible) throw new ForbiddenError('You may not see this finding');
      return detailFor(auth.user, id);
    },
  );

  fastify.patch(
    '/api/findings/:id',
    {
      config: { action: 'findings.write' },
      schema: {
        tags: ['findings'],
        summary:
          'Edit a finding until it is verified (the fields sent); idempotent by changeId, refused on a stale version',
        params: FindingIdParams,
        body: FindingEdit,
        response: { 200: Finding, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return answer(auth, await editFinding(db, auth, request.ip, request.params.id, request.body));
    },
  );

  fastify.post(
    '/api/findings/:id/review',
    {
      config: { action: 'findings.review' },
      schema: {
        tags: ['findings'],
        summary: "Verify, reject (with a reason), reopen or close a finding; not one's own",
        params: FindingIdParams,
        body: FindingReview,
        response: { 200: Finding, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return answer(auth, await reviewFinding(db, auth, request.ip, request.params.id, request.body));
    },
  );

  fastify.post(
    '/api/findings/:id/merge',
    {
      config: { action: 'findings.review' },
      schema: {
        tags: ['findings'],
        summary: 'Fold a duplicate into this finding: its evidence and sources show here, it leaves lists and reports',
        params: FindingIdParams,
        body: FindingMerge,
        response: { 200: Finding, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return answer(auth, await mergeFindings(db, auth, request.ip, request.params.id, request.body));
    },
  );

  fastify.post(
    '/api/findings/:id/refer',
    {
      config: { action: 'findings.refer' },
      schema: {
        tags: ['findings'],
        summary: 'Hand a verified finding to the legal team as a draft complaint (text pre-filled when empty)',
        params: FindingIdParams,
        body: FindingRefer,
        response: { 200: Finding, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return answer(auth, await referFinding(db, auth, request.ip, request.params.id, request.body));
    },
  );
};

export default findingsRoutes;
