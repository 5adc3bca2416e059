import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';
import type {
  Confidence,
  FindingChangeKind,
  FindingSource,
  FindingStatus,
  InstitutionType,
} from '../shared/findings.ts';
import type { AccessibilityFeature, BuildingKind } from '../shared/stations.ts';
import type { BallotOptionKind, ElectionKind, ElectionStatus } from '../shared/elections.ts';
import type { RegionKind } from '../shared/regions.ts';
import type { AssignmentKind, Role } from '../shared/people.ts';
import type { ReportKind, StationPhase } from '../shared/reports.ts';
import type { AddresseeKind, ComplaintStatus } from '../shared/complaints.ts';
import type { DispatchStatus, GroupStatus, Outcome, Priority } from '../shared/dispatch.ts';
import type {
  EntryStatus,
  FigureDifference,
  ProtocolCheck,
  ProtocolFigures,
  ProtocolState,
} from '../shared/protocols.ts';
import type {
  ClosingReason,
  EvidenceSummary,
  EvidenceKind,
  Involved,
  Severity,
  ViolationPhase,
  ViolationStatus,
} from '../shared/violations.ts';

/** `numeric` comes back from both drivers as a string; we write numbers. */
type Numeric = ColumnType<string, number | string, number | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface RegionTable {
  code: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  kind: RegionKind;
  center_lat: number;
  center_lng: number;
  timezone: string;
  population_share_pct: Numeric;
  approx_voters: number;
  approx_stations: number;
  sort_order: number;
}
export type RegionRow = Selectable<RegionTable>;
export type NewRegionRow = Insertable<RegionTable>;

export interface ElectionTable {
  id: Generated<number>;
  kind: ElectionKind;
  name_kk: string;
  name_ru: string;
  name_en: string;
  /** `date` columns are read as `YYYY-MM-DD` strings (see db/database.ts type parsers). */
  voting_date: string;
  status: ElectionStatus;
  is_active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}
export type ElectionRow = Selectable<ElectionTable>;
export type NewElectionRow = Insertable<ElectionTable>;
export type ElectionUpdate = Updateable<ElectionTable>;

export interface BallotOptionTable {
  id: Generated<number>;
  election_id: number;
  position: number;
  kind: BallotOptionKind;
  name_kk: string;
  name_ru: string;
  name_en: string;
  affiliation: string | null;
}
export type BallotOptionRow = Selectable<BallotOptionTable>;
export type NewBallotOptionRow = Insertable<BallotOptionTable>;

export interface StationTable {
  id: Generated<number>;
  election_id: number;
  number: number;
  region_code: string;
  district: string;
  locality: string;
  address: string;
  building: string;
  building_kind: BuildingKind;
  floor: Generated<number>;
  lat: number;
  lng: number;
  registered_voters: number;
  commission_size: number;
  accessibility: Generated<AccessibilityFeature[]>;
  created_at: CreatedAt;
}
export type StationRow = Selectable<StationTable>;
export type NewStationRow = Insertable<StationTable>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PersonTable {
  id: Generated<number>;
  name: string;
  role: Role;
  username: string | null;
  /** E.164, e.g. +77011234567. */
  phone: string | null;
  password_hash: string | null;
  /** Districts within the person's regions (long-term observers); empty means the whole regions. */
  districts: Generated<string[]>;
  invitation_hash: string | null;
  invitation_expires_at: NullableTimestamp;
  is_active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type PersonRow = Selectable<PersonTable>;
export type NewPersonRow = Insertable<PersonTable>;
export type PersonUpdateRow = Updateable<PersonTable>;

export interface PersonRegionTable {
  person_id: number;
  region_code: string;
}

export interface SessionTable {
  id: Generated<number>;
  person_id: number;
  token_hash: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}
export type SessionRow = Selectable<SessionTable>;

export interface LoginThrottleTable {
  login: string;
  failures: Generated<number>;
  window_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_until: NullableTimestamp;
}

export type AssignmentEndReason = 'removed_by_commission' | 'ill' | 'moved' | 'replaced' | 'other';

export interface AssignmentTable {
  id: Generated<number>;
  election_id: number;
  station_id: number;
  person_id: number;
  kind: AssignmentKind;
  assigned_at: CreatedAt;
  assigned_by: number | null;
  ended_at: NullableTimestamp;
  ended_by: number | null;
  end_reason: AssignmentEndReason | null;
  end_note: string | null;
}
export type AssignmentRow = Selectable<AssignmentTable>;

export interface MobileGroupTable {
  id: Generated<number>;
  election_id: number;
  name: string;
  region_code: string;
  vehicle: Generated<boolean>;
  status: Generated<GroupStatus>;
  status_since: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface MobileGroupMemberTable {
  group_id: number;
  person_id: number;
}
export interface MobileGroupStationTable {
  group_id: number;
  station_id: number;
}

export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  at: CreatedAt;
  actor_id: number | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  ip: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;

export interface ReportTable {
  id: string;
  seq: ColumnType<number, number, never>;
  election_id: number;
  station_id: number;
  person_id: number;
  entered_by: number | null;
  kind: ReportKind;
  body: ColumnType<unknown, string, never>;
  content_hash: string;
  device_time: ColumnType<Date, Date | string, never>;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  clock_skew_ms: number;
  flags: ColumnType<string[], string[] | undefined, never>;
}
export type ReportRow = Selectable<ReportTable>;

export interface StationStatusTable {
  station_id: number;
  election_id: number;
  region_code: string;
  phase: StationPhase;
  help_open: Generated<boolean>;
  help_report_id: string | null;
  help_at: NullableTimestamp;
  open_violations: Generated<number>;
  silent: Generated<boolean>;
  turnout_discrepancy: Generated<boolean>;
  refused_entry: Generated<boolean>;
  refused_at: NullableTimestamp;
  chair_turnout: number | null;
  own_turnout: number | null;
  turnout_at: NullableTimestamp;
  voted_per_chair: number | null;
  arrived_at: NullableTimestamp;
  last_report_at: NullableTimestamp;
  seq: Generated<number>;
  worst_severity: Severity | null;
  protocol_state: Generated<ProtocolState>;
}
export type StationStatusRow = Selectable<StationStatusTable>;

type Updated = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface ViolationCategoryTable {
  code: string;
  phase: ViolationPhase;
  article: string;
  severity: Severity;
  title_kk: string;
  title_ru: string;
  title_en: string;
  hint_kk: string;
  hint_ru: string;
  hint_en: string;
  builtin: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Updated;
}
export type ViolationCategoryRow = Selectable<ViolationCategoryTable>;

export interface ViolationTable {
  id: string;
  election_id: number;
  station_id: number;
  region_code: string;
  category_code: string;
  other_text: string | null;
  severity: Severity;
  status: ViolationStatus;
  observed_at: Timestamp;
  description: string;
  involved: ColumnType<Involved[], Involved[] | undefined, Involved[]>;
  chair_notified: boolean | null;
  chair_answer: string | null;
  corrected_note: string | null;
  /** The act as the shared `Act` schema (jsonb; written as a JSON string). */
  act: ColumnType<unknown, string | null, string | null>;
  closed_reason: ClosingReason | null;
  closed_note: string | null;
  reporter_id: number;
  created_at: CreatedAt;
  updated_at: Updated;
  seq: number;
}
export type ViolationRow = Selectable<ViolationTable>;

export interface ViolationChangeTable {
  id: string;
  violation_id: string;
  kind: string;
  body: ColumnType<unknown, string, never>;
  content_hash: string;
  person_id: number;
  device_time: ColumnType<Date | null, Date | string | null, never>;
  received_at: ColumnType<Date, Date | string | undefined, never>;
}
export type ViolationChangeRow = Selectable<ViolationChangeTable>;

export interface EvidenceTable {
  id: string;
  violation_id: string | null;
  /** A long-term observer's finding (issue 9); null for a violation's file or a protocol photo. */
  finding_id: ColumnType<string | null, string | null | undefined, string | null>;
  station_id: number | null;
  region_code: string;
  purpose: EvidenceSummary['purpose'];
  uploader_id: number;
  state: 'uploading' | 'complete';
  /** bigint, read as a number on both drivers (db/database.ts). */
  size: ColumnType<number, number, never>;
  received_bytes: ColumnType<number, number | undefined, number>;
  kind: EvidenceKind | null;
  mime: string | null;
  sha256: string | null;
  storage_key: string;
  file_name: string | null;
  captured_at: NullableTimestamp;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  thumbnail: Uint8Array | null;
  created_at: CreatedAt;
  completed_at: NullableTimestamp;
}
export type EvidenceRow = Selectable<EvidenceTable>;

export interface ComplaintTable {
  id: string;
  /** Exactly one of the two: a violation's complaint or a referred finding's. */
  violation_id: string | null;
  finding_id: ColumnType<string | null, string | null | undefined, string | null>;
  election_id: number;
  region_code: string;
  addressee_kind: AddresseeKind;
  addressee: string;
  text: Generated<string>;
  filed_on: NullableDate;
  status: ComplaintStatus;
  answer: string | null;
  answered_on: NullableDate;
  created_by: number;
  created_at: CreatedAt;
  updated_at: Updated;
}
export type ComplaintRow = Selectable<ComplaintTable>;

export interface GroupPositionTable {
  id: ColumnType<number, never, never>;
  group_id: number;
  person_id: number;
  lat: number;
  lng: number;
  accuracy_m: number | null;
  at: Timestamp;
  received_at: CreatedAt;
}

export interface DispatchTable {
  id: string;
  election_id: number;
  group_id: number;
  region_code: string;
  target_kind: 'station' | 'help' | 'violation';
  station_id: number;
  violation_id: string | null;
  priority: Priority;
  note: Generated<string>;
  status: DispatchStatus;
  outcome: Outcome | null;
  resolution_note: string | null;
  created_by: number;
  created_at: CreatedAt;
  /** When it became the group's current dispatch (null while queued). */
  activated_at: NullableTimestamp;
  acknowledged_at: NullableTimestamp;
  en_route_at: NullableTimestamp;
  on_scene_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  updated_at: Updated;
  queued: Generated<boolean>;
  ack_overdue_at: NullableTimestamp;
  stuck_at: NullableTimestamp;
}
export type DispatchRow = Selectable<DispatchTable>;

export interface DispatchEventTable {
  id: ColumnType<number, never, never>;
  dispatch_id: string;
  status: DispatchStatus;
  at: ColumnType<Date, Date | string | undefined, never>;
  person_id: number;
  note: string | null;
}

/** jsonb: read as the value, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export interface ProtocolEntryTable {
  id: string;
  election_id: number;
  station_id: number;
  region_code: string;
  source: 'observer' | 'operator';
  figures: Json<ProtocolFigures>;
  own_tally: number | null;
  checks: Json<ProtocolCheck[]>;
  failed: ColumnType<string[], string[] | undefined, string[]>;
  has_errors: boolean;
  content_hash: string;
  person_id: number;
  entered_by: number | null;
  received_at: ColumnType<Date, Date | string | undefined, never>;
}
export type ProtocolEntryRow = Selectable<ProtocolEntryTable>;

export interface StationProtocolTable {
  station_id: number;
  election_id: number;
  region_code: string;
  state: Generated<ProtocolState>;
  status: EntryStatus | null;
  observer_entry_id: string | null;
  operator_entry_id: string | null;
  conflicts: ColumnType<FigureDifference[], string | undefined, string>;
  verified_version: number | null;
  claimed_by: number | null;
  claimed_until: NullableTimestamp;
  discrepancy_violation_id: string | null;
  received_at: NullableTimestamp;
  updated_at: Updated;
}
export type StationProtocolRow = Selectable<StationProtocolTable>;

export interface ProtocolVersionTable {
  station_id: number;
  version: number;
  election_id: number;
  basis: 'agreed' | 'resolved' | 'corrected';
  figures: Json<ProtocolFigures>;
  checks: Json<ProtocolCheck[]>;
  changes: Json<FigureDifference[]>;
  note: Generated<string>;
  person_id: number;
  created_at: CreatedAt;
}
export type ProtocolVersionRow = Selectable<ProtocolVersionTable>;

export type TallyStage = 'received' | 'verified' | 'official';

export interface ProtocolTallyTable {
  station_id: number;
  stage: TallyStage;
  election_id: number;
  region_code: string;
  registered_voters: number;
  ballots_received: number;
  ballots_issued_inside: number;
  ballots_issued_outside: number;
  outside_requests: number;
  ballots_cancelled: number;
  fixed_box_ballots: number;
  portable_box_ballots: number;
  invalid_ballots: number;
  updated_at: Updated;
}
export interface ProtocolTallyVoteTable {
  station_id: number;
  stage: TallyStage;
  option_id: number;
  votes: number;
}

export interface FindingCategoryTable {
  code: string;
  title_kk: string;
  title_ru: string;
  title_en: string;
  builtin: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}
export type FindingCategoryRow = Selectable<FindingCategoryTable>;

type LocalDateColumn = ColumnType<string, string, string>;

export interface FindingTable {
  id: string;
  election_id: number;
  region_code: string;
  locality: string;
  station_id: number | null;
  category_code: string;
  place: string;
  lat: number | null;
  lng: number | null;
  occurred_on: LocalDateColumn;
  occurred_time: string | null;
  title: string;
  description: string;
  involved: ColumnType<InstitutionType[], InstitutionType[], InstitutionType[]>;
  involved_note: string;
  /** jsonb: written with JSON.stringify, read back as parsed JSON. */
  sources: ColumnType<FindingSource[], string, string>;
  confidence: Confidence;
  status: FindingStatus;
  version: Generated<number>;
  author_id: number;
  reviewed_by: number | null;
  reviewed_at: NullableTimestamp;
  review_comment: string | null;
  merged_into_id: string | null;
  /** tsvector: written through `to_tsvector(...)`, never read back. */
  search_vector: ColumnType<never, RawBuilder<unknown>, RawBuilder<unknown>>;
  created_at: CreatedAt;
  updated_at: Updated;
}
export type FindingRow = Omit<Selectable<FindingTable>, 'search_vector'>;

export interface FindingChangeTable {
  id: string;
  finding_id: string;
  kind: FindingChangeKind;
  status: FindingStatus;
  comment: Generated<string>;
  body: ColumnType<FindingChangeBody, string, never>;
  person_id: number;
  created_at: CreatedAt;
}
export type FindingChangeRow = Selectable<FindingChangeTable>;
/** What a change row's jsonb holds. */
export interface FindingChangeBody {
  changes?: { field: string; before: unknown; after: unknown }[];
  otherFindingId?: string;
  complaintId?: string;
}

export interface Database {
  regions: RegionTable;
  elections: ElectionTable;
  ballot_options: BallotOptionTable;
  stations: StationTable;
  people: PersonTable;
  person_regions: PersonRegionTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  assignments: AssignmentTable;
  mobile_groups: MobileGroupTable;
  mobile_group_members: MobileGroupMemberTable;
  mobile_group_stations: MobileGroupStationTable;
  audit_log: AuditLogTable;
  reports: ReportTable;
  station_status: StationStatusTable;
  violation_categories: ViolationCategoryTable;
  violations: ViolationTable;
  violation_changes: ViolationChangeTable;
  evidence: EvidenceTable;
  complaints: ComplaintTable;
  group_positions: GroupPositionTable;
  dispatches: DispatchTable;
  dispatch_events: DispatchEventTable;
  protocol_entries: ProtocolEntryTable;
  station_protocols: StationProtocolTable;
  protocol_versions: ProtocolVersionTable;
  protocol_tallies: ProtocolTallyTable;
  protocol_tally_votes: ProtocolTallyVoteTable;
  finding_categories: FindingCategoryTable;
  findings: FindingTable;
  finding_changes: FindingChangeTable;
}
