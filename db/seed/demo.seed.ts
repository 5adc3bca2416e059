import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { generateDemoElection } from './demo.generator.ts';
import { regionRows } from './regions.data.ts';

/** Inserts or refreshes the 20 regions; safe to run at every start. */
export async function seedRegions(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('regions')
    .values(regionRows())
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_kk: eb.ref('excluded.name_kk'),
        name_ru: eb.ref('excluded.name_ru'),
        name_en: eb.ref('excluded.name_en'),
        kind: eb.ref('excluded.kind'),
        center_lat: eb.ref('excluded.center_lat'),
        center_lng: eb.ref('excluded.center_lng'),
        timezone: eb.ref('excluded.timezone'),
        population_share_pct: eb.ref('excluded.population_share_pct'),
        approx_voters: eb.ref('excluded.approx_voters'),
        approx_stations: eb.ref('excluded.approx_stations'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .execute();
}

const BATCH = 1000;

/**
 * Loads the demo election in one transaction: all of it or none. Returns null when a demo
 * election is already there. It becomes the active election unless another one already is.
 */
export async function seedDemoElection(db: Kysely<Database>): Promise<{ electionId: number; stations: number } | null> {
  const demo = generateDemoElection();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('elections').select('id').where('is_demo', '=', true).executeTakeFirst();
    if (existing) return null;
    const active = await trx.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirst();
    const { id: electionId } = await trx
      .insertInto('elections')
      .values({ ...demo.election, is_active: !active })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ballot_options')
      .values(demo.ballotOptions.map((option) => ({ ...option, election_id: electionId })))
      .execute();
    for (let i = 0; i < demo.stations.length; i += BATCH) {
      await trx
        .insertInto('stations')
        .values(demo.stations.slice(i, i + BATCH).map((station) => ({ ...station, election_id: electionId })))
        .execute();
    }
    return { electionId, stations: demo.stations.length };
  });
}
