import { z } from 'zod';
import { AddresseeKind, ComplaintStatus } from './complaints.ts';
import { LatLng } from './geo.ts';
import { LocalizedText } from './i18n.ts';
import { RegionCode } from './regions.ts';
import { EvidenceSummary } from './violations.ts';

/**
 * Long-term observation (issue 9): the findings long-term observers log from the day the election
 * is called until the results are published, their review by a coordinator, and the organisation's
 * periodic reports built from the verified ones.
 */

export const FINDING_STATUSES = ['new', 'verified', 'rejected', 'referred', 'closed'] as const;
export const FindingStatus = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatus>;

/**
 * A finding that passed review: what the legal team, the region's other observers and the periodic
 * report see. `referred` and `closed` are reached only from `verified`.
 */
export const VERIFIED_STATUSES: readonly FindingStatus[] = ['verified', 'referred', 'closed'];
export const isVerified = (status: FindingStatus) => VERIFIED_STATUSES.includes(status);

/** A coordinator's decision on a finding; `refer` has its own request (it creates a complaint). */
export const REVIEW_DECISIONS = ['verify', 'reject', 'reopen', 'close'] as const;
export const ReviewDecision = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/**
 * Where a decision takes a finding, or null when it does not apply: verify or reject a new one;
 * reopen a rejected one (back to new) or a closed one (back to referred when it went to the legal
 * team, `referred`: it has a complaint; else back to verified); close a verified or referred one.
 */
export function reviewedStatus(
  status: FindingStatus,
  decision: ReviewDecision,
  referred: boolean,
): FindingStatus | null {
  switch (decision) {
    case 'verify':
      return status === 'new' ? 'verified' : null;
    case 'reject':
      return status === 'new' ? 'rejected' : null;
    case 'reopen':
      if (status === 'rejected') return 'new';
      if (status === 'closed') return referred ? 'referred' : 'verified';
      return null;
    case 'close':
      return status === 'verified' || status === 'referred' ? 'closed' : null;
  }
}

/** The author edits a finding until it is verified; editing a rejected one sends it back for review. */
export const EDITABLE_STATUSES: readonly FindingStatus[] = ['new', 'rejected'];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export const Confidence = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof Confidence>;

export const SOURCE_KINDS = ['witness', 'document', 'media', 'own_observation'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

/** Who is involved, by institution type: private persons' data only in the description, when needed. */
export const INSTITUTION_TYPES = [
  'akimat',
  'state_body',
  'national_company',
  'school',
  'hospital',
  'private_employer',
  'election_commission',
  'party',
  'law_enforcement',
  'media',
  'other',
] as const;
export const InstitutionType = z.enum(INSTITUTION_TYPES);
export type InstitutionType = z.infer<typeof InstitutionType>;

const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(1000)
  .describe('An http(s) link');

export const FindingSource = z
  .object({
    kind: SourceKind,
    /** Who or what: "two teachers of school 12", "order no. 45 of 3 November". */
    note: z.string().trim().max(1000).default(''),
    url: HttpUrl.nullable().default(null),
  })
  .refine((s) => s.kind !== 'media' || s.url !== null, { message: 'a media source needs its link', path: ['url'] })
  .refine((s) => s.kind === 'own_observation' || s.kind === 'media' || s.note.length > 0, {
    message: 'say who the witness is or which document',
    path: ['note'],
  });
export type FindingSource = z.infer<typeof FindingSource>;

const LocalDate = z.iso.date();
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const CategoryCode = z.string().trim().min(1).max(60);

/** What the observer writes; the server adds who, when received, the status and the version. */
const FindingFields = z.object({
  categoryCode: CategoryCode,
  region: RegionCode,
  /** Town, district or village. */
  locality: z.string().trim().min(1).max(200),
  /** Optional: the polling station it concerns. */
  stationId: z.number().int().positive().nullable(),
  /** Where exactly: an address, a building, an organisation. */
  place: z.string().trim().max(300),
  /** Where it happened on the map, when the observer knows; else the station's, else the region's. */
  position: LatLng.nullable(),
  occurredOn: LocalDate,
  occurredTime: LocalTime.nullable(),
  /** One line for lists and reports. */
  title: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(10_000),
  involved: z
    .array(InstitutionType)
    .max(INSTITUTION_TYPES.length)
    .refine((a) => new Set(a).size === a.length, 'each institution type once'),
  /** Which institution, e.g. "Akimat of Almaly district"; no private persons' data unless needed. */
  involvedNote: z.string().trim().max(500),
  sources: z.array(FindingSource).min(1).max(20),
  confidence: Confidence,
});

export const FindingInput = FindingFields.extend({
  stationId: FindingFields.shape.stationId.default(null),
  place: FindingFields.shape.place.default(''),
  position: FindingFields.shape.position.default(null),
  occurredTime: FindingFields.shape.occurredTime.default(null),
  involved: FindingFields.shape.involved.default([]),
  involvedNote: FindingFields.shape.involvedNote.default(''),
});
export type FindingInput = z.infer<typeof FindingInput>;

/** `POST /api/findings`: the client's id makes a resend from a phone create one finding. */
export const NewFinding = FindingInput.extend({ id: z.uuid() });
export type NewFinding = z.infer<typeof NewFinding>;

/**
 * `PATCH /api/findings/:id`: only the fields sent change. `changeId` makes a resend a no-op;
 * `version` is the one the editor saw (409 when the finding moved on since).
 */
export const FindingEdit = FindingFields.partial().extend({
  changeId: z.uuid(),
  version: z.number().int().positive(),
});
export type FindingEdit = z.infer<typeof FindingEdit>;

const Comment = z.string().trim().max(2000);

/** `POST /api/findings/:id/review`; a rejection says why. */
export const FindingReview = z
  .object({
    changeId: z.uuid(),
    version: z.number().int().positive(),
    decision: ReviewDecision,
    comment: Comment.default(''),
  })
  .refine((r) => r.decision !== 'reject' || r.comment.length > 0, {
    message: 'a rejection says why',
    path: ['comment'],
  });
export type FindingReview = z.infer<typeof FindingReview>;

/**
 * `POST /api/findings/:id/merge`: `duplicateId` (two observers reporting one event) is folded into
 * this finding; its evidence and sources show on this one and it leaves lists and reports.
 */
export const FindingMerge = z.object({
  changeId: z.uuid(),
  version: z.number().int().positive(),
  duplicateId: z.uuid(),
  comment: Comment.default(''),
});
export type FindingMerge = z.infer<typeof FindingMerge>;

/** `POST /api/findings/:id/refer`: a verified finding goes to the legal team as a draft complaint. */
export const FindingRefer = z.object({
  changeId: z.uuid(),
  version: z.number().int().positive(),
  complaint: z.object({
    /** Client id of the complaint. */
    id: z.uuid(),
    addresseeKind: AddresseeKind,
    addressee: z.string().trim().min(1).max(300),
    /** Pre-filled from the finding when empty. */
    text: z.string().trim().max(20_000).default(''),
  }),
  comment: Comment.default(''),
});
export type FindingRefer = z.infer<typeof FindingRefer>;

export const FindingIdParams = z.object({ id: z.uuid() });

const PersonRef = z.object({ id: z.number().int(), name: z.string() });

export const FindingCategory = z.object({
  code: z.string(),
  title: LocalizedText,
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type FindingCategory = z.infer<typeof FindingCategory>;
export const FindingCategoryList = z.object({ items: z.array(FindingCategory) });

/** Where a finding shows on the map: its own point, its station's, or its region's centre. */
export const PositionSource = z.enum(['own', 'station', 'region']);
export type PositionSource = z.infer<typeof PositionSource>;

/** One row of the list. */
export const FindingSummary = z.object({
  id: z.uuid(),
  categoryCode: z.string(),
  region: z.string(),
  locality: z.string(),
  stationNumber: z.number().int().nullable(),
  occurredOn: LocalDate,
  title: z.string(),
  status: FindingStatus,
  confidence: Confidence,
  author: PersonRef,
  evidenceCount: z.number().int(),
  /** Findings merged into this one. */
  duplicateCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FindingSummary = z.infer<typeof FindingSummary>;

export const FindingChangeKind = z.enum([
  'created',
  'edited',
  'verify',
  'reject',
  'reopen',
  'close',
  'refer',
  'merged',
  'merged_into',
]);
export type FindingChangeKind = z.infer<typeof FindingChangeKind>;

export const FindingChange = z.object({
  id: z.uuid(),
  kind: FindingChangeKind,
  at: z.iso.datetime(),
  by: PersonRef,
  /** The status after the change. */
  status: FindingStatus,
  comment: z.string(),
  /** Edits: the fields that changed, with their values before and after. */
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  /** Merges: the other finding. */
  otherFindingId: z.uuid().nullable(),
});
export type FindingChange = z.infer<typeof FindingChange>;

/** A finding's page: everything, with its history, evidence, duplicates and complaints. */
export const Finding = FindingSummary.extend({
  electionId: z.number().int(),
  category: FindingCategory,
  station: z.object({ id: z.number().int(), number: z.number().int(), address: z.string() }).nullable(),
  place: z.string(),
  position: LatLng.nullable(),
  mapPosition: LatLng.extend({ source: PositionSource }),
  occurredTime: LocalTime.nullable(),
  description: z.string(),
  involved: z.array(InstitutionType),
  involvedNote: z.string(),
  sources: z.array(FindingSource),
  version: z.number().int(),
  /** The latest review decision. */
  review: z.object({ by: PersonRef, at: z.iso.datetime(), comment: z.string() }).nullable(),
  /** Set when this finding was merged into another one. */
  mergedInto: z.uuid().nullable(),
  duplicates: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      author: PersonRef,
      occurredOn: LocalDate,
      sources: z.array(FindingSource),
    }),
  ),
  /** This finding's files and those of its duplicates. */
  evidence: z.array(EvidenceSummary.extend({ findingId: z.uuid(), fileName: z.string().nullable() })),
  complaints: z.array(
    z.object({
      id: z.uuid(),
      status: ComplaintStatus,
      addresseeKind: AddresseeKind,
      addressee: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
  history: z.array(FindingChange),
  /** What the caller may do with it now. */
  may: z.object({ edit: z.boolean(), review: z.boolean(), merge: z.boolean(), refer: z.boolean() }),
});
export type Finding = z.infer<typeof Finding>;

/** Comma-separated values of an enum in a query string: `status=verified,referred`. */
const csvOf = <T extends [string, ...string[]]>(values: z.ZodEnum<{ [K in T[number]]: K }>) =>
  z
    .string()
    .transform((s) => s.split(',').filter((v) => v.length > 0))
    .pipe(z.array(values).min(1));

/** The filters every view shares: the list, the map layer, the timeline and the report. */
export const FindingFilterQuery = z.object({
  /** Full-text search, Kazakh and Russian. */
  q: z.string().trim().max(200).optional(),
  region: RegionCode.optional(),
  category: CategoryCode.optional(),
  status: csvOf<[...typeof FINDING_STATUSES]>(FindingStatus).optional(),
  /** Occurred on or after (local date). */
  from: LocalDate.optional(),
  /** Occurred on or before (local date). */
  to: LocalDate.optional(),
  /** The long-term observer who logged it. */
  observer: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type FindingFilterQuery = z.infer<typeof FindingFilterQuery>;

export const FindingListQuery = FindingFilterQuery.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type FindingListQuery = z.infer<typeof FindingListQuery>;

export const FindingList = z.object({
  items: z.array(FindingSummary),
  /** Matching findings in all pages. */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type FindingList = z.infer<typeof FindingList>;

export const FindingMapPoint = z.object({
  id: z.uuid(),
  lat: z.number(),
  lng: z.number(),
  source: PositionSource,
  categoryCode: z.string(),
  status: FindingStatus,
  region: z.string(),
  title: z.string(),
  occurredOn: LocalDate,
});
export type FindingMapPoint = z.infer<typeof FindingMapPoint>;
export const FindingMap = z.object({ items: z.array(FindingMapPoint) });
export type FindingMap = z.infer<typeof FindingMap>;

/** Weeks run Monday to Sunday, local (UTC+5) dates. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const monday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - monday * 86_400_000).toISOString().slice(0, 10);
}

export const FindingTimeline = z.object({
  /** Every week (its Monday) from the first to the last asked for, empty ones included. */
  weeks: z.array(LocalDate),
  /** Counts by week, region and category; only non-zero rows. */
  rows: z.array(z.object({ week: LocalDate, region: z.string(), categoryCode: z.string(), count: z.number().int() })),
});
export type FindingTimeline = z.infer<typeof FindingTimeline>;

/** The periodic report: a date range and a region or the whole country. */
export const FindingReportQuery = z
  .object({
    from: LocalDate,
    to: LocalDate,
    region: RegionCode.optional(),
    lang: z.enum(['kk', 'ru', 'en']).default('kk'),
  })
  .refine((r) => r.from <= r.to, { message: 'the range ends before it starts', path: ['to'] });
export type FindingReportQuery = z.infer<typeof FindingReportQuery>;

export const ReportEvidence = z.object({
  id: z.uuid(),
  kind: z.enum(['photo', 'video']),
  fileName: z.string().nullable(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  capturedAt: z.iso.datetime().nullable(),
});

export const FindingReport = z.object({
  from: LocalDate,
  to: LocalDate,
  region: z.string().nullable(),
  generatedAt: z.iso.datetime(),
  /** Verified findings (verified, referred or closed) that occurred in the range. */
  total: z.number().int(),
  byCategory: z.array(z.object({ categoryCode: z.string(), title: LocalizedText, count: z.number().int() })),
  byRegion: z.array(z.object({ region: z.string(), count: z.number().int() })),
  byRegionCategory: z.array(z.object({ region: z.string(), categoryCode: z.string(), count: z.number().int() })),
  /** Every finding logged in the range by status, for context (what is still unreviewed). */
  byStatus: z.array(z.object({ status: FindingStatus, count: z.number().int() })),
  findings: z.array(
    z.object({
      id: z.uuid(),
      occurredOn: LocalDate,
      region: z.string(),
      locality: z.string(),
      categoryCode: z.string(),
      title: z.string(),
      description: z.string(),
      confidence: Confidence,
      status: FindingStatus,
      sources: z.array(FindingSource),
      evidence: z.array(ReportEvidence),
    }),
  ),
});
export type FindingReport = z.infer<typeof FindingReport>;

/**
 * Search text: lower-cased and NFC-normalised here rather than in SQL, so the result does not depend
 * on the database's locale (a `C` locale lower-cases only ASCII, not қ or Ә).
 */
export function searchText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('kk');
}

/** The words of a search box, each a run of letters or digits (nothing else reaches a tsquery). */
export function searchWords(q: string): string[] {
  return (searchText(q).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** Pushed (event `findings:changed`) to HQ and the regions' rooms after a commit: refetch these. */
export const FindingsChanged = z.object({
  items: z.array(z.object({ id: z.uuid(), region: z.string(), status: FindingStatus })),
});
export type FindingsChanged = z.infer<typeof FindingsChanged>;
