import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import { takeSeqs } from '../../db/queries/live.queries.ts';
import { refreshStationViolations } from '../../db/queries/violation.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../shared/auth.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import { localInstant } from '../../shared/geo.ts';
import { scopeFor } from '../../shared/permissions.ts';
import {
  statusAfter,
  type ViolationChangeEnvelope,
  type ViolationChangeResult,
  type Severity,
  type ViolationPhase,
} from '../../shared/violations.ts';
import { canSeeStation } from '../auth/scope.ts';
import { checkTimeWindow } from '../reports/report-writer.ts';
import { isDataException } from '../errors.ts';

/** A campaign violation may be written up weeks later, but not from before the campaign. */
const CAMPAIGN_DAYS = 60;

type Failure = 'validation_failed' | 'forbidden' | 'not_found' | 'conflict';

class Refused extends Error {
  constructor(
    readonly code: Failure,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

/** The same change resent is the same JSON after the shared schema's parse. */
export function changeHash(envelope: ViolationChangeEnvelope): string {
  const { violationId, stationId, electionId, deviceTime, change } = envelope;
  return createHash('sha256')
    .update(
      JSON.stringify({ violationId, stationId, electionId, deviceTime: new Date(deviceTime).toISOString(), change }),
    )
    .digest('hex');
}

/** Times on or after election day's 05:00 local (or the campaign's start) and not ahead of the server. */
export function checkChangeTimes(
  envelope: ViolationChangeEnvelope,
  phase: ViolationPhase,
  votingDate: string,
  now: Date,
  maxSkewMinutes: number,
): ErrorDetail[] {
  const dayStart = localInstant(votingDate, 5).getTime();
  const early = phase === 'campaign' || phase === 'any';
  const times: [string, string][] = [['deviceTime', envelope.deviceTime]];
  const change = envelope.change;
  if (change.kind === 'noticed') times.push(['change.observedAt', change.observedAt]);
  if (change.kind === 'chair_notified' || change.kind === 'corrected' || change.kind === 'act')
    times.push(['change.at', change.at]);
  return checkTimeWindow(times, {
    earliest: early ? dayStart - CAMPAIGN_DAYS * 86_400_000 : dayStart,
    latest: now.getTime() + maxSkewMinutes * 60_000,
    tooEarly: early
      ? `more than ${CAMPAIGN_DAYS} days before election day (${votingDate})`
      : `before election day (${votingDate}) 05:00 local time`,
  });
}

export interface AppliedChange {
  result: ViolationChangeResult;
  /** Stations whose open count or worst severity changed (for `live.publish`). */
  stations: number[];
  /** The violation changed (for `violations.publish`); null for a duplicate or a refusal. */
  violationId: string | null;
}

/**
 * Applies one step of the observer's flow in one transaction: the change log row, the
 * violation's current state, and the station's open count. A resend of a stored change is
 * answered as a duplicate and changes nothing.
 */
export async function applyViolationChange(
  db: Kysely<Database>,
  envelope: ViolationChangeEnvelope,
  user: SessionUser,
  options: { maxClockSkewMinutes: number; now?: Date },
): Promise<AppliedChange> {
  const now = options.now ?? new Date();
  const hash = changeHash(envelope);
  try {
    return await db.transaction().execute((trx) => write(trx, envelope, user, hash, now, options.maxClockSkewMinutes));
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    const { code, message, details } = error;
    return {
      result: { ok: false, error: details ? { code, message, details } : { code, message } },
      stations: [],
      violationId: null,
    };
  }
}

async function write(
  trx: Transaction<Database>,
  envelope: ViolationChangeEnvelope,
  user: SessionUser,
  hash: string,
  now: Date,
  maxSkewMinutes: number,
): Promise<AppliedChange> {
  const { change } = envelope;
  // The change lock first: a resend racing its original sees it stored.
  await takeSeqs(trx, 0);
  const stored = await trx
    .selectFrom('violation_changes as vc')
    .innerJoin('violations as v', 'v.id', 'vc.violation_id')
    .select(['vc.content_hash', 'v.status'])
    .where('vc.id', '=', envelope.id)
    .executeTakeFirst();
  if (stored) {
    if (stored.content_hash !== hash)
      throw new Refused('conflict', 'A different change was already stored under this id', [
        { path: 'id', message: 'id reused with other content' },
      ]);
    return {
      result: {
        ok: true,
        data: { id: envelope.id, violationId: envelope.violationId, status: stored.status, duplicate: true },
      },
      stations: [],
      violationId: null,
    };
  }

  const station = await trx
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .select(['s.id', 's.election_id', 's.region_code', 'e.voting_date'])
    .where('s.id', '=', envelope.stationId)
    .executeTakeFirst();
  if (!station || station.election_id !== envelope.electionId)
    throw new Refused('not_found', 'No such station in this election', [
      { path: 'stationId', message: 'unknown station' },
    ]);

  const scope = scopeFor(user.role, 'violations.report');
  const allowed =
    scope !== null &&
    (await canSeeStation(
      trx,
      { user, scope },
      { id: station.id, electionId: station.election_id, region: station.region_code },
    ));
  if (!allowed) throw new Refused('forbidden', 'You may report violations only at your own station');

  const current = await trx
    .selectFrom('violations as v')
    .innerJoin('violation_categories as c', 'c.code', 'v.category_code')
    .select(['v.station_id', 'v.election_id', 'v.status', 'c.phase', sql<boolean>`v.act is not null`.as('has_act')])
    .where('v.id', '=', envelope.violationId)
    .forUpdate('v')
    .executeTakeFirst();

  let phase: ViolationPhase;
  let severity: Severity | undefined;
  if (change.kind === 'noticed') {
    if (current)
      throw new Refused('conflict', 'This violation was already reported under another change id', [
        { path: 'violationId', message: 'already reported' },
      ]);
    const category = await trx
      .selectFrom('violation_categories')
      .select(['phase', 'severity', 'active'])
      .where('code', '=', change.categoryCode)
      .executeTakeFirst();
    // A ground HQ switched off after the observer picked it offline is still taken: the report
    // must not be lost; only codes that never existed are refused.
    if (!category)
      throw new Refused('validation_failed', 'No such ground in the catalogue', [
        { path: 'change.categoryCode', message: 'unknown category' },
      ]);
    phase = category.phase;
    severity = category.severity;
  } else {
    if (!current) throw new Refused('not_found', 'No such violation: send its "noticed" step first');
    if (current.station_id !== envelope.stationId || current.election_id !== envelope.electionId)
      throw new Refused('validation_failed', 'This violation belongs to another station', [
        { path: 'stationId', message: 'not the station of the violation' },
      ]);
    phase = current.phase;
    // Once with the lawyers, the act is what the complaint cites: it is not rewritten from a phone.
    if (change.kind === 'act' && current.has_act && (current.status === 'with_legal' || current.status === 'closed'))
      throw new Refused('conflict', 'The act was handed to the legal team and can no longer be changed', [
        { path: 'change.act', message: `violation is ${current.status}` },
      ]);
  }

  const timeProblems = checkChangeTimes(envelope, phase, station.voting_date, now, maxSkewMinutes);
  if (timeProblems.length > 0) throw new Refused('validation_failed', 'Implausible time', timeProblems);

  const status = statusAfter(current?.status ?? null, change);
  const [seq] = await takeSeqs(trx, 1);
  if (change.kind === 'noticed') {
    await trx
      .insertInto('violations')
      .values({
        id: envelope.violationId,
        election_id: envelope.electionId,
        station_id: station.id,
        region_code: station.region_code,
        category_code: change.categoryCode,
        other_text: change.otherText || null,
        severity: severity!,
        status,
        observed_at: change.observedAt,
        description: change.description,
        involved: change.involved,
        reporter_id: user.id,
        created_at: now,
        updated_at: now,
        seq: seq!,
      })
      .execute();
  } else {
    await trx
      .updateTable('violations')
      .set({
        status,
        updated_at: now,
        seq: seq!,
        ...(change.kind === 'chair_notified' && {
          chair_notified: change.told,
          chair_answer: change.chairAnswer || null,
        }),
        ...(change.kind === 'corrected' && { corrected_note: change.note || null }),
        ...(change.kind === 'act' && { act: JSON.stringify(change.act) }),
        ...(change.kind === 'detail' && change.description !== undefined && { description: change.description }),
        ...(change.kind === 'detail' && change.involved !== undefined && { involved: change.involved }),
      })
      .where('id', '=', envelope.violationId)
      .execute();
  }
  await trx
    .insertInto('violation_changes')
    .values({
      id: envelope.id,
      violation_id: envelope.violationId,
      kind: change.kind,
      body: JSON.stringify(change),
      content_hash: hash,
      person_id: user.id,
      device_time: envelope.deviceTime,
      // Taken under the change lock, so the log's order is the order the steps were applied in.
      received_at: sql<Date>`clock_timestamp()`,
    })
    .execute();
  const stations = await refreshStationViolations(trx, [station.id]);
  return {
    result: { ok: true, data: { id: envelope.id, violationId: envelope.violationId, status, duplicate: false } },
    stations,
    violationId: envelope.violationId,
  };
}

/** Applies a change and, after the commit, pushes the violation and its station to whoever may see them. */
export async function submitViolationChange(
  app: FastifyInstance,
  envelope: ViolationChangeEnvelope,
  user: SessionUser,
): Promise<ViolationChangeResult> {
  return (await submitViolationChanges(app, [envelope], user))[0]!;
}

/**
 * A phone's outbox, in order: each change in its own transaction and answered on its own, then one
 * broadcast for all of them (a batch of 100 is one push, not 100).
 */
export async function submitViolationChanges(
  app: FastifyInstance,
  envelopes: ViolationChangeEnvelope[],
  user: SessionUser,
): Promise<ViolationChangeResult[]> {
  const results: ViolationChangeResult[] = [];
  const violations = new Set<string>();
  const stations = new Set<number>();
  for (const envelope of envelopes) {
    try {
      const applied = await applyViolationChange(app.db, envelope, user, {
        maxClockSkewMinutes: app.config.maxClockSkewMinutes,
      });
      if (applied.violationId) violations.add(applied.violationId);
      for (const s of applied.stations) stations.add(s);
      results.push(applied.result);
    } catch (error) {
      // A value the database cannot hold (a NUL byte, a number beyond its range): resending the
      // same change would fail the same way, so it is refused rather than retried for ever.
      if (isDataException(error)) {
        results.push({
          ok: false,
          error: { code: 'validation_failed', message: 'A value in this change cannot be stored' },
        });
        continue;
      }
      app.log.error({ err: error }, 'violation change failed');
      // Nothing was committed: the phone keeps the change and sends it again.
      results.push({
        ok: false,
        error: { code: 'internal_error', message: 'The change could not be stored; it will be resent' },
      });
    }
  }
  if (violations.size > 0) await publishViolations(app, [...violations], [...stations]);
  return results;
}

/** After a commit; a failed broadcast is logged, never turned into a failed write. */
export async function publishViolations(app: FastifyInstance, ids: string[], stations: number[]): Promise<void> {
  try {
    await Promise.all([app.live.publish(stations), app.violations.publish(ids)]);
  } catch (error) {
    app.log.error({ err: error }, 'violation broadcast failed');
  }
}
