import { sql, type Kysely } from 'kysely';
import { stationProtocolPhotos } from '../../db/queries/evidence.queries.ts';
import {
  ballotOf,
  entryRowToApi,
  findEntries,
  officialFiguresOf,
  protocolVersions,
} from '../../db/queries/protocol.queries.ts';
import type { StationScope } from '../../db/queries/station.queries.ts';
import type { Database } from '../../db/schema.ts';
import {
  ProtocolCheckCode,
  ballotsInBoxes,
  officialDifferences,
  toOfficialShape,
  type EntryNext,
  type FigureDifference,
  type ProtocolBallot,
  type ProtocolCheck,
  type ProtocolFigures,
  type ProtocolList,
  type ProtocolListQuery,
  type ProtocolState,
  type ProtocolStation,
  type StationProtocol,
} from '../../shared/protocols.ts';
import type { z } from 'zod';
import { toCsv } from '../imports/csv.ts';
import { spreadsheetSafe } from '../csv.ts';

/** An operator holds a station this long before another operator may be given it. */
export const CLAIM_MINUTES = 15;

type Db = Kysely<Database>;

async function protocolStation(db: Db, stationId: number): Promise<ProtocolStation | null> {
  const row = await db
    .selectFrom('stations')
    .select(['id', 'number', 'region_code', 'address', 'registered_voters'])
    .where('id', '=', stationId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        number: row.number,
        region: row.region_code,
        address: row.address,
        registeredVoters: row.registered_voters,
      }
    : null;
}

/**
 * Everything about one station's protocol. `mayResolve`: the operator's entry and the conflicts
 * are shown only to those who settle them (double entry is blind for everyone else).
 * `mayReadOfficial`: the commission's figures and the differences from them only to those who may
 * read the official results (`official.read`); an observer reads their own copy and its versions.
 */
export async function stationProtocol(
  db: Db,
  station: { id: number; electionId: number },
  may: { mayResolve: boolean; mayReadOfficial: boolean },
): Promise<StationProtocol> {
  const { mayResolve, mayReadOfficial } = may;
  const [info, ballot, row, versions, photos, official] = await Promise.all([
    protocolStation(db, station.id),
    ballotOf(db, station.electionId),
    db.selectFrom('station_protocols').selectAll().where('station_id', '=', station.id).executeTakeFirst(),
    protocolVersions(db, station.id),
    stationProtocolPhotos(db, station.id, false),
    mayReadOfficial ? officialFiguresOf(db, station.id) : null,
  ]);
  const entries = await findEntries(db, [row?.observer_entry_id ?? null, row?.operator_entry_id ?? null]);
  const observer = row?.observer_entry_id ? entries.get(row.observer_entry_id) : undefined;
  const operator = row?.operator_entry_id ? entries.get(row.operator_entry_id) : undefined;
  const verified = versions[0] ?? null;
  return {
    station: info!,
    ballot: ballot!,
    state: row?.state ?? 'none',
    status: row?.status ?? null,
    observer: observer ? entryRowToApi(observer) : null,
    operator: mayResolve && operator ? entryRowToApi(operator) : null,
    conflicts: mayResolve && row?.status === 'conflict' ? row.conflicts : [],
    verified,
    versions,
    photos,
    official,
    officialDifferences: verified && official ? officialDifferences(toOfficialShape(verified.figures), official) : [],
  };
}

/** The scope as a filter on a `station_protocols`/`station_status` alias. */
function scopeFilter(alias: string, scope: StationScope) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  if (scope.regions) return sql`and ${column('region_code')} = any(${scope.regions}::text[])`;
  if (scope.stationIds) return sql`and ${column('station_id')} = any(${scope.stationIds}::int[])`;
  return sql``;
}

/** Stations with protocol activity in the scope, by station number; counts by state over the whole scope. */
export async function listProtocols(
  db: Db,
  electionId: number,
  scope: StationScope,
  filter: z.infer<typeof ProtocolListQuery>,
): Promise<ProtocolList> {
  const { rows } = await sql<{
    station_id: number;
    number: number;
    region_code: string;
    state: ProtocolState;
    status: ProtocolList['items'][number]['status'];
    failed: string[] | null;
    conflicts: number;
    photos: number | null;
    verified_version: number | null;
    received_at: Date | null;
    updated_at: Date;
  }>`
    select sp.station_id, s.number, sp.region_code, sp.state, sp.status, e.failed,
      jsonb_array_length(sp.conflicts)::int as conflicts, ph.photos, sp.verified_version, sp.received_at, sp.updated_at
    from station_protocols sp
    join stations s on s.id = sp.station_id
    left join protocol_entries e on e.id = sp.observer_entry_id
    left join (
      select station_id, count(*)::int as photos from evidence
      where purpose = 'protocol_photo' and state = 'complete' group by station_id
    ) ph on ph.station_id = sp.station_id
    where sp.election_id = ${electionId}
      ${scopeFilter('sp', scope)}
      ${filter.region ? sql`and sp.region_code = ${filter.region}` : sql``}
      ${filter.state ? sql`and sp.state = ${filter.state}` : sql``}
      ${filter.status ? sql`and sp.status = ${filter.status}` : sql``}
    order by s.number`.execute(db);
  const counted = await sql<{ state: ProtocolState; n: number }>`
    select st.protocol_state as state, count(*)::int as n from station_status st
    where st.election_id = ${electionId} ${scopeFilter('st', scope)}
    group by st.protocol_state`.execute(db);
  const counts: Record<ProtocolState, number> = { none: 0, received: 0, flagged: 0, verified: 0, differs: 0 };
  for (const c of counted.rows) counts[c.state] = c.n;
  return {
    items: rows.map((r) => ({
      stationId: r.station_id,
      number: r.number,
      region: r.region_code,
      state: r.state,
      status: r.status,
      failedChecks: (r.failed ?? []).flatMap((code) => {
        const known = ProtocolCheckCode.safeParse(code);
        return known.success ? [known.data] : [];
      }),
      conflicts: r.conflicts,
      photos: r.photos ?? 0,
      verifiedVersion: r.verified_version,
      receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    counts,
  };
}

const CSV_FIGURES = [
  'registered_voters',
  'ballots_received',
  'ballots_issued_inside',
  'ballots_issued_outside',
  'outside_requests',
  'ballots_cancelled',
  'fixed_box_ballots',
  'portable_boxes',
  'portable_box_ballots',
  'ballots_in_boxes',
  'invalid_ballots',
  'fixed_box_seal_intact',
  'portable_seals_intact',
  'chair_signed',
  'secretary_signed',
  'members_signed',
] as const;

function figureCells(f: ProtocolFigures): (string | number)[] {
  const yes = (v: boolean) => (v ? 'yes' : 'no');
  return [
    f.registeredVoters,
    f.ballotsReceived,
    f.ballotsIssuedInside,
    f.ballotsIssuedOutside,
    f.outsideRequests,
    f.ballotsCancelled,
    f.fixedBoxBallots,
    f.portableBoxes.length,
    f.portableBoxes.reduce((n, b) => n + b.ballots, 0),
    ballotsInBoxes(f),
    f.invalidBallots,
    yes(f.fixedBoxSealIntact),
    yes(f.portableBoxes.every((b) => b.sealIntact)),
    yes(f.signatures.chair),
    yes(f.signatures.secretary),
    f.signatures.members,
  ];
}

/** A ballot option's column: its position and name (Russian, as in the other HQ exports). */
const optionHeader = (o: ProtocolBallot['options'][number]) => `${o.position}. ${o.name.ru}`;

/**
 * One row per station with a copy: the best copy's figures (the verified version, else the
 * observer's), the votes per option in ballot order, and the failed checks of that copy.
 */
export async function protocolsCsv(
  db: Db,
  electionId: number,
  scope: StationScope,
  delimiter: 'comma' | 'semicolon',
): Promise<string> {
  const ballot = await ballotOf(db, electionId);
  const options = ballot?.options ?? [];
  const { rows } = await sql<{
    number: number;
    region_code: string;
    state: string;
    status: string | null;
    verified_version: number | null;
    version_figures: ProtocolFigures | null;
    version_checks: ProtocolCheck[] | null;
    observer_figures: ProtocolFigures | null;
    observer_failed: string[] | null;
  }>`
    select s.number, sp.region_code, sp.state, sp.status, sp.verified_version,
      v.figures as version_figures, v.checks as version_checks, e.figures as observer_figures, e.failed as observer_failed
    from station_protocols sp
    join stations s on s.id = sp.station_id
    left join protocol_versions v on v.station_id = sp.station_id and v.version = sp.verified_version
    left join protocol_entries e on e.id = sp.observer_entry_id
    where sp.election_id = ${electionId} and (v.figures is not null or e.figures is not null)
      ${scopeFilter('sp', scope)}
    order by s.number`.execute(db);
  const header = [
    'station_number',
    'region',
    'state',
    'status',
    'verified_version',
    'copy',
    ...CSV_FIGURES,
    ...options.map((o) => spreadsheetSafe(optionHeader(o))),
    'failed_checks',
  ];
  return toCsv(
    header,
    rows.map((r) => {
      const figures = (r.version_figures ?? r.observer_figures)!;
      const failed = r.version_checks
        ? [...new Set(r.version_checks.filter((c) => !c.ok).map((c) => c.code))]
        : (r.observer_failed ?? []);
      const votes = new Map(figures.votes.map((v) => [v.optionId, v.votes]));
      return [
        r.number,
        spreadsheetSafe(r.region_code),
        r.state,
        r.status,
        r.verified_version,
        r.version_figures ? 'verified' : 'observer',
        ...figureCells(figures),
        ...options.map((o) => votes.get(o.id) ?? null),
        failed.join('|'),
      ];
    }),
    delimiter,
  );
}

/**
 * One row per figure of every open conflict: the observer's value against the operator's (or,
 * where the two copies agree but differ from a supervisor's version, the copies' value against the
 * verified one: see `settle`). Supervisors only, like the operator's entry on the station page.
 */
export async function conflictsCsv(
  db: Db,
  electionId: number,
  scope: StationScope,
  delimiter: 'comma' | 'semicolon',
): Promise<string> {
  const { rows } = await sql<{ number: number; region_code: string; conflicts: FigureDifference[] }>`
    select s.number, sp.region_code, sp.conflicts
    from station_protocols sp join stations s on s.id = sp.station_id
    where sp.election_id = ${electionId} and sp.status = 'conflict' ${scopeFilter('sp', scope)}
    order by s.number`.execute(db);
  const cell = (v: number | boolean | null) => (v === null ? null : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v);
  return toCsv(
    ['station_number', 'region', 'figure', 'observer', 'operator'],
    rows.flatMap((r) =>
      r.conflicts.map((c) => [r.number, spreadsheetSafe(r.region_code), spreadsheetSafe(c.key), cell(c.a), cell(c.b)]),
    ),
    delimiter,
  );
}

/**
 * When a station's first protocol photo was complete, or null: a lateral lookup per station through
 * the index `evidence_station_purpose` (station, purpose), never a pass over all the evidence.
 */
const firstPhoto = sql`lateral (
  select min(e.completed_at) as first_photo from evidence e
  where e.station_id = sp.station_id and e.purpose = 'protocol_photo' and e.state = 'complete') ph`;

/**
 * The operator's next station: the one waiting longest (its first complete photo, or the
 * observer's copy) with a photo to type from and no operator's entry, not held by another
 * operator. It is held for this operator for CLAIM_MINUTES; `for update skip locked` keeps two
 * operators asking at once from being given the same station. A station the operator already
 * holds comes back first (a reloaded page). A station gets its `station_protocols` row when its
 * first protocol photo is declared (`POST /api/evidence`), so a poll only reads and claims.
 *
 * No change lock: the claim writes only `claimed_by`/`claimed_until`, changes nothing anyone is
 * told of, and cannot wait crosswise with a writer (it waits, if at all, only in its first
 * statement, on the skipped row, before it holds a lock; the pick skips locked rows).
 */
export async function claimNext(
  db: Db,
  electionId: number,
  operatorId: number,
  skip: number | undefined,
): Promise<EntryNext> {
  const claimed = await db.transaction().execute(async (trx) => {
    if (skip !== undefined) {
      await trx
        .updateTable('station_protocols')
        .set({ claimed_by: null, claimed_until: null })
        .where('station_id', '=', skip)
        .where('claimed_by', '=', operatorId)
        .execute();
    }
    const { rows } = await sql<{ station_id: number }>`
      select sp.station_id
      from station_protocols sp cross join ${firstPhoto}
      where sp.election_id = ${electionId} and sp.operator_entry_id is null and ph.first_photo is not null
        and (sp.claimed_until is null or sp.claimed_until < now() or sp.claimed_by = ${operatorId})
        ${skip !== undefined ? sql`and sp.station_id <> ${skip}` : sql``}
      order by (sp.claimed_by = ${operatorId} and sp.claimed_until >= now()) is true desc,
        least(ph.first_photo, sp.received_at), sp.station_id
      limit 1
      for update of sp skip locked`.execute(trx);
    const stationId = rows[0]?.station_id;
    if (stationId === undefined) return null;
    const row = await trx
      .updateTable('station_protocols')
      .set({
        claimed_by: operatorId,
        claimed_until: sql<string>`now() + make_interval(mins => ${CLAIM_MINUTES})`,
      })
      .where('station_id', '=', stationId)
      .returning(['station_id', 'claimed_until'])
      .executeTakeFirstOrThrow();
    return { stationId: row.station_id, claimedUntil: new Date(row.claimed_until!).toISOString() };
  });
  const waiting = await sql<{ n: number }>`
    select count(*)::int as n
    from station_protocols sp
    where sp.election_id = ${electionId} and sp.operator_entry_id is null
      and exists (select 1 from evidence e
        where e.station_id = sp.station_id and e.purpose = 'protocol_photo' and e.state = 'complete')`.execute(db);
  const n = waiting.rows[0]?.n ?? 0;
  if (!claimed) return { task: null, waiting: n };
  const [station, ballot, photos] = await Promise.all([
    protocolStation(db, claimed.stationId),
    ballotOf(db, electionId),
    stationProtocolPhotos(db, claimed.stationId, true),
  ]);
  return { task: { station: station!, ballot: ballot!, photos, claimedUntil: claimed.claimedUntil }, waiting: n };
}
