import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import {
  groupOfMember,
  loadBoard,
  loadDispatches,
  loadGroupStates,
  setGroupStatus,
  type DispatchFilter,
  type GroupFilter,
} from '../../db/queries/dispatch.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { loadViolations } from '../../db/queries/violation.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../shared/auth.ts';
import {
  ACTIVE_DISPATCH_STATUSES,
  canMove,
  groupStatusFor,
  isActiveDispatch,
  MEMBER_MOVES,
  POSITION_STALE_MINUTES,
  rankGroups,
  type Candidate,
  type Dispatch,
  type DispatchTransition,
  type DutyChange,
  localDayBounds,
  type DispatchMetrics,
  type DispatchTimes,
  type GroupBoardItem,
  type HelpCall,
  type NewDispatch,
  type PositionReport,
  type TeamView,
  type TeamViolation,
} from '../../shared/dispatch.ts';
import { localDate } from '../../shared/geo.ts';
import { HelpReport } from '../../shared/reports.ts';
import type { Violation } from '../../shared/violations.ts';
import type { Scope } from '../../shared/permissions.ts';
import { canSeeRegion } from '../auth/scope.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, uniqueViolation } from '../errors.ts';

/** Who acts, with their scope for the action at hand (an HTTP request's auth or a socket's user). */
export interface Actor {
  user: SessionUser;
  scope: Scope;
  ip: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

const audit = (actor: Actor) => ({ actorId: actor.user.id, actorRole: actor.user.role, ip: actor.ip });

async function activeElection(app: FastifyInstance): Promise<number> {
  const id = await findActiveElectionId(app.db);
  if (id === null) throw new AppError(409, 'conflict', 'No active election');
  return id;
}

/** What part of the groups and dispatches the actor sees: all, their regions, or their own group. */
async function visibility(app: FastifyInstance, actor: Actor, electionId: number): Promise<GroupFilter> {
  if (actor.scope === 'all') return {};
  if (actor.scope === 'regions') return { regions: actor.user.regions };
  const own = await groupOfMember(app.db, electionId, actor.user.id);
  return { ids: own === null ? [] : [own] };
}

export async function listDispatches(
  app: FastifyInstance,
  actor: Actor,
  query: { open?: boolean; region?: string },
): Promise<Dispatch[]> {
  const electionId = await findActiveElectionId(app.db);
  if (electionId === null) return [];
  const seen = await visibility(app, actor, electionId);
  const filter: DispatchFilter = { electionId, ...(query.open ? { open: true } : {}) };
  if (seen.regions) filter.regions = seen.regions;
  if (seen.ids) filter.groupIds = seen.ids;
  const items = await loadDispatches(app.db, filter);
  return query.region ? items.filter((d) => d.region === query.region || d.group.region === query.region) : items;
}

export async function dispatchBoard(app: FastifyInstance, actor: Actor, now = new Date()) {
  const electionId = await findActiveElectionId(app.db);
  if (electionId === null) return { items: [], openByRegion: {} };
  const items = await loadBoard(app.db, electionId, await visibility(app, actor, electionId), now);
  const openByRegion: Record<string, number> = {};
  const open = await listDispatches(app, actor, { open: true });
  for (const d of open) {
    // A coordinator's own group sent across the border is on their board, but counts for the other region.
    if (actor.scope === 'own' || canSeeRegion(actor, d.region))
      openByRegion[d.region] = (openByRegion[d.region] ?? 0) + 1;
  }
  return { items, openByRegion };
}

interface ResolvedTarget {
  kind: 'station' | 'help' | 'violation';
  stationId: number;
  violationId: string | null;
  region: string;
  lat: number;
  lng: number;
}

/** The station a target points at (a violation's station), checked to be in the active election. */
async function resolveTarget(
  app: FastifyInstance,
  electionId: number,
  target: { stationId?: number | undefined; violationId?: string | undefined; kind?: string },
): Promise<ResolvedTarget> {
  let stationId = target.stationId;
  let violationId: string | null = null;
  if (target.violationId !== undefined) {
    const violation = await app.db
      .selectFrom('violations')
      .select(['id', 'station_id'])
      .where('id', '=', target.violationId)
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    if (!violation) throw new NotFoundError('No such violation');
    stationId = violation.station_id;
    violationId = violation.id;
  }
  const station = await app.db
    .selectFrom('stations')
    .select(['id', 'region_code', 'lat', 'lng'])
    .where('id', '=', stationId ?? -1)
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  if (!station) throw new NotFoundError('No such station');
  const kind = violationId ? 'violation' : target.kind === 'help' ? 'help' : 'station';
  if (kind === 'help') {
    const status = await app.db
      .selectFrom('station_status')
      .select('help_open')
      .where('station_id', '=', station.id)
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    if (!status?.help_open) {
      throw new ConflictError('The station has no open help call', [{ path: 'target', message: 'no open help call' }]);
    }
  }
  return { kind, stationId: station.id, violationId, region: station.region_code, lat: station.lat, lng: station.lng };
}

export async function rankCandidates(
  app: FastifyInstance,
  actor: Actor,
  target: { stationId?: number | undefined; violationId?: string | undefined },
  now = new Date(),
): Promise<{ target: { stationId: number; region: string; lat: number; lng: number }; items: Candidate[] }> {
  const electionId = await activeElection(app);
  const resolved = await resolveTarget(app, electionId, target);
  if (!canSeeRegion(actor, resolved.region)) throw new ForbiddenError(`You may not dispatch in ${resolved.region}`);
  // HQ may send a team across a region border; a coordinator only their own teams.
  const groups = await loadGroupStates(
    app.db,
    electionId,
    actor.scope === 'all' ? {} : { regions: actor.user.regions },
  );
  const items = rankGroups(groups, resolved, now, {
    staleMinutes: POSITION_STALE_MINUTES,
    speedKmh: app.config.dispatchSpeedKmh,
  });
  const { stationId, region, lat, lng } = resolved;
  return { target: { stationId, region, lat, lng }, items };
}

/** The conflict a busy group answers with: who dispatched it, and when. */
async function busyConflict(db: Db, groupId: number): Promise<ConflictError> {
  const [current] = await loadDispatches(db, { groupIds: [groupId], open: true }).then((list) =>
    list.filter((d) => !d.queued),
  );
  if (!current) return new ConflictError('The group was dispatched at the same moment; try again');
  return new ConflictError(`${current.group.name} was already dispatched by ${current.createdBy.name}`, [
    { path: 'groupId', message: `dispatch ${current.id} by ${current.createdBy.name} at ${current.createdAt}` },
  ]);
}

/**
 * Locks the group's row until the transaction ends: every write that changes which dispatch is
 * the group's current one (sending, a step, going off duty) runs one at a time per group.
 */
async function lockGroup(trx: Transaction<Database>, groupId: number) {
  return trx
    .selectFrom('mobile_groups')
    .select(['status', 'vehicle'])
    .where('id', '=', groupId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Whether the group has a current (not queued) active dispatch, read inside the transaction. */
async function hasCurrentDispatch(trx: Transaction<Database>, groupId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('dispatches')
    .select('id')
    .where('group_id', '=', groupId)
    .where('status', 'in', [...ACTIVE_DISPATCH_STATUSES])
    .where('queued', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sends a group. Idempotent by the client's id; a busy group is a 409 unless HQ queues the dispatch. */
export async function createDispatch(
  app: FastifyInstance,
  actor: Actor,
  body: NewDispatch,
): Promise<{ dispatch: Dispatch; created: boolean }> {
  const again = async () => {
    const [existing] = await loadDispatches(app.db, { ids: [body.id] });
    if (!existing) return null;
    const same =
      existing.group.id === body.groupId &&
      JSON.stringify(existing.target) === JSON.stringify(body.target) &&
      existing.priority === body.priority &&
      existing.note === body.note &&
      existing.createdBy.id === actor.user.id;
    if (!same) {
      throw new ConflictError('This dispatch id is already used for another dispatch', [
        { path: 'id', message: 'already used' },
      ]);
    }
    return { dispatch: existing, created: false };
  };
  const previous = await again();
  if (previous) return previous;

  const electionId = await activeElection(app);
  const target = await resolveTarget(app, electionId, body.target);
  const group = await app.db
    .selectFrom('mobile_groups')
    .select(['id', 'region_code'])
    .where('id', '=', body.groupId)
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  if (!group) throw new NotFoundError('No such mobile group');
  if (!canSeeRegion(actor, target.region)) throw new ForbiddenError(`You may not dispatch in ${target.region}`);
  if (!canSeeRegion(actor, group.region_code))
    throw new ForbiddenError(`You may not dispatch a group of ${group.region_code}`);

  const now = new Date();
  try {
    await app.db.transaction().execute(async (trx) => {
      const { status } = await lockGroup(trx, group.id);
      if (status === 'off_duty') {
        throw new ConflictError('The group is off duty', [{ path: 'groupId', message: 'off duty' }]);
      }
      // A queued dispatch waits only while the group has a current one; otherwise it is the current one.
      const hasCurrent = await hasCurrentDispatch(trx, group.id);
      if (hasCurrent && !body.queue) throw await busyConflict(trx, group.id);
      await trx
        .insertInto('dispatches')
        .values({
          id: body.id,
          election_id: electionId,
          group_id: group.id,
          region_code: target.region,
          target_kind: target.kind,
          station_id: target.stationId,
          violation_id: target.violationId,
          priority: body.priority,
          note: body.note,
          status: 'pending',
          created_by: actor.user.id,
          created_at: now,
          activated_at: hasCurrent ? null : now,
          updated_at: now,
          queued: hasCurrent,
        })
        .execute();
      await trx
        .insertInto('dispatch_events')
        .values({ dispatch_id: body.id, status: 'pending', at: now, person_id: actor.user.id, note: body.note || null })
        .execute();
      if (!hasCurrent) await setGroupStatus(trx, group.id, 'dispatched', now);
      await writeAudit(trx, {
        ...audit(actor),
        action: 'dispatch.create',
        entityType: 'dispatch',
        entityId: body.id,
        after: { groupId: group.id, target: body.target, priority: body.priority, queued: hasCurrent },
      });
    });
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === 'dispatches_one_active') throw await busyConflict(app.db, group.id);
    if (constraint === 'dispatches_pkey') {
      const resent = await again();
      if (resent) return resent;
    }
    throw error;
  }
  const [dispatch] = await loadDispatches(app.db, { ids: [body.id] });
  await app.dispatch.publish([body.id], [group.id]);
  return { dispatch: dispatch!, created: true };
}

const STAMP = { acknowledged: 'acknowledged_at', en_route: 'en_route_at', on_scene: 'on_scene_at' } as const;

/**
 * When a step happened: the phone's time when it lies between the previous step and now (a button
 * pressed offline and sent later keeps its moment), otherwise the server's clock.
 */
function stepTime(app: FastifyInstance, dispatch: Dispatch, at: string | undefined): Date {
  const now = new Date();
  if (at === undefined) return now;
  const pressed = new Date(at);
  if (pressed.getTime() - now.getTime() > app.config.maxClockSkewMinutes * 60_000) {
    throw new AppError(400, 'validation_failed', 'The step is from the future', [
      { path: 'at', message: 'ahead of the server clock' },
    ]);
  }
  const previous = Date.parse(dispatch.transitions.at(-1)?.at ?? dispatch.createdAt);
  if (pressed.getTime() < previous || pressed > now) return now;
  return pressed;
}

/**
 * One step of a dispatch. A resend of a step the dispatch has already taken (the other member, or
 * this phone's earlier attempt, got there first) answers with the dispatch unchanged.
 */
export async function transitionDispatch(
  app: FastifyInstance,
  actor: Actor,
  id: string,
  body: DispatchTransition,
): Promise<Dispatch> {
  const [seen] = await loadDispatches(app.db, { ids: [id] });
  if (!seen) throw new NotFoundError('No such dispatch');
  if (actor.scope === 'own') {
    const own = await groupOfMember(app.db, await findActiveElectionId(app.db), actor.user.id);
    if (own !== seen.group.id) throw new ForbiddenError("This is not your group's dispatch");
    if (!MEMBER_MOVES.includes(body.to)) throw new ForbiddenError(`The team may not move a dispatch to ${body.to}`);
  } else if (!canSeeRegion(actor, seen.region) && !canSeeRegion(actor, seen.group.region)) {
    throw new ForbiddenError(`You may not manage dispatches in ${seen.region}`);
  }
  const groupId = seen.group.id;

  const outcome = await app.db.transaction().execute(async (trx) => {
    await lockGroup(trx, groupId);
    // Decided on the row as it is under the lock, not as it was read above.
    const [dispatch] = await loadDispatches(trx, { ids: [id] });
    if (!dispatch) throw new NotFoundError('No such dispatch');
    if (dispatch.status === body.to || dispatch.transitions.some((step) => step.status === body.to)) {
      return { changed: false as const };
    }
    if (!canMove(dispatch.status, body.to)) {
      throw new ConflictError(`A dispatch that is ${dispatch.status} cannot become ${body.to}`, [
        { path: 'to', message: `now ${dispatch.status}` },
      ]);
    }
    if (dispatch.queued && body.to !== 'cancelled' && body.to !== 'declined') {
      throw new ConflictError('This dispatch is queued behind the current one', [{ path: 'to', message: 'queued' }]);
    }
    const now = stepTime(app, dispatch, body.at);
    const closing = !isActiveDispatch(body.to);
    const stamp = body.to in STAMP ? { [STAMP[body.to as keyof typeof STAMP]]: now } : {};
    await trx
      .updateTable('dispatches')
      .set({
        ...stamp,
        status: body.to,
        updated_at: now,
        stuck_at: null,
        ...(closing ? { closed_at: now } : {}),
        ...(body.to === 'resolved' ? { outcome: body.outcome ?? null, resolution_note: body.note ?? null } : {}),
      })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('dispatch_events')
      .values({ dispatch_id: id, status: body.to, at: now, person_id: actor.user.id, note: body.note ?? null })
      .execute();
    let next: string | null = null;
    if (!dispatch.queued) {
      if (closing) {
        // The oldest queued dispatch of the group becomes the current one, its timer starting now.
        const waiting = await trx
          .selectFrom('dispatches')
          .select('id')
          .where('group_id', '=', groupId)
          .where('queued', '=', true)
          .where('status', '=', 'pending')
          .orderBy('created_at')
          .executeTakeFirst();
        if (waiting) {
          await trx
            .updateTable('dispatches')
            .set({ queued: false, activated_at: now, updated_at: now })
            .where('id', '=', waiting.id)
            .execute();
          next = waiting.id;
        }
      }
      await setGroupStatus(trx, groupId, next ? 'dispatched' : groupStatusFor(body.to), now);
    }
    await writeAudit(trx, {
      ...audit(actor),
      action: 'dispatch.transition',
      entityType: 'dispatch',
      entityId: id,
      before: { status: dispatch.status },
      after: { status: body.to, outcome: body.outcome ?? null, note: body.note ?? null },
    });
    return { changed: true as const, next };
  });
  if (outcome.changed) await app.dispatch.publish(outcome.next ? [id, outcome.next] : [id], [groupId]);
  const [after] = await loadDispatches(app.db, { ids: [id] });
  return after!;
}

/** A member acting on a group: it must be their own. */
async function ownGroup(app: FastifyInstance, user: SessionUser, groupId?: number): Promise<number> {
  const own = await groupOfMember(app.db, await findActiveElectionId(app.db), user.id);
  if (own === null) throw new NotFoundError('You are not in a mobile group');
  if (groupId !== undefined && groupId !== own) throw new ForbiddenError('This is not your group');
  return own;
}

/** The duty switch: on duty the group is available for dispatch and shares its position. */
export async function changeDuty(
  app: FastifyInstance,
  actor: Actor,
  body: DutyChange,
  groupId?: number,
): Promise<GroupBoardItem> {
  const id = await ownGroup(app, actor.user, groupId);
  const now = new Date();
  await app.db.transaction().execute(async (trx) => {
    const group = await lockGroup(trx, id);
    const busy = group.status === 'dispatched' || group.status === 'en_route' || group.status === 'on_scene';
    if (!body.on && busy) {
      throw new ConflictError('Finish or decline the current dispatch before going off duty', [
        { path: 'on', message: `the group is ${group.status}` },
      ]);
    }
    const status = body.on ? (busy ? group.status : 'available') : 'off_duty';
    await setGroupStatus(trx, id, status, now);
    if (body.vehicle !== undefined && body.vehicle !== group.vehicle)
      await trx.updateTable('mobile_groups').set({ vehicle: body.vehicle }).where('id', '=', id).execute();
    await writeAudit(trx, {
      ...audit(actor),
      action: 'mobile_group.duty',
      entityType: 'mobile_group',
      entityId: id,
      before: { status: group.status, vehicle: group.vehicle },
      after: { status, vehicle: body.vehicle ?? group.vehicle },
    });
  });
  await app.dispatch.publish([], [id]);
  const [item] = await loadBoard(app.db, await findActiveElectionId(app.db), { ids: [id] }, now);
  return item!;
}

/** A member's phone shares where the team is (only while on duty). */
export async function reportPosition(
  app: FastifyInstance,
  actor: Actor,
  body: PositionReport,
  groupId?: number,
): Promise<{ groupId: number; at: string }> {
  const id = await ownGroup(app, actor.user, groupId);
  const group = await app.db
    .selectFrom('mobile_groups')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (group.status === 'off_duty') {
    throw new ConflictError('Positions are shared only on duty', [{ path: 'at', message: 'off duty' }]);
  }
  const at = new Date(body.at);
  if (at.getTime() - Date.now() > app.config.maxClockSkewMinutes * 60_000) {
    throw new AppError(400, 'validation_failed', 'The position is from the future', [
      { path: 'at', message: 'ahead of the server clock' },
    ]);
  }
  await app.db
    .insertInto('group_positions')
    .values({
      group_id: id,
      person_id: actor.user.id,
      lat: body.lat,
      lng: body.lng,
      accuracy_m: body.accuracy ?? null,
      at,
    })
    .execute();
  await app.dispatch.publish([], [id]);
  return { groupId: id, at: at.toISOString() };
}

/** Positions are personal data kept only for the election period. */
export async function purgePositions(app: FastifyInstance, actor: Actor, before: Date): Promise<number> {
  return app.db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('group_positions').where('at', '<', before).executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    await writeAudit(trx, {
      ...audit(actor),
      action: 'positions.purge',
      entityType: 'group_positions',
      entityId: null,
      after: { before: before.toISOString(), deleted: count },
    });
    return count;
  });
}

/** The catch-up after a (re)connect: the open dispatches the caller may see. */
export async function currentDispatches(app: FastifyInstance, actor: Actor): Promise<Dispatch[]> {
  return listDispatches(app, actor, { open: true });
}

/** Only what the team needs of a violation (not who reported it, who was involved, the act). */
const teamViolation = (v: Violation | undefined): TeamViolation | null =>
  v
    ? {
        id: v.id,
        category: v.category,
        otherText: v.otherText,
        severity: v.severity,
        status: v.status,
        observedAt: v.observedAt,
        description: v.description,
        evidence: v.evidence,
      }
    : null;

/** The team app's view: the member's group, its open dispatches with their violation or help call, its stations. */
export async function teamView(app: FastifyInstance, actor: Actor, now = new Date()): Promise<TeamView> {
  const electionId = await activeElection(app);
  const id = await ownGroup(app, actor.user);
  const [[group], dispatches, stations] = await Promise.all([
    loadBoard(app.db, electionId, { ids: [id] }, now),
    loadDispatches(app.db, { electionId, groupIds: [id] }),
    app.db
      .selectFrom('mobile_group_stations as gs')
      .innerJoin('stations as s', 's.id', 'gs.station_id')
      .leftJoin('station_status as st', 'st.station_id', 's.id')
      .select([
        's.id',
        's.number',
        's.address',
        's.lat',
        's.lng',
        'st.phase',
        'st.help_open',
        'st.open_violations',
        'st.worst_severity',
        'st.last_report_at',
      ])
      .where('gs.group_id', '=', id)
      .orderBy('s.number')
      .execute(),
  ]);
  const open = dispatches
    .filter((d) => isActiveDispatch(d.status))
    .sort((a, b) => Number(a.queued) - Number(b.queued) || a.createdAt.localeCompare(b.createdAt));
  const violations = await loadViolations(
    app.db,
    open.flatMap((d) => (d.target.kind === 'violation' ? [d.target.violationId] : [])),
  );
  const helpStations = open.filter((d) => d.target.kind === 'help').map((d) => d.station.id);
  const help = new Map<number, HelpCall>();
  if (helpStations.length) {
    const rows = await app.db
      .selectFrom('station_status as st')
      .leftJoin('reports as r', 'r.id', 'st.help_report_id')
      .select(['st.station_id', 'st.help_open', 'st.help_at', 'r.body'])
      .where('st.station_id', 'in', helpStations)
      .where('st.election_id', '=', electionId)
      .execute();
    for (const row of rows) {
      const body = HelpReport.safeParse(row.body);
      help.set(row.station_id, {
        open: row.help_open,
        at: row.help_at ? new Date(row.help_at).toISOString() : null,
        reason: body.success ? body.data.reason : null,
        note: body.success ? body.data.note || null : null,
      });
    }
  }
  return {
    group: group!,
    dispatches: open.map((d) => ({
      ...d,
      violation: teamViolation(violations.find((v) => d.target.kind === 'violation' && v.id === d.target.violationId)),
      help:
        d.target.kind === 'help'
          ? (help.get(d.station.id) ?? { open: false, at: null, reason: null, note: null })
          : null,
    })),
    recent: dispatches.filter((d) => !isActiveDispatch(d.status)).slice(0, 10),
    stations: stations.map((s) => ({
      id: s.id,
      number: s.number,
      address: s.address,
      lat: s.lat,
      lng: s.lng,
      phase: s.phase ?? 'no_observer',
      helpOpen: s.help_open ?? false,
      openViolations: s.open_violations ?? 0,
      worstSeverity: s.worst_severity ?? null,
      lastReportAt: s.last_report_at ? new Date(s.last_report_at).toISOString() : null,
    })),
  };
}

/**
 * Per election day (a local date): how long teams took to acknowledge and to arrive, median and
 * p90 per region and over every region the caller sees. Counted from when each dispatch became
 * the group's current one (a queued dispatch's wait is not the team's). Computed in SQL.
 */
export async function dispatchMetrics(app: FastifyInstance, actor: Actor, day?: string): Promise<DispatchMetrics> {
  const date = day ?? localDate(new Date());
  const { from, to } = localDayBounds(date);
  const electionId = await findActiveElectionId(app.db);
  const ack = sql<number>`extract(epoch from (d.acknowledged_at - d.activated_at))`;
  const arrive = sql<number>`extract(epoch from (d.on_scene_at - d.activated_at))`;
  let query = app.db
    .selectFrom('dispatches as d')
    .select((eb) => [
      eb.fn.countAll<number>().as('dispatches'),
      eb.fn.count<number>('d.acknowledged_at').as('acknowledged'),
      eb.fn.count<number>('d.on_scene_at').as('arrived'),
      sql<number>`count(*) filter (where d.status = 'resolved')`.as('resolved'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${ack})`.as('ack_median'),
      sql<number | null>`percentile_cont(0.9) within group (order by ${ack})`.as('ack_p90'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${arrive})`.as('arrive_median'),
      sql<number | null>`percentile_cont(0.9) within group (order by ${arrive})`.as('arrive_p90'),
    ])
    .where('d.election_id', '=', electionId ?? -1)
    .where('d.created_at', '>=', from)
    .where('d.created_at', '<', to);
  if (actor.scope === 'regions')
    query = query.where('d.region_code', 'in', actor.user.regions.length ? actor.user.regions : ['']);
  const [total, regions] = await Promise.all([
    query.executeTakeFirstOrThrow(),
    query.select('d.region_code').groupBy('d.region_code').orderBy('d.region_code').execute(),
  ]);
  const times = (region: string | null, r: typeof total): DispatchTimes => {
    const seconds = (v: number | string | null) => (v === null ? null : Math.round(Number(v)));
    return {
      region,
      dispatches: Number(r.dispatches),
      acknowledged: Number(r.acknowledged),
      arrived: Number(r.arrived),
      resolved: Number(r.resolved),
      ackMedianSeconds: seconds(r.ack_median),
      ackP90Seconds: seconds(r.ack_p90),
      arriveMedianSeconds: seconds(r.arrive_median),
      arriveP90Seconds: seconds(r.arrive_p90),
    };
  };
  return { day: date, total: times(null, total), regions: regions.map((r) => times(r.region_code, r)) };
}

/** A team member may see the evidence of a violation their group is sent to (an open dispatch). */
export async function memberMaySeeViolation(
  app: FastifyInstance,
  personId: number,
  violationId: string,
): Promise<boolean> {
  const electionId = await findActiveElectionId(app.db);
  const group = await groupOfMember(app.db, electionId, personId);
  if (group === null) return false;
  const row = await app.db
    .selectFrom('dispatches')
    .select('id')
    .where('group_id', '=', group)
    .where('election_id', '=', electionId ?? -1)
    .where('violation_id', '=', violationId)
    .where('status', 'in', [...ACTIVE_DISPATCH_STATUSES])
    .executeTakeFirst();
  return row !== undefined;
}
