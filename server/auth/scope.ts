import type { Kysely } from 'kysely';
import type { StationScope } from '../../db/queries/station.queries.ts';
import type { Database } from '../../db/schema.ts';
import { ForbiddenError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';

/** Who is asking and with which scope (an HTTP request's `auth`, or a socket's user). */
export type Viewer = Pick<Auth, 'user' | 'scope'>;

/** Stations the caller may see in an election, as a filter for the station queries. */
export async function stationScope(
  db: Kysely<Database>,
  auth: Viewer,
  electionId: number | null,
): Promise<StationScope> {
  if (auth.scope === 'all') return {};
  if (auth.scope === 'regions') return { regions: auth.user.regions };
  // `own`: the stations the person is assigned to now (primary or reserve).
  const rows = await db
    .selectFrom('assignments')
    .select('station_id')
    .where('person_id', '=', auth.user.id)
    .where('election_id', '=', electionId ?? -1)
    .where('ended_at', 'is', null)
    .execute();
  return { stationIds: rows.map((r) => r.station_id) };
}

/** A regional coordinator asking for another region is refused, not given an empty list. */
export function assertRegionAllowed(auth: Auth, region: string | undefined): void {
  if (!region || auth.scope === 'all') return;
  if (auth.scope === 'regions' && auth.user.regions.includes(region)) return;
  if (auth.scope === 'own') return; // filtered to the caller's own stations anyway
  throw new ForbiddenError(`You may not see region ${region}`);
}

/** For one record in a region (a station, a person's station). */
export function canSeeRegion(auth: Viewer, region: string): boolean {
  return auth.scope === 'all' || (auth.scope === 'regions' && auth.user.regions.includes(region));
}

/** One station: in the caller's regions, or (observers) their own station. */
export async function canSeeStation(
  db: Kysely<Database>,
  auth: Viewer,
  station: { id: number; electionId: number; region: string },
): Promise<boolean> {
  if (auth.scope !== 'own') return canSeeRegion(auth, station.region);
  const scope = await stationScope(db, auth, station.electionId);
  return scope.stationIds?.includes(station.id) ?? false;
}

/** One station: 403 unless it is in the caller's regions, or (observers) is their own station. */
export async function assertStationVisible(
  db: Kysely<Database>,
  auth: Viewer,
  station: { id: number; electionId: number; region: string },
): Promise<void> {
  if (await canSeeStation(db, auth, station)) return;
  throw new ForbiddenError(
    auth.scope === 'own' ? 'This is not your station' : `You may not see region ${station.region}`,
  );
}
