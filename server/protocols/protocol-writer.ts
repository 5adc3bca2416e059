import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { ensureStationStatus, takeSeqs } from '../../db/queries/live.queries.ts';
import {
  ballotOptionIds,
  bumpStationSeqs,
  findEntries,
  insertEntry,
  insertVersion,
  lockStationProtocols,
  refreshProtocolStates,
  versionFigures,
  writeTally,
  type TallyPlace,
} from '../../db/queries/protocol.queries.ts';
import type { Database, StationProtocolRow } from '../../db/schema.ts';
import type { SessionUser } from '../../shared/auth.ts';
import {
  checkProtocol,
  protocolDifferences,
  toOfficialShape,
  type EntryStatus,
  type FigureDifference,
  type OfficialFigures,
  type OperatorEntryBody,
  type ProtocolCheck,
  type ProtocolFigures,
  type ProtocolStatus,
  type ResolveBody,
} from '../../shared/protocols.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';

/** The checks of one copy as stored with it. */
export interface CheckedCopy {
  checks: ProtocolCheck[];
  /** Codes of the failed checks, each once. */
  failed: string[];
  /** A failed error check: the station's protocol is `flagged`. */
  hasErrors: boolean;
}

export function checkCopy(figures: ProtocolFigures, ownTally: number | null, optionIds: number[]): CheckedCopy {
  const checks = checkProtocol(figures, { ownTurnoutTally: ownTally, options: optionIds.map((id) => ({ id })) });
  const failed = checks.filter((c) => !c.ok);
  return {
    checks,
    failed: [...new Set(failed.map((c) => c.code))],
    hasErrors: failed.some((c) => c.severity === 'error'),
  };
}

/**
 * What the tabulation tables take from a copy: only the ballot's options, each once. A copy from
 * the field that names an unknown option or repeats one is stored as it is (the paper is the
 * evidence, and `options_complete` flags it) but cannot be added up option by option.
 */
export function tallyShape(figures: ProtocolFigures, optionIds: number[]): OfficialFigures {
  const known = new Set(optionIds);
  const seen = new Set<number>();
  const shape = toOfficialShape(figures);
  return {
    ...shape,
    votes: shape.votes.filter((v) => {
      if (!known.has(v.optionId) || seen.has(v.optionId)) return false;
      seen.add(v.optionId);
      return true;
    }),
  };
}

/** An observer's protocol report accepted into the current batch of the report writer. */
export interface ObserverProtocol {
  /** The report id: the entry keeps it. */
  id: string;
  place: TallyPlace;
  personId: number;
  enteredBy: number | null;
  hash: string;
  figures: ProtocolFigures;
  /** The report's own tally: null when the observer kept none (never filled in from a turnout report). */
  ownTally: number | null;
  copy: CheckedCopy;
}

/**
 * The checks of a batch's protocol reports before they are inserted (so that the report carries
 * its `protocol_errors` flag). The `own_tally` check uses the report's own tally only: the field is
 * required and null says "I kept no tally", so a turnout report's count (taken hours earlier, for
 * another purpose) is never put in its place.
 */
export async function checkObserverProtocols(
  trx: Transaction<Database>,
  reports: { electionId: number; figures: ProtocolFigures; ownTally: number | null }[],
): Promise<CheckedCopy[]> {
  if (reports.length === 0) return [];
  const options = await ballotOptionIds(trx, [...new Set(reports.map((r) => r.electionId))]);
  return reports.map((r) => checkCopy(r.figures, r.ownTally, options.get(r.electionId) ?? []));
}

/**
 * Stores the observers' copies of a batch (in the report writer's transaction, after the station
 * rows were written): the entries, the `received` tally, and each station's double-entry state.
 * Returns the stations whose protocol state changed. (Each protocol report already gave its
 * station a new change number, so the batch's broadcast carries every copy, state change or not.)
 */
export async function storeObserverProtocols(trx: Transaction<Database>, items: ObserverProtocol[]): Promise<number[]> {
  if (items.length === 0) return [];
  await trx
    .insertInto('protocol_entries')
    .values(
      items.map((p) => ({
        id: p.id,
        election_id: p.place.electionId,
        station_id: p.place.stationId,
        region_code: p.place.region,
        source: 'observer' as const,
        figures: JSON.stringify(p.figures),
        own_tally: p.ownTally,
        checks: JSON.stringify(p.copy.checks),
        failed: p.copy.failed,
        has_errors: p.copy.hasErrors,
        content_hash: p.hash,
        person_id: p.personId,
        entered_by: p.enteredBy,
      })),
    )
    .execute();
  // A second copy from the same station in one batch is a correction: the later one counts.
  const latest = new Map<number, ObserverProtocol>();
  for (const p of items) latest.set(p.place.stationId, p);
  const options = await ballotOptionIds(trx, [...new Set(items.map((p) => p.place.electionId))]);
  const rows = await lockStationProtocols(
    trx,
    [...latest.values()].map((p) => p.place),
  );
  for (const p of latest.values()) {
    const optionIds = options.get(p.place.electionId) ?? [];
    await writeTally(trx, p.place, 'received', tallyShape(p.figures, optionIds));
    const row = rows.get(p.place.stationId)!;
    await trx
      .updateTable('station_protocols')
      .set({ observer_entry_id: p.id, received_at: sql<Date>`coalesce(received_at, now())` })
      .where('station_id', '=', row.station_id)
      .execute();
    const entries = await findEntries(trx, [row.observer_entry_id, row.operator_entry_id]);
    const previous = row.observer_entry_id ? entries.get(row.observer_entry_id) : undefined;
    // The same figures sent again (a new report id: a phone re-sending the copy, a photo added):
    // nothing to compare anew, and a conflict a supervisor settled stays settled.
    if (previous && protocolDifferences(previous.figures, p.figures).length === 0) continue;
    const operator = row.operator_entry_id ? (entries.get(row.operator_entry_id) ?? null) : null;
    await settle(
      trx,
      { ...row, observer_entry_id: p.id },
      {
        place: p.place,
        observer: { figures: p.figures, ownTally: p.ownTally },
        operator: operator ? { figures: operator.figures } : null,
        personId: p.personId,
        optionIds,
      },
    );
  }
  return refreshProtocolStates(trx, [...latest.keys()]);
}

/**
 * Double entry: the observer's copy against the operator's. One missing: waiting for it. Differing
 * figures: conflicts for a supervisor (`a` the observer's value, `b` the operator's). Agreeing:
 * - no verified version yet, or the current one is itself `agreed`: a verified version (`agreed`)
 *   unless the verified figures are these already;
 * - the current version is a supervisor's (`resolved` or `corrected`): two copies agreeing never
 *   undo a decision. Agreeing with it too: `verified`. Differing from it: `conflict` against the
 *   verified figures (`a` the copies' value, the observer's and the operator's alike; `b` the
 *   verified version's), so that a supervisor decides again; the verified version stands meanwhile.
 */
async function settle(
  trx: Transaction<Database>,
  row: StationProtocolRow,
  input: {
    place: TallyPlace;
    observer: { figures: ProtocolFigures; ownTally: number | null } | null;
    operator: { figures: ProtocolFigures } | null;
    personId: number;
    optionIds: number[];
  },
): Promise<void> {
  const { observer, operator } = input;
  let status: EntryStatus;
  let conflicts: FigureDifference[] = [];
  let verifiedVersion = row.verified_version;
  if (!observer) status = 'awaiting_observer';
  else if (!operator) status = 'awaiting_entry';
  else {
    conflicts = protocolDifferences(observer.figures, operator.figures);
    if (conflicts.length > 0) status = 'conflict';
    else {
      status = 'verified';
      const current =
        row.verified_version === null ? null : await versionFigures(trx, row.station_id, row.verified_version);
      const changes = current ? protocolDifferences(current.figures, observer.figures) : [];
      if (current && current.basis !== 'agreed' && changes.length > 0) {
        status = 'conflict';
        conflicts = changes.map((c) => ({ key: c.key, a: c.b, b: c.a }));
      } else if (!current || changes.length > 0) {
        verifiedVersion = (row.verified_version ?? 0) + 1;
        await addVersion(trx, input.place, {
          version: verifiedVersion,
          basis: 'agreed',
          figures: observer.figures,
          ownTally: observer.ownTally,
          changes,
          note: '',
          personId: input.personId,
          optionIds: input.optionIds,
        });
      }
    }
  }
  await trx
    .updateTable('station_protocols')
    .set({
      status,
      conflicts: JSON.stringify(conflicts),
      verified_version: verifiedVersion,
      updated_at: sql<Date>`now()`,
    })
    .where('station_id', '=', row.station_id)
    .execute();
}

async function addVersion(
  trx: Transaction<Database>,
  place: TallyPlace,
  v: {
    version: number;
    basis: 'agreed' | 'resolved' | 'corrected';
    figures: ProtocolFigures;
    ownTally: number | null;
    changes: FigureDifference[];
    note: string;
    personId: number;
    optionIds: number[];
  },
): Promise<void> {
  await insertVersion(trx, {
    station_id: place.stationId,
    version: v.version,
    election_id: place.electionId,
    basis: v.basis,
    figures: JSON.stringify(v.figures),
    checks: JSON.stringify(checkCopy(v.figures, v.ownTally, v.optionIds).checks),
    changes: JSON.stringify(v.changes),
    note: v.note,
    person_id: v.personId,
  });
  await writeTally(trx, place, 'verified', tallyShape(v.figures, v.optionIds));
}

// ---------------------------------------------------------------------------------------------
// HQ: an operator's entry, a supervisor's decision
// ---------------------------------------------------------------------------------------------

export interface ProtocolWrite {
  status: ProtocolStatus;
  /** Stations whose live state changed (publish after commit). */
  changed: number[];
}

interface Actor {
  user: SessionUser;
  ip: string;
}

/** A station of the active election with its ballot's option ids; 404 otherwise. */
async function activeStation(trx: Transaction<Database>, stationId: number) {
  const station = await trx
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .select(['s.id', 's.election_id', 's.region_code'])
    .where('s.id', '=', stationId)
    .where('e.is_active', '=', true)
    .executeTakeFirst();
  if (!station) throw new NotFoundError('No such station in the active election');
  const place: TallyPlace = { stationId: station.id, electionId: station.election_id, region: station.region_code };
  const optionIds = (await ballotOptionIds(trx, [place.electionId])).get(place.electionId) ?? [];
  return { place, optionIds };
}

/**
 * HQ types figures from the photo with the ballot in front of them: every option exactly once,
 * nothing else. (The observer's copy is taken as the paper says; this one is ours.)
 */
function assertWholeBallot(figures: ProtocolFigures, optionIds: number[]): void {
  const options = checkCopy(figures, null, optionIds).checks.find((c) => c.code === 'options_complete');
  if (options && !options.ok) {
    throw new AppError(400, 'validation_failed', 'Give one vote figure for every option of the ballot', [
      {
        path: 'figures.votes',
        message: `options missing, repeated or unknown: ${(options.optionIds ?? []).join(', ')}`,
      },
    ]);
  }
}

async function statusOf(trx: Kysely<Database> | Transaction<Database>, stationId: number): Promise<ProtocolStatus> {
  const row = await trx
    .selectFrom('station_protocols')
    .select(['state', 'status', 'verified_version', sql<number>`jsonb_array_length(conflicts)`.as('conflicts')])
    .where('station_id', '=', stationId)
    .executeTakeFirst();
  return {
    stationId,
    state: row?.state ?? 'none',
    status: row?.status ?? null,
    conflicts: Number(row?.conflicts ?? 0),
    verifiedVersion: row?.verified_version ?? null,
  };
}

const operatorHash = (stationId: number, figures: ProtocolFigures) =>
  createHash('sha256').update(JSON.stringify({ stationId, figures })).digest('hex');

/** An operator's entry typed from the photo; idempotent by entry id. */
export async function recordOperatorEntry(
  db: Kysely<Database>,
  stationId: number,
  body: OperatorEntryBody,
  actor: Actor,
): Promise<ProtocolWrite> {
  const hash = operatorHash(stationId, body.figures);
  return db.transaction().execute(async (trx) => {
    await takeSeqs(trx, 0);
    const stored = await trx
      .selectFrom('protocol_entries')
      .select(['source', 'content_hash'])
      .where('id', '=', body.id)
      .executeTakeFirst();
    if (stored) {
      if (stored.source !== 'operator' || stored.content_hash !== hash)
        throw new ConflictError('A different entry was already stored under this id', [
          { path: 'id', message: 'id reused with other content' },
        ]);
      return { status: await statusOf(trx, stationId), changed: [] };
    }
    const { place, optionIds } = await activeStation(trx, stationId);
    assertWholeBallot(body.figures, optionIds);
    await ensureStationStatus(trx, place.electionId, [stationId]);
    const row = (await lockStationProtocols(trx, [place])).get(stationId)!;
    if (row.operator_entry_id !== null)
      throw new ConflictError('This protocol was already typed by an operator', [
        { path: 'stationId', message: 'already typed' },
      ]);
    const copy = checkCopy(body.figures, null, optionIds);
    await insertEntry(trx, {
      id: body.id,
      election_id: place.electionId,
      station_id: stationId,
      region_code: place.region,
      source: 'operator',
      figures: JSON.stringify(body.figures),
      own_tally: null,
      checks: JSON.stringify(copy.checks),
      failed: copy.failed,
      has_errors: copy.hasErrors,
      content_hash: hash,
      person_id: actor.user.id,
      entered_by: null,
    });
    await trx
      .updateTable('station_protocols')
      .set({ operator_entry_id: body.id, claimed_by: null, claimed_until: null })
      .where('station_id', '=', stationId)
      .execute();
    const observer = row.observer_entry_id
      ? ((await findEntries(trx, [row.observer_entry_id])).get(row.observer_entry_id) ?? null)
      : null;
    await settle(trx, row, {
      place,
      observer: observer ? { figures: observer.figures, ownTally: observer.own_tally } : null,
      operator: { figures: body.figures },
      personId: actor.user.id,
      optionIds,
    });
    await refreshProtocolStates(trx, [stationId]);
    // Every entry changes the station's protocol (its status, its conflicts), state moved or not.
    const changed = await bumpStationSeqs(trx, [stationId]);
    const status = await statusOf(trx, stationId);
    await writeAudit(trx, {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      ip: actor.ip,
      action: 'protocol.operator_entry',
      entityType: 'station_protocol',
      entityId: stationId,
      after: { entryId: body.id, status: status.status, conflicts: status.conflicts },
    });
    return { status, changed };
  });
}

/** A supervisor's verified version: settles a conflict, or corrects a verified protocol. */
export async function resolveProtocol(
  db: Kysely<Database>,
  stationId: number,
  body: ResolveBody,
  actor: Actor,
): Promise<ProtocolWrite> {
  return db.transaction().execute(async (trx) => {
    await takeSeqs(trx, 0);
    const { place, optionIds } = await activeStation(trx, stationId);
    const row = await trx
      .selectFrom('station_protocols')
      .selectAll()
      .where('station_id', '=', stationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (row.observer_entry_id === null && row.operator_entry_id === null))
      throw new ConflictError('No copy of this protocol has been entered yet: nothing to resolve');
    const entries = await findEntries(trx, [row.observer_entry_id, row.operator_entry_id]);
    const observer = row.observer_entry_id ? (entries.get(row.observer_entry_id) ?? null) : null;
    const operator = row.operator_entry_id ? (entries.get(row.operator_entry_id) ?? null) : null;
    // Four eyes: whoever typed the second entry does not decide between it and the observer's.
    if (operator?.person_id === actor.user.id)
      throw new ForbiddenError('You typed this protocol: another supervisor must resolve it');
    if (body.basedOnVersion !== row.verified_version)
      throw new ConflictError(
        `The protocol changed meanwhile: the verified version is now ${row.verified_version ?? 'none'}`,
        [{ path: 'basedOnVersion', message: `current version is ${row.verified_version ?? 'none'}` }],
      );
    // The decision was made looking at these two copies: a newer one means looking again.
    const stale = [
      ...(body.observerEntryId !== row.observer_entry_id
        ? [{ path: 'observerEntryId', message: `the observer's copy is now ${row.observer_entry_id ?? 'none'}` }]
        : []),
      ...(body.operatorEntryId !== row.operator_entry_id
        ? [{ path: 'operatorEntryId', message: `the operator's entry is now ${row.operator_entry_id ?? 'none'}` }]
        : []),
    ];
    if (stale.length > 0)
      throw new ConflictError('A copy of this protocol came in meanwhile: look at it before deciding', stale);
    assertWholeBallot(body.figures, optionIds);
    const previous =
      row.verified_version !== null
        ? ((await versionFigures(trx, stationId, row.verified_version))?.figures ?? null)
        : (observer ?? operator)!.figures;
    const version = (row.verified_version ?? 0) + 1;
    const basis = row.status === 'conflict' || row.verified_version === null ? 'resolved' : 'corrected';
    const changes = previous ? protocolDifferences(previous, body.figures) : [];
    await addVersion(trx, place, {
      version,
      basis,
      figures: body.figures,
      ownTally: observer?.own_tally ?? null,
      changes,
      note: body.note,
      personId: actor.user.id,
      optionIds,
    });
    await trx
      .updateTable('station_protocols')
      .set({ status: 'verified', conflicts: '[]', verified_version: version, updated_at: sql<Date>`now()` })
      .where('station_id', '=', stationId)
      .execute();
    await ensureStationStatus(trx, place.electionId, [stationId]);
    await refreshProtocolStates(trx, [stationId]);
    // A correction keeps `verified` but changes the figures the results add up: always tell.
    const changed = await bumpStationSeqs(trx, [stationId]);
    await writeAudit(trx, {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      ip: actor.ip,
      action: 'protocol.resolve',
      entityType: 'station_protocol',
      entityId: stationId,
      before: { verifiedVersion: row.verified_version, status: row.status },
      after: { verifiedVersion: version, basis, changes, note: body.note },
    });
    return { status: await statusOf(trx, stationId), changed };
  });
}

/** After a commit; a failed broadcast is logged, never turned into a failed write. */
export async function publishProtocols(app: FastifyInstance, stationIds: number[]): Promise<void> {
  if (stationIds.length === 0) return;
  try {
    await app.live.publish(stationIds);
  } catch (error) {
    app.log.error({ err: error }, 'protocol broadcast failed');
  }
}
