import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { StationLive } from '../../shared/reports.ts';

/** Numbers of demo stations nobody is assigned to (a few hundred are left so on purpose). */
export async function freeStationNumbers(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('stations as s')
    .select('s.number')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assignments as a')
            .select('a.id')
            .whereRef('a.station_id', '=', 's.id')
            .where('a.ended_at', 'is', null),
        ),
      ),
    )
    .orderBy('s.number')
    .execute();
  return rows.map((r) => r.number);
}

/** A station's live state: voting, nothing wrong; override what the test is about. */
export function liveState(overrides: Partial<StationLive> = {}): StationLive {
  return {
    stationId: 1,
    region: 'astana',
    phase: 'voting',
    helpOpen: false,
    helpAt: null,
    openViolations: 0,
    worstSeverity: null,
    silent: false,
    turnoutDiscrepancy: false,
    refusedEntry: false,
    refusedAt: null,
    chairTurnout: null,
    ownTurnout: null,
    lastReportAt: '2026-11-23T05:00:00.000Z',
    protocol: 'none',
    seq: 1,
    ...overrides,
  };
}
