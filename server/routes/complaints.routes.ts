import { publishViolations } from '../violations/violation-writer.ts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ANSWERED_STATUSES,
  AWAITING_ANSWER,
  COMPLAINT_MOVES,
  Complaint,
  ComplaintIdParams,
  ComplaintList,
  ComplaintListQuery,
  ComplaintUpdate,
  DeadlinesQuery,
  NewComplaint,
  PrintQuery,
  type ComplaintInput,
} from '../../shared/complaints.ts';
import { ErrorBody, type ErrorDetail } from '../../shared/errors.ts';
import { localDate } from '../../shared/geo.ts';
import { ViolationIdParams } from '../../shared/violations.ts';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import {
  compareDeadlines,
  findComplaint,
  findViolationForComplaint,
  insertComplaint,
  loadFindingPrint,
  listComplaints,
  loadViolationPrint,
  lockComplaint,
  takeViolationForLegal,
  updateComplaint,
} from '../../db/queries/complaint.queries.ts';
import { findFindingRow } from '../../db/queries/finding-write.queries.ts';
import { refreshStationViolations } from '../../db/queries/violation.queries.ts';
import { assertRegionAllowed, assertStationVisible, canSeeRegion, type Viewer } from '../auth/scope.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { renderAct } from '../print/act.print.ts';
import { renderComplaint, renderFindingComplaint } from '../print/complaint.print.ts';
import { findingPush } from '../plugins/findings.ts';

type Coherent = Pick<ComplaintInput, 'status' | 'filedOn' | 'answer' | 'answeredOn'>;

/** What the status demands: a filing date once filed, the answer and its date once answered. */
function incoherence(c: Coherent, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (c.status !== 'draft' && !c.filedOn) problems.push({ path: 'filedOn', message: 'say when it was filed' });
  if (ANSWERED_STATUSES.includes(c.status)) {
    if (!c.answer) problems.push({ path: 'answer', message: 'give the answer' });
    if (!c.answeredOn) problems.push({ path: 'answeredOn', message: 'say when it was answered' });
  }
  if (c.filedOn && c.filedOn > today) problems.push({ path: 'filedOn', message: 'cannot be in the future' });
  if (c.answeredOn && c.answeredOn > today) problems.push({ path: 'answeredOn', message: 'cannot be in the future' });
  if (c.filedOn && c.answeredOn && c.answeredOn < c.filedOn)
    problems.push({ path: 'answeredOn', message: 'cannot be before the filing date' });
  return problems;
}

function assertCoherent(c: Coherent, now: Date): void {
  const problems = incoherence(c, localDate(now));
  if (problems.length) throw new AppError(400, 'validation_failed', 'The complaint is incomplete', problems);
}

function assertRegionVisible(auth: Viewer, region: string): void {
  if (!canSeeRegion(auth, region)) throw new ForbiddenError(`You may not see region ${region}`);
}

/** Print pages load nothing from anywhere; the one inline script is the print button. */
function sendPrint(reply: FastifyReply, page: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
    .send(page);
}

const complaintsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  fastify.post(
    '/api/complaints',
    {
      config: { action: 'complaints.write' },
      schema: {
        tags: ['complaints'],
        summary:
          'Open a complaint about a violation (hands the violation to the legal team); idempotent by complaint id',
        body: NewComplaint,
        response: {
          200: Complaint,
          201: Complaint,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const input = request.body;
      const violation = await findViolationForComplaint(db, input.violationId);
      if (!violation) throw new NotFoundError('No such violation');
      assertRegionVisible(auth, violation.region_code);
      const existing = await findComplaint(db, input.id, new Date());
      if (existing) return resent(existing, input.violationId);
      assertCoherent(input, new Date());

      const written = await db.transaction().execute(async (trx) => {
        const created = await insertComplaint(trx, {
          id: input.id,
          violation_id: violation.id,
          election_id: violation.election_id,
          region_code: violation.region_code,
          addressee_kind: input.addresseeKind,
          addressee: input.addressee,
          text: input.text,
          filed_on: input.filedOn,
          status: input.status,
          answer: input.answer,
          answered_on: input.answeredOn,
          created_by: auth.user.id,
        });
        // A resend that raced the first request: it wrote the complaint, this one writes nothing.
        if (!created) return null;
        const taken = await takeViolationForLegal(trx, violation.id, input.id, auth.user.id);
        const stations = taken ? await refreshStationViolations(trx, [violation.station_id]) : [];
        await writeAudit(trx, {
          actorId: auth.user.id,
          actorRole: auth.user.role,
          ip: request.ip,
          action: 'complaint.create',
          entityType: 'complaint',
          entityId: input.id,
          before: null,
          after: { ...input, violationStatus: taken ? 'with_legal' : violation.status },
        });
        return { stations };
      });

      const complaint = await findComplaint(db, input.id, new Date());
      if (!complaint) throw new Error('complaint vanished after its commit');
      if (!written) return resent(complaint, input.violationId);
      // The violation's status and its count of complaints changed (a failed push is logged only).
      await publishViolations(fastify, [violation.id], written.stations);
      return reply.code(201).send(complaint);
    },
  );

  /** The same id again is the same form resent: answer with what exists, unless it was for another violation. */
  function resent(existing: Complaint, violationId: string): Complaint {
    if (existing.violationId !== violationId)
      throw new ConflictError('This complaint id is already used for another violation');
    return existing;
  }

  fastify.patch(
    '/api/complaints/:id',
    {
      config: { action: 'complaints.write' },
      schema: {
        tags: ['complaints'],
        summary: 'Edit a complaint or move its status (filed, answered, satisfied, rejected, appealed)',
        params: ComplaintIdParams,
        body: ComplaintUpdate,
        response: { 200: Complaint, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { id } = request.params;
      const now = new Date();
      const findingId = await db.transaction().execute(async (trx) => {
        const row = await lockComplaint(trx, id);
        if (!row) throw new NotFoundError('No such complaint');
        assertRegionVisible(auth, row.region_code);
        const before: ComplaintInput = {
          addresseeKind: row.addressee_kind,
          addressee: row.addressee,
          text: row.text,
          filedOn: row.filed_on,
          status: row.status,
          answer: row.answer,
          answeredOn: row.answered_on,
        };
        const sent = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined));
        const after: ComplaintInput = { ...before, ...sent };
        if (after.status !== before.status && !COMPLAINT_MOVES[before.status].includes(after.status)) {
          throw new ConflictError(`A complaint cannot go from ${before.status} to ${after.status}`);
        }
        assertCoherent(after, now);
        await updateComplaint(trx, id, {
          addressee_kind: after.addresseeKind,
          addressee: after.addressee,
          text: after.text,
          filed_on: after.filedOn,
          status: after.status,
          answer: after.answer,
          answered_on: after.answeredOn,
        });
        await writeAudit(trx, {
          actorId: auth.user.id,
          actorRole: auth.user.role,
          ip: request.ip,
          action: 'complaint.update',
          entityType: 'complaint',
          entityId: id,
          before,
          after,
        });
        return row.finding_id;
      });
      // A referred finding's page lists its complaints with their status: its readers refetch it.
      const finding = findingId ? await findFindingRow(db, findingId) : null;
      if (finding) fastify.findings.publish([findingPush(finding)]);
      return (await findComplaint(db, id, now))!;
    },
  );

  fastify.get(
    '/api/complaints',
    {
      config: { action: 'complaints.read' },
      schema: {
        tags: ['complaints'],
        summary: "A violation's complaints, oldest first",
        querystring: ComplaintListQuery,
        response: { 200: ComplaintList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const violation = await findViolationForComplaint(db, request.query.violationId);
      if (!violation) throw new NotFoundError('No such violation');
      assertRegionVisible(request.auth!, violation.region_code);
      return { items: await listComplaints(db, { violationId: violation.id }, new Date()) };
    },
  );

  fastify.get(
    '/api/complaints/deadlines',
    {
      config: { action: 'complaints.read' },
      schema: {
        tags: ['complaints'],
        summary:
          'Complaints awaiting an answer by time left to the legal deadline (overdue first); all=true for every one',
        querystring: DeadlinesQuery,
        response: { 200: ComplaintList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { region, all } = request.query;
      assertRegionAllowed(auth, region);
      const regions = region ? [region] : auth.scope === 'all' ? undefined : auth.user.regions;
      const items = await listComplaints(
        db,
        { ...(regions ? { regions } : {}), ...(all ? {} : { statuses: AWAITING_ANSWER }) },
        new Date(),
      );
      return { items: items.sort(compareDeadlines) };
    },
  );

  fastify.get(
    '/api/violations/:id/act.html',
    {
      config: { action: 'violations.read' },
      schema: {
        tags: ['complaints'],
        summary: 'The act on the violation as a print-ready A4 page (Kazakh or Russian), with the evidence hashes',
        params: ViolationIdParams,
        querystring: PrintQuery,
        response: { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const print = await loadViolationPrint(db, request.params.id);
      if (!print) throw new NotFoundError('No such violation');
      await assertStationVisible(db, request.auth!, {
        id: print.station.id,
        electionId: print.election.id,
        region: print.station.region,
      });
      return sendPrint(reply, renderAct(print, request.query.lang));
    },
  );

  fastify.get(
    '/api/complaints/:id/print.html',
    {
      config: { action: 'complaints.read' },
      schema: {
        tags: ['complaints'],
        summary:
          'The complaint as a print-ready A4 page (Kazakh or Russian), pre-filled from the violation or the referred finding',
        params: ComplaintIdParams,
        querystring: PrintQuery,
        response: { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const now = new Date();
      const complaint = await findComplaint(db, request.params.id, now);
      if (!complaint) throw new NotFoundError('No such complaint');
      assertRegionVisible(request.auth!, complaint.region);
      const { lang } = request.query;
      if (complaint.findingId) {
        const finding = await loadFindingPrint(db, complaint.findingId);
        if (!finding) throw new NotFoundError('No such finding');
        return sendPrint(reply, renderFindingComplaint(complaint, finding, lang, now));
      }
      const print = complaint.violationId ? await loadViolationPrint(db, complaint.violationId) : null;
      if (!print) throw new NotFoundError('No such violation');
      return sendPrint(reply, renderComplaint(complaint, print, lang, now));
    },
  );
};

export default complaintsRoutes;
