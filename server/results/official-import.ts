import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { writeAudit, type AuditWrite } from '../../db/queries/audit.queries.ts';
import { takeSeqs } from '../../db/queries/live.queries.ts';
import { refreshProtocolStates, writeTallies, type TallyPlace } from '../../db/queries/protocol.queries.ts';
import { deleteOfficialFigures, loadBallot, loadOfficialFigures } from '../../db/queries/results.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import { type OFFICIAL_SCALARS, officialDifferences, type OfficialFigures } from '../../shared/protocols.ts';
import { OFFICIAL_CSV_COLUMNS, type OfficialImportResult } from '../../shared/results.ts';
import { AppError } from '../errors.ts';

/** The largest figure a protocol may hold (the shared `Figure` schema's bound). */
const MAX_FIGURE = 10_000_000;

/** The official CSV's column of each scalar figure (the comparison export names figures the same way). */
export const FIGURE_COLUMNS = {
  registeredVoters: 'registered_voters',
  ballotsReceived: 'ballots_received',
  ballotsIssuedInside: 'ballots_issued_inside',
  ballotsIssuedOutside: 'ballots_issued_outside',
  outsideRequests: 'outside_requests',
  ballotsCancelled: 'ballots_cancelled',
  fixedBoxBallots: 'fixed_box_ballots',
  portableBoxBallots: 'portable_box_ballots',
  invalidBallots: 'invalid_ballots',
} as const satisfies Record<(typeof OFFICIAL_SCALARS)[number], (typeof OFFICIAL_CSV_COLUMNS)[number]>;

/** The CSV column of a ballot option: its position on the ballot. */
export const optionColumn = (position: number) => `option_${position}`;

export interface OfficialRow {
  place: TallyPlace;
  figures: OfficialFigures;
}

const quoted = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * Reads and checks the whole file; every problem of every row is collected, and any problem is a
 * 400 listing them all (`row <n>.<column>`, the header being row 1), so the commission's file is
 * corrected once rather than one error at a time.
 *
 * The official file holds whole numbers only, so a cell may be separated by a comma or a
 * semicolon alike (csv-parse's list of delimiters): a stray separator shows up as an extra cell,
 * which is refused, rather than as a shifted figure.
 */
export async function planOfficialImport(
  db: Kysely<Database>,
  electionId: number,
  text: string,
): Promise<OfficialRow[]> {
  const problems: ErrorDetail[] = [];
  const refuse = (): never => {
    throw new AppError(
      400,
      'validation_failed',
      `The official results were not imported: ${problems.length} problem(s)`,
      problems,
    );
  };
  let records: string[][];
  try {
    // Blank lines are kept (and passed over below) so that a record's index is its row in the file.
    records = parse(text, { bom: true, delimiter: [',', ';'], relax_column_count: true, trim: true });
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    problems.push({ path: `row ${e.lines ?? 1}`, message: `Not a readable CSV file: ${e.message ?? 'parse error'}` });
    return refuse();
  }
  const blank = (record: string[]) => record.length === 1 && record[0] === '';
  const [header, ...rest] = records;
  if (!header || blank(header)) {
    problems.push({ path: 'row 1', message: 'The file is empty' });
    return refuse();
  }
  const body = rest.map((record, i) => ({ record, row: i + 2 })).filter(({ record }) => !blank(record));

  const options = await loadBallot(db, electionId);
  const expected = new Set<string>([...OFFICIAL_CSV_COLUMNS, ...options.map((o) => optionColumn(o.position))]);
  const names = header.map((h) => h.toLowerCase());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') problems.push({ path: `row 1.column ${i + 1}`, message: 'A column without a name' });
    else if (index.has(name)) problems.push({ path: `row 1.${name}`, message: 'The column appears twice' });
    else if (!expected.has(name)) problems.push({ path: `row 1.${name}`, message: 'Unknown column' });
    else index.set(name, i);
  });
  for (const name of expected) {
    if (!index.has(name)) problems.push({ path: `row 1.${name}`, message: 'The column is missing' });
  }
  if (body.length === 0) problems.push({ path: 'row 1', message: 'The file has a header but no rows' });

  // Station numbers first, so that unknown ones can be looked up in one query.
  const numbers = new Map<number, number>();
  const stationColumn = index.get('station');
  const parsed = body.map(({ record, row }) => {
    const at = (column: string) => `row ${row}.${column}`;
    if (record.length !== names.length)
      problems.push({ path: `row ${row}`, message: `${record.length} cells, the header has ${names.length}` });
    const figure = (column: string): number => {
      const i = index.get(column);
      if (i === undefined) return 0; // reported once, on the header
      const value = record[i] ?? '';
      if (value === '') problems.push({ path: at(column), message: 'No value' });
      else if (!/^\d+$/.test(value))
        problems.push({ path: at(column), message: `Not a whole number of 0 or more: ${quoted(value)}` });
      else if (Number(value) > MAX_FIGURE)
        problems.push({ path: at(column), message: `More than ${MAX_FIGURE.toLocaleString('en')}` });
      else return Number(value);
      return 0;
    };
    let station: number | null = null;
    if (stationColumn !== undefined) {
      const value = record[stationColumn] ?? '';
      if (value === '') problems.push({ path: at('station'), message: 'No station number' });
      else if (!/^\d{1,9}$/.test(value))
        problems.push({ path: at('station'), message: `Not a station number: ${quoted(value)}` });
      else {
        station = Number(value);
        const first = numbers.get(station);
        if (first !== undefined)
          problems.push({ path: at('station'), message: `Station ${station} is also on row ${first}` });
        else numbers.set(station, row);
      }
    }
    const figures: OfficialFigures = {
      registeredVoters: figure(FIGURE_COLUMNS.registeredVoters),
      ballotsReceived: figure(FIGURE_COLUMNS.ballotsReceived),
      ballotsIssuedInside: figure(FIGURE_COLUMNS.ballotsIssuedInside),
      ballotsIssuedOutside: figure(FIGURE_COLUMNS.ballotsIssuedOutside),
      outsideRequests: figure(FIGURE_COLUMNS.outsideRequests),
      ballotsCancelled: figure(FIGURE_COLUMNS.ballotsCancelled),
      fixedBoxBallots: figure(FIGURE_COLUMNS.fixedBoxBallots),
      portableBoxBallots: figure(FIGURE_COLUMNS.portableBoxBallots),
      invalidBallots: figure(FIGURE_COLUMNS.invalidBallots),
      votes: options.map((o) => ({ optionId: o.id, votes: figure(optionColumn(o.position)) })),
    };
    return { row, station, figures };
  });

  const known = new Map(
    numbers.size === 0
      ? []
      : (
          await db
            .selectFrom('stations')
            .select(['id', 'number', 'region_code'])
            .where('election_id', '=', electionId)
            .where('number', 'in', [...numbers.keys()])
            .execute()
        ).map((s) => [s.number, s]),
  );
  for (const { row, station } of parsed) {
    if (station !== null && !known.has(station) && numbers.get(station) === row)
      problems.push({ path: `row ${row}.station`, message: `No station ${station} in the active election` });
  }
  if (problems.length > 0) {
    // In file order, whatever check found them.
    const rowOf = (p: ErrorDetail) => Number(/^row (\d+)/.exec(p.path)?.[1] ?? 0);
    problems.sort((a, b) => rowOf(a) - rowOf(b));
    return refuse();
  }
  return parsed.map(({ station, figures }) => {
    const s = known.get(station!)!;
    return { place: { stationId: s.id, electionId, region: s.region_code }, figures };
  });
}

/** The same figures, vote rows included (a missing row is not the same as a stored 0). */
function sameFigures(a: OfficialFigures, b: OfficialFigures): boolean {
  return a.votes.length === b.votes.length && officialDifferences(a, b).length === 0;
}

/**
 * Replaces the election's official set as a whole in one transaction: stations missing from the
 * file lose their official figures, new and changed ones are written, unchanged ones are left as
 * they are; the protocol state of every station whose official figures changed is recomputed.
 * Returns the counts, the stations whose live state changed (publish them after the commit) and
 * how many stations' official figures were written or removed.
 */
export async function applyOfficialImport(
  db: Kysely<Database>,
  electionId: number,
  rows: OfficialRow[],
  actor: Pick<AuditWrite, 'actorId' | 'actorRole' | 'ip'>,
): Promise<{ result: OfficialImportResult; changedStations: number[]; rewritten: number }> {
  return db.transaction().execute(async (trx) => {
    // The change lock first: two imports, or an import and a verification, do not interleave.
    await takeSeqs(trx, 0);
    const before = await loadOfficialFigures(trx, electionId);
    const inFile = new Set(rows.map((r) => r.place.stationId));
    const removed = [...before.keys()].filter((id) => !inFile.has(id));
    const written = rows.filter((r) => {
      const old = before.get(r.place.stationId);
      return old === undefined || !sameFigures(old, r.figures);
    });
    await deleteOfficialFigures(trx, removed);
    await writeTallies(trx, written, 'official');
    const changedStations = await refreshProtocolStates(trx, [...removed, ...written.map((r) => r.place.stationId)]);
    const result = { imported: rows.length, replaced: rows.filter((r) => before.has(r.place.stationId)).length };
    await writeAudit(trx, {
      ...actor,
      action: 'official_results.import',
      entityType: 'election',
      entityId: electionId,
      after: {
        ...result,
        added: written.filter((r) => !before.has(r.place.stationId)).length,
        changed: written.filter((r) => before.has(r.place.stationId)).length,
        removed: removed.length,
      },
    });
    return { result, changedStations, rewritten: written.length + removed.length };
  });
}
