// Violations and evidence under load: the HQ queue and exports with thousands of violations, and a
// large video streamed in parts (throughput, and that the server's memory does not grow with it).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { percentile as pct, startBenchApp } from './bench-app.ts';

export interface ViolationsBenchResults {
  violations: number;
  ingestPerSecond: number;
  queue: { p50: number; p95: number };
  queueRegion: { p50: number; p95: number };
  detail: { p50: number; p95: number };
  exportCsv: { ms: number; bytes: number };
  upload: { megabytes: number; seconds: number; mbPerSecond: number; rssGrowthMiB: number; hashMatches: boolean };
}

export async function runViolationsBench(options: {
  violations: number;
  videoMegabytes: number;
  databaseUrl?: string | undefined;
}): Promise<ViolationsBenchResults> {
  const { app, headers, close } = await startBenchApp('vbench', options.databaseUrl);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const url = `http://127.0.0.1:${address.port}`;
    const election = await app.db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();
    const stations = await app.db.selectFrom('stations').select('id').where('election_id', '=', election.id).execute();
    const categories = (await app.db.selectFrom('violation_categories').select(['code', 'phase']).execute()).filter(
      (c) => c.phase === 'voting' || c.phase === 'counting' || c.phase === 'opening',
    );

    // HQ records violations on stations' behalf, 100 per request, as a phone's outbox would send them.
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < options.violations; i += 100) {
      const batch = [];
      for (let j = i; j < Math.min(options.violations, i + 100); j += 1) {
        const id = randomUUID();
        ids.push(id);
        batch.push({
          id: randomUUID(),
          violationId: id,
          stationId: stations[(j * 7919) % stations.length]!.id,
          electionId: election.id,
          deviceTime: new Date().toISOString(),
          change: {
            kind: 'noticed',
            categoryCode: categories[j % categories.length]!.code,
            observedAt: new Date(Date.now() - (j % 600) * 1000).toISOString(),
            description: `Bench violation ${j}`,
            involved: ['member'],
          },
        });
      }
      const res = await app.inject({ method: 'POST', url: '/api/violations/changes', headers, payload: batch });
      const failed = res.json().results?.filter((r: { ok: boolean }) => !r.ok) ?? [res.body];
      if (res.statusCode !== 200 || failed.length)
        throw new Error(`ingest: ${res.statusCode} ${JSON.stringify(failed[0])}`);
    }
    const ingestPerSecond = options.violations / ((performance.now() - started) / 1000);

    async function time(path: string, runs: number) {
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url: path, headers });
        if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { p50: pct(times, 50), p95: pct(times, 95) };
    }
    const queue = await time('/api/violations?open=true&limit=200', 20);
    const queueRegion = await time('/api/violations?open=true&region=almaty-city&limit=200', 20);
    const detail = await time(`/api/violations/${ids[0]}`, 20);
    let t = performance.now();
    const csv = await app.inject({ method: 'GET', url: '/api/violations/export.csv?limit=50000', headers });
    const exportCsv = { ms: performance.now() - t, bytes: csv.rawPayload.length };

    // One large video in 1 MiB parts over real HTTP; RSS sampled while it streams.
    const size = options.videoMegabytes * 1024 * 1024;
    const mp4Head = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    const chunk = randomBytes(1024 * 1024);
    const hash = createHash('sha256');
    const evidenceId = randomUUID();
    const create = await fetch(`${url}/api/evidence`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ id: evidenceId, violationId: ids[0], size, fileName: 'bench.mp4' }),
    });
    if (!create.ok) throw new Error(`evidence create: ${create.status} ${await create.text()}`);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    t = performance.now();
    let offset = 0;
    let last: unknown = null;
    while (offset < size) {
      const part = Buffer.from(chunk.subarray(0, Math.min(chunk.length, size - offset)));
      if (offset === 0) mp4Head.copy(part);
      hash.update(part);
      const form = new FormData();
      form.append('file', new Blob([part]), 'bench.mp4');
      const res = await fetch(`${url}/api/evidence/${evidenceId}/content?offset=${offset}`, {
        method: 'PUT',
        headers,
        body: form,
      });
      if (!res.ok) throw new Error(`part at ${offset}: ${res.status} ${await res.text()}`);
      last = await res.json();
      offset += part.length;
    }
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const stored = (last as { evidence?: { sha256?: string } }).evidence?.sha256;
    return {
      violations: options.violations,
      ingestPerSecond,
      queue,
      queueRegion,
      detail,
      exportCsv,
      upload: {
        megabytes: options.videoMegabytes,
        seconds,
        mbPerSecond: options.videoMegabytes / seconds,
        rssGrowthMiB: (rssPeak - rssBefore) / 1024 / 1024,
        hashMatches: stored === hash.digest('hex'),
      },
    };
  } finally {
    await close();
  }
}
