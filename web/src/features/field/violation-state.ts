import { LOCAL_UTC_OFFSET_MINUTES, localWallClock } from '../../../../shared/geo.ts';
import type { Language } from '../../../../shared/i18n.ts';
import {
  statusAfter,
  type Act,
  type Involved,
  type ViolationCategory,
  type ViolationChangeEnvelope,
  type ViolationPhase,
  type ViolationStatus,
} from '../../../../shared/violations.ts';

/**
 * What the phone keeps about its own violations, and the pure rules over it: the status each
 * violation reached, what still waits to be sent, and which steps may go now. No I/O here, so
 * the rules are tested in node (tests/web/violation-state.test.ts).
 */

export type SendState = 'waiting' | 'sent' | 'rejected';
/** Why an item was refused: the server's answer, or `blocked` when its violation's first step was refused. */
export type Refusal = { code: string; message: string; limitBytes?: number };

export interface ChangeItem {
  id: string;
  violationId: string;
  envelope: ViolationChangeEnvelope;
  state: SendState;
  createdAt: number;
  attempts: number;
  refusal?: Refusal;
  /** The status the server answered with (it may be further on: HQ moved it to the lawyers). */
  ackStatus?: ViolationStatus;
}

export type EvidencePurpose = 'evidence' | 'act_photo';
export interface EvidenceItem {
  id: string;
  violationId: string;
  stationId: number;
  purpose: EvidencePurpose;
  /** The file itself until every byte is on the server; dropped then to free the phone. */
  blob: Blob | null;
  fileName: string;
  mime: string;
  size: number;
  capturedAt: string;
  position?: { lat: number; lng: number; accuracy?: number };
  thumbnail?: string;
  /** The thumbnail is still being made; the sender waits a little for it. */
  preparing: boolean;
  /** `POST /api/evidence` was answered, so `offset` is the server's. */
  declared: boolean;
  offset: number;
  state: 'waiting' | 'done' | 'rejected';
  createdAt: number;
  refusal?: Refusal;
}

export const BLOCKED: Refusal = { code: 'blocked', message: 'the first step of this violation was refused' };

export interface ViolationSummary {
  id: string;
  stationId: number;
  createdAt: number;
  categoryCode: string;
  otherText?: string;
  observedAt: string;
  description: string;
  involved: Involved[];
  status: ViolationStatus;
  /** The `noticed` step was refused: nothing of this violation reached HQ. */
  refused: Refusal | null;
  chair: { told: boolean; answer?: string } | null;
  corrected: { note?: string } | null;
  act: Act | null;
  waitingSteps: number;
  waitingFiles: number;
  /** Refused later steps and files, with the reason. */
  problems: { kind: string; refusal: Refusal }[];
  files: EvidenceItem[];
}

/** Each violation the phone started, from its changes and files in the order they were made. */
export function summarize(changes: readonly ChangeItem[], files: readonly EvidenceItem[]): ViolationSummary[] {
  const byId = new Map<string, ViolationSummary>();
  const ordered = [...changes].sort((a, b) => a.createdAt - b.createdAt);
  for (const item of ordered) {
    const change = item.envelope.change;
    if (change.kind === 'noticed') {
      byId.set(item.violationId, {
        id: item.violationId,
        stationId: item.envelope.stationId,
        createdAt: item.createdAt,
        categoryCode: change.categoryCode,
        ...(change.otherText ? { otherText: change.otherText } : {}),
        observedAt: change.observedAt,
        description: change.description,
        involved: [...change.involved],
        status: item.ackStatus ?? 'reported',
        refused: item.state === 'rejected' ? (item.refusal ?? BLOCKED) : null,
        chair: null,
        corrected: null,
        act: null,
        waitingSteps: item.state === 'waiting' ? 1 : 0,
        waitingFiles: 0,
        problems: [],
        files: [],
      });
      continue;
    }
    const v = byId.get(item.violationId);
    if (!v) continue;
    if (item.state === 'waiting') v.waitingSteps += 1;
    if (item.state === 'rejected') {
      v.problems.push({ kind: change.kind, refusal: item.refusal ?? BLOCKED });
      continue;
    }
    v.status = item.ackStatus ?? statusAfter(v.status, change);
    switch (change.kind) {
      case 'chair_notified':
        v.chair = { told: change.told, ...(change.chairAnswer ? { answer: change.chairAnswer } : {}) };
        break;
      case 'corrected':
        v.corrected = change.note ? { note: change.note } : {};
        break;
      case 'act':
        v.act = change.act;
        break;
      case 'detail':
        if (change.description) v.description = change.description;
        if (change.involved) v.involved = [...change.involved];
        break;
    }
  }
  for (const file of [...files].sort((a, b) => a.createdAt - b.createdAt)) {
    const v = byId.get(file.violationId);
    if (!v) continue;
    v.files.push(file);
    if (file.state === 'waiting') v.waitingFiles += 1;
    if (file.state === 'rejected') v.problems.push({ kind: file.purpose, refusal: file.refusal ?? BLOCKED });
  }
  return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt);
}

export function waitingCounts(changes: readonly ChangeItem[], files: readonly EvidenceItem[]) {
  return {
    steps: changes.filter((c) => c.state === 'waiting').length,
    files: files.filter((f) => f.state === 'waiting').length,
  };
}

/**
 * The server must know a violation (its `noticed` acknowledged) before any later step or file of
 * it: so a round sends every waiting `noticed`, and the later steps of violations already known,
 * in the order they were made. Steps behind a refused `noticed` are returned as `blocked`.
 */
export function nextRound(changes: readonly ChangeItem[]): { send: ChangeItem[]; blocked: ChangeItem[] } {
  const noticed = new Map<string, SendState>();
  for (const c of changes) if (c.envelope.change.kind === 'noticed') noticed.set(c.violationId, c.state);
  const send: ChangeItem[] = [];
  const blocked: ChangeItem[] = [];
  for (const c of [...changes].sort((a, b) => a.createdAt - b.createdAt)) {
    if (c.state !== 'waiting') continue;
    if (c.envelope.change.kind === 'noticed') send.push(c);
    else if (noticed.get(c.violationId) === 'sent') send.push(c);
    else if (noticed.get(c.violationId) === 'rejected') blocked.push(c);
  }
  return { send, blocked };
}

/** Which violations the server knows (files may go), and which were refused (files never will). */
export function knownViolations(changes: readonly ChangeItem[]) {
  const known = new Set<string>();
  const refused = new Set<string>();
  for (const c of changes) {
    if (c.envelope.change.kind !== 'noticed') continue;
    if (c.state === 'sent') known.add(c.violationId);
    if (c.state === 'rejected') refused.add(c.violationId);
  }
  return { known, refused };
}

/** The phase of election day at a local (UTC+5) time: the category list puts it first. */
export function phaseAt(at: Date): Exclude<ViolationPhase, 'campaign' | 'any'> {
  const minutes = (at.getUTCHours() * 60 + at.getUTCMinutes() + LOCAL_UTC_OFFSET_MINUTES) % 1440;
  if (minutes < 7 * 60) return 'opening';
  if (minutes < 20 * 60) return 'voting';
  return 'counting';
}

/** Election-day phases the station observer picks from; campaign grounds belong to long-term observers. */
export const FIELD_PHASES = ['opening', 'voting', 'counting', 'any'] as const;
export type FieldPhase = (typeof FIELD_PHASES)[number];

/** Categories grouped by phase (the current phase first, "other" last), filtered by a search text. */
export function groupCategories(
  categories: readonly ViolationCategory[],
  options: { phase: FieldPhase | 'all'; search: string; language: Language; now: Date },
): { phase: FieldPhase; items: ViolationCategory[] }[] {
  const words = options.search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const current = phaseAt(options.now);
  const order: FieldPhase[] = [current, ...FIELD_PHASES.filter((p) => p !== current && p !== 'any'), 'any'];
  const matches = (c: ViolationCategory) => {
    if (words.length === 0) return true;
    const text = `${c.title[options.language]} ${c.hint[options.language]} ${c.article} ${c.code}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  };
  return order
    .filter((phase) => options.phase === 'all' || options.phase === phase || phase === 'any')
    .map((phase) => ({
      phase,
      items: categories
        .filter((c) => c.active && c.phase === phase && matches(c))
        .sort((a, b) => a.sortOrder - b.sortOrder),
    }))
    .filter((g) => g.items.length > 0);
}

/** An instant as the value of `<input type="datetime-local">` in Kazakhstan's time (UTC+5). */
export function toLocalInput(iso: string): string {
  return localWallClock(iso).slice(0, 16);
}

/** The value of a `datetime-local` input, read as Kazakhstan's time, as an ISO instant with its offset. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const ms = Date.parse(`${withSeconds}+05:00`);
  return Number.isNaN(ms) ? null : `${withSeconds}+05:00`;
}

/** The step the flow opens on when the observer comes back to a violation. */
export type FlowStep = 'what' | 'evidence' | 'chair' | 'outcome';
export function resumeStep(v: ViolationSummary | undefined): FlowStep {
  if (!v) return 'what';
  if (v.act || v.corrected || v.chair) return 'outcome';
  if (v.files.some((f) => f.purpose === 'evidence')) return 'chair';
  return 'evidence';
}

/** A whole percentage of a file on the server. */
export const percent = (offset: number, size: number) =>
  size <= 0 ? 100 : Math.min(100, Math.floor((offset / size) * 100));
