// `npm run bench`: measured numbers for the notes (not pass/fail). Runs on PGlite in a temp
// folder, or on PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { generateDemoElection } from '../../db/seed/demo.generator.ts';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { quoteIdent, uniqueDatabaseName, withDatabase } from '../support/database-url.ts';
import { describeMemory, describePaint, describeUpdates } from '../e2e/dashboard-load.ts';
import { runDashboardBench, type DashboardBenchResults } from './dashboard.ts';
import { runDispatchBench, type DispatchBenchResults } from './dispatch.ts';
import { runFindingsBench, type FindingsBenchResults } from './findings.ts';
import { runProtocolsBench, type ProtocolsBenchResults } from './protocols.ts';
import { runRealtimeBench, type RealtimeResults } from './realtime.ts';
import { runViolationsBench, type ViolationsBenchResults } from './violations.ts';

const results: Record<string, string> = {};
const record = (name: string, value: string) => {
  results[name] = value;
  console.log(`${name.padEnd(44)} ${value}`);
};
const ms = (from: number) => `${(performance.now() - from).toFixed(1)} ms`;
// BENCH_ONLY=api|realtime|violations|dashboard|dispatch|protocols|findings runs one part (comma-separated for several); all by default.
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const runsPart = (part: 'api' | 'realtime' | 'dashboard' | 'violations' | 'dispatch' | 'protocols' | 'findings') =>
  !only || only.includes(part);
const base = process.env.DATABASE_URL;
let realtime: RealtimeResults | undefined;
let dashboard: DashboardBenchResults | undefined;
let violations: ViolationsBenchResults | undefined;
let dispatch: DispatchBenchResults | undefined;
let protocols: ProtocolsBenchResults | undefined;
let findings: FindingsBenchResults | undefined;

/** A scratch PostgreSQL database for one part of the bench (none on PGlite), dropped afterwards. */
async function scratchDatabase(prefix: string): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (!base) return { url: undefined, drop: async () => {} };
  const name = uniqueDatabaseName(prefix);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  return {
    url: withDatabase(base, name),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

if (runsPart('api')) {
  let t = performance.now();
  const demo = generateDemoElection();
  record('demo generator (10,248 stations)', ms(t));

  const scratch = await scratchDatabase('baqylau_bench');
  const dir = mkdtempSync(join(tmpdir(), 'baqylau-bench-'));
  const env: Record<string, string> = scratch.url ? { DATABASE_URL: scratch.url, SEED: 'demo' } : { DATA_DIR: dir };
  const cleanup = async () => {
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  const config = parseConfig({ ...env, LOG_LEVEL: 'silent' });
  record('database', base ? 'postgres' : 'embedded (PGlite)');

  t = performance.now();
  let app = await buildApp({ config });
  record('first start: open + migrate + load demo', ms(t));
  await app.close();

  t = performance.now();
  app = await buildApp({ config });
  record('restart on the same data', ms(t));

  const loginTimes: number[] = [];
  let token = '';
  for (let i = 0; i < 10; i += 1) {
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'hq', password: 'baqylau-demo' },
    });
    loginTimes.push(performance.now() - started);
    token = res.json().token;
  }
  loginTimes.sort((a, b) => a - b);
  record(
    'POST /api/auth/login (argon2id) p50 / p95',
    `${percentile(loginTimes, 50).toFixed(1)} / ${percentile(loginTimes, 95).toFixed(1)} ms`,
  );
  const headers = { authorization: `Bearer ${token}` };

  async function timeGet(url: string, runs: number) {
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      times.push(performance.now() - started);
      body = res.body;
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), body };
  }

  const map = await timeGet('/api/stations/map', 20);
  record('GET /api/stations/map p50 / p95', `${map.p50.toFixed(1)} / ${map.p95.toFixed(1)} ms`);
  record(
    'map payload raw / gzipped',
    `${(Buffer.byteLength(map.body) / 1024).toFixed(1)} KB / ${(gzipSync(map.body).length / 1024).toFixed(1)} KB`,
  );
  const page = await timeGet('/api/stations?limit=100', 50);
  record('GET /api/stations?limit=100 p50 / p95', `${page.p50.toFixed(1)} / ${page.p95.toFixed(1)} ms`);
  const bbox = await timeGet('/api/stations?bbox=76.7,43.1,77.1,43.4&limit=1000', 20);
  record('GET /api/stations bbox Almaty p50 / p95', `${bbox.p50.toFixed(1)} / ${bbox.p95.toFixed(1)} ms`);
  const regions = await timeGet('/api/regions', 50);
  record('GET /api/regions p50 / p95', `${regions.p50.toFixed(1)} / ${regions.p95.toFixed(1)} ms`);
  const people = await timeGet('/api/people?limit=50', 20);
  record('GET /api/people?limit=50 p50 / p95', `${people.p50.toFixed(1)} / ${people.p95.toFixed(1)} ms`);
  const search = await timeGet(`/api/people?q=${encodeURIComponent('мадина')}`, 20);
  record('GET /api/people?q= p50 / p95', `${search.p50.toFixed(1)} / ${search.p95.toFixed(1)} ms`);
  const coverage = await timeGet('/api/coverage', 20);
  record('GET /api/coverage p50 / p95', `${coverage.p50.toFixed(1)} / ${coverage.p95.toFixed(1)} ms`);

  async function timeImport(kind: 'people' | 'stations', csv: string, dryRun: boolean) {
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: `/api/import/${kind}?dryRun=${dryRun}`,
      payload: csv,
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    if (res.statusCode !== 200) throw new Error(`import ${kind}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    const body = res.json();
    if (body.problems.length) throw new Error(`import ${kind}: ${JSON.stringify(body.problems.slice(0, 5))}`);
    return { ms: performance.now() - started, body };
  }
  const stationLines = [
    'number,region,district,locality,address,building,building_kind,lat,lng,registered_voters,commission_size',
  ];
  for (let i = 0; i < 10_000; i += 1) {
    stationLines.push(
      `${50_000 + i},karaganda,Қазыбек би,Қарағанды,"Бұқар жырау даңғылы, ${i}",№ ${i % 90} мектеп,school,49.8,73.1,${600 + (i % 1400)},6`,
    );
  }
  const stationsCsv = stationLines.join('\n');
  record('import 10,000 stations: dry run', `${(await timeImport('stations', stationsCsv, true)).ms.toFixed(0)} ms`);
  record('import 10,000 stations: real', `${(await timeImport('stations', stationsCsv, false)).ms.toFixed(0)} ms`);
  record(
    'import 10,000 stations: again (no change)',
    `${(await timeImport('stations', stationsCsv, false)).ms.toFixed(0)} ms`,
  );
  const peopleLines = ['name,role,phone,station'];
  for (let i = 0; i < 20_000; i += 1) {
    // The first 10,000 observe the new stations; the rest are reserves without a station yet.
    peopleLines.push(
      `Бақылаушы ${i},station_observer,+7705${String(10_000_000 + i).slice(1)},${i < 10_000 ? 50_000 + i : ''}`,
    );
  }
  const peopleCsv = peopleLines.join('\n');
  record('import 20,000 people: dry run', `${(await timeImport('people', peopleCsv, true)).ms.toFixed(0)} ms`);
  record('import 20,000 people: real', `${(await timeImport('people', peopleCsv, false)).ms.toFixed(0)} ms`);
  record(
    'import 20,000 people: again (no change)',
    `${(await timeImport('people', peopleCsv, false)).ms.toFixed(0)} ms`,
  );
  record('server RSS', `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  record('demo stations', String(demo.stations.length));

  await app.close();
  await cleanup();
}

// ---- Election-day wave (issue: reports that are never lost) ----
if (runsPart('realtime')) {
  const observersWanted = Math.min(10_000, Math.max(10, Number(process.env.BENCH_OBSERVERS ?? 2000)));
  const realtimeDirs = [mkdtempSync(join(tmpdir(), 'baqylau-rt-')), mkdtempSync(join(tmpdir(), 'baqylau-rt-base-'))];
  const { url: realtimeUrl, drop: dropRealtime } = await scratchDatabase('baqylau_bench_rt');
  try {
    const rt = (realtime = await runRealtimeBench({
      observers: observersWanted,
      dashboards: 50,
      databaseUrl: realtimeUrl,
      dataDir: realtimeDirs[0]!,
      baselineDataDir: realtimeDirs[1]!,
    }));
    const fmt = (w: { perSecond: number; ackP50: number; ackP95: number; ackP99: number; errors: number }) =>
      `${w.perSecond.toFixed(0)}/s, ack p50/p95/p99 ${w.ackP50.toFixed(0)}/${w.ackP95.toFixed(0)}/${w.ackP99.toFixed(0)} ms, errors ${w.errors}`;
    record('wave: observers / dashboards', `${rt.observers} / ${rt.dashboards}`);
    for (const [name, w] of Object.entries(rt.ours)) record(`wave ${name} (ours)`, fmt(w));
    for (const [name, w] of Object.entries(rt.baseline)) record(`wave ${name} (bare baseline)`, fmt(w));
    record('steady 1,000 reports/s for 10 s (ours)', fmt(rt.steady));
    record(
      'observer → dashboard p50 / p99',
      `${rt.dashboardLatencyP50.toFixed(0)} / ${rt.dashboardLatencyP99.toFixed(0)} ms`,
    );
    record('reports acknowledged / stored', `${rt.acknowledgedReports} / ${rt.storedReports}`);
    record(
      'server RSS / CPU during the waves',
      `${rt.serverRssMiB.toFixed(0)} MiB / ${rt.serverCpuPercent.toFixed(0)} %`,
    );
    record('throughput vs bare baseline', `${rt.throughputRatio.toFixed(2)}×`);
  } finally {
    await dropRealtime();
    for (const dir of realtimeDirs) rmSync(dir, { recursive: true, force: true });
  }
}

// ---- HQ dashboard in Chromium (issue: first paint, 100 updates/s, memory over a long soak) ----
if (runsPart('dashboard') && process.env.BENCH_DASHBOARD !== '0') {
  const updateSeconds = Number(process.env.BENCH_UPDATE_SECONDS ?? 60);
  const soakMinutes = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
  if (!(updateSeconds >= 5) || !(soakMinutes >= 0))
    throw new Error('BENCH_UPDATE_SECONDS must be 5 or more and BENCH_SOAK_MINUTES 0 or more');
  const { url: dashboardUrl, drop: dropDashboard } = await scratchDatabase('baqylau_bench_dash');
  const serverEnv: Record<string, string> = dashboardUrl ? { DATABASE_URL: dashboardUrl, SEED: 'demo' } : {};
  try {
    const d = (dashboard = await runDashboardBench({
      webDir: process.env.WEB_DIR ?? 'dist/web',
      updateSeconds,
      soakMinutes,
      serverEnv,
      log: (line) => console.log(line),
    }));
    record('dashboard viewport', `${d.viewport.width}×${d.viewport.height}`);
    for (const [name, value] of describePaint(d.paint)) record(name, value);
    for (const [name, value] of describeUpdates(d.clusters, 'grouped')) record(name, value);
    if ('skipped' in d.dots) record('every station a dot', d.dots.skipped);
    else for (const [name, value] of describeUpdates(d.dots, 'dots')) record(name, value);
    if (d.memory) for (const [name, value] of describeMemory(d.memory)) record(name, value);
  } finally {
    await dropDashboard();
  }
}

// ---- Violations and evidence (issue: the HQ queue, exports, large uploads streamed) ----
if (runsPart('violations')) {
  const { url: databaseUrl, drop } = await scratchDatabase('baqylau_bench_v');
  try {
    const v = (violations = await runViolationsBench({
      violations: Number(process.env.BENCH_VIOLATIONS ?? 5000),
      videoMegabytes: Number(process.env.BENCH_VIDEO_MB ?? 200),
      databaseUrl,
    }));
    const pp = (x: { p50: number; p95: number }) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
    record('violations recorded (HTTP batches of 100)', `${v.violations} at ${v.ingestPerSecond.toFixed(0)}/s`);
    record('GET /api/violations?open=true p50 / p95', pp(v.queue));
    record('GET /api/violations one region p50 / p95', pp(v.queueRegion));
    record('GET /api/violations/:id p50 / p95', pp(v.detail));
    record(
      'violations export.csv (all)',
      `${v.exportCsv.ms.toFixed(0)} ms, ${(v.exportCsv.bytes / 1024).toFixed(0)} KB`,
    );
    record(
      `evidence upload ${v.upload.megabytes} MB in 1 MiB parts`,
      `${v.upload.seconds.toFixed(1)} s, ${v.upload.mbPerSecond.toFixed(1)} MB/s, RSS growth ${v.upload.rssGrowthMiB.toFixed(0)} MiB, hash ${v.upload.hashMatches ? 'matches' : 'DIFFERS'}`,
    );
  } finally {
    await drop();
  }
}

// ---- Mobile-group dispatch (issue 7): ranking, the board, the lifecycle with the phones listening, metrics ----
if (runsPart('dispatch')) {
  const { url: databaseUrl, drop } = await scratchDatabase('baqylau_bench_d');
  try {
    const d = (dispatch = await runDispatchBench({
      rounds: Number(process.env.BENCH_DISPATCH_ROUNDS ?? 100),
      pastDispatches: Number(process.env.BENCH_PAST_DISPATCHES ?? 5000),
      databaseUrl,
    }));
    const pp = (x: { p50: number; p95: number }) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
    record(`GET /api/dispatch/candidates (${d.groups} groups) p50 / p95`, pp(d.candidates));
    record('GET /api/dispatch/board p50 / p95', `${pp(d.board)}, ${(d.board.bytes / 1024).toFixed(0)} KB`);
    record(
      `dispatch lifecycle (${d.lifecycle.dispatches} × 5 steps) step p50 / p95`,
      pp({ p50: d.lifecycle.stepP50, p95: d.lifecycle.stepP95 }),
    );
    record('dispatch sent → both phones have it p50 / p95', pp({ p50: d.lifecycle.ringP50, p95: d.lifecycle.ringP95 }));
    record(`GET /api/dispatch/metrics (${d.metrics.dispatches} dispatches) p50 / p95`, pp(d.metrics));
  } finally {
    await drop();
  }
}

// ---- Results protocols (issue 8): parallel tabulation, the official import and the comparison ----
if (runsPart('protocols')) {
  const { url: databaseUrl, drop } = await scratchDatabase('baqylau_bench_p');
  try {
    const p = (protocols = await runProtocolsBench({ databaseUrl }));
    const pp = (x: { p50: number; p95: number }) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
    record(
      'protocols: stations × options (verified)',
      `${p.stations} × ${p.options}, seeded in ${p.seedMs.toFixed(0)} ms`,
    );
    record('GET /api/results national p50 / p95', pp(p.national));
    record('GET /api/results national received p50 / p95', pp(p.nationalReceived));
    record(`GET /api/results?region= (${p.perRegion.regions}) p50 / p95`, pp(p.perRegion));
    record('tabulation SQL alone (national) p50 / p95', pp(p.sqlNational));
    record('GET /api/results.csv p50 / p95', pp(p.resultsCsv));
    record(
      `official import ${p.officialImport.rows} rows: first / same / 10 % changed`,
      `${p.officialImport.firstMs.toFixed(0)} / ${p.officialImport.againMs.toFixed(0)} / ${p.officialImport.changedMs.toFixed(0)} ms`,
    );
    record(
      'GET /api/official-results/comparison p50 / p95',
      `${pp(p.comparison)}, ${(p.comparison.bytes / 1024).toFixed(0)} KB, ${p.comparison.discrepancies} stations differ`,
    );
    record('GET /api/official-results/comparison.csv p50 / p95', pp(p.comparisonCsv));
  } finally {
    await drop();
  }
}

// ---- Long-term observation (issue 9): the findings list, search, the timeline and the report ----
if (runsPart('findings')) {
  const { url: databaseUrl, drop } = await scratchDatabase('baqylau_bench_f');
  try {
    const f = (findings = await runFindingsBench({
      findings: Number(process.env.BENCH_FINDINGS ?? 10_000),
      databaseUrl,
    }));
    const pp = (x: { p50: number; p95: number }) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
    record('findings inserted (batches of 500)', `${f.findings} in ${f.insertMs.toFixed(0)} ms`);
    record('GET /api/findings page 1 p50 / p95', `${pp(f.list)}, total ${f.list.total}`);
    record('GET /api/findings?q=қысым p50 / p95', `${pp(f.searchKk)}, ${f.searchKk.total} found`);
    record('GET /api/findings?q=сотрудники p50 / p95', `${pp(f.searchRu)}, ${f.searchRu.total} found`);
    record('GET /api/findings/timeline (12 weeks) p50 / p95', `${pp(f.timeline)}, ${f.timeline.rows} rows`);
    record(
      'GET /api/findings/report (country) p50 / p95',
      `${pp(f.report)}, ${f.report.total} verified, ${f.report.kilobytes.toFixed(0)} KB`,
    );
  } finally {
    await drop();
  }
}

mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ at: new Date().toISOString(), database: base ? 'postgres' : 'embedded', only: only ?? 'all', results, realtime, violations, dashboard, dispatch, protocols, findings }, null, 2)}\n`,
);
console.log('written to bench/results.json');
