import type { ProtocolState } from '../../../../shared/protocols.ts';
import type { Tally } from '../../../../shared/results.ts';
import { intlLocale } from '../../lib/format.ts';

/**
 * The coverage layer's colours. The live map (features/map/station-look.tsx) colours a closed
 * station's marker with the same five: keep the two tables alike.
 */
export const PROTOCOL_STATE_COLOURS: Record<ProtocolState, string> = {
  none: '#9aa5b1',
  received: '#039be5',
  flagged: '#ff8f00',
  verified: '#558b2f',
  differs: '#c2185b',
};

/** A part of a whole as a percentage with one decimal; "—" when the whole is zero. */
export function percent(part: number, whole: number, language: string): string {
  if (whole <= 0) return '—';
  return new Intl.NumberFormat(intlLocale(language), {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(part / whole);
}

/** Ballots counted for the shares: every option's votes and the invalid ballots. */
export const ballotsCounted = (tally: Tally): number =>
  tally.votes.reduce((sum, v) => sum + v.votes, 0) + tally.invalidBallots;

/** The options with the most votes, most first (ties in ballot order). */
export function leading(tally: Tally, n: number): { optionId: number; votes: number }[] {
  return tally.votes
    .map((v, order) => ({ ...v, order }))
    .filter((v) => v.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.order - b.order)
    .slice(0, n)
    .map(({ optionId, votes }) => ({ optionId, votes }));
}
