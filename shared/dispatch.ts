import { z } from 'zod';
import { ErrorCode, ErrorDetail } from './errors.ts';
import { localInstant } from './geo.ts';
import { RegionCode } from './regions.ts';
import { HelpReason, StationPhase } from './reports.ts';
import { Severity, Violation } from './violations.ts';

/**
 * Mobile-group dispatch (issue 7): HQ sends the nearest free team to a station, a help call or a
 * violation; every step of the dispatch is timestamped with who took it.
 */

export const GROUP_STATUSES = ['off_duty', 'available', 'dispatched', 'en_route', 'on_scene', 'returning'] as const;
export const GroupStatus = z.enum(GROUP_STATUSES);
export type GroupStatus = z.infer<typeof GroupStatus>;

export const DISPATCH_STATUSES = [
  'pending',
  'acknowledged',
  'en_route',
  'on_scene',
  'resolved',
  'cancelled',
  'declined',
] as const;
export const DispatchStatus = z.enum(DISPATCH_STATUSES);
export type DispatchStatus = z.infer<typeof DispatchStatus>;

/** A group holds at most one of these at a time unless HQ queued a second one. */
export const ACTIVE_DISPATCH_STATUSES = ['pending', 'acknowledged', 'en_route', 'on_scene'] as const;
export const isActiveDispatch = (s: DispatchStatus): boolean =>
  (ACTIVE_DISPATCH_STATUSES as readonly string[]).includes(s);

/** The allowed moves. A team may resolve on the way (solved by phone) but never skip to the scene unannounced. */
export const DISPATCH_MOVES: Record<DispatchStatus, readonly DispatchStatus[]> = {
  pending: ['acknowledged', 'declined', 'cancelled'],
  acknowledged: ['en_route', 'declined', 'cancelled'],
  en_route: ['on_scene', 'resolved', 'cancelled'],
  on_scene: ['resolved', 'cancelled'],
  resolved: [],
  cancelled: [],
  declined: [],
};
/** What the team's own phones may do; HQ and the region's coordinators may do every move. */
export const MEMBER_MOVES: readonly DispatchStatus[] = ['acknowledged', 'en_route', 'on_scene', 'resolved', 'declined'];
export const canMove = (from: DispatchStatus, to: DispatchStatus): boolean => DISPATCH_MOVES[from].includes(to);

/** The group's status while it holds a dispatch in this state (after `resolved` the team is on its way back). */
export function groupStatusFor(status: DispatchStatus): GroupStatus {
  switch (status) {
    case 'pending':
    case 'acknowledged':
      return 'dispatched';
    case 'en_route':
      return 'en_route';
    case 'on_scene':
      return 'on_scene';
    case 'resolved':
      return 'returning';
    case 'cancelled':
    case 'declined':
      return 'available';
  }
}

export const OUTCOMES = [
  'resolved_on_site',
  'act_filed',
  'police_called',
  'not_found',
  'referred_to_legal',
  'other',
] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const PRIORITIES = ['urgent', 'high', 'normal'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

/** A position older than this is shown as stale and the group is not offered as a candidate. */
export const POSITION_STALE_MINUTES = 10;

const Id = z.number().int().positive().max(2_147_483_647);

export const DispatchTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('station'), stationId: Id }),
  z.object({ kind: z.literal('help'), stationId: Id }),
  z.object({ kind: z.literal('violation'), violationId: z.uuid() }),
]);
export type DispatchTarget = z.infer<typeof DispatchTarget>;

export const NewDispatch = z.object({
  /** Made by the client, so a resend of the same dispatch is recognised. */
  id: z.uuid(),
  groupId: Id,
  target: DispatchTarget,
  priority: Priority.default('normal'),
  note: z.string().trim().max(2000).default(''),
  /** Explicitly give a busy group a second dispatch to take after the current one. */
  queue: z.boolean().default(false),
});
export type NewDispatch = z.infer<typeof NewDispatch>;

export const DispatchTransition = z
  .object({
    to: DispatchStatus.exclude(['pending']),
    note: z.string().trim().max(2000).optional(),
    outcome: Outcome.optional(),
    /**
     * When the button was pressed on the phone (a step queued offline is sent later). The server
     * keeps it when it lies between the previous step and now, and uses its own clock otherwise.
     */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.to === 'resolved' && !value.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'an outcome is required to resolve' });
    if (value.to !== 'resolved' && value.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'only a resolved dispatch has an outcome' });
  });
export type DispatchTransition = z.infer<typeof DispatchTransition>;

export const PositionReport = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** Metres, as the phone reports it. */
  accuracy: z.number().min(0).max(100_000).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type PositionReport = z.infer<typeof PositionReport>;

export const DutyChange = z.object({
  on: z.boolean(),
  /** The team says whether it has the car today (travel time depends on it). */
  vehicle: z.boolean().optional(),
});
export type DutyChange = z.infer<typeof DutyChange>;

const Person = z.object({ id: z.number().int(), name: z.string() });

export const DispatchStep = z.object({
  status: DispatchStatus,
  at: z.iso.datetime(),
  by: Person,
  note: z.string().nullable(),
});
export type DispatchStep = z.infer<typeof DispatchStep>;

export const Dispatch = z.object({
  id: z.uuid(),
  group: z.object({ id: z.number().int(), name: z.string(), region: RegionCode }),
  region: RegionCode,
  target: DispatchTarget,
  /** Where to go: the target's station. */
  station: z.object({
    id: z.number().int(),
    number: z.number().int(),
    address: z.string(),
    lat: z.number(),
    lng: z.number(),
  }),
  priority: Priority,
  note: z.string(),
  status: DispatchStatus,
  queued: z.boolean(),
  outcome: Outcome.nullable(),
  resolutionNote: z.string().nullable(),
  createdBy: Person,
  createdAt: z.iso.datetime(),
  /** When it became the group's current dispatch (null while queued); the ack timer counts from here. */
  activatedAt: z.iso.datetime().nullable(),
  acknowledgedAt: z.iso.datetime().nullable(),
  enRouteAt: z.iso.datetime().nullable(),
  onSceneAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  /** Still pending after the acknowledgement timeout: HQ should call the team or reassign. */
  ackOverdue: z.boolean(),
  /** En route or on scene longer than the threshold. */
  stuck: z.boolean(),
  transitions: z.array(DispatchStep),
});
export type Dispatch = z.infer<typeof Dispatch>;

export const DispatchList = z.object({ items: z.array(Dispatch) });
export type DispatchList = z.infer<typeof DispatchList>;

export const DispatchListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  region: RegionCode.optional(),
});

export const CandidatesQuery = z
  .object({
    stationId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    violationId: z.uuid().optional(),
  })
  .refine((q) => (q.stationId === undefined) !== (q.violationId === undefined), {
    message: 'give exactly one of stationId or violationId',
  });

export const LastPosition = z.object({
  lat: z.number(),
  lng: z.number(),
  at: z.iso.datetime(),
  ageSeconds: z.number().int(),
  stale: z.boolean(),
});
export type LastPosition = z.infer<typeof LastPosition>;

export const GroupBoardItem = z.object({
  group: z.object({
    id: z.number().int(),
    name: z.string(),
    region: RegionCode,
    members: z.array(Person),
  }),
  vehicle: z.boolean(),
  status: GroupStatus,
  statusSince: z.iso.datetime(),
  lastPosition: LastPosition.nullable(),
  current: Dispatch.nullable(),
  queued: z.number().int(),
});
export type GroupBoardItem = z.infer<typeof GroupBoardItem>;

export const DispatchBoard = z.object({
  items: z.array(GroupBoardItem),
  /** Open dispatches per region code. */
  openByRegion: z.record(z.string(), z.number().int()),
});
export type DispatchBoard = z.infer<typeof DispatchBoard>;

/** A station's open help call, as the team going there needs to know it. */
export const HelpCall = z.object({
  open: z.boolean(),
  at: z.iso.datetime().nullable(),
  reason: HelpReason.nullable(),
  note: z.string().nullable(),
});
export type HelpCall = z.infer<typeof HelpCall>;

/**
 * What a team sent to a violation needs of it: the ground, what happened and the evidence; not who
 * reported it, who was involved, the act or the complaints.
 */
export const TeamViolation = Violation.pick({
  id: true,
  category: true,
  otherText: true,
  severity: true,
  status: true,
  observedAt: true,
  description: true,
  evidence: true,
});
export type TeamViolation = z.infer<typeof TeamViolation>;

/** A dispatch as the team's phone shows it: with the violation (and its evidence) or the help call. */
export const TeamDispatch = Dispatch.extend({
  violation: TeamViolation.nullable(),
  help: HelpCall.nullable(),
});
export type TeamDispatch = z.infer<typeof TeamDispatch>;

/** One of the stations the group tours, with what the live map knows of it. */
export const TeamStation = z.object({
  id: z.number().int(),
  number: z.number().int(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  phase: StationPhase,
  helpOpen: z.boolean(),
  openViolations: z.number().int(),
  worstSeverity: Severity.nullable(),
  lastReportAt: z.iso.datetime().nullable(),
});
export type TeamStation = z.infer<typeof TeamStation>;

/** `GET /api/team`: everything the team app shows, in one answer (kept on the phone for offline use). */
export const TeamView = z.object({
  group: GroupBoardItem,
  /** Open dispatches: the current one first, then those queued behind it. */
  dispatches: z.array(TeamDispatch),
  /** The group's last closed dispatches (up to 10), newest first. */
  recent: z.array(Dispatch),
  stations: z.array(TeamStation),
});
export type TeamView = z.infer<typeof TeamView>;

/** Metrics are per election day, a local (UTC+5) calendar date; today when not given. */
export const DispatchMetricsQuery = z.object({ day: z.iso.date().optional() });

/** Times in seconds from the dispatch being sent; null when no dispatch of the day got that far. */
export const DispatchTimes = z.object({
  /** `null` for the whole country (the regions the caller may see). */
  region: RegionCode.nullable(),
  dispatches: z.number().int(),
  acknowledged: z.number().int(),
  arrived: z.number().int(),
  resolved: z.number().int(),
  ackMedianSeconds: z.number().nullable(),
  ackP90Seconds: z.number().nullable(),
  arriveMedianSeconds: z.number().nullable(),
  arriveP90Seconds: z.number().nullable(),
});
export type DispatchTimes = z.infer<typeof DispatchTimes>;

export const DispatchMetrics = z.object({
  day: z.iso.date(),
  total: DispatchTimes,
  regions: z.array(DispatchTimes),
});
export type DispatchMetrics = z.infer<typeof DispatchMetrics>;

/** The instants a local calendar day runs between. */
export function localDayBounds(day: string): { from: Date; to: Date } {
  const from = localInstant(day, 0);
  return { from, to: new Date(from.getTime() + 24 * 3600_000) };
}

export const NOT_ELIGIBLE_REASONS = ['off_duty', 'busy', 'position_stale', 'no_position'] as const;
export const NotEligibleReason = z.enum(NOT_ELIGIBLE_REASONS);
export type NotEligibleReason = z.infer<typeof NotEligibleReason>;

export const Candidate = z.object({
  group: z.object({ id: z.number().int(), name: z.string(), region: RegionCode, vehicle: z.boolean() }),
  status: GroupStatus,
  distanceKm: z.number().nullable(),
  etaMinutes: z.number().int().nullable(),
  eligible: z.boolean(),
  reasons: z.array(NotEligibleReason),
});
export type Candidate = z.infer<typeof Candidate>;

export const CandidateList = z.object({
  target: z.object({ stationId: z.number().int(), region: RegionCode, lat: z.number(), lng: z.number() }),
  items: z.array(Candidate),
});

export const PositionPurgeQuery = z.object({ before: z.iso.datetime({ offset: true }) });
export const PositionPurgeResult = z.object({ deleted: z.number().int() });

/** What the ranking needs to know of a group. */
export interface RankableGroup {
  id: number;
  name: string;
  region: string;
  vehicle: boolean;
  status: GroupStatus;
  lastPosition: { lat: number; lng: number; at: string } | null;
}
export interface RankOptions {
  staleMinutes: number;
  speedKmh: { car: number; foot: number };
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance; straight lines are all we promise (no online routing). */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const BUSY: readonly GroupStatus[] = ['dispatched', 'en_route', 'on_scene'];

/** Eligible groups first, nearest in time; then the rest, nearest first, each with why it is not offered. */
export function rankGroups(
  groups: readonly RankableGroup[],
  target: { lat: number; lng: number },
  now: Date,
  options: RankOptions,
): Candidate[] {
  const candidates = groups.map((g): Candidate => {
    const reasons: NotEligibleReason[] = [];
    if (g.status === 'off_duty') reasons.push('off_duty');
    if (BUSY.includes(g.status)) reasons.push('busy');
    let distanceKm: number | null = null;
    let etaMinutes: number | null = null;
    if (!g.lastPosition) reasons.push('no_position');
    else {
      if (now.getTime() - Date.parse(g.lastPosition.at) > options.staleMinutes * 60_000) reasons.push('position_stale');
      distanceKm = Math.round(haversineKm(g.lastPosition, target) * 100) / 100;
      const speed = g.vehicle ? options.speedKmh.car : options.speedKmh.foot;
      etaMinutes = Math.ceil((distanceKm / speed) * 60);
    }
    return {
      group: { id: g.id, name: g.name, region: g.region, vehicle: g.vehicle },
      status: g.status,
      distanceKm,
      etaMinutes,
      eligible: reasons.length === 0,
      reasons,
    };
  });
  const far = Number.POSITIVE_INFINITY;
  return candidates.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      (a.eligible ? (a.etaMinutes ?? far) - (b.etaMinutes ?? far) : (a.distanceKm ?? far) - (b.distanceKm ?? far)) ||
      a.group.name.localeCompare(b.group.name),
  );
}

/** Socket acknowledgements: `{ ok: true, data }` or the usual error. */
const Failure = z.object({
  ok: z.literal(false),
  error: z.object({ code: ErrorCode, message: z.string(), details: z.array(ErrorDetail).optional() }),
});
export const DispatchCurrentResult = z.union([z.object({ ok: z.literal(true), data: DispatchList }), Failure]);
export type DispatchCurrentResult = z.infer<typeof DispatchCurrentResult>;
export const PositionResult = z.union([
  z.object({ ok: z.literal(true), data: z.object({ groupId: z.number().int(), at: z.iso.datetime() }) }),
  Failure,
]);
export type PositionResult = z.infer<typeof PositionResult>;
export const DutyResult = z.union([z.object({ ok: z.literal(true), data: GroupBoardItem }), Failure]);
export type DutyResult = z.infer<typeof DutyResult>;

export const GroupsChanged = z.object({ items: z.array(GroupBoardItem) });
export type GroupsChanged = z.infer<typeof GroupsChanged>;

/** Socket events of this area. Rooms: `group:<id>` (the team), `dispatch:hq`, `dispatch:region:<code>`. */
export interface DispatchServerToClientEvents {
  'dispatch:changed': (dispatch: Dispatch) => void;
  'groups:changed': (message: GroupsChanged) => void;
}
export interface DispatchClientToServerEvents {
  /** Catch-up after a (re)connect: the open dispatches the caller may see (a member: their group's). */
  'dispatch:current': (payload: Record<string, never>, ack: (answer: DispatchCurrentResult) => void) => void;
  'group:position': (payload: PositionReport, ack: (answer: PositionResult) => void) => void;
  'group:duty': (payload: DutyChange, ack: (answer: DutyResult) => void) => void;
}
