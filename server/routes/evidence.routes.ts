import { canSeeStation } from '../auth/scope.ts';
import { memberMaySeeViolation } from '../dispatch/dispatch-service.ts';
import { publishViolations } from '../violations/violation-writer.ts';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Insertable } from 'kysely';
import rangeParser from 'range-parser';
import { z } from 'zod';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import {
  countProtocolPhotos,
  evidenceItemToRecord,
  findEvidence,
  findFindingPlace,
  findStationPlace,
  findThumbnail,
  findViolationPlace,
  insertEvidence,
  lockProtocolPhotos,
  type EvidenceItem,
} from '../../db/queries/evidence.queries.ts';
import { ensureStationProtocols } from '../../db/queries/protocol.queries.ts';
import type { EvidenceTable } from '../../db/schema.ts';
import { mayReadFindingFiles } from '../../db/queries/finding.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import { EDITABLE_STATUSES } from '../../shared/findings.ts';
import { scopeFor } from '../../shared/permissions.ts';
import {
  EvidenceCreate,
  EvidenceIdParams,
  EvidenceRecord,
  EvidenceUpload,
  MAX_THUMBNAIL_BYTES,
  UploadOffsetQuery,
} from '../../shared/evidence.ts';
import { MAX_PROTOCOL_PHOTOS } from '../../shared/protocols.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { EvidenceUploads, offsetConflict, partialKey } from '../evidence/evidence-uploads.ts';
import { LocalEvidenceStorage } from '../evidence/storage.ts';
import { findingViewer } from '../findings/finding-access.ts';
import type { Auth } from '../plugins/auth.ts';
import { findingPush } from '../plugins/findings.ts';

/**
 * Protocol photos a station may hold: three copies' worth (a copy has at most MAX_PROTOCOL_PHOTOS),
 * for a retaken or corrected copy, but not a disk filled from one phone.
 */
const MAX_STATION_PROTOCOL_PHOTOS = 3 * MAX_PROTOCOL_PHOTOS;

/** Room for the multipart boundary and part headers around the file's bytes. */
const MULTIPART_OVERHEAD = 16 * 1024;

const EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/3gpp': '3gp',
};

/** Raw bytes: sent as they are, never serialized. */
const Bytes = z.unknown().describe('The file bytes');

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;

/** An upload is continued by the person who started it, or by HQ on their behalf. */
function assertUploader(auth: Auth, item: EvidenceItem): void {
  if (auth.scope !== 'all' && item.uploader_id !== auth.user.id) {
    throw new ForbiddenError('Only the person who started this upload may continue it');
  }
}

/**
 * A finding's file goes with the finding (a merged duplicate's with the one it was folded into):
 * whoever may read that finding reads its files, and nobody else. For other evidence, HQ and the
 * legal team see all; a coordinator their regions'; anyone else their own uploads, and a team
 * member that of a violation their group was sent to. Whoever types protocols from photos sees
 * every protocol photo (and, for that, nothing else).
 */
async function assertMayRead(app: FastifyInstance, auth: Auth, item: EvidenceItem): Promise<void> {
  if (item.finding_id !== null) {
    const viewer = findingViewer(auth.user);
    if (!viewer || !(await mayReadFindingFiles(app.db, viewer, item.finding_id)))
      throw new ForbiddenError('You may not see the files of this finding');
    return;
  }
  const allowed =
    auth.scope === 'all' ||
    (item.purpose === 'protocol_photo' && scopeFor(auth.user.role, 'protocols.enter') !== null) ||
    (auth.scope === 'regions' && auth.user.regions.includes(item.region_code)) ||
    item.uploader_id === auth.user.id ||
    (auth.user.role === 'mobile_member' &&
      item.violation_id !== null &&
      (await memberMaySeeViolation(app, auth.user.id, item.violation_id)));
  if (!allowed) throw new ForbiddenError('You may not see this evidence');
}

/** A reply sent before the body was read: close the connection rather than read the rest of it. */
const closeAfter = (reply: FastifyReply) => reply.header('connection', 'close');

const evidenceRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { config } = fastify;
  // Scoped to these routes: nowhere else takes multipart bodies.
  await fastify.register(multipart, { limits: { files: 1, fields: 10, parts: 11 } });

  const storage = new LocalEvidenceStorage(config.evidenceDir);
  const uploads = new EvidenceUploads(
    fastify.db,
    storage,
    { photo: config.evidenceMaxPhotoBytes, video: config.evidenceMaxVideoBytes },
    async (item) => {
      if (item.violation_id) await publishViolations(fastify, [item.violation_id], []);
      // A finding's page counts its files: its readers refetch it.
      const finding = item.finding_id ? await findFindingPlace(fastify.db, item.finding_id) : null;
      if (finding) fastify.findings.publish([findingPush(finding)]);
    },
  );

  async function loadReadable(request: FastifyRequest, id: string): Promise<EvidenceItem> {
    const item = await findEvidence(fastify.db, id);
    if (!item) throw new NotFoundError('No such evidence');
    await assertMayRead(fastify, request.auth!, item);
    return item;
  }

  async function audit(request: FastifyRequest, action: string, id: string, after?: unknown) {
    const user = request.auth!.user;
    await writeAudit(fastify.db, {
      actorId: user.id,
      actorRole: user.role,
      ip: request.ip,
      action,
      entityType: 'evidence',
      entityId: id,
      after,
    });
  }

  /** Where a violation's file or a protocol photo belongs: the station must be the caller's to see. */
  async function stationFilePlace(auth: Auth, violationId: string | undefined, stationId: number | undefined) {
    const place = violationId
      ? await findViolationPlace(fastify.db, violationId)
      : await findStationPlace(fastify.db, stationId ?? 0);
    if (!place)
      throw new NotFoundError(violationId ? 'No such violation: send the violation first' : 'No such station');
    const station = { id: place.stationId, electionId: place.electionId, region: place.region };
    if (!(await canSeeStation(fastify.db, auth, station)))
      throw new ForbiddenError(
        violationId
          ? 'You may not add evidence to this violation'
          : 'You may add protocol photos only for your own station',
      );
    return place;
  }

  /**
   * Where a finding's file belongs: the finding's region and station (it may name none). HQ and the
   * region's coordinator add files to an open finding at any stage; its author only while they may
   * still edit it, so nothing unreviewed joins a verified finding (and its report).
   */
  async function findingFilePlace(auth: Auth, findingId: string) {
    const finding = await findFindingPlace(fastify.db, findingId);
    if (!finding) throw new NotFoundError('No such finding: send the finding first');
    const reviewer =
      auth.scope === 'all' || (auth.scope === 'regions' && auth.user.regions.includes(finding.region_code));
    if (!reviewer && finding.author_id !== auth.user.id)
      throw new ForbiddenError('You may not add evidence to this finding');
    if (finding.merged_into_id !== null)
      throw new ConflictError(`This finding was merged into ${finding.merged_into_id}: add files to that one`);
    if (!reviewer && !EDITABLE_STATUSES.includes(finding.status))
      throw new ConflictError(`This finding was reviewed (${finding.status}): only a coordinator may add files now`);
    return { electionId: finding.election_id, stationId: finding.station_id, region: finding.region_code };
  }

  fastify.post(
    '/api/evidence',
    {
      config: { action: 'evidence.upload' },
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['evidence'],
        summary: 'Declare an evidence file (size, violation, when and where taken, thumbnail); idempotent by id',
        body: EvidenceCreate,
        response: { 200: EvidenceUpload, 201: EvidenceUpload, ...errors, 409: ErrorBody, 413: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const body = request.body;
      // The schema allows exactly one of three: a violation's file, a finding's, or a station's protocol photo.
      const place = body.findingId
        ? await findingFilePlace(auth, body.findingId)
        : await stationFilePlace(auth, body.violationId, body.stationId);
      if (body.size > config.evidenceMaxVideoBytes) {
        throw new AppError(413, 'payload_too_large', `A file may be at most ${config.evidenceMaxVideoBytes} bytes`);
      }
      if (body.purpose === 'protocol_photo' && body.size > config.evidenceMaxPhotoBytes) {
        throw new AppError(
          413,
          'payload_too_large',
          `A protocol photo may be at most ${config.evidenceMaxPhotoBytes} bytes`,
        );
      }
      let thumbnail: Buffer | null = null;
      if (body.thumbnail) {
        thumbnail = Buffer.from(body.thumbnail, 'base64');
        const type = thumbnail.length <= MAX_THUMBNAIL_BYTES ? await fileTypeFromBuffer(thumbnail) : undefined;
        if (type?.mime !== 'image/jpeg') {
          throw new AppError(400, 'validation_failed', 'Invalid thumbnail', [
            { path: 'thumbnail', message: `a JPEG of at most ${MAX_THUMBNAIL_BYTES} bytes` },
          ]);
        }
      }
      const values: Insertable<EvidenceTable> = {
        id: body.id,
        violation_id: body.violationId ?? null,
        finding_id: body.findingId ?? null,
        station_id: place.stationId,
        region_code: place.region,
        purpose: body.purpose,
        uploader_id: auth.user.id,
        state: 'uploading',
        size: body.size,
        storage_key: partialKey(body.id),
        file_name: body.fileName ?? null,
        captured_at: body.capturedAt ?? null,
        lat: body.position?.lat ?? null,
        lng: body.position?.lng ?? null,
        accuracy_m: body.position?.accuracy ?? null,
        thumbnail,
      };
      // A protocol photo always names its station (the schema says so; a finding's file may not).
      const protocolStation =
        body.purpose === 'protocol_photo' && place.stationId !== null ? { ...place, stationId: place.stationId } : null;
      const created = protocolStation
        ? await fastify.db.transaction().execute(async (trx) => {
            await lockProtocolPhotos(trx, protocolStation.stationId);
            // A declaration sent again is answered below, whatever the count.
            if (
              !(await findEvidence(trx, body.id)) &&
              (await countProtocolPhotos(trx, protocolStation.stationId)) >= MAX_STATION_PROTOCOL_PHOTOS
            ) {
              throw new ConflictError(
                `This station has ${MAX_STATION_PROTOCOL_PHOTOS} protocol photos already: no more can be added`,
                [
                  {
                    path: 'stationId',
                    message: `at most ${MAX_STATION_PROTOCOL_PHOTOS} protocol photos per station`,
                  },
                ],
              );
            }
            const inserted = await insertEvidence(trx, values);
            // The station enters the operators' queue once a photo is complete (claimNext).
            if (inserted) await ensureStationProtocols(trx, [protocolStation]);
            return inserted;
          })
        : await insertEvidence(fastify.db, values);
      const item = (await findEvidence(fastify.db, body.id))!;
      if (!created) {
        assertUploader(auth, item);
        if (
          item.size !== body.size ||
          item.violation_id !== (body.violationId ?? null) ||
          item.finding_id !== (body.findingId ?? null) ||
          item.station_id !== place.stationId
        ) {
          throw new ConflictError('This evidence id was declared with another file, violation, finding or station');
        }
      }
      return reply.code(created ? 201 : 200).send(uploads.state(item));
    },
  );

  fastify.get(
    '/api/evidence/:id/upload',
    {
      config: { action: 'evidence.upload' },
      schema: {
        tags: ['evidence'],
        summary: "An upload's state: the offset the phone continues from",
        params: EvidenceIdParams,
        response: { 200: EvidenceUpload, ...errors },
      },
    },
    async (request) => {
      const item = await findEvidence(fastify.db, request.params.id);
      if (!item) throw new NotFoundError('No such evidence');
      assertUploader(request.auth!, item);
      return uploads.state(item);
    },
  );

  fastify.put(
    '/api/evidence/:id/content',
    {
      config: { action: 'evidence.upload' },
      schema: {
        tags: ['evidence'],
        summary: 'Send the bytes from `offset` as one multipart file part; the last byte completes the upload',
        params: EvidenceIdParams,
        querystring: UploadOffsetQuery,
        consumes: ['multipart/form-data'],
        response: { 200: EvidenceUpload, ...errors, 409: ErrorBody, 413: ErrorBody },
      },
      // Runs after authentication and before anything reads the body: a part that cannot fit is
      // refused from its headers, so a phone does not push 200 MB only to hear "too large".
      onRequest: async (request, reply) => {
        try {
          const params = EvidenceIdParams.safeParse(request.params);
          const query = UploadOffsetQuery.safeParse(request.query);
          const item = params.success ? await findEvidence(fastify.db, params.data.id) : null;
          if (item) assertUploader(request.auth!, item);
          const uploading = item?.state === 'uploading' ? item : null;
          // The phone's next step is to ask where to continue: say so before weighing the part.
          if (uploading && query.success && query.data.offset !== uploading.received_bytes) {
            throw offsetConflict(uploading.received_bytes);
          }
          const length = Number(request.headers['content-length']);
          const room = uploading ? uploading.size - uploading.received_bytes : config.evidenceMaxVideoBytes;
          if (Number.isFinite(length) && length > room + MULTIPART_OVERHEAD) {
            throw new AppError(413, 'payload_too_large', `This part may hold at most ${room} bytes`);
          }
        } catch (error) {
          closeAfter(reply);
          throw error;
        }
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      try {
        const item = await findEvidence(fastify.db, request.params.id);
        if (!item) throw new NotFoundError('No such evidence');
        assertUploader(auth, item);
        const done = await uploads.receive(
          item.id,
          request.query.offset,
          async () => (await request.file({ throwFileSizeLimit: false, limits: { fileSize: item.size + 1 } }))?.file,
          { user: auth.user, ip: request.ip },
        );
        // A resent last part of a finished upload is answered without reading it.
        if (!request.raw.readableEnded) closeAfter(reply);
        return uploads.state(done);
      } catch (error) {
        closeAfter(reply);
        throw error;
      }
    },
  );

  fastify.get(
    '/api/evidence/:id',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: 'One evidence file with its chain of custody (recorded in the audit log)',
        params: EvidenceIdParams,
        response: { 200: EvidenceRecord, ...errors },
      },
    },
    async (request) => {
      const item = await loadReadable(request, request.params.id);
      const record = evidenceItemToRecord(item);
      if (!record) throw new NotFoundError('No bytes of this file have arrived yet');
      await audit(request, 'evidence.view', item.id);
      return record;
    },
  );

  fastify.get(
    '/api/evidence/:id/content',
    {
      config: { action: 'evidence.read' },
      // Originals go out byte for byte: ranges and the hash must match what is stored.
      compress: false,
      schema: {
        tags: ['evidence'],
        summary: 'The original bytes (Range requests supported); every view and download is audit-logged',
        params: EvidenceIdParams,
        querystring: z.object({ download: z.enum(['0', '1']).optional() }),
        response: { 200: Bytes, 206: Bytes, ...errors, 409: ErrorBody, 416: ErrorBody },
      },
    },
    async (request, reply) => {
      const item = await loadReadable(request, request.params.id);
      if (item.state !== 'complete' || !item.mime) throw new ConflictError('The file is still being uploaded');
      const download = request.query.download === '1';
      const name = `evidence-${item.id}.${EXTENSION[item.mime] ?? 'bin'}`;
      reply
        .header('content-type', item.mime)
        .header('accept-ranges', 'bytes')
        .header('etag', `"${item.sha256}"`)
        .header('x-content-type-options', 'nosniff')
        // Not cached: every look at evidence must reach the audit log.
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${name}"`);
      const header = request.headers.range;
      const ranges = header ? rangeParser(item.size, header, { combine: true }) : -2;
      if (ranges === -1) {
        reply.header('content-range', `bytes */${item.size}`);
        throw new AppError(416, 'bad_request', 'The requested range is outside the file');
      }
      // One range is served as asked; several (rare from players) get the whole file.
      const range = Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes' ? ranges[0]! : null;
      if (request.method !== 'HEAD') {
        await audit(request, download ? 'evidence.download' : 'evidence.view', item.id, {
          range: range ? `${range.start}-${range.end}` : null,
          sha256: item.sha256,
        });
      }
      if (range) {
        reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${item.size}`)
          .header('content-length', String(range.end - range.start + 1));
        return reply.send(storage.read(item.storage_key, range));
      }
      reply.header('content-length', String(item.size));
      return reply.send(storage.read(item.storage_key));
    },
  );

  fastify.get(
    '/api/evidence/:id/thumbnail',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: 'The phone-made JPEG thumbnail (404 when none); recorded in the audit log',
        params: EvidenceIdParams,
        response: { 200: Bytes, ...errors },
      },
    },
    async (request, reply) => {
      const item = await loadReadable(request, request.params.id);
      const thumbnail = item.has_thumbnail ? await findThumbnail(fastify.db, item.id) : null;
      if (!thumbnail) throw new NotFoundError('This evidence has no thumbnail');
      await audit(request, 'evidence.thumbnail', item.id);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(thumbnail));
    },
  );
};

export default evidenceRoutes;
