import { z } from 'zod';
import { BallotOption } from './elections.ts';
import { OfficialDifference, OfficialFigures, OptionVotes } from './protocols.ts';

/**
 * Parallel tabulation and the official comparison (issue 8): what the network's own copies add up
 * to, by region and nationally, and where the commission's per-station results differ from them.
 */

/** `verified`: only verified protocols; `received`: every station's best copy (verified, else the observer's). */
export const ResultsBasis = z.enum(['verified', 'received']);
export type ResultsBasis = z.infer<typeof ResultsBasis>;

export const ResultsQuery = z.object({
  basis: ResultsBasis.default('verified'),
  /** One region's figures only (a regional coordinator's scope limits this anyway). */
  region: z.string().optional(),
});

/** One region's (or the country's, `region: null`) tabulation. */
export const Tally = z.object({
  region: z.string().nullable(),
  /** Stations in scope, and those with a counted protocol. */
  stationsTotal: z.number().int(),
  stationsCounted: z.number().int(),
  /** Registered voters over all stations in scope (the stations register), and in counted protocols. */
  registeredTotal: z.number().int(),
  registeredCovered: z.number().int(),
  /** Ballots issued (inside + outside) in the counted protocols: turnout = turnout / registeredCovered. */
  turnout: z.number().int(),
  ballotsInBoxes: z.number().int(),
  invalidBallots: z.number().int(),
  /** Votes per ballot option, in ballot order, every option present (0 when none). */
  votes: z.array(OptionVotes),
});
export type Tally = z.infer<typeof Tally>;

export const Results = z.object({
  electionId: z.number().int(),
  basis: ResultsBasis,
  options: z.array(BallotOption),
  /** Over the caller's whole scope (the country for HQ; their regions for a coordinator). */
  total: Tally,
  /** One per region in scope, in the regions' order, regions with no protocol included. */
  regions: z.array(Tally),
  /** When this was computed (ISO). */
  at: z.iso.datetime(),
});
export type Results = z.infer<typeof Results>;

// ---------------------------------------------------------------------------------------------
// Official results
// ---------------------------------------------------------------------------------------------

/**
 * The official figures as snake_case columns, in `OFFICIAL_SCALARS` order: the CSV's names, and the
 * columns of the tally table that stores every stage's figures.
 *
 * The official CSV: one row per station, a header with these columns in any order, then one
 * `option_<position>` column per ballot option (the position on the ballot, 1-based).
 * Comma or semicolon separated, UTF-8 (a BOM is fine).
 */
export const OFFICIAL_FIGURE_COLUMNS = [
  'registered_voters',
  'ballots_received',
  'ballots_issued_inside',
  'ballots_issued_outside',
  'outside_requests',
  'ballots_cancelled',
  'fixed_box_ballots',
  'portable_box_ballots',
  'invalid_ballots',
] as const;
export const OFFICIAL_CSV_COLUMNS = ['station', ...OFFICIAL_FIGURE_COLUMNS] as const;

/** `POST /api/official-results` answer. Any problem is a 400 listing every row's problems; nothing is stored. */
export const OfficialImportResult = z.object({
  /** Stations whose official figures were stored (a re-import replaces the earlier figures). */
  imported: z.number().int(),
  replaced: z.number().int(),
});
export type OfficialImportResult = z.infer<typeof OfficialImportResult>;

export const ComparisonStation = z.object({
  stationId: z.number().int(),
  number: z.number().int(),
  region: z.string(),
});
export type ComparisonStation = z.infer<typeof ComparisonStation>;

/** One station whose official figures differ from the verified copy. */
export const StationDiscrepancy = ComparisonStation.extend({
  differences: z.array(OfficialDifference),
  /** The largest |official − copy| of the station (the list is sorted by it, largest first). */
  largest: z.number().int(),
  /** The violation already made from this discrepancy, if any. */
  violationId: z.uuid().nullable(),
});
export type StationDiscrepancy = z.infer<typeof StationDiscrepancy>;

/** Per region, over stations that have both a verified copy and an official result. */
export const RegionComparison = z.object({
  region: z.string(),
  stations: z.number().int(),
  copy: OfficialFigures,
  official: OfficialFigures,
  differences: z.array(OfficialDifference),
});
export type RegionComparison = z.infer<typeof RegionComparison>;

export const Comparison = z.object({
  options: z.array(BallotOption),
  stations: z.array(StationDiscrepancy),
  regions: z.array(RegionComparison),
  /** An official result but no verified copy of ours. */
  officialOnly: z.array(ComparisonStation),
  /** A verified copy but no official result. */
  copyOnly: z.array(ComparisonStation),
  /** Stations with both that agree in every figure. */
  matching: z.number().int(),
});
export type Comparison = z.infer<typeof Comparison>;

export const ComparisonQuery = z.object({ region: z.string().optional() });

/** `POST /api/official-results/:stationId/violation`: the discrepancy as a violation; idempotent by `id`. */
export const DiscrepancyViolationBody = z.object({ id: z.uuid() });
export const DiscrepancyViolation = z.object({ violationId: z.uuid(), created: z.boolean() });
export type DiscrepancyViolation = z.infer<typeof DiscrepancyViolation>;
