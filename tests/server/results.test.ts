import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Results, type Tally } from '../../shared/results.ts';
import { asUser, login } from '../support/auth.ts';
import { createSmallElection, seedCopies, type SmallElection } from '../support/results-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let e: SmallElection;
let hq: ReturnType<typeof asUser>;

beforeAll(async () => {
  t = await createTestApp({ SILENCE_CHECK_SECONDS: '0' });
  e = await createSmallElection(t.app.db);
  await seedCopies(t.app.db, e);
  hq = asUser(t.app, (await login(t.app, 'hq')).token);
});
afterAll(async () => {
  await t?.close();
});

/** A tally written out by hand: [stations total, counted, registered total, covered, turnout, in boxes, invalid]. */
function tally(
  region: string | null,
  [
    stationsTotal,
    stationsCounted,
    registeredTotal,
    registeredCovered,
    turnout,
    ballotsInBoxes,
    invalidBallots,
  ]: number[],
  votes: [number, number, number, number],
): Tally {
  return {
    region,
    stationsTotal: stationsTotal!,
    stationsCounted: stationsCounted!,
    registeredTotal: registeredTotal!,
    registeredCovered: registeredCovered!,
    turnout: turnout!,
    ballotsInBoxes: ballotsInBoxes!,
    invalidBallots: invalidBallots!,
    votes: votes.map((v, i) => ({ optionId: e.option[(i + 1) as 1 | 2 | 3 | 4], votes: v })),
  };
}
const empty = (region: string) => tally(region, [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0]);

async function results(as: ReturnType<typeof asUser>, query: string): Promise<Results> {
  const res = await as({ method: 'GET', url: `/api/results${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return Results.parse(res.json());
}

const ALL_REGIONS = [
  'almaty-city',
  'turkistan',
  'almaty-region',
  'astana',
  'shymkent',
  'zhambyl',
  'karaganda',
  'aktobe',
  'kostanay',
  'kyzylorda',
  'akmola',
  'mangystau',
  'pavlodar',
  'east-kazakhstan',
  'zhetysu',
  'atyrau',
  'west-kazakhstan',
  'abai',
  'north-kazakhstan',
  'ulytau',
];

describe('parallel tabulation of a hand-counted election (3 regions, 7 stations)', () => {
  it('adds up verified protocols per region and nationally, every region and option present, in order', async () => {
    const r = await results(hq, '?basis=verified');
    expect(r.electionId).toBe(e.electionId);
    expect(r.basis).toBe('verified');
    expect(r.options.map((o) => [o.position, o.id, o.name.kk])).toEqual([
      [1, e.option[1], 'Әлиев Әли'],
      [2, e.option[2], 'Бекова Бибігүл'],
      [3, e.option[3], 'Сапаров Сапар'],
      [4, e.option[4], 'Барлығына қарсы'],
    ]);
    expect(r.regions.map((x) => x.region)).toEqual(ALL_REGIONS);
    const byRegion = new Map(r.regions.map((x) => [x.region, x]));
    // astana: 101 verified (102 only received); almaty-city: 201 and 202 (203 nothing); shymkent: 301.
    expect(byRegion.get('astana')).toEqual(tally('astana', [2, 1, 1800, 1000, 620, 610, 10], [300, 200, 80, 20]));
    expect(byRegion.get('almaty-city')).toEqual(
      tally('almaty-city', [3, 2, 2800, 2100, 1180, 1180, 20], [350, 650, 110, 50]),
    );
    expect(byRegion.get('shymkent')).toEqual(tally('shymkent', [2, 1, 2100, 1500, 950, 950, 15], [500, 300, 100, 35]));
    for (const code of ALL_REGIONS.filter((c) => !['astana', 'almaty-city', 'shymkent'].includes(c)))
      expect(byRegion.get(code)).toEqual(empty(code));
    expect(r.total).toEqual(tally(null, [7, 4, 6700, 4600, 2750, 2740, 45], [1150, 1150, 290, 105]));
    expect(Date.parse(r.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('basis=received counts every station’s best copy: the verified version where there is one', async () => {
    const r = await results(hq, '?basis=received');
    const byRegion = new Map(r.regions.map((x) => [x.region, x]));
    expect(byRegion.get('astana')).toEqual(tally('astana', [2, 2, 1800, 1800, 1020, 1010, 15], [400, 450, 120, 25]));
    // 201's observer copy (210 / 390) is not counted: its verified version (200 / 400) is.
    expect(byRegion.get('almaty-city')).toEqual(
      tally('almaty-city', [3, 2, 2800, 2100, 1180, 1180, 20], [350, 650, 110, 50]),
    );
    expect(byRegion.get('shymkent')).toEqual(
      tally('shymkent', [2, 2, 2100, 2100, 1250, 1250, 18], [597, 450, 140, 45]),
    );
    expect(r.total).toEqual(tally(null, [7, 6, 6700, 6000, 3450, 3440, 53], [1347, 1550, 370, 120]));
  });

  it('defaults to the verified basis, and narrows to one region on request', async () => {
    expect((await results(hq, '')).basis).toBe('verified');
    const r = await results(hq, '?region=almaty-city');
    expect(r.regions.map((x) => x.region)).toEqual(['almaty-city']);
    expect(r.total).toEqual(tally(null, [3, 2, 2800, 2100, 1180, 1180, 20], [350, 650, 110, 50]));
    const unknown = await hq({ method: 'GET', url: '/api/results?region=atlantis' });
    expect(unknown.statusCode).toBe(404);
    const badBasis = await hq({ method: 'GET', url: '/api/results?basis=everything' });
    expect(badBasis.statusCode).toBe(400);
  });

  it('a regional coordinator sees their own regions only, and 403 for another', async () => {
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    const r = await results(south, '?basis=received');
    expect(r.regions.map((x) => x.region)).toEqual(['turkistan', 'shymkent']);
    expect(r.total).toEqual(tally(null, [2, 2, 2100, 2100, 1250, 1250, 18], [597, 450, 140, 45]));
    const other = await south({ method: 'GET', url: '/api/results?region=astana' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('forbidden');
    const own = await results(south, '?region=shymkent');
    expect(own.regions.map((x) => x.region)).toEqual(['shymkent']);

    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const a = await results(almaty, '');
    expect(a.regions.map((x) => x.region)).toEqual(['almaty-city']);
    expect(a.total.stationsCounted).toBe(2);
  });

  it('the legal team may read the results; an observer and a data-entry operator may not', async () => {
    const lawyer = asUser(t.app, (await login(t.app, 'lawyer')).token);
    expect((await results(lawyer, '')).total.stationsCounted).toBe(4);
    for (const username of ['observer', 'operator']) {
      const as = asUser(t.app, (await login(t.app, username)).token);
      const res = await as({ method: 'GET', url: '/api/results' });
      expect(res.statusCode, username).toBe(403);
      const csv = await as({ method: 'GET', url: '/api/results.csv' });
      expect(csv.statusCode, username).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/results' })).statusCode).toBe(401);
  });

  it('exports a row per region and a total row as CSV (BOM, option columns headed by position and name)', async () => {
    const res = await hq({ method: 'GET', url: '/api/results.csv?basis=verified&lang=kk&delimiter=semicolon' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(res.body, { bom: true, delimiter: ';' }) as string[][];
    expect(header).toEqual([
      'region',
      'region_name',
      'stations_counted',
      'stations_total',
      'registered_covered',
      'registered_total',
      'turnout',
      'turnout_pct',
      'ballots_in_boxes',
      'invalid_ballots',
      '1. Әлиев Әли',
      '2. Бекова Бибігүл',
      '3. Сапаров Сапар',
      '4. Барлығына қарсы',
    ]);
    expect(rows).toHaveLength(ALL_REGIONS.length + 1);
    expect(rows.find((row) => row[0] === 'almaty-city')).toEqual([
      'almaty-city',
      'Алматы',
      '2',
      '3',
      '2100',
      '2800',
      '1180',
      '56.19',
      '1180',
      '20',
      '350',
      '650',
      '110',
      '50',
    ]);
    expect(rows.find((row) => row[0] === 'turkistan')?.slice(2, 8)).toEqual(['0', '0', '0', '0', '0', '']);
    expect(rows.at(-1)).toEqual([
      'total',
      'Барлығы',
      '4',
      '7',
      '4600',
      '6700',
      '2750',
      '59.78',
      '2740',
      '45',
      '1150',
      '1150',
      '290',
      '105',
    ]);
  });
});
