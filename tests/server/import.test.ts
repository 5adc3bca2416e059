import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportResult } from '../../shared/imports.ts';
import { PeoplePage } from '../../shared/people.ts';
import { asUser, login } from '../support/auth.ts';
import { freeStationNumbers } from '../support/fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let hq: ReturnType<typeof asUser>;
beforeAll(async () => {
  t = await createTestApp();
  hq = asUser(t.app, (await login(t.app, 'hq')).token);
});
afterAll(async () => {
  await t?.close();
});

async function importCsv(kind: 'people' | 'stations', csv: string, dryRun: boolean) {
  const res = await hq({
    method: 'POST',
    url: `/api/import/${kind}?dryRun=${dryRun}`,
    payload: csv,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
  return { status: res.statusCode, body: ImportResult.parse(res.json()) };
}

async function countPeople(): Promise<number> {
  const row = await t.app.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('people import', () => {
  const mistakes = [
    'name,role,phone,username,regions,station,kind,shoe_size',
    'Әлия Нұрова,station_observer,8 701 555 00 01,,,5,primary,',
    ',station_observer,+7 701 555 00 02,,,,,',
    'Bad Role,president,+77015550003,,,,,',
    'Bad Phone,station_observer,12345,,,,,',
    'No Login,correspondent,,,,,,',
    'Dup Phone,station_observer,87015550001,,,,,',
    'Unknown Region,regional_coordinator,+77015550007,,atlantis,,,',
    'Unknown Station,station_observer,+77015550008,,,99999,,',
    'Second Primary,station_observer,+77015550009,,,5,primary,',
    'Taken Station,station_observer,+77015550010,,,1,primary,',
    'Wrong Kind,station_observer,+77015550011,,,7,boss,',
    'Bad Username,correspondent,,Has Spaces,,,,',
  ].join('\n');

  it('lists every problem of a file full of mistakes, row by row, and changes nothing', async () => {
    const before = await countPeople();
    const { status, body } = await importCsv('people', mistakes, true);
    expect(status).toBe(200);
    const rowProblems = [
      [2, 'station', 'conflict'], // station 5 already has its demo observer
      [3, 'name', 'required'],
      [4, 'role', 'invalid'],
      [5, 'phone', 'invalid'],
      [6, 'phone', 'required'],
      [7, 'phone', 'duplicate_in_file'],
      [8, 'regions', 'unknown_region'],
      [9, 'station', 'unknown_station'],
      [10, 'station', 'duplicate_in_file'],
      [11, 'station', 'conflict'],
      [12, 'kind', 'invalid'],
      [13, 'username', 'invalid'],
    ];
    // An unknown column is reported (a typo would drop data silently) and the rows are still checked.
    expect(body.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [1, 'shoe_size', 'unknown_column'],
      ...rowProblems,
    ]);
    const fixedHeader = mistakes.replace(',shoe_size', '').replace(/,$/gm, '');
    const second = await importCsv('people', fixedHeader, true);
    expect(second.body.problems.map((p) => [p.row, p.column, p.code])).toEqual(rowProblems);
    expect(second.body.problems.find((p) => p.row === 11)!.message).toMatch(/Мадина Қалиева/);
    // The real import refuses the same file with 400 and the same list; nothing is written.
    const real = await importCsv('people', fixedHeader, false);
    expect(real.status).toBe(400);
    expect(real.body.problems).toEqual(second.body.problems);
    expect(await countPeople()).toBe(before);
  });

  it('imports Cyrillic names from a semicolon file with a BOM, once: the second run changes nothing', async () => {
    const csv =
      '\uFEFFname;role;phone;username;regions;districts;station;kind\r\n' +
      'Гүлмира Сейтқали;station_observer;8 (702) 600-00-01;;;;;\r\n' +
      'Ерасыл Тоқтаров;long_term_observer;+7 702 600 00 02;;astana|akmola;Есіл ауданы|Сарыарқа ауданы;;\r\n' +
      '"Жанна ""Ақ"" Бекова";correspondent;;zhanna-b;;;;\r\n';
    const dry = await importCsv('people', csv, true);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 3, problems: [] });
    const first = await importCsv('people', csv, false);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 3, updated: 0, unchanged: 0, problems: [] });
    expect(first.body.invitations.map((i) => i.login)).toEqual(['+77026000001', '+77026000002', 'zhanna-b']);
    const found = PeoplePage.parse(
      (await hq({ method: 'GET', url: `/api/people?q=${encodeURIComponent('Жанна')}` })).json(),
    );
    expect(found.items.map((p) => p.name)).toContain('Жанна "Ақ" Бекова');
    const lto = PeoplePage.parse(
      (await hq({ method: 'GET', url: `/api/people?q=${encodeURIComponent('Ерасыл')}` })).json(),
    ).items[0]!;
    expect(lto.regions).toEqual(['akmola', 'astana']);
    expect(lto.districts).toEqual(['Есіл ауданы', 'Сарыарқа ауданы']);
    const again = await importCsv('people', csv, false);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, invitations: [] });
  });

  it('moves an observer to a new station on re-import, ending the old assignment with its history', async () => {
    const csv = (station: number) => `name,role,phone,station\nПереезд Тест,station_observer,+77026000099,${station}\n`;
    const [a, b] = await freeStationNumbers(t.app.db);
    expect((await importCsv('people', csv(a!), false)).body.created).toBe(1);
    const moved = await importCsv('people', csv(b!), false);
    expect(moved.body).toMatchObject({ created: 0, updated: 1 });
    const person = PeoplePage.parse(
      (await hq({ method: 'GET', url: `/api/people?q=${encodeURIComponent('Переезд')}` })).json(),
    ).items[0]!;
    expect(person.assignment).toMatchObject({ stationNumber: b, kind: 'primary' });
    const history = (await hq({ method: 'GET', url: `/api/assignments?personId=${person.id}&history=true` })).json();
    expect(
      history.items.map((x: { stationNumber: number; endReason: string | null }) => [x.stationNumber, x.endReason]),
    ).toEqual([
      [b, null],
      [a, 'moved'],
    ]);
  });
});

describe('stations import and export', () => {
  it('round-trips the export: importing it back changes nothing', async () => {
    const res = await hq({ method: 'GET', url: '/api/export/stations.csv?delimiter=semicolon' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body.startsWith('\uFEFFnumber;region;district')).toBe(true);
    const started = performance.now();
    const { status, body } = await importCsv('stations', res.body, false);
    const ms = performance.now() - started;
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 10_248, created: 0, updated: 0, unchanged: 10_248, problems: [] });
    console.log(`re-import of 10,248 unchanged stations: ${ms.toFixed(0)} ms`);
  });

  it('imports 10,000 new stations in one transaction and reports the time', async () => {
    const lines = [
      'number,region,district,locality,address,building,building_kind,lat,lng,registered_voters,commission_size,accessibility',
    ];
    for (let i = 0; i < 10_000; i++) {
      const n = 20_000 + i;
      lines.push(
        `${n},karaganda,Қазыбек би,Қарағанды,"Бұқар жырау даңғылы, ${i}",№ ${i % 90} мектеп,school,${(49.7 + (i % 100) / 1000).toFixed(4)},${(73.0 + Math.floor(i / 100) / 1000).toFixed(4)},${500 + (i % 2000)},${500 + (i % 2000) > 2000 ? 9 : 6},ramp|parking`,
      );
    }
    const started = performance.now();
    const { status, body } = await importCsv('stations', lines.join('\n'), false);
    const ms = performance.now() - started;
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 10_000, created: 10_000, updated: 0, problems: [] });
    console.log(`import of 10,000 new stations: ${ms.toFixed(0)} ms`);
    const health = (await t.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health.stations).toBe(20_248);
  });

  it('reports station mistakes by row and column', async () => {
    const csv = [
      'number,region,address,lat,lng,registered_voters,commission_size,building_kind,accessibility',
      '30001,astana,ok street 1,51.1,71.4,1200,6,school,ramp',
      '30001,astana,dup,51.1,71.4,1200,6,school,',
      '30003,astana,too many voters,51.1,71.4,3001,9,school,',
      '30004,astana,outside,10.0,71.4,100,5,school,',
      '30005,astana,commission,51.1,71.4,2500,5,school,',
      '30006,astana,kind,51.1,71.4,100,5,castle,escalator',
      'x,,,51.1,71.4,100,5,school,',
    ].join('\n');
    const { body } = await importCsv('stations', csv, true);
    expect(body.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'number', 'duplicate_in_file'],
      [4, 'registered_voters', 'invalid'],
      [5, 'lat', 'invalid'],
      [6, 'commission_size', 'invalid'],
      [7, 'building_kind', 'invalid'],
      [7, 'accessibility', 'invalid'],
      [8, 'number', 'invalid'],
      [8, 'region', 'required'],
      [8, 'address', 'required'],
    ]);
  });

  it('exports people with their stations in the import format', async () => {
    const res = await hq({ method: 'GET', url: '/api/export/people.csv' });
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFname,role,phone,username,regions,districts,station,kind');
    expect(lines).toContain('Мадина Қалиева,station_observer,+77010000001,observer,,,1,primary');
  });

  it('is refused to roles without the import permission', async () => {
    const coordinator = asUser(t.app, (await login(t.app, 'coordinator')).token);
    const res = await coordinator({
      method: 'POST',
      url: '/api/import/stations',
      payload: 'number\n1',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(403);
  });
});
