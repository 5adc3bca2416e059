import type { Kysely } from 'kysely';
import { loadBallot, loadCopiesAndOfficial, type CopyAndOfficial } from '../../db/queries/results.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { BallotOption } from '../../shared/elections.ts';
import { OFFICIAL_SCALARS, officialDifferences, type OfficialFigures } from '../../shared/protocols.ts';
import type { Comparison, ComparisonStation, RegionComparison, StationDiscrepancy } from '../../shared/results.ts';
import { toCsv } from '../imports/csv.ts';
import type { Auth } from '../plugins/auth.ts';
import { spreadsheetSafe } from '../csv.ts';
import { FIGURE_COLUMNS, optionColumn } from './official-import.ts';
import { activeElection, regionsInScope } from './results-scope.ts';

const emptyFigures = (options: BallotOption[]): OfficialFigures => ({
  registeredVoters: 0,
  ballotsReceived: 0,
  ballotsIssuedInside: 0,
  ballotsIssuedOutside: 0,
  outsideRequests: 0,
  ballotsCancelled: 0,
  fixedBoxBallots: 0,
  portableBoxBallots: 0,
  invalidBallots: 0,
  votes: options.map((o) => ({ optionId: o.id, votes: 0 })),
});

/** Adds one station's figures into a region's running total (votes by option, in ballot order). */
function addInto(total: OfficialFigures, f: OfficialFigures): void {
  for (const key of OFFICIAL_SCALARS) total[key] += f[key];
  for (const v of f.votes) {
    const slot = total.votes.find((t) => t.optionId === v.optionId);
    if (slot) slot.votes += v.votes;
    else total.votes.push({ ...v });
  }
}

const stationRef = (r: CopyAndOfficial): ComparisonStation => ({
  stationId: r.stationId,
  number: r.number,
  region: r.region,
});

/**
 * Our verified copies against the commission's per-station figures, over the caller's scope:
 * every station that differs (the largest difference first), per region the totals over stations
 * that have both, and the stations that have only one of the two.
 */
export async function comparisonFor(db: Kysely<Database>, auth: Auth, region: string | undefined): Promise<Comparison> {
  const regions = await regionsInScope(db, auth, region);
  const electionId = await activeElection(db);
  const [options, rows] = await Promise.all([
    loadBallot(db, electionId),
    loadCopiesAndOfficial(db, electionId, { regions }),
  ]);
  const stations: StationDiscrepancy[] = [];
  const officialOnly: ComparisonStation[] = [];
  const copyOnly: ComparisonStation[] = [];
  const totals = new Map<
    string,
    { order: number; stations: number; copy: OfficialFigures; official: OfficialFigures }
  >();
  let matching = 0;
  for (const r of rows) {
    if (r.copy === null) {
      officialOnly.push(stationRef(r));
      continue;
    }
    if (r.official === null) {
      copyOnly.push(stationRef(r));
      continue;
    }
    let total = totals.get(r.region);
    if (!total) {
      total = { order: r.regionOrder, stations: 0, copy: emptyFigures(options), official: emptyFigures(options) };
      totals.set(r.region, total);
    }
    total.stations += 1;
    addInto(total.copy, r.copy);
    addInto(total.official, r.official);
    const differences = officialDifferences(r.copy, r.official);
    if (differences.length === 0) matching += 1;
    else
      stations.push({
        ...stationRef(r),
        differences,
        largest: Math.abs(differences[0]!.diff),
        violationId: r.violationId,
      });
  }
  // Rows come in station-number order, and the sort is stable: equal differences stay by number.
  stations.sort((a, b) => b.largest - a.largest);
  const regionList: RegionComparison[] = [...totals.entries()]
    .sort(([, a], [, b]) => a.order - b.order)
    .map(([code, t]) => ({
      region: code,
      stations: t.stations,
      copy: t.copy,
      official: t.official,
      differences: officialDifferences(t.copy, t.official),
    }));
  return { options, stations, regions: regionList, officialOnly, copyOnly, matching };
}

/** A figure's name as the official CSV has it: `registered_voters`…, `option_<position>`. */
function figureColumn(key: string, options: BallotOption[]): string {
  const scalars: Partial<Record<string, string>> = FIGURE_COLUMNS;
  const scalar = scalars[key];
  if (scalar !== undefined) return scalar;
  const optionId = Number(key.replace(/^votes\./, ''));
  const option = options.find((o) => o.id === optionId);
  return option ? optionColumn(option.position) : key;
}

/** The discrepancies for the legal team's spreadsheet: one row per station and figure, in the list's order. */
export function comparisonCsv(comparison: Comparison, delimiter: 'comma' | 'semicolon'): string {
  return toCsv(
    ['station', 'region', 'figure', 'copy', 'official', 'difference'],
    comparison.stations.flatMap((s) =>
      s.differences.map((d) => [
        s.number,
        spreadsheetSafe(s.region),
        figureColumn(d.key, comparison.options),
        d.copy,
        d.official,
        d.diff,
      ]),
    ),
    delimiter,
  );
}
