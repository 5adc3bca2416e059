import { z } from 'zod';
import {
  inBallotOrder,
  MAX_PORTABLE_BOXES,
  ProtocolFigures,
  SCALAR_FIGURES,
  type ProtocolBallot,
  type ScalarFigure,
} from '../../../../shared/protocols.ts';

/**
 * The protocol as it is being typed: every figure as the digits in its input, so an empty field
 * stays empty (not 0) until someone fills it. The field app, the operator's blind entry and the
 * supervisor's resolution all hold one of these and turn it into `ProtocolFigures` to send.
 */
export interface ProtocolDraft {
  scalars: Record<ScalarFigure, string>;
  fixedBoxSealIntact: boolean;
  portableBoxes: { ballots: string; sealIntact: boolean }[];
  /** By `BallotOption.id`. */
  votes: Record<number, string>;
  signatures: { chair: boolean; secretary: boolean; members: string };
}

/** At most 7 digits: every figure the contract takes (≤ 10 000 000) and no more. */
export const MAX_FIGURE_DIGITS = 7;
export const MAX_MEMBERS_DIGITS = 2;
const WHOLE = /^\d+$/;

/** What an input may hold while it is typed: digits only, possibly none yet. */
export const isTypedFigure = (value: string, maxDigits = MAX_FIGURE_DIGITS): boolean =>
  value.length <= maxDigits && /^\d*$/.test(value);

const scalarsFrom = (value: (key: ScalarFigure) => string): Record<ScalarFigure, string> => ({
  registeredVoters: value('registeredVoters'),
  ballotsReceived: value('ballotsReceived'),
  ballotsIssuedInside: value('ballotsIssuedInside'),
  ballotsIssuedOutside: value('ballotsIssuedOutside'),
  outsideRequests: value('outsideRequests'),
  ballotsCancelled: value('ballotsCancelled'),
  fixedBoxBallots: value('fixedBoxBallots'),
  invalidBallots: value('invalidBallots'),
});

/**
 * A blank protocol for a ballot. The ticks (seals, signatures) start unticked: a tick says "I saw
 * it", so a form sent without looking never claims a seal was whole.
 */
export function emptyDraft(ballot: ProtocolBallot): ProtocolDraft {
  return {
    scalars: scalarsFrom(() => ''),
    fixedBoxSealIntact: false,
    portableBoxes: [],
    votes: Object.fromEntries(ballot.options.map((o) => [o.id, ''])),
    signatures: { chair: false, secretary: false, members: '' },
  };
}

export function draftFromFigures(f: ProtocolFigures): ProtocolDraft {
  return {
    scalars: scalarsFrom((key) => String(f[key])),
    fixedBoxSealIntact: f.fixedBoxSealIntact,
    portableBoxes: f.portableBoxes.map((b) => ({ ballots: String(b.ballots), sealIntact: b.sealIntact })),
    votes: Object.fromEntries(f.votes.map((v) => [v.optionId, String(v.votes)])),
    signatures: { ...f.signatures, members: String(f.signatures.members) },
  };
}

const whole = (value: string | undefined): number | null =>
  value !== undefined && WHOLE.test(value) ? Number(value) : null;

/**
 * The figures to send, votes in ballot order and only for the ballot's options. Null while any
 * figure is empty or not whole digits (or out of the contract's range).
 */
export function figuresFromDraft(
  d: ProtocolDraft,
  ballot: ProtocolBallot,
  photoEvidenceIds: string[],
): ProtocolFigures | null {
  if (missingFigures(d, ballot) > 0) return null;
  const parsed = ProtocolFigures.safeParse({
    ...Object.fromEntries(SCALAR_FIGURES.map((key) => [key, whole(d.scalars[key])])),
    fixedBoxSealIntact: d.fixedBoxSealIntact,
    portableBoxes: d.portableBoxes.map((b) => ({ ballots: whole(b.ballots), sealIntact: b.sealIntact })),
    votes: inBallotOrder(ballot.options).map((o) => ({ optionId: o.id, votes: whole(d.votes[o.id]) })),
    signatures: { ...d.signatures, members: whole(d.signatures.members) },
    photoEvidenceIds,
  });
  return parsed.success ? parsed.data : null;
}

/** How many figures are still empty (or hold anything but whole digits). */
export function missingFigures(d: ProtocolDraft, ballot: ProtocolBallot): number {
  const values = [
    ...SCALAR_FIGURES.map((key) => d.scalars[key]),
    ...d.portableBoxes.map((b) => b.ballots),
    ...ballot.options.map((o) => d.votes[o.id]),
    d.signatures.members,
  ];
  return values.filter((v) => whole(v) === null).length;
}

const Typed = z.string().regex(/^\d{0,7}$/);
/** A stored draft's shape: every figure as typed digits (possibly none). */
const StoredDraft = z.object({
  scalars: z.object(Object.fromEntries(SCALAR_FIGURES.map((key) => [key, Typed]))),
  fixedBoxSealIntact: z.boolean(),
  portableBoxes: z.array(z.object({ ballots: Typed, sealIntact: z.boolean() })).max(MAX_PORTABLE_BOXES),
  votes: z.record(z.string().regex(/^\d+$/), Typed),
  signatures: z.object({ chair: z.boolean(), secretary: z.boolean(), members: z.string().regex(/^\d{0,2}$/) }),
});

/** A draft read back from storage; null when it is not one (an older shape, a damaged value). */
export function parseDraft(value: unknown): ProtocolDraft | null {
  const parsed = StoredDraft.safeParse(value);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    scalars: scalarsFrom((key) => d.scalars[key] ?? ''),
    fixedBoxSealIntact: d.fixedBoxSealIntact,
    portableBoxes: d.portableBoxes,
    votes: Object.fromEntries(Object.entries(d.votes).map(([id, figure]) => [Number(id), figure])),
    signatures: d.signatures,
  };
}
