import { type Kysely, type Transaction } from 'kysely';
import {
  ACTIVE_DISPATCH_STATUSES,
  POSITION_STALE_MINUTES,
  type Dispatch,
  type DispatchTarget,
  type GroupBoardItem,
  type GroupStatus,
  type RankableGroup,
} from '../../shared/dispatch.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export interface DispatchFilter {
  ids?: string[];
  electionId?: number;
  groupIds?: number[];
  regions?: string[];
  open?: boolean;
}

/** Dispatches as the API shows them, with every step and who took it; newest first. */
export async function loadDispatches(db: Db, filter: DispatchFilter): Promise<Dispatch[]> {
  let query = db
    .selectFrom('dispatches as d')
    .innerJoin('mobile_groups as g', 'g.id', 'd.group_id')
    .innerJoin('stations as s', 's.id', 'd.station_id')
    .innerJoin('people as p', 'p.id', 'd.created_by')
    .selectAll('d')
    .select([
      'g.name as group_name',
      'g.region_code as group_region',
      's.number as station_number',
      's.address as station_address',
      's.lat as station_lat',
      's.lng as station_lng',
      'p.name as created_by_name',
    ]);
  if (filter.ids)
    query = query.where('d.id', 'in', filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
  if (filter.electionId !== undefined) query = query.where('d.election_id', '=', filter.electionId);
  if (filter.groupIds) query = query.where('d.group_id', 'in', filter.groupIds.length ? filter.groupIds : [-1]);
  if (filter.regions) {
    const regions = filter.regions.length ? filter.regions : [''];
    query = query.where((eb) => eb.or([eb('d.region_code', 'in', regions), eb('g.region_code', 'in', regions)]));
  }
  if (filter.open) query = query.where('d.status', 'in', [...ACTIVE_DISPATCH_STATUSES]);
  const rows = await query.orderBy('d.created_at', 'desc').limit(1000).execute();
  if (rows.length === 0) return [];
  const events = await db
    .selectFrom('dispatch_events as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .select(['e.dispatch_id', 'e.status', 'e.at', 'e.note', 'p.id as person_id', 'p.name as person_name'])
    .where(
      'e.dispatch_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('e.id')
    .execute();
  return rows.map((r) => {
    const target: DispatchTarget =
      r.target_kind === 'violation' && r.violation_id
        ? { kind: 'violation', violationId: r.violation_id }
        : { kind: r.target_kind === 'help' ? 'help' : 'station', stationId: r.station_id };
    return {
      id: r.id,
      group: { id: r.group_id, name: r.group_name, region: r.group_region },
      region: r.region_code,
      target,
      station: {
        id: r.station_id,
        number: r.station_number,
        address: r.station_address,
        lat: r.station_lat,
        lng: r.station_lng,
      },
      priority: r.priority,
      note: r.note,
      status: r.status,
      queued: r.queued,
      outcome: r.outcome,
      resolutionNote: r.resolution_note,
      createdBy: { id: r.created_by, name: r.created_by_name },
      createdAt: iso(r.created_at)!,
      activatedAt: iso(r.activated_at),
      acknowledgedAt: iso(r.acknowledged_at),
      enRouteAt: iso(r.en_route_at),
      onSceneAt: iso(r.on_scene_at),
      closedAt: iso(r.closed_at),
      updatedAt: iso(r.updated_at)!,
      ackOverdue: r.status === 'pending' && r.ack_overdue_at !== null,
      stuck: (r.status === 'en_route' || r.status === 'on_scene') && r.stuck_at !== null,
      transitions: events
        .filter((e) => e.dispatch_id === r.id)
        .map((e) => ({
          status: e.status,
          at: iso(e.at)!,
          by: { id: e.person_id, name: e.person_name },
          note: e.note,
        })),
    };
  });
}

/** The mobile group a person belongs to in an election, or null. */
export async function groupOfMember(db: Db, electionId: number | null, personId: number): Promise<number | null> {
  const row = await db
    .selectFrom('mobile_group_members as m')
    .innerJoin('mobile_groups as g', 'g.id', 'm.group_id')
    .select('g.id')
    .where('m.person_id', '=', personId)
    .where('g.election_id', '=', electionId ?? -1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface GroupFilter {
  regions?: string[];
  ids?: number[];
}

interface GroupState extends RankableGroup {
  statusSince: Date;
  members: { id: number; name: string }[];
}

/** Groups with their status and newest position. */
export async function loadGroupStates(db: Db, electionId: number | null, filter: GroupFilter): Promise<GroupState[]> {
  let query = db
    .selectFrom('mobile_groups as g')
    .select(['g.id', 'g.name', 'g.region_code', 'g.vehicle', 'g.status', 'g.status_since'])
    .where('g.election_id', '=', electionId ?? -1);
  if (filter.regions) query = query.where('g.region_code', 'in', filter.regions.length ? filter.regions : ['']);
  if (filter.ids) query = query.where('g.id', 'in', filter.ids.length ? filter.ids : [-1]);
  const groups = await query.orderBy('g.region_code').orderBy('g.name').execute();
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const [positions, members] = await Promise.all([
    db
      .selectFrom('group_positions')
      .select(['group_id', 'lat', 'lng', 'at'])
      .distinctOn('group_id')
      .where('group_id', 'in', ids)
      .orderBy('group_id')
      .orderBy('at', 'desc')
      .execute(),
    db
      .selectFrom('mobile_group_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.group_id', 'p.id', 'p.name'])
      .where('m.group_id', 'in', ids)
      .orderBy('p.name')
      .execute(),
  ]);
  return groups.map((g) => {
    const position = positions.find((p) => p.group_id === g.id);
    return {
      id: g.id,
      name: g.name,
      region: g.region_code,
      vehicle: g.vehicle,
      status: g.status,
      statusSince: g.status_since,
      lastPosition: position ? { lat: position.lat, lng: position.lng, at: iso(position.at)! } : null,
      members: members.filter((m) => m.group_id === g.id).map(({ id, name }) => ({ id, name })),
    };
  });
}

/** The dispatch board rows: each group, its state, its newest position and its current dispatch. */
export async function loadBoard(
  db: Db,
  electionId: number | null,
  filter: GroupFilter,
  now: Date,
): Promise<GroupBoardItem[]> {
  const groups = await loadGroupStates(db, electionId, filter);
  if (groups.length === 0) return [];
  const open = await loadDispatches(db, { groupIds: groups.map((g) => g.id), open: true });
  return groups.map((g) => {
    const mine = open.filter((d) => d.group.id === g.id);
    const age = g.lastPosition ? Math.max(0, Math.round((now.getTime() - Date.parse(g.lastPosition.at)) / 1000)) : 0;
    return {
      group: { id: g.id, name: g.name, region: g.region, members: g.members },
      vehicle: g.vehicle,
      status: g.status,
      statusSince: g.statusSince.toISOString(),
      lastPosition: g.lastPosition
        ? { ...g.lastPosition, ageSeconds: age, stale: age > POSITION_STALE_MINUTES * 60 }
        : null,
      current: mine.find((d) => !d.queued) ?? null,
      queued: mine.filter((d) => d.queued).length,
    };
  });
}

export async function setGroupStatus(db: Db, groupId: number, status: GroupStatus, at: Date): Promise<void> {
  await db
    .updateTable('mobile_groups')
    .set({ status, status_since: at })
    .where('id', '=', groupId)
    .where('status', '<>', status)
    .execute();
}
