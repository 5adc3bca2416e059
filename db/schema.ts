import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccessibilityFeature, BuildingKind } from '../shared/stations.ts';
import type { BallotOptionKind, ElectionKind, ElectionStatus } from '../shared/elections.ts';
import type { RegionKind } from '../shared/regions.ts';

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

export interface Database {
  regions: RegionTable;
  elections: ElectionTable;
  ballot_options: BallotOptionTable;
  stations: StationTable;
}
