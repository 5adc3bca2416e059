import { z } from 'zod';
import { LocalizedText } from './i18n.ts';

export const ElectionKind = z.enum(['presidential', 'mazhilis', 'maslikhat', 'referendum']);
export type ElectionKind = z.infer<typeof ElectionKind>;

/** Where the election stands: long-term observation runs through `campaign`. */
export const ElectionStatus = z.enum(['planned', 'campaign', 'voting', 'counting', 'closed']);
export type ElectionStatus = z.infer<typeof ElectionStatus>;

export const BallotOptionKind = z.enum(['candidate', 'party', 'against_all', 'answer']);
export type BallotOptionKind = z.infer<typeof BallotOptionKind>;

export const BallotOption = z.object({
  id: z.number().int(),
  /** 1-based position on the ballot (alphabetical for candidates, drawn by lot for parties). */
  position: z.number().int().positive(),
  kind: BallotOptionKind,
  name: LocalizedText,
  /** The nominating party or association, when there is one. */
  affiliation: z.string().nullable(),
});
export type BallotOption = z.infer<typeof BallotOption>;

export const Election = z.object({
  id: z.number().int(),
  kind: ElectionKind,
  name: LocalizedText,
  /** Voting day, `YYYY-MM-DD`, in local time (UTC+5). */
  votingDate: z.iso.date(),
  status: ElectionStatus,
  isDemo: z.boolean(),
  ballotOptions: z.array(BallotOption),
});
export type Election = z.infer<typeof Election>;
