import { z } from 'zod';
import { ErrorCode, ErrorDetail } from './errors.ts';
import { AccessibilityFeature } from './stations.ts';
import { ProtocolFigures, ProtocolState } from './protocols.ts';
import { Severity } from './violations.ts';

/**
 * What an observer sends during the day (see the timeline in the domain brief). One discriminated
 * union: the phone, the socket handler, the HTTP route and the database all read the same shape.
 */
const Count = z.number().int().min(0).max(100_000);
const Note = z.string().trim().max(2000).optional();
const Time = z.iso.datetime({ offset: true });

export const ArrivalReport = z.object({
  kind: z.literal('arrival'),
  /** The credential stays with the chair while the observer is there. */
  credentialHandedToChair: z.boolean(),
  admitted: z.boolean(),
  refusalReason: z.string().trim().max(500).optional(),
  chairName: z.string().trim().max(200).optional(),
  note: Note,
});

export const OpeningReport = z.object({
  kind: z.literal('opening'),
  registeredVoters: Count.nullable(),
  boothsChecked: z.boolean(),
  pensNotPencils: z.boolean(),
  boxIntactAndSealed: z.boolean(),
  ballotsCounted: z.boolean(),
  ballotsReceived: Count.nullable(),
  openingProtocolPosted: z.boolean(),
  accessibility: z.array(AccessibilityFeature).max(20),
  commissionMembersPresent: z.number().int().min(0).max(30).nullable(),
  note: Note,
});

export const VotingStartedReport = z.object({
  kind: z.literal('voting_started'),
  at: Time,
  note: Note,
});

export const TurnoutReport = z.object({
  kind: z.literal('turnout'),
  at: Time,
  /** What the chair said. */
  chairFigure: Count,
  /** The observer's own tally of voters who received a ballot. */
  ownCount: Count.nullable(),
  portableBoxRequests: Count.nullable(),
  note: Note,
});

export const ClosingReport = z.object({
  kind: z.literal('closing'),
  closedAt: Time,
  votedPerChair: Count,
  note: Note,
});

/** The order of the count (domain brief, "Counting and the results protocol"). */
export const COUNTING_STEPS = [
  'unused_ballots_cancelled',
  'seals_checked',
  'portable_boxes_first',
  'portable_within_requests',
  'fixed_box_opened',
  'ballots_shown_aloud',
] as const;
export const CountingStep = z.enum(COUNTING_STEPS);

export const CountingReport = z.object({
  kind: z.literal('counting'),
  /** Each step: observed as the law says (true), not (false) or not seen (absent). */
  steps: z.partialRecord(CountingStep, z.boolean()),
  note: Note,
});

export const DepartureReport = z.object({
  kind: z.literal('departure'),
  leftAt: Time,
  protocolCopyReceived: z.boolean(),
  note: Note,
});

/**
 * The results protocol as the observer copied it (issue 8). It travels as a report so that it rides
 * the phone's outbox and is stored exactly once; the server recomputes `checkProtocol` on receipt.
 * A second protocol report from the station is a correction: the latest one is the observer's copy.
 */
export const ProtocolReport = z.object({
  kind: z.literal('protocol'),
  figures: ProtocolFigures,
  /** The observer's own count of voters who took part, when they kept one (for the `own_tally` check). */
  ownTally: Count.nullable(),
  note: Note,
});
export type ProtocolReport = z.infer<typeof ProtocolReport>;

export const HelpReason = z.enum(['pressure', 'removal', 'threat', 'other']);
export type HelpReason = z.infer<typeof HelpReason>;

/** An urgent call: always top priority at HQ. */
export const HelpReport = z.object({
  kind: z.literal('help'),
  reason: HelpReason,
  note: Note,
});

export const ReportBody = z.discriminatedUnion('kind', [
  ArrivalReport,
  OpeningReport,
  VotingStartedReport,
  TurnoutReport,
  ClosingReport,
  CountingReport,
  DepartureReport,
  HelpReport,
  ProtocolReport,
]);
export type ReportBody = z.infer<typeof ReportBody>;
export type ReportKind = ReportBody['kind'];
export const REPORT_KINDS = ReportBody.options.map((o) => o.shape.kind.value) as ReportKind[];

/** What the phone sends: the body plus who, where and when (device clock). */
export const ReportEnvelope = z.object({
  /** Generated on the phone (UUID): the key that makes a resend harmless. */
  id: z.uuid(),
  stationId: z.number().int().positive(),
  electionId: z.number().int().positive(),
  deviceTime: Time,
  body: ReportBody,
});
export type ReportEnvelope = z.infer<typeof ReportEnvelope>;

export const MAX_REPORT_BATCH = 200;
export const ReportBatch = z.union([ReportEnvelope, z.array(ReportEnvelope).min(1).max(MAX_REPORT_BATCH)]);

export const ReportAck = z.object({
  id: z.uuid(),
  /** Position in the database's change sequence. */
  seq: z.number().int(),
  /** True when this id had already been stored with the same content. */
  duplicate: z.boolean(),
});
export type ReportAck = z.infer<typeof ReportAck>;

export const ReportError = z.object({ code: ErrorCode, message: z.string(), details: z.array(ErrorDetail).optional() });

/** Socket acknowledgement (and one entry of the HTTP batch answer). */
export const ReportResult = z.union([
  z.object({ ok: z.literal(true), data: ReportAck }),
  z.object({ ok: z.literal(false), error: ReportError }),
]);
export type ReportResult = z.infer<typeof ReportResult>;

export const ReportBatchResult = z.object({ results: z.array(ReportResult) });
export type ReportBatchResult = z.infer<typeof ReportBatchResult>;

/** Where a station stands on election day, in order. */
export const STATION_PHASES = [
  'no_observer',
  'observer_assigned',
  'on_site',
  'opened',
  'voting',
  'closed',
  'counting',
  'protocol_received',
  'observer_left',
] as const;
export const StationPhase = z.enum(STATION_PHASES);
export type StationPhase = z.infer<typeof StationPhase>;

/** Our observer is at the station (counters, rollups and the regions table all use these). */
export const ON_SITE_PHASES: readonly StationPhase[] = [
  'on_site',
  'opened',
  'voting',
  'closed',
  'counting',
  'protocol_received',
];
/** The station has opened (and may have moved on since). */
export const OPENED_PHASES: readonly StationPhase[] = [
  'opened',
  'voting',
  'closed',
  'counting',
  'protocol_received',
  'observer_left',
];
/** Voting is over at the station. */
export const CLOSED_PHASES: readonly StationPhase[] = ['closed', 'counting', 'protocol_received', 'observer_left'];

/** A station's live state as HQ sees it; the same object travels in broadcasts and catch-up. */
export const StationLive = z.object({
  stationId: z.number().int(),
  region: z.string(),
  phase: StationPhase,
  helpOpen: z.boolean(),
  /** When the open help call was made (null when none is open). */
  helpAt: z.iso.datetime().nullable(),
  openViolations: z.number().int(),
  /** The worst severity among the open violations (null when none is open). */
  worstSeverity: Severity.nullable(),
  silent: z.boolean(),
  turnoutDiscrepancy: z.boolean(),
  refusedEntry: z.boolean(),
  /** When the observer was first refused entry (null once let in). */
  refusedAt: z.iso.datetime().nullable(),
  chairTurnout: z.number().int().nullable(),
  ownTurnout: z.number().int().nullable(),
  lastReportAt: z.iso.datetime().nullable(),
  /** Where the station's results protocol stands (the map marker shows it once voting closes). */
  protocol: ProtocolState,
  seq: z.number().int(),
});
export type StationLive = z.infer<typeof StationLive>;

export const ChangesQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(20_000).default(5000),
});

export const ChangesPage = z.object({
  items: z.array(StationLive),
  /** The highest sequence included; ask again with it when `more` is true. */
  seq: z.number().int(),
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * The phase a report moves a station to (stations never move back: a late turnout report after
 * closing does not reopen the station).
 */
export function phaseAfter(body: ReportBody): StationPhase | null {
  switch (body.kind) {
    case 'arrival':
      return body.admitted ? 'on_site' : null;
    case 'opening':
      return 'opened';
    case 'voting_started':
    case 'turnout':
      return 'voting';
    case 'closing':
      return 'closed';
    case 'counting':
      return 'counting';
    case 'protocol':
      return 'protocol_received';
    case 'departure':
      return 'observer_left';
    case 'help':
      return null;
  }
}

// Lives apart so that shared/protocols.ts can use it while this module uses the protocol's schema.
export { turnoutDiscrepancy } from './turnout.ts';

/** Election-day figures for a region (or the whole country when `region` is null). */
export const Rollup = z.object({
  region: z.string().nullable(),
  stations: z.number().int(),
  /** Stations with a primary observer of ours. */
  covered: z.number().int(),
  onSite: z.number().int(),
  opened: z.number().int(),
  closed: z.number().int(),
  helpOpen: z.number().int(),
  silent: z.number().int(),
  registeredVoters: z.number().int(),
  /** Sum of the chairs' latest turnout figures, and what share of the registered voters it is. */
  turnout: z.number().int(),
  turnoutPct: z.number(),
  /** The same from our observers' own tallies (stations whose observer reported one). */
  ownTurnout: z.number().int(),
});
export type Rollup = z.infer<typeof Rollup>;
export const RollupList = z.object({ country: Rollup, regions: z.array(Rollup) });

/** One report as HQ reads it in a station's timeline. */
export const StationReport = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  kind: z.enum(REPORT_KINDS as [ReportKind, ...ReportKind[]]),
  body: ReportBody,
  deviceTime: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  clockSkewMs: z.number().int(),
  flags: z.array(z.string()),
  observer: z.object({ id: z.number().int(), name: z.string() }),
  /** Who typed it in when it was not the observer (HQ taking a phone call). */
  enteredBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type StationReport = z.infer<typeof StationReport>;
export const StationReportList = z.object({ items: z.array(StationReport) });
