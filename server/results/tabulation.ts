import type { Kysely } from 'kysely';
import { loadBallot, tabulate, type TallySums } from '../../db/queries/results.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { BallotOption } from '../../shared/elections.ts';
import type { Language } from '../../shared/i18n.ts';
import type { Results, ResultsBasis, Tally } from '../../shared/results.ts';
import { toCsv } from '../imports/csv.ts';
import type { Auth } from '../plugins/auth.ts';
import { spreadsheetSafe } from '../csv.ts';
import { activeElection, regionsInScope } from './results-scope.ts';

/** Every option of the ballot in ballot order, 0 where no protocol gave it a vote. */
function toTally(sums: TallySums, options: BallotOption[]): Tally {
  const votes = new Map(sums.votes);
  return {
    region: sums.region,
    stationsTotal: sums.stationsTotal,
    stationsCounted: sums.stationsCounted,
    registeredTotal: sums.registeredTotal,
    registeredCovered: sums.registeredCovered,
    turnout: sums.turnout,
    ballotsInBoxes: sums.ballotsInBoxes,
    invalidBallots: sums.invalidBallots,
    votes: options.map((o) => ({ optionId: o.id, votes: votes.get(o.id) ?? 0 })),
  };
}

/** The parallel tabulation over the caller's scope (or one region of it), added up in SQL. */
export async function resultsFor(
  db: Kysely<Database>,
  auth: Auth,
  query: { basis: ResultsBasis; region?: string | undefined },
): Promise<Results> {
  const regions = await regionsInScope(db, auth, query.region);
  const electionId = await activeElection(db);
  const [options, sums] = await Promise.all([
    loadBallot(db, electionId),
    tabulate(db, electionId, query.basis, regions),
  ]);
  const [total, ...perRegion] = sums;
  return {
    electionId,
    basis: query.basis,
    options,
    total: toTally(total!, options),
    regions: perRegion.map((r) => toTally(r, options)),
    at: new Date().toISOString(),
  };
}

const TOTAL_LABEL: Record<Language, string> = { kk: 'Барлығы', ru: 'Итого', en: 'Total' };

/** Turnout as a percentage of the registered voters the counted protocols cover ('' when none). */
const percent = (part: number, whole: number) => (whole > 0 ? ((part * 100) / whole).toFixed(2) : '');

/**
 * The tabulation for a spreadsheet: one row per region, then the total; a column per ballot option
 * headed with its position and name. Names are HQ-entered text, so every text cell is made safe
 * from being run as a formula.
 */
export function resultsCsv(
  results: Results,
  regionNames: Map<string, Record<Language, string>>,
  lang: Language,
  delimiter: 'comma' | 'semicolon',
): string {
  const columns = [
    'region',
    'region_name',
    'stations_counted',
    'stations_total',
    'registered_covered',
    'registered_total',
    'turnout',
    'turnout_pct',
    'ballots_in_boxes',
    'invalid_ballots',
    ...results.options.map((o) => spreadsheetSafe(`${o.position}. ${o.name[lang]}`)),
  ];
  const row = (t: Tally): (string | number)[] => [
    t.region ?? 'total',
    spreadsheetSafe(t.region === null ? TOTAL_LABEL[lang] : (regionNames.get(t.region)?.[lang] ?? t.region)),
    t.stationsCounted,
    t.stationsTotal,
    t.registeredCovered,
    t.registeredTotal,
    t.turnout,
    percent(t.turnout, t.registeredCovered),
    t.ballotsInBoxes,
    t.invalidBallots,
    ...t.votes.map((v) => v.votes),
  ];
  return toCsv(columns, [...results.regions.map(row), row(results.total)], delimiter);
}
