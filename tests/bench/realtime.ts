// The election-day wave against the real server (a child process on loopback, real database):
// N observer sockets and 50 HQ dashboards; every station sends `turnout` at the same minute, then
// a burst of `help`s, then a wave of `closing`. Then the same waves against a bare baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { seedDemoElection, seedRegions } from '../../db/seed/demo.seed.ts';
import { newToken, sha256 } from '../../server/auth/secrets.ts';

export interface WaveResult {
  reports: number;
  seconds: number;
  perSecond: number;
  ackP50: number;
  ackP95: number;
  ackP99: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function procStats(pid: number): { rssMiB: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rssMiB: rss, cpuTicks: Number(stat[11]) + Number(stat[12]) };
}

async function startChild(command: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, command, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      if (process.env.BENCH_PROFILE)
        for (const line of chunk.toString().split('\n')) if (line.startsWith('batch ')) console.error(line);
      out = (out + chunk.toString()).slice(-20_000);
      if (ready.test(out)) resolve();
    };
    child.stdout!.on('data', onData);
    // Keep the pipes drained (the server logs at info level).
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-2000)}`)));
  });
  return child;
}

async function openSockets(url: string, auths: Record<string, unknown>[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < auths.length; i += 200) {
    sockets.push(
      ...(await Promise.all(
        auths.slice(i, i + 200).map(
          (auth) =>
            new Promise<Socket>((resolve, reject) => {
              const s = connect(url, { transports: ['websocket'], reconnection: false, auth, timeout: 60_000 });
              s.once('connect', () => resolve(s));
              s.once('connect_error', reject);
            }),
        ),
      )),
    );
  }
  return sockets;
}

/** Every observer sends one report at once; ack latency per report, throughput for the wave. */
export const debug = (m: string) => process.env.BENCH_DEBUG && console.log(new Date().toISOString(), m);

async function wave(
  observers: { socket: Socket; stationId: number }[],
  body: (stationId: number) => unknown,
  electionId: number,
  sentAt: Map<number, number>,
): Promise<WaveResult & { acked: number }> {
  const started = performance.now();
  const latencies: number[] = [];
  let errors = 0;
  let acked = 0;
  await Promise.all(
    observers.map(async ({ socket, stationId }) => {
      const t0 = performance.now();
      sentAt.set(stationId, Date.now());
      try {
        const answer = (await socket.timeout(120_000).emitWithAck('report:submit', {
          id: randomUUID(),
          stationId,
          electionId,
          deviceTime: new Date().toISOString(),
          body: body(stationId),
        })) as { ok: boolean };
        if (answer.ok) acked++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    reports: observers.length,
    seconds,
    perSecond: observers.length / seconds,
    ackP50: percentile(latencies, 50),
    ackP95: percentile(latencies, 95),
    ackP99: percentile(latencies, 99),
    errors,
    acked,
  };
}

/** A steady rate: `rate` reports per second for `seconds`, round-robin over the observers. */
async function paced(
  observers: { socket: Socket; stationId: number }[],
  rate: number,
  seconds: number,
  electionId: number,
): Promise<WaveResult & { acked: number }> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let acked = 0;
  let next = 0;
  const started = performance.now();
  const total = rate * seconds;
  const tickMs = 10;
  const perTick = (rate * tickMs) / 1000;
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + perTick);
    for (; sent < due; sent++) {
      const { socket, stationId } = observers[next++ % observers.length]!;
      const t0 = performance.now();
      pending.push(
        (
          socket.timeout(60_000).emitWithAck('report:submit', {
            id: randomUUID(),
            stationId,
            electionId,
            deviceTime: new Date().toISOString(),
            body: {
              kind: 'turnout',
              at: new Date().toISOString(),
              chairFigure: 300,
              ownCount: 301,
              portableBoxRequests: 1,
            },
          }) as Promise<{ ok: boolean }>
        ).then(
          (answer) => {
            latencies.push(performance.now() - t0);
            if (answer.ok) acked++;
            else errors++;
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    reports: total,
    seconds: elapsed,
    perSecond: total / elapsed,
    ackP50: percentile(latencies, 50),
    ackP95: percentile(latencies, 95),
    ackP99: percentile(latencies, 99),
    errors,
    acked,
  };
}

export interface RealtimeResults {
  /** Steady 1,000 reports/s for 10 s: the ack-latency target (p99 ≤ 250 ms). */
  steady: WaveResult;
  observers: number;
  dashboards: number;
  ours: Record<string, WaveResult>;
  baseline: Record<string, WaveResult>;
  dashboardLatencyP50: number;
  dashboardLatencyP99: number;
  storedReports: number;
  acknowledgedReports: number;
  serverRssMiB: number;
  serverCpuPercent: number;
  throughputRatio: number;
}

export async function runRealtimeBench(options: {
  observers: number;
  dashboards: number;
  databaseUrl?: string;
  dataDir: string;
  baselineDataDir: string;
}): Promise<RealtimeResults> {
  // Prepare the database the server will open: the demo election, and sessions for the clients
  // (made directly: 2,000 argon2 sign-ins would measure the password hash, not election day).
  const handle = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  await migrateToLatest(handle.db);
  await seedRegions(handle.db);
  await seedDemoElection(handle.db);
  const election = await handle.db
    .selectFrom('elections')
    .select('id')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  const observers = await handle.db
    .selectFrom('assignments as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'a.station_id'])
    .where('a.kind', '=', 'primary')
    .where('a.ended_at', 'is', null)
    .where('p.username', 'like', 'obs-%')
    .orderBy('a.station_id')
    .limit(options.observers)
    .execute();
  const hq = await handle.db.selectFrom('people').select('id').where('username', '=', 'hq').executeTakeFirstOrThrow();
  const expires = new Date(Date.now() + 3_600_000);
  const tokens = observers.map(() => newToken());
  const hqTokens = Array.from({ length: options.dashboards }, () => newToken());
  const rows = [
    ...observers.map((o, i) => ({
      person_id: o.person_id,
      token_hash: sha256(tokens[i]!),
      csrf_token: newToken(),
      expires_at: expires,
    })),
    ...hqTokens.map((t) => ({ person_id: hq.id, token_hash: sha256(t), csrf_token: newToken(), expires_at: expires })),
  ];
  for (let i = 0; i < rows.length; i += 1000)
    await handle.db
      .insertInto('sessions')
      .values(rows.slice(i, i + 1000))
      .execute();
  await handle.close();

  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    LOG_LEVEL: 'info',
    SILENCE_CHECK_SECONDS: '0',
    SEED: 'none',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: options.dataDir }),
  };
  debug('seeded; starting server');
  const server = await startChild(['--import', 'tsx', 'server/main.ts'], env, /Baqylau is ready/);
  debug('server ready');
  const url = `http://127.0.0.1:${port}`;
  const dashboards = await openSockets(
    url,
    hqTokens.map((token) => ({ token })),
  );
  const observerSockets = await openSockets(
    url,
    tokens.map((token) => ({ token })),
  );
  const clients = observerSockets.map((socket, i) => ({ socket, stationId: observers[i]!.station_id }));
  debug(`connected ${dashboards.length} dashboards, ${observerSockets.length} observers`);

  // Observer → dashboard latency: first time any dashboard sees the station after its report was sent.
  const sentAt = new Map<number, number>();
  const seenLatency: number[] = [];
  const pendingSeen = new Set<number>();
  for (const d of dashboards) {
    d.on('stations:changed', (message: { items: { stationId: number }[] }) => {
      const now = Date.now();
      for (const item of message.items) {
        if (pendingSeen.has(item.stationId)) {
          pendingSeen.delete(item.stationId);
          seenLatency.push(now - sentAt.get(item.stationId)!);
        }
      }
    });
  }
  const track = (stations: number[]) => stations.forEach((s) => pendingSeen.add(s));

  const before = procStats(server.pid!);
  const t0 = performance.now();
  const ours: Record<string, WaveResult> = {};
  const at = () => new Date().toISOString();
  track(clients.map((c) => c.stationId));
  debug('turnout wave');
  ours.turnout = await wave(
    clients,
    (s) => ({
      kind: 'turnout',
      at: at(),
      chairFigure: 100 + (s % 500),
      ownCount: 100 + (s % 500),
      portableBoxRequests: 2,
    }),
    election.id,
    sentAt,
  );
  const helpers = clients.filter((_, i) => i % 10 === 0);
  track(helpers.map((c) => c.stationId));
  ours.help = await wave(helpers, () => ({ kind: 'help', reason: 'pressure' }), election.id, sentAt);
  track(clients.map((c) => c.stationId));
  ours.closing = await wave(
    clients,
    (s) => ({ kind: 'closing', closedAt: at(), votedPerChair: 500 + (s % 900) }),
    election.id,
    sentAt,
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  debug('steady 1,000/s');
  const steady = await paced(clients, 1000, 10, election.id);
  // CPU over the waves and the steady run together (ticks of 1/100 s, both cores counted).
  const elapsed = (performance.now() - t0) / 1000;
  const after = procStats(server.pid!);
  const ticksPerSecond = 100;
  const acknowledged =
    Object.values(ours).reduce((sum, w) => sum + (w as WaveResult & { acked: number }).acked, 0) + steady.acked;

  for (const s of [...dashboards, ...observerSockets]) s.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  const check = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const stored = await check.db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await check.close();

  // The bare baseline, same machine, same clients, same waves.
  const basePort = await freePort();
  const baseline = await startChild(
    ['--import', 'tsx', 'tests/bench/baseline-server.ts'],
    {
      PORT: String(basePort),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: options.baselineDataDir }),
    },
    /ready \d+/,
  );
  debug('baseline ready');
  const baseUrl = `http://127.0.0.1:${basePort}`;
  const baseDashboards = await openSockets(
    baseUrl,
    hqTokens.map(() => ({ dashboard: true })),
  );
  const baseObservers = await openSockets(
    baseUrl,
    tokens.map(() => ({})),
  );
  const baseClients = baseObservers.map((socket, i) => ({ socket, stationId: observers[i]!.station_id }));
  const base: Record<string, WaveResult> = {};
  const ignore = new Map<number, number>();
  base.turnout = await wave(baseClients, (s) => ({ kind: 'turnout', chairFigure: s }), election.id, ignore);
  base.help = await wave(
    baseClients.filter((_, i) => i % 10 === 0),
    () => ({ kind: 'help' }),
    election.id,
    ignore,
  );
  base.closing = await wave(baseClients, (s) => ({ kind: 'closing', votedPerChair: s }), election.id, ignore);
  for (const s of [...baseDashboards, ...baseObservers]) s.close();
  baseline.kill('SIGTERM');
  await new Promise((resolve) => baseline.once('exit', resolve));

  seenLatency.sort((a, b) => a - b);
  const throughput = (w: Record<string, WaveResult>) => {
    const total = Object.values(w).reduce((sum, x) => sum + x.reports, 0);
    const seconds = Object.values(w).reduce((sum, x) => sum + x.seconds, 0);
    return total / seconds;
  };
  const strip = (w: Record<string, WaveResult>) =>
    Object.fromEntries(Object.entries(w).map(([k, v]) => [k, { ...v, acked: undefined }])) as Record<
      string,
      WaveResult
    >;
  return {
    steady: { ...steady, acked: undefined } as WaveResult,
    observers: clients.length,
    dashboards: dashboards.length,
    ours: strip(ours),
    baseline: strip(base),
    dashboardLatencyP50: percentile(seenLatency, 50),
    dashboardLatencyP99: percentile(seenLatency, 99),
    storedReports: Number(stored.n),
    acknowledgedReports: acknowledged,
    serverRssMiB: after.rssMiB,
    serverCpuPercent: ((after.cpuTicks - before.cpuTicks) / ticksPerSecond / elapsed) * 100,
    throughputRatio: throughput(ours) / throughput(base),
  };
}
