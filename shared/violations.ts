import { z } from 'zod';
import { ErrorCode, ErrorDetail } from './errors.ts';
import { LocalizedText } from './i18n.ts';

/**
 * A violation follows the observer's algorithm (domain brief, "Violations and acts"): noticed →
 * photographed or filmed → pointed out to the chair → corrected, or an act written. Each step is
 * one change with its own client id, so a phone may resend any of them safely.
 */

export const SEVERITIES = ['critical', 'serious', 'minor'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
/** Lower is worse: critical 0, serious 1, minor 2. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
export function worstSeverity(list: readonly Severity[]): Severity | null {
  let worst: Severity | null = null;
  for (const s of list) if (worst === null || severityRank(s) < severityRank(worst)) worst = s;
  return worst;
}

/** When a ground applies; `any` for "other". */
export const VIOLATION_PHASES = ['opening', 'voting', 'counting', 'campaign', 'any'] as const;
export const ViolationPhase = z.enum(VIOLATION_PHASES);
export type ViolationPhase = z.infer<typeof ViolationPhase>;

export const INVOLVED = ['chair', 'secretary', 'member', 'voter', 'outsider', 'police'] as const;
export const Involved = z.enum(INVOLVED);
export type Involved = z.infer<typeof Involved>;

export const VIOLATION_STATUSES = [
  'reported',
  'chair_notified',
  'corrected',
  'act_filed',
  'with_legal',
  'closed',
] as const;
export const ViolationStatus = z.enum(VIOLATION_STATUSES);
export type ViolationStatus = z.infer<typeof ViolationStatus>;
/** Still needs someone: counted on the map and in the HQ queue by default. */
export const OPEN_STATUSES: readonly ViolationStatus[] = ['reported', 'chair_notified', 'act_filed', 'with_legal'];
export const isOpenStatus = (s: ViolationStatus) => OPEN_STATUSES.includes(s);

export const CategoryCode = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[a-z][a-z0-9_.-]*$/, 'lower-case letters, digits, dots, dashes and underscores');

export const ViolationCategory = z.object({
  code: CategoryCode,
  phase: ViolationPhase,
  /** The article of the Constitutional Law "On Elections", e.g. "Art. 41". */
  article: z.string().trim().min(1).max(40),
  severity: Severity,
  title: LocalizedText,
  hint: LocalizedText,
  builtin: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type ViolationCategory = z.infer<typeof ViolationCategory>;
export const ViolationCategoryList = z.object({ items: z.array(ViolationCategory) });

const Text = (max: number) => z.string().trim().min(1).max(max);
const LocalizedInput = z.object({ kk: Text(300), ru: Text(300), en: Text(300) });

/** HQ adds a ground without a deploy (or corrects one: its article, severity, wording). */
export const NewViolationCategory = z.object({
  code: CategoryCode,
  phase: ViolationPhase,
  article: z.string().trim().min(1).max(40),
  severity: Severity,
  title: LocalizedInput,
  hint: LocalizedInput,
});
export type NewViolationCategory = z.infer<typeof NewViolationCategory>;
export const ViolationCategoryUpdate = NewViolationCategory.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export type ViolationCategoryUpdate = z.infer<typeof ViolationCategoryUpdate>;
export const CategoryParams = z.object({ code: CategoryCode });

const Time = z.iso.datetime({ offset: true });

/** The act (domain brief): three copies, co-signers, and whether the chair/secretary signed or refused. */
export const ACT_COPIES = ['observer', 'commission', 'organisation'] as const;
export const ActCopy = z.enum(ACT_COPIES);
export const SIGNATURES = ['signed', 'refused', 'absent'] as const;
export const Signature = z.enum(SIGNATURES);
export type Signature = z.infer<typeof Signature>;
export const CoSigner = z.object({
  name: Text(200),
  role: z.enum(['observer', 'proxy', 'media', 'voter']),
});
export type CoSigner = z.infer<typeof CoSigner>;
export const Act = z
  .object({
    text: Text(8000),
    copies: z.array(ActCopy).max(3),
    coSigners: z.array(CoSigner).max(20),
    chairSignature: Signature,
    secretarySignature: Signature,
    /** What the chair or secretary said when refusing: written on the act. */
    refusalNote: z.string().trim().max(1000).optional(),
    /** Evidence id of the photo of the signed act (uploaded separately, may arrive later). */
    photoEvidenceId: z.uuid().optional(),
  })
  .refine((a) => new Set(a.copies).size === a.copies.length, { message: 'each copy once', path: ['copies'] });
export type Act = z.infer<typeof Act>;
/** The law expects a refusal to be written on the act and other observers to sign instead. */
export const actRefused = (act: Pick<Act, 'chairSignature' | 'secretarySignature'>) =>
  act.chairSignature === 'refused' || act.secretarySignature === 'refused';

/** One step of the observer's flow; `noticed` creates the violation. */
export const NoticedChange = z
  .object({
    kind: z.literal('noticed'),
    categoryCode: CategoryCode,
    /** Required for "other". */
    otherText: z.string().trim().max(500).optional(),
    observedAt: Time,
    description: Text(4000),
    involved: z.array(Involved).max(INVOLVED.length),
  })
  .refine((c) => c.categoryCode !== 'other' || (c.otherText?.length ?? 0) > 0, {
    message: 'say what the violation is',
    path: ['otherText'],
  });
export const ChairNotifiedChange = z.object({
  kind: z.literal('chair_notified'),
  /** Was the chair told? (false: no chair to tell, or it was not safe.) */
  told: z.boolean(),
  chairAnswer: z.string().trim().max(2000).optional(),
  at: Time,
});
export const CorrectedChange = z.object({
  kind: z.literal('corrected'),
  note: z.string().trim().max(2000).optional(),
  at: Time,
});
export const ActChange = z.object({ kind: z.literal('act'), act: Act, at: Time });
/** More detail from the phone later (what happened, who): the original stays in the change log. */
export const DetailChange = z.object({
  kind: z.literal('detail'),
  description: Text(4000).optional(),
  involved: z.array(Involved).max(INVOLVED.length).optional(),
});

export const ViolationChange = z.discriminatedUnion('kind', [
  NoticedChange,
  ChairNotifiedChange,
  CorrectedChange,
  ActChange,
  DetailChange,
]);
export type ViolationChange = z.infer<typeof ViolationChange>;
export type ViolationChangeKind = ViolationChange['kind'];

/** What the phone sends (socket `violation:change`, or `POST /api/violations/changes` in a batch). */
export const ViolationChangeEnvelope = z.object({
  /** This change's client id (UUID): resending it is harmless. */
  id: z.uuid(),
  /** The violation's client id, fixed when the observer started the report. */
  violationId: z.uuid(),
  stationId: z.number().int().positive(),
  electionId: z.number().int().positive(),
  deviceTime: Time,
  change: ViolationChange,
});
export type ViolationChangeEnvelope = z.infer<typeof ViolationChangeEnvelope>;
export const MAX_VIOLATION_BATCH = 100;
export const ViolationChangeBatch = z.array(ViolationChangeEnvelope).min(1).max(MAX_VIOLATION_BATCH);

export const ViolationChangeAck = z.object({
  id: z.uuid(),
  violationId: z.uuid(),
  status: ViolationStatus,
  duplicate: z.boolean(),
});
export type ViolationChangeAck = z.infer<typeof ViolationChangeAck>;
export const ViolationChangeResult = z.union([
  z.object({ ok: z.literal(true), data: ViolationChangeAck }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: ErrorCode, message: z.string(), details: z.array(ErrorDetail).optional() }),
  }),
]);
export type ViolationChangeResult = z.infer<typeof ViolationChangeResult>;
export const ViolationChangeBatchResult = z.object({ results: z.array(ViolationChangeResult) });

/**
 * The status a field change leads to. Statuses only move forward from the field; HQ and the legal
 * team move a violation on to `with_legal` and `closed` (see `HQ_TRANSITIONS`).
 */
export function statusAfter(current: ViolationStatus | null, change: ViolationChange): ViolationStatus {
  const now = current ?? 'reported';
  if (now === 'closed' || now === 'with_legal') return now;
  switch (change.kind) {
    case 'noticed':
    case 'detail':
      return now;
    case 'chair_notified':
      return now === 'reported' ? 'chair_notified' : now;
    case 'corrected':
      return now === 'act_filed' ? now : 'corrected';
    case 'act':
      return 'act_filed';
  }
}

/** Moves HQ and the legal team make, and from where. */
export const HQ_TRANSITIONS: Record<'with_legal' | 'closed' | 'reopen', readonly ViolationStatus[]> = {
  with_legal: ['reported', 'chair_notified', 'corrected', 'act_filed'],
  closed: ['reported', 'chair_notified', 'corrected', 'act_filed', 'with_legal'],
  reopen: ['closed'],
};
export const CLOSING_REASONS = [
  'resolved_at_station',
  'complaint_decided',
  'not_confirmed',
  'duplicate',
  'no_grounds',
  'other',
] as const;
export const ClosingReason = z.enum(CLOSING_REASONS);
export type ClosingReason = z.infer<typeof ClosingReason>;

export const ViolationTransition = z.discriminatedUnion('to', [
  z.object({ to: z.literal('with_legal'), note: z.string().trim().max(2000).optional() }),
  z.object({
    to: z.literal('closed'),
    reason: ClosingReason,
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ to: z.literal('reopen'), note: z.string().trim().max(2000).optional() }),
]);
export type ViolationTransition = z.infer<typeof ViolationTransition>;

export const EvidenceKind = z.enum(['photo', 'video']);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

/** An evidence file as a list shows it (no bytes). */
export const EvidenceSummary = z.object({
  id: z.uuid(),
  kind: EvidenceKind,
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  /** `uploading` until every byte arrived and the hash is fixed. */
  state: z.enum(['uploading', 'complete']),
  receivedBytes: z.number().int(),
  /** `protocol_photo`: a photo of the station's results protocol copy (no violation). */
  purpose: z.enum(['evidence', 'act_photo', 'protocol_photo']),
  hasThumbnail: z.boolean(),
  capturedAt: z.iso.datetime().nullable(),
  uploadedAt: z.iso.datetime(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummary>;

const PersonRef = z.object({ id: z.number().int(), name: z.string() });

export const ViolationHistoryEntry = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.iso.datetime(),
  by: PersonRef.nullable(),
  body: z.unknown(),
});

export const Violation = z.object({
  id: z.uuid(),
  electionId: z.number().int(),
  station: z.object({
    id: z.number().int(),
    number: z.number().int(),
    region: z.string(),
    address: z.string(),
    lat: z.number(),
    lng: z.number(),
  }),
  category: z.object({
    code: z.string(),
    title: LocalizedText,
    article: z.string(),
    phase: ViolationPhase,
  }),
  otherText: z.string().nullable(),
  severity: Severity,
  status: ViolationStatus,
  observedAt: z.iso.datetime(),
  description: z.string(),
  involved: z.array(Involved),
  chairNotified: z.boolean().nullable(),
  chairAnswer: z.string().nullable(),
  correctedNote: z.string().nullable(),
  act: Act.nullable(),
  closedReason: ClosingReason.nullable(),
  closedNote: z.string().nullable(),
  reporter: PersonRef,
  evidence: z.array(EvidenceSummary),
  complaints: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Violation = z.infer<typeof Violation>;

export const ViolationDetail = Violation.extend({ history: z.array(ViolationHistoryEntry) });
export type ViolationDetail = z.infer<typeof ViolationDetail>;

const csvList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20).optional());

/** The HQ queue's filters (also the exports'): the same query string gives the same rows. */
export const ViolationQuery = z.object({
  region: z.string().trim().max(40).optional(),
  category: CategoryCode.optional(),
  phase: ViolationPhase.optional(),
  status: csvList(ViolationStatus),
  severity: csvList(Severity),
  /** Station number. */
  station: z.coerce.number().int().positive().optional(),
  /** Only open ones (the default queue); `false` for all. */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ViolationQuery = z.infer<typeof ViolationQuery>;
export const ViolationPage = z.object({ items: z.array(Violation), total: z.number().int() });
export type ViolationPage = z.infer<typeof ViolationPage>;
export const ViolationIdParams = z.object({ id: z.uuid() });

/** Pushed (event `violations:changed`) to HQ, the region's coordinators and the station. */
export const ViolationsChanged = z.object({ items: z.array(Violation) });
export type ViolationsChanged = z.infer<typeof ViolationsChanged>;

/** "Art. 41" as a reader expects it: `41-бап` in Kazakh, `ст. 41` in Russian. */
export function formatArticle(article: string, language: 'kk' | 'ru' | 'en'): string {
  const number = /^Art\.\s*(.+)$/.exec(article)?.[1];
  if (!number || language === 'en') return article;
  return language === 'ru' ? `ст. ${number}` : `${number}-бап`;
}

/** Sort of the HQ queue: worst severity first, then the oldest. */
export function compareQueue(
  a: Pick<Violation, 'severity' | 'observedAt'>,
  b: Pick<Violation, 'severity' | 'observedAt'>,
) {
  return severityRank(a.severity) - severityRank(b.severity) || a.observedAt.localeCompare(b.observedAt);
}
