import { z } from 'zod';
import {
  CONFIDENCES,
  FindingInput,
  INSTITUTION_TYPES,
  SOURCE_KINDS,
  type Confidence,
  type Finding,
  type FindingEdit,
  type InstitutionType,
  type NewFinding,
  type SourceKind,
  Confidence as ConfidenceSchema,
  InstitutionType as InstitutionSchema,
  SourceKind as SourceKindSchema,
} from '../../../../shared/findings.ts';
import { localDate } from '../../../../shared/geo.ts';

/**
 * The form's state as typed (strings), turned into the shared contract's shapes and checked with
 * them. No I/O here; the unsaved draft is kept in localStorage so a reload loses nothing typed.
 */
export interface SourceDraft {
  kind: SourceKind;
  note: string;
  url: string;
}
export interface FindingDraft {
  /** The finding's client id, fixed when the form is opened: saving twice replaces, never duplicates. */
  id: string;
  categoryCode: string;
  region: string;
  locality: string;
  station: string;
  place: string;
  occurredOn: string;
  occurredTime: string;
  title: string;
  description: string;
  involved: InstitutionType[];
  involvedNote: string;
  sources: SourceDraft[];
  confidence: Confidence | '';
}

/** What a finding says, as the form and a finding's page show it (without the station, looked up apart). */
export type FindingFields = Pick<
  NewFinding,
  | 'categoryCode'
  | 'region'
  | 'locality'
  | 'place'
  | 'occurredOn'
  | 'occurredTime'
  | 'title'
  | 'description'
  | 'involved'
  | 'involvedNote'
  | 'sources'
  | 'confidence'
>;

export function emptyDraft(id: string, regions: readonly string[]): FindingDraft {
  return {
    id,
    categoryCode: '',
    region: regions.length === 1 ? (regions[0] ?? '') : '',
    locality: '',
    station: '',
    place: '',
    occurredOn: localDate(new Date()),
    occurredTime: '',
    title: '',
    description: '',
    involved: [],
    involvedNote: '',
    sources: [{ kind: 'own_observation', note: '', url: '' }],
    confidence: '',
  };
}

export function draftOf(id: string, f: FindingFields, stationNumber: number | null): FindingDraft {
  return {
    id,
    categoryCode: f.categoryCode,
    region: f.region,
    locality: f.locality,
    station: stationNumber === null ? '' : String(stationNumber),
    place: f.place,
    occurredOn: f.occurredOn,
    occurredTime: f.occurredTime ?? '',
    title: f.title,
    description: f.description,
    involved: [...f.involved],
    involvedNote: f.involvedNote,
    sources: f.sources.map((s) => ({ kind: s.kind, note: s.note, url: s.url ?? '' })),
    confidence: f.confidence,
  };
}

/** The station number typed, null when none; NaN when it is not a number. */
export function stationNumberOf(draft: FindingDraft): number | null {
  const text = draft.station.trim();
  if (text === '') return null;
  return /^\d{1,5}$/.test(text) && Number(text) > 0 ? Number(text) : Number.NaN;
}

/** What the form holds as the contract's input (the station is resolved from its number when sent). */
export function inputOf(draft: FindingDraft) {
  return {
    categoryCode: draft.categoryCode,
    region: draft.region,
    locality: draft.locality,
    stationId: null,
    place: draft.place,
    position: null,
    occurredOn: draft.occurredOn,
    occurredTime: draft.occurredTime.trim() === '' ? null : draft.occurredTime.trim(),
    title: draft.title,
    description: draft.description,
    involved: draft.involved,
    involvedNote: draft.involvedNote,
    sources: draft.sources.map((s) => ({ kind: s.kind, note: s.note, url: s.url.trim() === '' ? null : s.url.trim() })),
    confidence: draft.confidence,
  };
}

export type FieldErrors = Record<string, string>;
type Translate = (key: string, options?: Record<string, unknown>) => string;

function messageOf(issue: z.core.$ZodIssue, key: string, t: Translate): string {
  if (key.endsWith('.url') && issue.code === 'custom') return t('findings.errors.mediaUrl');
  if (key.endsWith('.note') && issue.code === 'custom') return t('findings.errors.sourceNote');
  if (key.endsWith('.url')) return t('findings.errors.url');
  if (key === 'occurredTime') return t('findings.errors.time');
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    return issue.origin === 'string' && min > 1
      ? t('findings.errors.tooShort', { min })
      : t('findings.errors.required');
  }
  if (issue.code === 'too_big') return t('findings.errors.tooLong', { max: Number(issue.maximum) });
  if (issue.code === 'invalid_value' || issue.code === 'invalid_type') return t('findings.errors.required');
  return t('findings.errors.invalid');
}

/** Checks the form with the shared schema; the messages are keyed by field (`sources.0.url`). */
export function validate(
  draft: FindingDraft,
  t: Translate,
): { ok: true; input: FindingInput; stationNumber: number | null } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parsed = FindingInput.safeParse(inputOf(draft));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= messageOf(issue, key, t);
    }
  const stationNumber = stationNumberOf(draft);
  if (Number.isNaN(stationNumber)) errors.station = t('findings.errors.station');
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data, stationNumber };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const EDITABLE_FIELDS = [
  'categoryCode',
  'region',
  'locality',
  'place',
  'occurredOn',
  'occurredTime',
  'title',
  'description',
  'involvedNote',
  'confidence',
] as const;
type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * An edit of a finding on the server: only the fields that changed. A changed station (or a station
 * number kept in a new region) goes as its number (resolved when sent) with the region, so the
 * sender knows where to look it up.
 */
export function editOf(
  finding: Pick<Finding, EditableField | 'version' | 'involved' | 'sources'> & { station: { number: number } | null },
  input: FindingInput,
  stationNumber: number | null,
  ids: { changeId: string },
): { body: FindingEdit; stationNumber: number | null; empty: boolean } {
  const body: FindingEdit = { changeId: ids.changeId, version: finding.version };
  let empty = true;
  for (const field of EDITABLE_FIELDS) {
    if (!same(finding[field], input[field])) {
      Object.assign(body, { [field]: input[field] });
      empty = false;
    }
  }
  if (!same([...finding.involved].sort(), [...input.involved].sort())) {
    body.involved = input.involved;
    empty = false;
  }
  if (!same(finding.sources, input.sources)) {
    body.sources = input.sources;
    empty = false;
  }
  // A station number is looked up in the finding's region: with a new region, the same number is
  // another station (and the old id would not belong to the new region).
  const stationChanged =
    (finding.station?.number ?? null) !== stationNumber || (stationNumber !== null && finding.region !== input.region);
  if (stationChanged) {
    empty = false;
    body.region = input.region;
    if (stationNumber === null) body.stationId = null;
  }
  return { body, stationNumber: stationChanged ? stationNumber : null, empty };
}

export const isConfidence = (v: string): v is Confidence => CONFIDENCES.some((c) => c === v);
export const isSourceKind = (v: string): v is SourceKind => SOURCE_KINDS.some((c) => c === v);
export const isInstitution = (v: string): v is InstitutionType => INSTITUTION_TYPES.some((c) => c === v);

/** A stored draft is from this app, but perhaps from an older version of it: check its shape. */
const StoredDraft = z.object({
  id: z.uuid(),
  categoryCode: z.string(),
  region: z.string(),
  locality: z.string(),
  station: z.string(),
  place: z.string(),
  occurredOn: z.string(),
  occurredTime: z.string(),
  title: z.string(),
  description: z.string(),
  involved: z.array(InstitutionSchema),
  involvedNote: z.string(),
  sources: z.array(z.object({ kind: SourceKindSchema, note: z.string(), url: z.string() })),
  confidence: z.union([ConfidenceSchema, z.literal('')]),
});

const DRAFT_PREFIX = 'baqylau.findings.draft.';

export function loadDraft(key: string): FindingDraft | null {
  try {
    const parsed = StoredDraft.safeParse(JSON.parse(localStorage.getItem(DRAFT_PREFIX + key) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function storeDraft(key: string, draft: FindingDraft): void {
  try {
    localStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(draft));
  } catch {
    // Full storage: the form still works, only a reload would lose it.
  }
}

export function dropDraft(key: string): void {
  try {
    localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Nothing kept, nothing to drop.
  }
}
