import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { countElections } from '../../db/queries/election.queries.ts';
import { seedDemoElection, seedRegions } from '../../db/seed/demo.seed.ts';
import type { Database } from '../../db/schema.ts';
import type { DatabaseKind } from '../../shared/health.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DatabaseKind;
  }
}

/**
 * Opens the database, migrates it and loads reference data. The demo election is loaded on an
 * embedded database that holds no election yet (a newcomer's `npm start`), on PostgreSQL only
 * with SEED=demo, never with SEED=none.
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    fastify.decorate('db', handle.db);
    fastify.decorate('dbKind', handle.kind);
    // Closed last (after the HTTP server and sockets) so no request finds it gone.
    fastify.addHook('onClose', async () => {
      await handle.close();
    });

    try {
      const applied = await migrateToLatest(handle.db);
      for (const m of applied) fastify.log.info({ migration: m.migrationName, status: m.status }, 'migration');
      await seedRegions(handle.db);
      const wantsDemo =
        config.seed === 'demo' ||
        (config.seed === 'auto' && handle.kind === 'embedded' && (await countElections(handle.db)) === 0);
      if (wantsDemo) {
        const started = performance.now();
        const seeded = await seedDemoElection(handle.db);
        if (seeded) {
          fastify.log.info(
            { stations: seeded.stations, ms: Math.round(performance.now() - started) },
            'demo election loaded',
          );
        }
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
  },
  { name: 'db', dependencies: ['config'], fastify: '5.x' },
);
