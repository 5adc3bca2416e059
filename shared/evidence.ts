import { z } from 'zod';
import { type EvidenceKind, EvidenceSummary } from './violations.ts';

/**
 * Evidence upload: chunked parts with a server-side offset (the tus idea over plain multipart).
 * 1. `POST /api/evidence` declares the file (size, what it belongs to, when and where it was
 *    taken, a small thumbnail made on the phone) and gets its offset (0, or more on a resend).
 * 2. `PUT /api/evidence/:id/content?offset=N` sends the bytes from N as one multipart file part;
 *    an interrupted part keeps what arrived, and `GET /api/evidence/:id/upload` tells the phone
 *    where to continue. The last byte fixes the SHA-256 and the file becomes immutable.
 */

/** Types recognised from the file's first bytes, never from its name. */
export const EVIDENCE_TYPES = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/heic': 'photo',
  'image/heif': 'photo',
  'image/webp': 'photo',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/3gpp': 'video',
} as const satisfies Record<string, EvidenceKind>;
export type EvidenceMime = keyof typeof EVIDENCE_TYPES;
export const isEvidenceMime = (mime: string): mime is EvidenceMime => mime in EVIDENCE_TYPES;

/** A thumbnail the phone makes (JPEG, ≤ 320 px), so HQ sees the picture before the video arrives. */
export const MAX_THUMBNAIL_BYTES = 96 * 1024;

export const EvidencePurpose = EvidenceSummary.shape.purpose;

export const EvidenceCreate = z
  .object({
    /** Client id (UUID): declaring the same file again returns its upload state. */
    id: z.uuid(),
    /** The violation the file belongs to; absent for a `protocol_photo`, which names `stationId`. */
    violationId: z.uuid().optional(),
    /** A long-term observer's finding (issue 9): its files use purpose `evidence`. */
    findingId: z.uuid().optional(),
    /** Only with `protocol_photo`: the station whose protocol copy this is. */
    stationId: z.number().int().positive().optional(),
    purpose: EvidencePurpose.default('evidence'),
    size: z.number().int().positive(),
    fileName: z.string().trim().max(200).optional(),
    /** What the phone says: when the picture was taken and where. */
    capturedAt: z.iso.datetime({ offset: true }).optional(),
    position: z
      .object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        accuracy: z.number().min(0).max(100_000).optional(),
      })
      .optional(),
    /** Base64 JPEG. */
    thumbnail: z
      .string()
      .max(Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
      .optional(),
  })
  .refine(
    (e) =>
      e.purpose === 'protocol_photo'
        ? e.stationId !== undefined && !e.violationId && !e.findingId
        : e.stationId === undefined &&
          (e.purpose === 'act_photo' ? !!e.violationId && !e.findingId : !!e.violationId !== !!e.findingId),
    {
      message:
        'a protocol photo names its station; an act photo its violation; any other file its violation or finding',
      path: ['violationId'],
    },
  );
export type EvidenceCreate = z.infer<typeof EvidenceCreate>;

export const EvidenceUpload = z.object({
  id: z.uuid(),
  size: z.number().int(),
  offset: z.number().int(),
  state: z.enum(['uploading', 'complete']),
  /** The largest file of each kind the server takes. */
  limits: z.object({ photo: z.number().int(), video: z.number().int() }),
  evidence: EvidenceSummary.nullable(),
});
export type EvidenceUpload = z.infer<typeof EvidenceUpload>;

export const UploadOffsetQuery = z.object({ offset: z.coerce.number().int().min(0) });
export const EvidenceIdParams = z.object({ id: z.uuid() });

/** One evidence file with its chain of custody. */
export const EvidenceRecord = EvidenceSummary.extend({
  violationId: z.uuid().nullable(),
  findingId: z.uuid().nullable(),
  stationId: z.number().int().nullable(),
  region: z.string(),
  fileName: z.string().nullable(),
  position: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number().nullable() }).nullable(),
  uploader: z.object({ id: z.number().int(), name: z.string() }),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;
