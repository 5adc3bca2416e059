import { sql, type Kysely, type Transaction } from 'kysely';
import type { BBox, StationDetail, StationMap, StationSummary } from '../../shared/stations.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function countStations(db: Db, electionId: number): Promise<number> {
  const row = await db
    .selectFrom('stations')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** What a caller may see: every station, some regions, or some stations (an observer's own). */
export interface StationScope {
  regions?: string[] | undefined;
  stationIds?: number[] | undefined;
}

export interface StationFilter extends StationScope {
  region?: string | undefined;
  number?: number | undefined;
  coverage?: 'covered' | 'uncovered' | undefined;
  bbox?: BBox | undefined;
  /** Free text: every word must be in the address, locality, district or building. */
  q?: string | undefined;
  /** Stations numbered after this one (keyset pagination: stable while stations are added). */
  afterNumber?: number | undefined;
  limit: number;
}

/** One page of stations ordered by number; asks for one extra row to know whether more follow. */
export async function listStations(
  db: Db,
  electionId: number,
  filter: StationFilter,
): Promise<{ items: StationSummary[]; hasMore: boolean }> {
  let query = db
    .selectFrom('stations')
    .select([
      'id',
      'number',
      'region_code',
      'district',
      'locality',
      'address',
      'building',
      'lat',
      'lng',
      'registered_voters',
    ])
    .where('election_id', '=', electionId);
  if (filter.region) query = query.where('region_code', '=', filter.region);
  if (filter.number !== undefined) query = query.where('number', '=', filter.number);
  if (filter.coverage) {
    const wanted = filter.coverage;
    query = query.where(({ exists, not, selectFrom }) => {
      const primary = exists(
        selectFrom('assignments as a')
          .select('a.id')
          .whereRef('a.station_id', '=', 'stations.id')
          .where('a.kind', '=', 'primary')
          .where('a.ended_at', 'is', null),
      );
      return wanted === 'covered' ? primary : not(primary);
    });
  }
  if (filter.regions) query = query.where('region_code', 'in', filter.regions.length ? filter.regions : ['']);
  if (filter.stationIds) query = query.where('id', 'in', filter.stationIds.length ? filter.stationIds : [-1]);
  if (filter.bbox) {
    const { west, south, east, north } = filter.bbox;
    query = query.where('lng', '>=', west).where('lng', '<=', east).where('lat', '>=', south).where('lat', '<=', north);
  }
  if (filter.q) {
    for (const word of filter.q.split(/\s+/).slice(0, 8)) {
      // ILIKE folds only ASCII under the C locale (PGlite's and often the server's), so Cyrillic
      // words are also tried as typed, in lower case and capitalised.
      const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
      const lower = escaped.toLocaleLowerCase('kk');
      const forms = [...new Set([escaped, lower, lower.charAt(0).toLocaleUpperCase('kk') + lower.slice(1)])];
      const patterns = forms.map((form) => `%${form}%`);
      const anyOf = sql<string>`any(${patterns}::text[])`;
      query = query.where((eb) =>
        eb.or([
          eb('address', 'ilike', anyOf),
          eb('locality', 'ilike', anyOf),
          eb('district', 'ilike', anyOf),
          eb('building', 'ilike', anyOf),
          eb(sql<string>`number::text`, 'like', `${escaped}%`),
        ]),
      );
    }
  }
  if (filter.afterNumber !== undefined) query = query.where('number', '>', filter.afterNumber);
  const rows = await query
    .orderBy('number')
    .limit(filter.limit + 1)
    .execute();
  const hasMore = rows.length > filter.limit;
  return {
    hasMore,
    items: rows.slice(0, filter.limit).map((row) => ({
      id: row.id,
      number: row.number,
      region: row.region_code,
      district: row.district,
      locality: row.locality,
      address: row.address,
      building: row.building,
      lat: row.lat,
      lng: row.lng,
      registeredVoters: row.registered_voters,
    })),
  };
}

/** Every station of the election, column by column (see `StationMap`). */
export async function stationMap(db: Db, electionId: number | null, scope: StationScope = {}): Promise<StationMap> {
  const empty: StationMap = {
    electionId,
    count: 0,
    regions: [],
    id: [],
    number: [],
    region: [],
    lat: [],
    lng: [],
    registeredVoters: [],
  };
  if (electionId === null) return empty;
  let query = db
    .selectFrom('stations')
    .select(['id', 'number', 'region_code', 'lat', 'lng', 'registered_voters'])
    .where('election_id', '=', electionId);
  if (scope.regions) query = query.where('region_code', 'in', scope.regions.length ? scope.regions : ['']);
  if (scope.stationIds) query = query.where('id', 'in', scope.stationIds.length ? scope.stationIds : [-1]);
  const rows = await query.orderBy('id').execute();
  const regionIndex = new Map<string, number>();
  const map = empty;
  for (const row of rows) {
    let index = regionIndex.get(row.region_code);
    if (index === undefined) {
      index = map.regions.length;
      regionIndex.set(row.region_code, index);
      map.regions.push(row.region_code);
    }
    map.id.push(row.id);
    map.number.push(row.number);
    map.region.push(index);
    // ~1 m at 5 decimals is finer than a map marker needs; 4 decimals (~10 m) keeps the payload small.
    map.lat.push(Math.round(row.lat * 1e4) / 1e4);
    map.lng.push(Math.round(row.lng * 1e4) / 1e4);
    map.registeredVoters.push(row.registered_voters);
  }
  map.count = rows.length;
  return map;
}

export async function findStation(db: Db, id: number) {
  return db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A station with who observes it: its status until field reports arrive is its coverage. */
export async function stationDetail(db: Db, id: number): Promise<StationDetail | null> {
  const row = await findStation(db, id);
  if (!row) return null;
  const current = await db
    .selectFrom('assignments as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.kind', 'p.id', 'p.name', 'p.phone'])
    .where('a.station_id', '=', id)
    .where('a.ended_at', 'is', null)
    .orderBy('a.kind')
    .orderBy('a.assigned_at')
    .execute();
  const primary = current.find((a) => a.kind === 'primary');
  return {
    id: row.id,
    electionId: row.election_id,
    number: row.number,
    region: row.region_code,
    district: row.district,
    locality: row.locality,
    address: row.address,
    building: row.building,
    buildingKind: row.building_kind,
    floor: row.floor,
    lat: row.lat,
    lng: row.lng,
    registeredVoters: row.registered_voters,
    commissionSize: row.commission_size,
    accessibility: row.accessibility,
    status: primary ? 'covered' : 'uncovered',
    observer: primary ? { id: primary.id, name: primary.name, phone: primary.phone } : null,
    reserves: current.filter((a) => a.kind === 'reserve').map((a) => ({ id: a.id, name: a.name, phone: a.phone })),
  };
}
