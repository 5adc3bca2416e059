// Mobile-group dispatch under load: every demo group on duty with a position, HQ ranking candidates
// and reading the board, dispatches run through their whole lifecycle while the team's phones listen
// on real sockets, and the per-day metrics over thousands of past dispatches.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { localDate } from '../../shared/geo.ts';

export interface DispatchBenchResults {
  groups: number;
  candidates: { p50: number; p95: number };
  board: { p50: number; p95: number; bytes: number };
  lifecycle: { dispatches: number; stepP50: number; stepP95: number; ringP50: number; ringP95: number };
  metrics: { dispatches: number; p50: number; p95: number };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const spread = (values: number[]) => ({ p50: pct(values, 50), p95: pct(values, 95) });

export async function runDispatchBench(options: {
  rounds: number;
  pastDispatches: number;
  databaseUrl?: string | undefined;
}): Promise<DispatchBenchResults> {
  const dir = mkdtempSync(join(tmpdir(), 'baqylau-dbench-'));
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    SILENCE_CHECK_SECONDS: '0',
    DISPATCH_CHECK_SECONDS: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, SEED: 'demo' } : {}),
  });
  const app = await buildApp({ config });
  const sockets: Socket[] = [];
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const url = `http://127.0.0.1:${address.port}`;
    const tokenOf = async (login: string) =>
      (
        await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password: 'baqylau-demo' } })
      ).json().token as string;
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const hq = as(await tokenOf('hq'));
    const db = app.db;
    const election = await db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();

    // Every group on duty, with a fresh position near its first station (written as the phones would).
    const groups = await db
      .selectFrom('mobile_groups as g')
      .innerJoin('mobile_group_stations as gs', 'gs.group_id', 'g.id')
      .innerJoin('stations as s', 's.id', 'gs.station_id')
      .innerJoin('mobile_group_members as m', 'm.group_id', 'g.id')
      .select(['g.id', 'g.region_code', 's.lat', 's.lng', 's.id as station_id', 'm.person_id'])
      .distinctOn('g.id')
      .where('g.election_id', '=', election.id)
      .orderBy('g.id')
      .execute();
    const now = new Date();
    await db.updateTable('mobile_groups').set({ status: 'available', status_since: now }).execute();
    await db
      .insertInto('group_positions')
      .values(
        groups.map((g) => ({
          group_id: g.id,
          person_id: g.person_id,
          lat: g.lat + 0.005,
          lng: g.lng,
          accuracy_m: 20,
          at: now,
        })),
      )
      .execute();

    const candidates: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const g = groups[i % groups.length]!;
      const started = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/api/dispatch/candidates?stationId=${g.station_id}`,
        headers: hq,
      });
      candidates.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`candidates: ${res.statusCode} ${res.body}`);
    }

    const board: number[] = [];
    let boardBytes = 0;
    for (let i = 0; i < 100; i += 1) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: '/api/dispatch/board', headers: hq });
      board.push(performance.now() - started);
      boardBytes = res.rawPayload.length;
    }

    // The `mobile` group's two phones listen; HQ sends, the team steps through each dispatch.
    const own = await db
      .selectFrom('mobile_group_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .innerJoin('mobile_groups as g', 'g.id', 'm.group_id')
      .select(['g.id'])
      .where('p.username', '=', 'mobile')
      .executeTakeFirstOrThrow();
    const target = groups.find((g) => g.id === own.id)!;
    const memberTokens = [await tokenOf('mobile'), await tokenOf('mobile2')];
    const arrivals = new Map<string, number[]>();
    for (const token of memberTokens) {
      const socket = connect(url, { transports: ['websocket'], auth: { token } });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.on('dispatch:changed', (d: { id: string; status: string }) => {
        if (d.status === 'pending') arrivals.set(d.id, [...(arrivals.get(d.id) ?? []), performance.now()]);
      });
      sockets.push(socket);
    }
    const member = as(memberTokens[0]!);
    const steps: number[] = [];
    const ring: number[] = [];
    for (let i = 0; i < options.rounds; i += 1) {
      const id = randomUUID();
      const sent = performance.now();
      const created = await app.inject({
        method: 'POST',
        url: '/api/dispatches',
        headers: hq,
        payload: { id, groupId: own.id, target: { kind: 'station', stationId: target.station_id }, priority: 'urgent' },
      });
      steps.push(performance.now() - sent);
      if (created.statusCode !== 201) throw new Error(`dispatch: ${created.statusCode} ${created.body}`);
      const until = Date.now() + 5000;
      while ((arrivals.get(id)?.length ?? 0) < memberTokens.length && Date.now() < until)
        await new Promise((r) => setTimeout(r, 1));
      // The time until the last of the two phones has it.
      ring.push(Math.max(...(arrivals.get(id) ?? [Number.NaN])) - sent);
      for (const to of ['acknowledged', 'en_route', 'on_scene', 'resolved']) {
        const started = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: `/api/dispatches/${id}/transition`,
          headers: member,
          payload: to === 'resolved' ? { to, outcome: 'resolved_on_site' } : { to },
        });
        steps.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`${to}: ${res.statusCode} ${res.body}`);
      }
      await app.inject({ method: 'POST', url: `/api/groups/${own.id}/duty`, headers: member, payload: { on: true } });
    }

    // Past dispatches of today spread over the regions, for the metrics query.
    const person = await db.selectFrom('people').select('id').where('username', '=', 'hq').executeTakeFirstOrThrow();
    const today = localDate(now);
    const base = now.getTime() - 3600_000;
    for (let done = 0; done < options.pastDispatches; done += 500) {
      const batch = Array.from({ length: Math.min(500, options.pastDispatches - done) }, (_, k) => {
        const g = groups[(done + k) % groups.length]!;
        const created = new Date(base - ((done + k) % 3000) * 1000);
        return {
          id: randomUUID(),
          election_id: election.id,
          group_id: g.id,
          region_code: g.region_code,
          target_kind: 'station' as const,
          station_id: g.station_id,
          violation_id: null,
          priority: 'normal' as const,
          note: '',
          status: 'resolved' as const,
          outcome: 'resolved_on_site' as const,
          created_by: person.id,
          created_at: created,
          updated_at: created,
          acknowledged_at: new Date(created.getTime() + 30_000 + ((done + k) % 240) * 1000),
          en_route_at: new Date(created.getTime() + 300_000),
          on_scene_at: new Date(created.getTime() + 600_000 + ((done + k) % 1800) * 1000),
          closed_at: new Date(created.getTime() + 3000_000),
          queued: false,
        };
      });
      await db.insertInto('dispatches').values(batch).execute();
    }
    await sql`analyze dispatches`.execute(db);
    const metrics: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/dispatch/metrics?day=${today}`, headers: hq });
      metrics.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`metrics: ${res.statusCode} ${res.body}`);
    }

    return {
      groups: groups.length,
      candidates: spread(candidates),
      board: { ...spread(board), bytes: boardBytes },
      lifecycle: {
        dispatches: options.rounds,
        stepP50: pct(steps, 50),
        stepP95: pct(steps, 95),
        ringP50: pct(ring, 50),
        ringP95: pct(ring, 95),
      },
      metrics: { dispatches: options.pastDispatches + options.rounds, ...spread(metrics) },
    };
  } finally {
    for (const s of sockets) s.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
