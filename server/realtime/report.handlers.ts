import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { SessionUser } from '../../shared/auth.ts';
import { scopeFor } from '../../shared/permissions.ts';
import { ChangesQuery, ReportEnvelope, type ReportResult } from '../../shared/reports.ts';
import { liveChanges } from '../reports/live-queries.ts';

type Ack = (answer: unknown) => void;

function zodDetails(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** `report:submit` (one report, acknowledged after commit) and `live:changes` (catch-up). */
export function registerReportHandlers(app: FastifyInstance, socket: Socket): void {
  socket.on('report:submit', async (payload: unknown, ack?: Ack) => {
    if (typeof ack !== 'function') return;
    const parsed = ReportEnvelope.safeParse(payload);
    if (!parsed.success) {
      const result: ReportResult = {
        ok: false,
        error: { code: 'validation_failed', message: 'Invalid report', details: zodDetails(parsed.error) },
      };
      return ack(result);
    }
    ack(await app.live.writer.submit(parsed.data, socket.data.user as SessionUser));
  });

  socket.on('live:changes', async (payload: unknown, ack?: Ack) => {
    if (typeof ack !== 'function') return;
    const parsed = ChangesQuery.safeParse(payload ?? {});
    if (!parsed.success) {
      return ack({
        ok: false,
        error: { code: 'validation_failed', message: 'Invalid query', details: zodDetails(parsed.error) },
      });
    }
    const user = socket.data.user as SessionUser;
    const scope = scopeFor(user.role, 'stations.read')!;
    try {
      ack({ ok: true, data: await liveChanges(app.db, { user, scope }, parsed.data.since, parsed.data.limit) });
    } catch (error) {
      app.log.error({ err: error }, 'live:changes failed');
      ack({ ok: false, error: { code: 'internal_error', message: 'Something went wrong on the server' } });
    }
  });
}
