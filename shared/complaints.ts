import { z } from 'zod';
import { localInstant } from './geo.ts';

/**
 * Complaints (domain brief, "Complaints"): the observer, with the organisation, complains about a
 * commission member's actions to a court or the prosecutor (or a higher election commission).
 * They must decide within 5 days; a complaint filed on voting day or within the 5 days before it
 * is decided immediately.
 */
export const ADDRESSEE_KINDS = ['court', 'prosecutor', 'higher_commission'] as const;
export const AddresseeKind = z.enum(ADDRESSEE_KINDS);
export type AddresseeKind = z.infer<typeof AddresseeKind>;

export const COMPLAINT_STATUSES = ['draft', 'filed', 'answered', 'satisfied', 'rejected', 'appealed'] as const;
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;
/** Waiting for an answer: the deadlines view counts these down. */
export const AWAITING_ANSWER: readonly ComplaintStatus[] = ['filed', 'appealed'];

/**
 * Where a complaint's status may go next (staying put is always allowed): filed once drafted, an
 * answer once filed, an appeal against an answer or a rejection, and a new answer to the appeal.
 */
export const COMPLAINT_MOVES: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  draft: ['filed'],
  filed: ['draft', 'answered', 'satisfied', 'rejected'],
  answered: ['satisfied', 'rejected', 'appealed'],
  satisfied: [],
  rejected: ['appealed'],
  appealed: ['answered', 'satisfied', 'rejected'],
};
/** Statuses that carry the commission's or court's answer (text and date). */
export const ANSWERED_STATUSES: readonly ComplaintStatus[] = ['answered', 'satisfied', 'rejected'];

export const DECISION_DAYS = 5;
const LocalDate = z.iso.date();

export type DeadlineRule = 'immediately' | 'five_days';
export interface Deadline {
  rule: DeadlineRule;
  /** The last local (UTC+5) day for the decision. */
  dueDate: string;
  /** The end of that day, as an instant. */
  dueAt: string;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The legal deadline for the decision on a complaint filed on `filedOn` (local dates). */
export function complaintDeadline(filedOn: string, votingDate: string): Deadline {
  const windowStart = addDays(votingDate, -DECISION_DAYS);
  const immediate = filedOn >= windowStart && filedOn <= votingDate;
  const dueDate = immediate ? filedOn : addDays(filedOn, DECISION_DAYS);
  return { rule: immediate ? 'immediately' : 'five_days', dueDate, dueAt: localInstant(dueDate, 24).toISOString() };
}

const ComplaintFields = z.object({
  addresseeKind: AddresseeKind,
  /** Which court, prosecutor's office or commission. */
  addressee: z.string().trim().min(1).max(300),
  /** The complaint's text (pre-filled from the violation; the lawyer edits it). */
  text: z.string().trim().max(20_000),
  filedOn: LocalDate.nullable(),
  status: ComplaintStatus,
  answer: z.string().trim().max(8000).nullable(),
  answeredOn: LocalDate.nullable(),
});
export const ComplaintInput = ComplaintFields.extend({
  text: ComplaintFields.shape.text.default(''),
  filedOn: ComplaintFields.shape.filedOn.default(null),
  status: ComplaintFields.shape.status.default('draft'),
  answer: ComplaintFields.shape.answer.default(null),
  answeredOn: ComplaintFields.shape.answeredOn.default(null),
});
export type ComplaintInput = z.infer<typeof ComplaintInput>;
export const NewComplaint = ComplaintInput.extend({
  /** Client id: a resend of the same form creates one complaint. */
  id: z.uuid(),
  violationId: z.uuid(),
});
export type NewComplaint = z.infer<typeof NewComplaint>;
/** Only the fields sent change (no defaults here: a PATCH must not blank what it does not name). */
export const ComplaintUpdate = ComplaintFields.partial();
export type ComplaintUpdate = z.infer<typeof ComplaintUpdate>;

export const Complaint = z.object({
  id: z.uuid(),
  /** What the complaint is about: a violation, or a referred campaign finding (issue 9). */
  violationId: z.uuid().nullable(),
  findingId: z.uuid().nullable(),
  /** The violation's station, or the finding's when it names one. */
  stationNumber: z.number().int().nullable(),
  region: z.string(),
  categoryCode: z.string(),
  addresseeKind: AddresseeKind,
  addressee: z.string(),
  text: z.string(),
  filedOn: LocalDate.nullable(),
  status: ComplaintStatus,
  answer: z.string().nullable(),
  answeredOn: LocalDate.nullable(),
  /** Null until the complaint is filed. */
  deadline: z
    .object({ rule: z.enum(['immediately', 'five_days']), dueDate: LocalDate, dueAt: z.iso.datetime() })
    .nullable(),
  /** Milliseconds to the deadline at the time of the answer (negative: overdue); null when none runs. */
  msLeft: z.number().nullable(),
  createdBy: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Complaint = z.infer<typeof Complaint>;
export const ComplaintList = z.object({ items: z.array(Complaint) });
export const ComplaintIdParams = z.object({ id: z.uuid() });
/** A violation's complaints. */
export const ComplaintListQuery = z.object({ violationId: z.uuid() });
export const DeadlinesQuery = z.object({
  region: z.string().trim().max(40).optional(),
  /** Include answered and closed complaints too. */
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const PrintQuery = z.object({ lang: z.enum(['kk', 'ru']).default('kk') });
