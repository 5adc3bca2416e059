// Parallel tabulation at country size (issue 8): 10,250 stations × 8 ballot options with verified
// protocols; the national and per-region aggregation over HTTP and as the bare SQL statement, the
// commission's 10,250-row official import, and the station-by-station comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ensureStationStatus } from '../../db/queries/live.queries.ts';
import { writeTallies } from '../../db/queries/protocol.queries.ts';
import { tabulate } from '../../db/queries/results.queries.ts';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type { OfficialFigures } from '../../shared/protocols.ts';
import { OFFICIAL_CSV_COLUMNS } from '../../shared/results.ts';

const STATIONS = 10_250;
const OPTIONS = 8;

type Spread = { p50: number; p95: number };
export interface ProtocolsBenchResults {
  stations: number;
  options: number;
  seedMs: number;
  national: Spread;
  nationalReceived: Spread;
  perRegion: Spread & { regions: number };
  sqlNational: Spread;
  resultsCsv: Spread;
  officialImport: { rows: number; firstMs: number; againMs: number; changedMs: number };
  comparison: Spread & { bytes: number; discrepancies: number };
  comparisonCsv: Spread;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const spread = (values: number[]): Spread => ({ p50: pct(values, 50), p95: pct(values, 95) });
const only = ({ p50, p95 }: Spread): Spread => ({ p50, p95 });

/** mulberry32: the same figures on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Figures that add up: a turnout share of the register, a few invalid ballots, the rest split over the options. */
function protocolFor(registered: number, optionIds: number[], random: () => number): OfficialFigures {
  const inside = Math.floor(registered * (0.45 + random() * 0.3));
  const outside = Math.floor(random() * 20);
  const received = Math.max(Math.ceil(registered * 1.01), inside + outside);
  const invalid = Math.floor(random() * 15);
  let left = inside + outside - invalid;
  const votes = optionIds.map((optionId, i) => {
    const v = i === optionIds.length - 1 ? left : Math.floor(left * random() * 0.5);
    left -= v;
    return { optionId, votes: v };
  });
  return {
    registeredVoters: registered,
    ballotsReceived: received,
    ballotsIssuedInside: inside,
    ballotsIssuedOutside: outside,
    outsideRequests: outside + Math.floor(random() * 5),
    ballotsCancelled: received - inside - outside,
    fixedBoxBallots: inside,
    portableBoxBallots: outside,
    invalidBallots: invalid,
    votes,
  };
}

export async function runProtocolsBench(options: { databaseUrl?: string | undefined }): Promise<ProtocolsBenchResults> {
  const dir = mkdtempSync(join(tmpdir(), 'baqylau-pbench-'));
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    SILENCE_CHECK_SECONDS: '0',
    DISPATCH_CHECK_SECONDS: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, SEED: 'demo' } : {}),
  });
  const app = await buildApp({ config });
  try {
    const db = app.db;
    const random = prng(8);
    const election = await db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();

    // The demo has 10,248 stations and 6 candidates: top both up to the size.
    const t = performance.now();
    const have = await db
      .selectFrom('stations')
      .select(['number', 'region_code'])
      .where('election_id', '=', election.id)
      .orderBy('number', 'desc')
      .execute();
    const top = have[0]!.number;
    if (have.length < STATIONS) {
      await db
        .insertInto('stations')
        .values(
          Array.from({ length: STATIONS - have.length }, (_, i) => ({
            election_id: election.id,
            number: top + i + 1,
            region_code: have[i % have.length]!.region_code,
            district: 'Bench',
            locality: 'Bench',
            address: `Bench street ${i + 1}`,
            building: `School ${i + 1}`,
            building_kind: 'school' as const,
            lat: 51.1,
            lng: 71.4,
            registered_voters: 1500,
            commission_size: 7,
          })),
        )
        .execute();
      await ensureStationStatus(db, election.id);
    }
    const ballot = await db
      .selectFrom('ballot_options')
      .select(['id', 'position'])
      .where('election_id', '=', election.id)
      .orderBy('position')
      .execute();
    for (let position = ballot.length + 1; position <= OPTIONS; position += 1) {
      const row = await db
        .insertInto('ballot_options')
        .values({
          election_id: election.id,
          position,
          kind: position === OPTIONS ? 'against_all' : 'candidate',
          name_kk: `Нұсқа ${position}`,
          name_ru: `Вариант ${position}`,
          name_en: `Option ${position}`,
          affiliation: null,
        })
        .returning(['id', 'position'])
        .executeTakeFirstOrThrow();
      ballot.push(row);
    }
    const optionIds = ballot.slice(0, OPTIONS).map((o) => o.id);
    const stations = await db
      .selectFrom('stations')
      .select(['id', 'number', 'region_code', 'registered_voters'])
      .where('election_id', '=', election.id)
      .orderBy('number')
      .execute();
    const verified = stations.map((s) => ({
      station: s,
      place: { stationId: s.id, electionId: election.id, region: s.region_code },
      figures: protocolFor(s.registered_voters, optionIds, random),
    }));
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < verified.length; i += 2000) {
        await trx
          .insertInto('station_protocols')
          .values(
            verified.slice(i, i + 2000).map((v) => ({
              station_id: v.place.stationId,
              election_id: election.id,
              region_code: v.place.region,
              state: 'verified' as const,
              status: 'verified' as const,
              verified_version: 1,
            })),
          )
          .execute();
      }
      await writeTallies(trx, verified, 'verified');
      // Every fifth station also has the observer's copy (the `received` basis prefers the verified one).
      await writeTallies(
        trx,
        verified.filter((_, i) => i % 5 === 0),
        'received',
      );
      await trx
        .updateTable('station_status')
        .set({ protocol_state: 'verified' })
        .where('election_id', '=', election.id)
        .execute();
    });
    await sql`analyze stations, station_protocols, protocol_tallies, protocol_tally_votes, station_status`.execute(db);
    const seedMs = performance.now() - t;

    const token = (
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'hq', password: 'baqylau-demo' } })
    ).json().token as string;
    const headers = { authorization: `Bearer ${token}` };
    async function timeGet(url: string, runs: number) {
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        const res = await app.inject({ method: 'GET', url, headers });
        times.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        body = res.body;
      }
      return { ...spread(times), body };
    }

    await timeGet('/api/results', 3); // warm-up
    const national = await timeGet('/api/results?basis=verified', 50);
    const nationalBody = JSON.parse(national.body) as { total: { stationsCounted: number; stationsTotal: number } };
    if (nationalBody.total.stationsCounted !== STATIONS || nationalBody.total.stationsTotal !== STATIONS)
      throw new Error(`tabulation counted ${JSON.stringify(nationalBody.total).slice(0, 200)}`);
    const nationalReceived = await timeGet('/api/results?basis=received', 50);
    const regions = (await db.selectFrom('regions').select('code').orderBy('sort_order').execute()).map((r) => r.code);
    const regionTimes: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (const code of regions) {
        const started = performance.now();
        const res = await app.inject({ method: 'GET', url: `/api/results?region=${code}`, headers });
        regionTimes.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`results ${code}: ${res.statusCode}`);
      }
    }
    const sqlTimes: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      await tabulate(db, election.id, 'verified', null);
      sqlTimes.push(performance.now() - started);
    }
    const resultsCsv = await timeGet('/api/results.csv', 20);

    // The commission's file: every station, one in twenty with a figure that differs from the copy.
    const header = [...OFFICIAL_CSV_COLUMNS, ...ballot.slice(0, OPTIONS).map((o) => `option_${o.position}`)].join(',');
    const officialCsv = (shift: number) =>
      [
        header,
        ...verified.map((v, i) => {
          const f = v.figures;
          const off = i % 20 === shift ? 7 : 0;
          return [
            v.station.number,
            f.registeredVoters,
            f.ballotsReceived,
            f.ballotsIssuedInside,
            f.ballotsIssuedOutside,
            f.outsideRequests,
            f.ballotsCancelled,
            f.fixedBoxBallots,
            f.portableBoxBallots,
            f.invalidBallots + off,
            ...f.votes.map((x, j) => (j === 0 ? Math.max(0, x.votes - off) : x.votes)),
          ].join(',');
        }),
      ].join('\n');
    async function timeImport(csv: string) {
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/official-results',
        payload: csv,
        headers: { ...headers, 'content-type': 'text/csv' },
      });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`official import: ${res.statusCode} ${res.body.slice(0, 500)}`);
      return ms;
    }
    const first = officialCsv(0);
    const firstMs = await timeImport(first);
    const againMs = await timeImport(first);
    // A corrected file: another 5 % of the stations differ, the first 5 % agree again.
    const changedMs = await timeImport(officialCsv(1));

    await timeGet('/api/official-results/comparison', 2); // warm-up
    const comparison = await timeGet('/api/official-results/comparison', 20);
    const comparisonBody = JSON.parse(comparison.body) as { stations: unknown[] };
    const comparisonCsv = await timeGet('/api/official-results/comparison.csv', 10);

    return {
      stations: stations.length,
      options: optionIds.length,
      seedMs,
      national: only(national),
      nationalReceived: only(nationalReceived),
      perRegion: { ...spread(regionTimes), regions: regions.length },
      sqlNational: spread(sqlTimes),
      resultsCsv: only(resultsCsv),
      officialImport: { rows: verified.length, firstMs, againMs, changedMs },
      comparison: {
        ...only(comparison),
        bytes: Buffer.byteLength(comparison.body),
        discrepancies: comparisonBody.stations.length,
      },
      comparisonCsv: only(comparisonCsv),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
