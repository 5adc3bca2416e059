import { z } from 'zod';
import { AssignmentKind } from './people.ts';

/** Why an observer left a station: history keeps it. */
export const AssignmentEndReason = z.enum(['removed_by_commission', 'ill', 'moved', 'replaced', 'other']);
export type AssignmentEndReason = z.infer<typeof AssignmentEndReason>;

export const Assignment = z.object({
  id: z.number().int(),
  stationId: z.number().int(),
  stationNumber: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  kind: AssignmentKind,
  assignedAt: z.iso.datetime(),
  assignedBy: z.number().int().nullable(),
  endedAt: z.iso.datetime().nullable(),
  endedBy: z.number().int().nullable(),
  endReason: AssignmentEndReason.nullable(),
  endNote: z.string().nullable(),
});
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentsQuery = z
  .object({
    stationId: z.coerce.number().int().positive().optional(),
    personId: z.coerce.number().int().positive().optional(),
    /** Include ended assignments (the history). */
    history: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .refine((q) => q.stationId !== undefined || q.personId !== undefined, {
    message: 'give stationId or personId',
    path: ['stationId'],
  });
export type AssignmentsQuery = z.infer<typeof AssignmentsQuery>;

export const AssignmentList = z.object({ items: z.array(Assignment) });

export const NewAssignment = z.object({
  personId: z.number().int().positive(),
  stationId: z.number().int().positive(),
  kind: AssignmentKind,
  /**
   * When the station already has a primary observer: end that assignment with this reason and
   * put the new person in, in one step. Without it, a second primary is refused (409).
   */
  replaceReason: AssignmentEndReason.optional(),
});
export type NewAssignment = z.infer<typeof NewAssignment>;

export const EndAssignment = z.object({
  reason: AssignmentEndReason,
  note: z.string().trim().max(500).optional(),
});
export type EndAssignment = z.infer<typeof EndAssignment>;
