import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { ensureStationStatus, liveRows } from '../../db/queries/live.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import { scopeFor } from '../../shared/permissions.ts';
import type { StationLive } from '../../shared/reports.ts';
import { LiveBroadcaster } from '../reports/live-broadcaster.ts';
import { ReportWriter } from '../reports/report-writer.ts';
import { markSilentStations } from '../reports/silence.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: {
      writer: ReportWriter;
      broadcaster: LiveBroadcaster;
      /** Broadcast the current state of these stations (after a commit that changed them). */
      publish(stationIds: number[]): Promise<void>;
      /** Look for silent stations as of `now` and broadcast them. */
      checkSilence(now?: Date): Promise<StationLive[]>;
    };
  }
}

/** Election day: the report writer, live broadcasts, rooms by role, and the silent-station check. */
export default fp(
  async (fastify) => {
    const { config, io, db } = fastify;
    const broadcaster = new LiveBroadcaster(io, config.broadcastIntervalMs);
    const writer = new ReportWriter(db, {
      maxClockSkewMinutes: config.maxClockSkewMinutes,
      onCommitted: (stations) => broadcaster.push(stations),
      onError: (error) => fastify.log.error({ err: error }, 'report batch failed'),
    });

    const electionId = await findActiveElectionId(db);
    if (electionId !== null && (await ensureStationStatus(db, electionId)) > 0) {
      // New rows: give the planner their numbers (no autovacuum on the embedded database).
      await sql`analyze station_status`.execute(db);
    }

    const publish = async (stationIds: number[]) => {
      const active = await findActiveElectionId(db);
      if (active === null || stationIds.length === 0) return;
      broadcaster.push(await liveRows(db, active, {}, { stationIds }));
    };
    const checkSilence = async (now = new Date()) => {
      const active = await findActiveElectionId(db);
      if (active === null) return [];
      const changed = await markSilentStations(db, active, now);
      broadcaster.push(changed);
      return changed;
    };
    fastify.decorate('live', { writer, broadcaster, publish, checkSilence });

    // Rooms by what the person may see: HQ the country, a coordinator their regions, an observer their station.
    io.use(async (socket, next) => {
      try {
        const user = socket.data.user as SessionUser;
        const scope = scopeFor(user.role, 'stations.read');
        if (scope === 'all') await socket.join('hq');
        else if (scope === 'regions') await socket.join(user.regions.map((r) => `region:${r}`));
        else if (scope === 'own') {
          const own = await db
            .selectFrom('assignments')
            .select('station_id')
            .where('person_id', '=', user.id)
            .where('ended_at', 'is', null)
            .execute();
          if (own.length) await socket.join(own.map((a) => `station:${a.station_id}`));
        }
        next();
      } catch (error) {
        next(error instanceof Error ? error : new Error(String(error)));
      }
    });

    let timer: NodeJS.Timeout | null = null;
    if (config.silenceCheckSeconds > 0) {
      timer = setInterval(() => {
        checkSilence().catch((error: unknown) => fastify.log.error({ err: error }, 'silence check failed'));
      }, config.silenceCheckSeconds * 1000);
      timer.unref();
    }
    // Before sockets close: finish the reports in hand and send the last updates.
    fastify.addHook('preClose', async () => {
      if (timer) clearInterval(timer);
      await writer.idle();
      broadcaster.stop();
    });
  },
  { name: 'live', dependencies: ['config', 'db', 'io', 'auth'], fastify: '5.x' },
);
