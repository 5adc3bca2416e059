import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationLive } from '../../shared/reports.ts';
import { Comparison, OfficialImportResult } from '../../shared/results.ts';
import { ViolationDetail, ViolationPage } from '../../shared/violations.ts';
import { asUser, login } from '../support/auth.ts';
import {
  COPIES,
  createSmallElection,
  figures,
  seedCopies,
  type SmallElection,
  type SmallStationNumber,
} from '../support/results-fixtures.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let url: string;
let e: SmallElection;
let hq: ReturnType<typeof asUser>;
let lawyer: ReturnType<typeof asUser>;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ SILENCE_CHECK_SECONDS: '0', BROADCAST_INTERVAL_MS: '50' });
  url = await t.listen();
  e = await createSmallElection(t.app.db);
  await seedCopies(t.app.db, e);
  hq = asUser(t.app, (await login(t.app, 'hq')).token);
  lawyer = asUser(t.app, (await login(t.app, 'lawyer')).token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const as = async (username: string) => asUser(t.app, (await login(t.app, username)).token);

type Row = (typeof COPIES)[keyof typeof COPIES];

/** The commission's figures: columns in an order of their own, semicolons, a BOM (as Excel saves it). */
const HEADER =
  'option_2;station;registered_voters;ballots_received;ballots_issued_inside;ballots_issued_outside;outside_requests;ballots_cancelled;fixed_box_ballots;portable_box_ballots;invalid_ballots;option_1;option_4;option_3';
const line = (station: number, f: Row) =>
  [
    f.votes[1],
    station,
    f.registered,
    f.received,
    f.inside,
    f.outside,
    f.requests,
    f.cancelled,
    f.fixed,
    f.portable,
    f.invalid,
    f.votes[0],
    f.votes[3],
    f.votes[2],
  ].join(';');
const csv = (...lines: string[]) => `\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`;

/** Official figures by hand: 201 moves 50 votes from candidate 1 to 2; 301 has 75 more invalid ballots. */
const OFFICIAL = {
  201: { ...COPIES[201], votes: [150, 450, 60, 20] },
  202: COPIES[202],
  203: {
    registered: 700,
    received: 707,
    inside: 350,
    outside: 0,
    requests: 0,
    cancelled: 357,
    fixed: 350,
    portable: 0,
    invalid: 7,
    votes: [100, 200, 33, 10],
  },
  301: { ...COPIES[301], invalid: 90, cancelled: 560, votes: [425, 300, 100, 35] },
  302: COPIES[302],
} satisfies Partial<Record<SmallStationNumber, Row>>;
const FIRST_FILE = csv(
  line(201, OFFICIAL[201]),
  line(202, OFFICIAL[202]),
  line(203, OFFICIAL[203]),
  line(301, OFFICIAL[301]),
  line(302, OFFICIAL[302]),
);

const post = (as: ReturnType<typeof asUser>, body: string) =>
  as({ method: 'POST', url: '/api/official-results', payload: body, headers: { 'content-type': 'text/csv' } });

async function officialRows(): Promise<number> {
  const row = await t.app.db
    .selectFrom('protocol_tallies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stage', '=', 'official')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
async function officialVotes(): Promise<number> {
  const row = await t.app.db
    .selectFrom('protocol_tally_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stage', '=', 'official')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
async function protocolState(number: SmallStationNumber) {
  const row = await t.app.db
    .selectFrom('station_status')
    .select(['protocol_state', 'open_violations'])
    .where('station_id', '=', e.station[number])
    .executeTakeFirstOrThrow();
  return row;
}
async function comparison(who: ReturnType<typeof asUser>, query = ''): Promise<Comparison> {
  const res = await who({ method: 'GET', url: `/api/official-results/comparison${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return Comparison.parse(res.json());
}
const ref = (number: SmallStationNumber) => ({ stationId: e.station[number], number, region: e.region[number] });

describe('official results: import', () => {
  it('refuses a malformed file with every row’s problems and stores nothing', async () => {
    const header =
      'station,registered_voters,ballots_received,ballots_issued_inside,ballots_issued_outside,outside_requests,ballots_cancelled,fixed_box_ballots,portable_box_ballots,invalid_ballots,option_1,option_2,option_3,foo';
    const body = [
      header,
      '101,1000,1010,600,20,25,390,590,20,10,300,200,80,', // fine (option_4 is missing from the header)
      '999,1000,1010,600,20,25,390,590,20,10,300,200,80,',
      '201,-5,1212,700,0,0,512,700,0,12.5,200,400,60,',
      '101,1000,1010,600,20,25,390,,20,10,300,200,80,',
      'abc,1000,1010,600,20,25,390,590,20,10,300,200,80,',
      '301,1500,1515,900,50,60,565,900,50,15,500,300,100,,7',
    ].join('\n');
    expect(await officialRows()).toBe(0);
    const res = await post(hq, body);
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { path: 'row 1.foo', message: 'Unknown column' },
      { path: 'row 1.option_4', message: 'The column is missing' },
      { path: 'row 3.station', message: 'No station 999 in the active election' },
      { path: 'row 4.registered_voters', message: 'Not a whole number of 0 or more: "-5"' },
      { path: 'row 4.invalid_ballots', message: 'Not a whole number of 0 or more: "12.5"' },
      { path: 'row 5.station', message: 'Station 101 is also on row 2' },
      { path: 'row 5.fixed_box_ballots', message: 'No value' },
      { path: 'row 6.station', message: 'Not a station number: "abc"' },
      { path: 'row 7', message: '15 cells, the header has 14' },
    ]);
    expect(await officialRows()).toBe(0);
    expect(await officialVotes()).toBe(0);

    const headerOnly = await post(hq, `${HEADER}\n`);
    expect(headerOnly.statusCode).toBe(400);
    expect(headerOnly.json().error.details).toEqual([{ path: 'row 1', message: 'The file has a header but no rows' }]);
    expect(await officialRows()).toBe(0);
  });

  it('imports the commission’s file, marks the stations that differ and tells the map', async () => {
    const hqSocket = await openSocket(t.app, url, 'hq');
    sockets.push(hqSocket);
    const pushed: StationLive[] = [];
    hqSocket.on('stations:changed', (m: { items: StationLive[] }) => pushed.push(...m.items));

    const res = await post(hq, FIRST_FILE);
    expect(res.statusCode, res.body).toBe(200);
    expect(OfficialImportResult.parse(res.json())).toEqual({ imported: 5, replaced: 0 });
    expect(await officialRows()).toBe(5);
    expect(await officialVotes()).toBe(20);

    expect((await protocolState(201)).protocol_state).toBe('differs');
    expect((await protocolState(301)).protocol_state).toBe('differs');
    expect((await protocolState(202)).protocol_state).toBe('verified');
    expect((await protocolState(101)).protocol_state).toBe('verified');
    await expect
      .poll(() => pushed.find((s) => s.stationId === e.station[301])?.protocol, { timeout: 5000 })
      .toBe('differs');
    expect(pushed.find((s) => s.stationId === e.station[202])).toBeUndefined();

    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'official_results.import')
      .execute();
    expect(audit).toEqual([
      {
        action: 'official_results.import',
        after: { imported: 5, replaced: 0, added: 5, changed: 0, removed: 0 },
      },
    ]);
  });

  it('compares station by station: the exact discrepancies, largest first, region totals, one-sided stations', async () => {
    const c = await comparison(hq);
    const A = `votes.${e.option[1]}`;
    const B = `votes.${e.option[2]}`;
    expect(c.options.map((o) => o.position)).toEqual([1, 2, 3, 4]);
    expect(c.stations).toEqual([
      {
        ...ref(301),
        differences: [
          { key: 'invalidBallots', copy: 15, official: 90, diff: 75 },
          { key: A, copy: 500, official: 425, diff: -75 },
          { key: 'ballotsCancelled', copy: 565, official: 560, diff: -5 },
        ],
        largest: 75,
        violationId: null,
      },
      {
        ...ref(201),
        differences: [
          { key: A, copy: 200, official: 150, diff: -50 },
          { key: B, copy: 400, official: 450, diff: 50 },
        ],
        largest: 50,
        violationId: null,
      },
    ]);
    expect(c.matching).toBe(1); // 202
    expect(c.copyOnly).toEqual([ref(101)]);
    expect(c.officialOnly).toEqual([ref(203), ref(302)]);
    // almaty-city: 201 + 202; shymkent: 301. Astana has no station with both.
    expect(c.regions).toEqual([
      {
        region: 'almaty-city',
        stations: 2,
        copy: figures(e, {
          registered: 2100,
          received: 2121,
          inside: 1150,
          outside: 30,
          requests: 30,
          cancelled: 941,
          fixed: 1150,
          portable: 30,
          invalid: 20,
          votes: [350, 650, 110, 50],
        }),
        official: figures(e, {
          registered: 2100,
          received: 2121,
          inside: 1150,
          outside: 30,
          requests: 30,
          cancelled: 941,
          fixed: 1150,
          portable: 30,
          invalid: 20,
          votes: [300, 700, 110, 50],
        }),
        differences: [
          { key: A, copy: 350, official: 300, diff: -50 },
          { key: B, copy: 650, official: 700, diff: 50 },
        ],
      },
      {
        region: 'shymkent',
        stations: 1,
        copy: figures(e, COPIES[301]),
        official: figures(e, OFFICIAL[301]),
        differences: [
          { key: 'invalidBallots', copy: 15, official: 90, diff: 75 },
          { key: A, copy: 500, official: 425, diff: -75 },
          { key: 'ballotsCancelled', copy: 565, official: 560, diff: -5 },
        ],
      },
    ]);
  });

  it('exports the discrepancies as CSV, one row per station and figure, in the list’s order', async () => {
    const res = await hq({ method: 'GET', url: '/api/official-results/comparison.csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(parse(res.body, { bom: true })).toEqual([
      ['station', 'region', 'figure', 'copy', 'official', 'difference'],
      ['301', 'shymkent', 'invalid_ballots', '15', '90', '75'],
      ['301', 'shymkent', 'option_1', '500', '425', '-75'],
      ['301', 'shymkent', 'ballots_cancelled', '565', '560', '-5'],
      ['201', 'almaty-city', 'option_1', '200', '150', '-50'],
      ['201', 'almaty-city', 'option_2', '400', '450', '50'],
    ]);
  });

  it('scopes the comparison: a coordinator their regions (403 for another), the legal team all, observers nothing', async () => {
    const almaty = await as('almaty-coordinator');
    const own = await comparison(almaty);
    expect(own.stations.map((s) => s.number)).toEqual([201]);
    expect(own.officialOnly.map((s) => s.number)).toEqual([203]);
    expect(own.copyOnly).toEqual([]);
    expect(own.regions.map((r) => r.region)).toEqual(['almaty-city']);
    const other = await almaty({ method: 'GET', url: '/api/official-results/comparison?region=shymkent' });
    expect(other.statusCode).toBe(403);
    const otherCsv = await almaty({ method: 'GET', url: '/api/official-results/comparison.csv?region=shymkent' });
    expect(otherCsv.statusCode).toBe(403);

    expect((await comparison(lawyer, '?region=shymkent')).stations.map((s) => s.number)).toEqual([301]);
    for (const who of ['observer', 'operator']) {
      const res = await (await as(who))({ method: 'GET', url: '/api/official-results/comparison' });
      expect(res.statusCode, who).toBe(403);
    }
    // Only HQ imports.
    for (const who of ['almaty-coordinator', 'lawyer', 'operator']) {
      const res = await post(await as(who), FIRST_FILE);
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await post(hq, `${HEADER}\n${'1;'.repeat(4_300_000)}`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(await officialRows()).toBe(5);
  });
});

describe('official results: a discrepancy as a violation, in one click', () => {
  const description = () =>
    [
      'Официальные итоги по избирательному участку № 301 расходятся с заверенной копией протокола, полученной наблюдателем (проверенная версия).',
      'Показатель: по копии → по официальным данным (разница):',
      '— Недействительных бюллетеней: 15 → 90 (+75)',
      '— Голосов за «Әлиев Әли (ru)» (№ 1 в бюллетене): 500 → 425 (-75)',
      '— Погашено неиспользованных бюллетеней: 565 → 560 (-5)',
    ].join('\n');

  it('makes one violation for the legal team; a repeat answers the same one', async () => {
    const id = randomUUID();
    const first = await lawyer({
      method: 'POST',
      url: `/api/official-results/${e.station[301]}/violation`,
      payload: { id },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ violationId: id, created: true });

    for (const again of [randomUUID(), id]) {
      const res = await hq({
        method: 'POST',
        url: `/api/official-results/${e.station[301]}/violation`,
        payload: { id: again },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ violationId: id, created: false });
    }
    const count = await t.app.db
      .selectFrom('violations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('station_id', '=', e.station[301])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    const detail = await hq({ method: 'GET', url: `/api/violations/${id}` });
    expect(detail.statusCode, detail.body).toBe(200);
    const v = ViolationDetail.parse(detail.json());
    expect(v.category.code).toBe('counting.protocol_figures_differ');
    expect(v.category.phase).toBe('counting');
    expect(v.severity).toBe('critical');
    expect(v.status).toBe('reported');
    expect(v.station.number).toBe(301);
    expect(v.reporter.name).toBe((await login(t.app, 'lawyer')).user.name);
    expect(v.description).toBe(description());
    expect(v.history.map((h) => h.kind)).toEqual(['noticed']);

    const queue = await hq({ method: 'GET', url: '/api/violations?region=shymkent' });
    expect(ViolationPage.parse(queue.json()).items.map((x) => x.id)).toContain(id);
    expect((await protocolState(301)).open_violations).toBe(1);
    expect((await comparison(hq)).stations.find((s) => s.number === 301)?.violationId).toBe(id);
  });

  it('409 where nothing differs, 404 for an unknown station, 403 outside the caller’s scope', async () => {
    for (const n of [202, 101, 203] as const) {
      const res = await hq({
        method: 'POST',
        url: `/api/official-results/${e.station[n]}/violation`,
        payload: { id: randomUUID() },
      });
      expect(res.statusCode, String(n)).toBe(409);
    }
    const unknown = await hq({
      method: 'POST',
      url: '/api/official-results/99999999/violation',
      payload: { id: randomUUID() },
    });
    expect(unknown.statusCode).toBe(404);
    const demoStation = await t.app.db
      .selectFrom('stations')
      .select('id')
      .where('election_id', '<>', e.electionId)
      .executeTakeFirstOrThrow();
    const otherElection = await hq({
      method: 'POST',
      url: `/api/official-results/${demoStation.id}/violation`,
      payload: { id: randomUUID() },
    });
    expect(otherElection.statusCode).toBe(404);
    const almaty = await as('almaty-coordinator');
    const outside = await almaty({
      method: 'POST',
      url: `/api/official-results/${e.station[201]}/violation`,
      payload: { id: randomUUID() },
    });
    expect(outside.statusCode).toBe(201); // their own region
    const shymkent = await almaty({
      method: 'POST',
      url: `/api/official-results/${e.station[301]}/violation`,
      payload: { id: randomUUID() },
    });
    expect(shymkent.statusCode).toBe(403);
    const observer = await (
      await as('observer')
    )({
      method: 'POST',
      url: `/api/official-results/${e.station[201]}/violation`,
      payload: { id: randomUUID() },
    });
    expect(observer.statusCode).toBe(403);
    const bad = await hq({
      method: 'POST',
      url: `/api/official-results/${e.station[201]}/violation`,
      payload: { id: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('official results: a new file replaces the set as a whole', () => {
  it('removes stations missing from the new file, rewrites changed ones and recomputes their state', async () => {
    const res = await post(
      hq,
      csv(line(201, COPIES[201]), line(202, OFFICIAL[202]), line(203, OFFICIAL[203]), line(301, OFFICIAL[301])),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ imported: 4, replaced: 4 });
    expect(await officialRows()).toBe(4);
    expect(await officialVotes()).toBe(16);
    // 201 now agrees with the copy; 301 still differs; 302 has no official figures any more.
    expect((await protocolState(201)).protocol_state).toBe('verified');
    expect((await protocolState(301)).protocol_state).toBe('differs');
    const c = await comparison(hq);
    expect(c.stations.map((s) => s.number)).toEqual([301]);
    expect(c.officialOnly).toEqual([ref(203)]);
    expect(c.matching).toBe(2);

    // A bad file afterwards leaves the set as it is.
    const bad = await post(hq, csv(line(201, COPIES[201]), '301;1;2'));
    expect(bad.statusCode).toBe(400);
    expect(await officialRows()).toBe(4);
    expect((await comparison(hq)).matching).toBe(2);
  });
});
