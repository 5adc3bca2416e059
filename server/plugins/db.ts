import fp from 'fastify-plugin';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { countElections } from '../../db/queries/election.queries.ts';
import { countAdmins, insertPerson } from '../../db/queries/person.queries.ts';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { hashPassword, newPassword } from '../auth/secrets.ts';
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
      await ensureAdmin(handle.db);
      // Fresh planner statistics: the embedded database has no autovacuum to gather them, and
      // without them anti-joins over 10,000 stations take seconds instead of milliseconds.
      await sql`analyze`.execute(handle.db);
    } catch (error) {
      await handle.close();
      throw error;
    }
  },
  { name: 'db', dependencies: ['config'], fastify: '5.x' },
);

/**
 * A database with no HQ admin gets one, `admin`, with a random password printed once to the
 * console (not to the log, which may be shipped elsewhere). The demo election brings `hq` instead.
 */
async function ensureAdmin(db: Kysely<Database>): Promise<void> {
  if ((await countAdmins(db)) > 0) return;
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('people').select('id').where('username', '=', 'admin').executeTakeFirst();
    const username = taken ? `admin-${Date.now().toString(36)}` : 'admin';
    const person = await insertPerson(
      trx,
      { name: 'HQ admin', role: 'hq_admin', username, password_hash: passwordHash },
      [],
    );
    await writeAudit(trx, {
      actorId: null,
      actorRole: 'system',
      ip: null,
      action: 'person.bootstrap_admin',
      entityType: 'person',
      entityId: person.id,
      after: { username, role: 'hq_admin' },
    });
    return username;
  });
  process.stdout.write(
    `\n  First start: an HQ admin account was created.\n  login: ${created}\n  password: ${password}\n  Sign in and change it; this is shown only once.\n\n`,
  );
}
