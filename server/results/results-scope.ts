import type { Kysely } from 'kysely';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { regionExists } from '../../db/queries/region.queries.ts';
import type { Database } from '../../db/schema.ts';
import { assertRegionAllowed } from '../auth/scope.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';

/**
 * The regions a results or comparison request covers: the one asked for (403 outside a
 * coordinator's regions, 404 unknown), else the caller's regions, else (`null`) the whole country.
 */
export async function regionsInScope(
  db: Kysely<Database>,
  auth: Auth,
  region: string | undefined,
): Promise<string[] | null> {
  assertRegionAllowed(auth, region);
  if (region !== undefined) {
    if (!(await regionExists(db, region))) throw new NotFoundError(`No such region: ${region}`);
    return [region];
  }
  if (auth.scope === 'all') return null;
  // Results are never granted per station; a scope narrower than regions sees nothing.
  return auth.scope === 'regions' ? auth.user.regions : [];
}

/** The active election's id; 409 when none is active (there is nothing to count or compare). */
export async function activeElection(db: Kysely<Database>): Promise<number> {
  const electionId = await findActiveElectionId(db);
  if (electionId === null) throw new ConflictError('No active election');
  return electionId;
}
