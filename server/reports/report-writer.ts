import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ensureStationStatus, statusRowToLive, takeSeqs } from '../../db/queries/live.queries.ts';
import type { Database, StationStatusRow } from '../../db/schema.ts';
import type { SessionUser } from '../../shared/auth.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import { localInstant } from '../../shared/geo.ts';
import { scopeFor } from '../../shared/permissions.ts';
import { checkObserverProtocols, storeObserverProtocols, type ObserverProtocol } from '../protocols/protocol-writer.ts';
import {
  phaseAfter,
  STATION_PHASES,
  turnoutDiscrepancy,
  type ReportEnvelope,
  type ReportResult,
  type StationLive,
  type StationPhase,
} from '../../shared/reports.ts';

/** A batch never waits for more than this many reports; one transaction writes them all. */
const MAX_BATCH = 200;
/** A phone clock this far off is worth telling HQ about (the report is still taken). */
const SKEW_FLAG_MS = 2 * 60_000;

interface Pending {
  envelope: ReportEnvelope;
  user: SessionUser;
  hash: string;
  resolve: (result: ReportResult) => void;
}

export interface ReportWriterOptions {
  maxClockSkewMinutes: number;
  now?: () => Date;
  /** Called after each commit with the new state of every station it changed. */
  onCommitted: (stations: StationLive[]) => void;
  onError: (error: unknown) => void;
}

/** The same report resent is byte-for-byte the same JSON after the shared schema's parse. */
export function contentHash(envelope: ReportEnvelope): string {
  const { stationId, electionId, deviceTime, body } = envelope;
  return createHash('sha256')
    .update(JSON.stringify({ stationId, electionId, deviceTime: new Date(deviceTime).toISOString(), body }))
    .digest('hex');
}

const fail = (
  code: 'validation_failed' | 'forbidden' | 'not_found' | 'conflict',
  message: string,
  details?: ErrorDetail[],
): ReportResult => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

const rank = (phase: StationPhase) => STATION_PHASES.indexOf(phase);

/**
 * Writes reports in batches: whatever arrived while the previous transaction ran goes into the
 * next one (one lock, one insert, one update per station). Each report is acknowledged only after
 * its transaction committed; a resend of a stored report gets the first answer again.
 */
export class ReportWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: ReportWriterOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  submit(envelope: ReportEnvelope, user: SessionUser): Promise<ReportResult> {
    return new Promise((resolve) => {
      this.queue.push({ envelope, user, hash: contentHash(envelope), resolve });
      // Start on the next turn of the event loop: every report that arrived in this one (a
      // socket frame often carries many) joins the same batch and the same transaction.
      this.running ??= new Promise<void>((next) => setImmediate(next))
        .then(() => this.drain())
        .finally(() => {
          this.running = null;
        });
    });
  }

  /** Resolves when everything submitted so far is written (shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const { results, changed } = await this.write(batch);
        batch.forEach((p, i) => p.resolve(results[i]!));
        if (changed.length > 0) this.options.onCommitted(changed);
      } catch (error) {
        this.options.onError(error);
        // Nothing was committed: the phone keeps the report and sends it again.
        for (const p of batch) {
          p.resolve({
            ok: false,
            error: { code: 'internal_error', message: 'The report could not be stored; it will be resent' },
          });
        }
      }
    }
  }

  private async write(batch: Pending[]): Promise<{ results: ReportResult[]; changed: StationLive[] }> {
    const now = this.now();
    const mark = timer(batch.length);
    return this.db.transaction().execute(async (trx) => {
      // The lock first: duplicates and station states are read in commit order.
      await takeSeqs(trx, 0);
      mark('lock');
      const ids = [...new Set(batch.map((p) => p.envelope.id))];
      const existing = new Map(
        (await trx.selectFrom('reports').select(['id', 'seq', 'content_hash']).where('id', 'in', ids).execute()).map(
          (r) => [r.id, r],
        ),
      );
      const stationIds = [...new Set(batch.map((p) => p.envelope.stationId))];
      const stations = new Map(
        (
          await trx
            .selectFrom('stations as s')
            .innerJoin('elections as e', 'e.id', 's.election_id')
            .select(['s.id', 's.election_id', 's.region_code', 's.registered_voters', 'e.voting_date'])
            .where('s.id', 'in', stationIds)
            .execute()
        ).map((s) => [s.id, s]),
      );
      const observerIds = [...new Set(batch.filter((p) => p.user.role === 'station_observer').map((p) => p.user.id))];
      const assigned = new Set(
        observerIds.length
          ? (
              await trx
                .selectFrom('assignments')
                .select(['person_id', 'station_id'])
                .where('person_id', 'in', observerIds)
                .where('station_id', 'in', stationIds)
                .where('ended_at', 'is', null)
                .execute()
            ).map((a) => `${a.person_id}:${a.station_id}`)
          : [],
      );
      const primaries = new Map(
        (
          await trx
            .selectFrom('assignments')
            .select(['station_id', 'person_id'])
            .where('station_id', 'in', stationIds)
            .where('kind', '=', 'primary')
            .where('ended_at', 'is', null)
            .execute()
        ).map((a) => [a.station_id, a.person_id]),
      );

      mark('reads');
      const results: (ReportResult | null)[] = batch.map(() => null);
      const accepted: {
        index: number;
        p: Pending;
        personId: number;
        enteredBy: number | null;
        skew: number;
        flags: string[];
      }[] = [];
      const seenInBatch = new Map<string, number>();
      batch.forEach((p, index) => {
        const { envelope, user } = p;
        const stored = existing.get(envelope.id);
        const earlier = seenInBatch.get(envelope.id);
        if (stored || earlier !== undefined) {
          const sameContent = stored ? stored.content_hash === p.hash : batch[earlier!]!.hash === p.hash;
          if (!sameContent) {
            results[index] = fail('conflict', 'A different report was already stored under this id', [
              { path: 'id', message: 'id reused with other content' },
            ]);
          } else if (stored) {
            results[index] = { ok: true, data: { id: envelope.id, seq: stored.seq, duplicate: true } };
          } else {
            results[index] = null; // filled from the first copy after insert
          }
          return;
        }
        const station = stations.get(envelope.stationId);
        if (!station || station.election_id !== envelope.electionId) {
          results[index] = fail('not_found', 'No such station in this election', [
            { path: 'stationId', message: 'unknown station' },
          ]);
          return;
        }
        const scope = scopeFor(user.role, 'reports.submit');
        const allowed =
          scope === 'all' ||
          (scope === 'regions' && user.regions.includes(station.region_code)) ||
          (scope === 'own' && assigned.has(`${user.id}:${station.id}`));
        if (!allowed) {
          results[index] = fail('forbidden', 'You may report only for your own station');
          return;
        }
        const timeProblems = checkTimes(envelope, station.voting_date, now, this.options.maxClockSkewMinutes);
        if (timeProblems.length > 0) {
          results[index] = fail('validation_failed', 'Implausible time', timeProblems);
          return;
        }
        const deviceMs = Date.parse(envelope.deviceTime);
        const skew = deviceMs - now.getTime();
        const flags: string[] = [];
        if (Math.abs(skew) > SKEW_FLAG_MS) flags.push('clock_skew');
        const body = envelope.body;
        if (body.kind === 'turnout') {
          if (body.chairFigure > station.registered_voters) flags.push('turnout_above_registered');
          if (turnoutDiscrepancy(body.chairFigure, body.ownCount)) flags.push('turnout_discrepancy');
        }
        if (body.kind === 'closing' && body.votedPerChair > station.registered_voters)
          flags.push('turnout_above_registered');
        // An observer reports as themselves; HQ or a coordinator records it for the station's observer.
        const onBehalf = user.role !== 'station_observer';
        const personId = onBehalf ? (primaries.get(station.id) ?? user.id) : user.id;
        accepted.push({ index, p, personId, enteredBy: onBehalf ? user.id : null, skew, flags });
        seenInBatch.set(envelope.id, index);
      });

      mark('checks');
      const protocols = await this.checkProtocols(trx, accepted, stations);
      const seqs = await takeSeqs(trx, accepted.length);
      if (accepted.length > 0) {
        await trx
          .insertInto('reports')
          .values(
            accepted.map((a, i) => ({
              id: a.p.envelope.id,
              seq: seqs[i]!,
              election_id: a.p.envelope.electionId,
              station_id: a.p.envelope.stationId,
              person_id: a.personId,
              entered_by: a.enteredBy,
              kind: a.p.envelope.body.kind,
              body: JSON.stringify(a.p.envelope.body),
              content_hash: a.p.hash,
              device_time: a.p.envelope.deviceTime,
              received_at: now,
              clock_skew_ms: Math.max(-2_000_000_000, Math.min(2_000_000_000, a.skew)),
              flags: a.flags,
            })),
          )
          .execute();
      }
      accepted.forEach((a, i) => {
        results[a.index] = { ok: true, data: { id: a.p.envelope.id, seq: seqs[i]!, duplicate: false } };
      });
      // A copy sent twice in the same batch: the second copy gets the first one's answer, as a duplicate.
      batch.forEach((p, index) => {
        if (results[index] !== null) return;
        const first = results[seenInBatch.get(p.envelope.id)!];
        results[index] = first?.ok
          ? { ok: true, data: { ...first.data, duplicate: true } }
          : (first ?? fail('conflict', 'Duplicate'));
      });

      mark('insert');
      let changed = await this.applyToStations(trx, accepted, seqs, now);
      if (protocols.length > 0) {
        // After the station rows: the protocol state moves on with its own change number, and the
        // broadcast carries the rows as they are now.
        await storeObserverProtocols(trx, protocols);
        const ids = [...new Set(protocols.map((p) => p.place.stationId))];
        const fresh = new Map(
          (await trx.selectFrom('station_status').selectAll().where('station_id', 'in', ids).execute()).map((r) => [
            r.station_id,
            statusRowToLive(r),
          ]),
        );
        changed = changed.map((live) => fresh.get(live.stationId) ?? live);
      }
      mark('done');
      return { results: results as ReportResult[], changed };
    });
  }

  /**
   * The batch's protocol reports, checked before they are inserted: a copy failing an error check
   * gives its report the `protocol_errors` flag.
   */
  private async checkProtocols(
    trx: Transaction<Database>,
    accepted: { p: Pending; personId: number; enteredBy: number | null; flags: string[] }[],
    stations: Map<number, { id: number; election_id: number; region_code: string }>,
  ): Promise<ObserverProtocol[]> {
    const found = accepted.flatMap((a) => {
      const body = a.p.envelope.body;
      return body.kind === 'protocol' ? [{ a, body }] : [];
    });
    const copies = await checkObserverProtocols(
      trx,
      found.map(({ a, body }) => ({
        electionId: a.p.envelope.electionId,
        figures: body.figures,
        ownTally: body.ownTally,
      })),
    );
    return found.map(({ a, body }, i) => {
      const copy = copies[i]!;
      if (copy.hasErrors) a.flags.push('protocol_errors');
      const station = stations.get(a.p.envelope.stationId)!;
      return {
        id: a.p.envelope.id,
        place: { stationId: station.id, electionId: station.election_id, region: station.region_code },
        personId: a.personId,
        enteredBy: a.enteredBy,
        hash: a.p.hash,
        figures: body.figures,
        ownTally: body.ownTally,
        copy,
      };
    });
  }

  /** Moves each station's live state forward, in report order, in the same transaction. */
  private async applyToStations(
    trx: Transaction<Database>,
    accepted: { p: Pending }[],
    seqs: number[],
    now: Date,
  ): Promise<StationLive[]> {
    if (accepted.length === 0) return [];
    const stationIds = [...new Set(accepted.map((a) => a.p.envelope.stationId))];
    // Stations added since the last start may have no row yet.
    for (const electionId of new Set(accepted.map((a) => a.p.envelope.electionId))) {
      await ensureStationStatus(trx, electionId, stationIds);
    }
    const rows = new Map(
      (
        await trx.selectFrom('station_status').selectAll().where('station_id', 'in', stationIds).forUpdate().execute()
      ).map((r) => [r.station_id, r]),
    );
    accepted.forEach((a, i) => {
      const st = rows.get(a.p.envelope.stationId);
      if (!st) return;
      const body = a.p.envelope.body;
      st.seq = seqs[i]!;
      st.last_report_at = now;
      st.silent = false;
      const next = phaseAfter(body);
      if (next && rank(next) > rank(st.phase)) st.phase = next;
      switch (body.kind) {
        case 'arrival':
          if (body.admitted) {
            st.arrived_at ??= new Date(a.p.envelope.deviceTime);
            st.refused_entry = false;
            st.refused_at = null;
          } else if (rank(st.phase) < rank('on_site')) {
            st.refused_entry = true;
            st.refused_at ??= now;
          }
          break;
        case 'turnout':
          st.chair_turnout = body.chairFigure;
          st.own_turnout = body.ownCount;
          st.turnout_at = new Date(body.at);
          st.turnout_discrepancy = turnoutDiscrepancy(body.chairFigure, body.ownCount);
          break;
        case 'closing':
          st.voted_per_chair = body.votedPerChair;
          break;
        case 'help':
          // A second call while one is open keeps the first one's time: it has waited that long.
          if (!st.help_open) st.help_at = now;
          st.help_open = true;
          st.help_report_id = a.p.envelope.id;
          break;
        default:
          break;
      }
    });
    const changed = stationIds.map((id) => rows.get(id)).filter((r): r is StationStatusRow => r !== undefined);
    const payload = JSON.stringify(
      changed.map((r) => ({
        station_id: r.station_id,
        phase: r.phase,
        help_open: r.help_open,
        help_report_id: r.help_report_id,
        help_at: r.help_at,
        silent: r.silent,
        turnout_discrepancy: r.turnout_discrepancy,
        refused_entry: r.refused_entry,
        refused_at: r.refused_at,
        chair_turnout: r.chair_turnout,
        own_turnout: r.own_turnout,
        turnout_at: r.turnout_at,
        voted_per_chair: r.voted_per_chair,
        arrived_at: r.arrived_at,
        last_report_at: r.last_report_at,
        seq: r.seq,
      })),
    );
    // One statement for the whole batch.
    await sql`
      update station_status st set
        phase = x.phase, help_open = x.help_open, help_report_id = x.help_report_id, help_at = x.help_at,
        silent = x.silent, turnout_discrepancy = x.turnout_discrepancy, refused_entry = x.refused_entry, refused_at = x.refused_at,
        chair_turnout = x.chair_turnout, own_turnout = x.own_turnout, turnout_at = x.turnout_at,
        voted_per_chair = x.voted_per_chair, arrived_at = x.arrived_at, last_report_at = x.last_report_at, seq = x.seq
      from jsonb_to_recordset(${payload}::jsonb) as x(
        station_id int, phase text, help_open bool, help_report_id uuid, help_at timestamptz, silent bool,
        turnout_discrepancy bool, refused_entry bool, refused_at timestamptz, chair_turnout int, own_turnout int, turnout_at timestamptz, voted_per_chair int,
        arrived_at timestamptz, last_report_at timestamptz, seq int8)
      where st.station_id = x.station_id`.execute(trx);
    return changed.map(statusRowToLive);
  }
}

/** BENCH_PROFILE=1 prints where a batch spends its time. */
function timer(size: number) {
  if (!process.env.BENCH_PROFILE) return (_label: string) => {};
  let last = performance.now();
  const parts: string[] = [];
  return (label: string) => {
    const now = performance.now();
    parts.push(`${label} ${(now - last).toFixed(1)}`);
    last = now;
    if (label === 'done') console.error(`batch ${size}: ${parts.join(', ')}`);
  };
}

/** Times (path, ISO value) inside a window: not before `earliest`, not after `latest`. */
export function checkTimeWindow(
  times: [path: string, value: string][],
  window: { earliest: number; latest: number; tooEarly: string },
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [path, value] of times) {
    const t = Date.parse(value);
    if (t < window.earliest) problems.push({ path, message: window.tooEarly });
    else if (t > window.latest) problems.push({ path, message: 'in the future: check the phone clock' });
  }
  return problems;
}

/** Times must fall on or after election day's 05:00 local and not ahead of the server's clock. */
export function checkTimes(
  envelope: ReportEnvelope,
  votingDate: string,
  now: Date,
  maxSkewMinutes: number,
): ErrorDetail[] {
  const times: [string, string][] = [['deviceTime', envelope.deviceTime]];
  const body = envelope.body;
  if (body.kind === 'voting_started' || body.kind === 'turnout') times.push(['body.at', body.at]);
  if (body.kind === 'closing') times.push(['body.closedAt', body.closedAt]);
  if (body.kind === 'departure') times.push(['body.leftAt', body.leftAt]);
  return checkTimeWindow(times, {
    earliest: localInstant(votingDate, 5).getTime(),
    latest: now.getTime() + maxSkewMinutes * 60_000,
    tooEarly: `before election day (${votingDate}) 05:00 local time`,
  });
}
