import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { StationLive } from '../../shared/reports.ts';
import {
  ViolationCategory,
  ViolationCategoryList,
  ViolationDetail,
  ViolationPage,
  type Violation,
  type ViolationChangeEnvelope,
  type ViolationChangeResult,
} from '../../shared/violations.ts';
import { asUser, login } from '../support/auth.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { countRows, minutesAgo, noticed, observedStation, refusedAct, step } from '../support/violation-fixtures.ts';

let t: TestApp;
let url: string;
let electionId: number;
let hq: ReturnType<typeof asUser>;
let station1: { id: number; electionId: number };
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ BROADCAST_INTERVAL_MS: '50', SILENCE_CHECK_SECONDS: '0' });
  url = await t.listen();
  electionId = (
    await t.app.db.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirstOrThrow()
  ).id;
  const s1 = await t.app.db
    .selectFrom('stations')
    .select('id')
    .where('election_id', '=', electionId)
    .where('number', '=', 1)
    .executeTakeFirstOrThrow();
  station1 = { id: s1.id, electionId };
  hq = asUser(t.app, (await login(t.app, 'hq')).token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

async function open(username: string): Promise<Socket> {
  const socket = await openSocket(t.app, url, username);
  sockets.push(socket);
  return socket;
}

const send = (socket: Socket, payload: unknown) =>
  socket.timeout(10_000).emitWithAck('violation:change', payload) as Promise<ViolationChangeResult>;

/** Sends changes in order over HTTP as HQ (on an observer's behalf); each must succeed. */
async function record(...changes: ViolationChangeEnvelope[]) {
  const res = await hq({ method: 'POST', url: '/api/violations/changes', payload: changes });
  expect(res.statusCode, res.body).toBe(200);
  const results = res.json().results as ViolationChangeResult[];
  for (const r of results) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return results;
}

async function detail(id: string, as = hq) {
  const res = await as({ method: 'GET', url: `/api/violations/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return ViolationDetail.parse(res.json());
}

async function page(query: string, as = hq): Promise<Violation[]> {
  const res = await as({ method: 'GET', url: `/api/violations?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return ViolationPage.parse(res.json()).items;
}

async function liveOf(stationId: number): Promise<StationLive> {
  const res = await hq({ method: 'GET', url: '/api/live' });
  return (res.json().items as StationLive[]).find((s) => s.stationId === stationId)!;
}

describe("the observer's flow over sockets", () => {
  it('goes noticed → chair told → act refused by the chair; resends are duplicates; a reused id conflicts', async () => {
    const observer = await open('observer');
    const first = noticed(station1);
    const told = step(first, {
      kind: 'chair_notified',
      told: true,
      chairAnswer: 'The chair said it was a mistake',
      at: minutesAgo(3),
    });
    const act = step(first, { kind: 'act', act: refusedAct(), at: minutesAgo(1) });

    const statuses = [];
    for (const change of [first, told, act]) {
      const answer = await send(observer, change);
      expect(answer).toMatchObject({ ok: true, data: { id: change.id, violationId: first.violationId } });
      if (answer.ok) statuses.push([answer.data.status, answer.data.duplicate]);
    }
    expect(statuses).toEqual([
      ['reported', false],
      ['chair_notified', false],
      ['act_filed', false],
    ]);

    const v = await detail(first.violationId);
    expect(v).toMatchObject({
      status: 'act_filed',
      severity: 'critical',
      station: { id: station1.id, number: 1 },
      category: { code: 'voting.multiple_ballots', article: 'Art. 41', phase: 'voting' },
      chairNotified: true,
      chairAnswer: 'The chair said it was a mistake',
      reporter: { name: 'Мадина Қалиева' },
      act: {
        chairSignature: 'refused',
        refusalNote: 'The chair said the observer has no right to write acts',
        coSigners: [{ role: 'observer' }, { role: 'proxy' }],
      },
    });
    expect(v.history.map((h) => [h.kind, h.by?.name])).toEqual([
      ['noticed', 'Мадина Қалиева'],
      ['chair_notified', 'Мадина Қалиева'],
      ['act', 'Мадина Қалиева'],
    ]);

    for (const change of [first, told, act]) {
      expect(await send(observer, change)).toEqual({
        ok: true,
        data: { id: change.id, violationId: first.violationId, status: 'act_filed', duplicate: true },
      });
    }
    const changes = await t.app.db
      .selectFrom('violation_changes')
      .select('id')
      .where('violation_id', '=', first.violationId)
      .execute();
    expect(changes).toHaveLength(3);
    expect((await detail(first.violationId)).history).toHaveLength(3);

    const reused = await send(observer, { ...told, change: { ...told.change, chairAnswer: 'Something else' } });
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const renoticed = await send(observer, { ...first, id: randomUUID() });
    expect(renoticed).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await detail(first.violationId)).chairAnswer).toBe('The chair said it was a mistake');
  });

  it("refuses another station's observer, bad payloads, unknown grounds and late steps, storing nothing", async () => {
    const observer = await open('observer');
    const other = await observedStation(t.app.db, 'almaty-city');
    const before = [await countRows(t.app.db, 'violations'), await countRows(t.app.db, 'violation_changes')];

    expect(await send(observer, noticed(other))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await send(observer, { id: 'nope', stationId: -1, change: { kind: 'act', act: {} } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (!bad.ok) expect(bad.error.details!.map((d) => d.path)).toEqual(expect.arrayContaining(['id', 'stationId']));
    expect(await send(observer, {})).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await send(observer, noticed(station1, { categoryCode: 'other' }))).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ path: 'change.otherText' }] },
    });
    expect(await send(observer, noticed(station1, { categoryCode: 'voting.no_such_ground' }))).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ path: 'change.categoryCode' }] },
    });
    const future = noticed(station1, { observedAt: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    expect(await send(observer, future)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: [{ path: 'change.observedAt' }] },
    });
    const orphan = step(noticed(station1), { kind: 'corrected', at: minutesAgo(1) });
    expect(await send(observer, orphan)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Values the database cannot hold are refused for good, not left to be resent for ever.
    expect(await send(observer, noticed(station1, { description: 'nul \u0000 byte' }))).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await send(observer, { ...noticed(station1), stationId: 2 ** 40 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect((await hq({ method: 'GET', url: '/api/violations?station=99999999999' })).statusCode).toBe(400);

    expect([await countRows(t.app.db, 'violations'), await countRows(t.app.db, 'violation_changes')]).toEqual(before);
  });
});

describe('POST /api/violations/changes', () => {
  it("applies a phone's outbox in order, answering each change on its own", async () => {
    const station = await observedStation(t.app.db, 'astana');
    const first = noticed(station, { categoryCode: 'voting.no_pen_pencil_used' });
    const fixed = step(first, { kind: 'corrected', note: 'Pens brought in', at: minutesAgo(2) });
    const elsewhere = step(first, { kind: 'detail', description: 'More' });
    elsewhere.stationId = station1.id;
    const res = await hq({
      method: 'POST',
      url: '/api/violations/changes',
      payload: [first, fixed, elsewhere, first],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as ViolationChangeResult[];
    expect(results.map((r) => (r.ok ? `${r.data.status}${r.data.duplicate ? ' dup' : ''}` : r.error.code))).toEqual([
      'reported',
      'corrected',
      'validation_failed',
      'corrected dup',
    ]);
    expect(await detail(first.violationId)).toMatchObject({ status: 'corrected', correctedNote: 'Pens brought in' });

    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    const other = await observer({ method: 'POST', url: '/api/violations/changes', payload: [noticed(station)] });
    expect((other.json().results as ViolationChangeResult[])[0]).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const lawyer = asUser(t.app, (await login(t.app, 'lawyer')).token);
    expect(
      (await lawyer({ method: 'POST', url: '/api/violations/changes', payload: [noticed(station)] })).statusCode,
    ).toBe(403);
  });
});

describe('live push', () => {
  it("reaches HQ and the region's coordinator, not another region's; the station marker counts it", async () => {
    const station = await observedStation(t.app.db, 'almaty-city', 1);
    const [hqSocket, almaty, south] = [
      await open('coordinator'),
      await open('almaty-coordinator'),
      await open('south-coordinator'),
    ];
    const got = (socket: Socket) => {
      const items: Violation[] = [];
      socket.on('violations:changed', (m: { items: Violation[] }) => items.push(...m.items));
      return items;
    };
    const [hqGot, almatyGot, southGot] = [got(hqSocket), got(almaty), got(south)];
    const southStations: StationLive[] = [];
    south.on('stations:changed', (m: { items: StationLive[] }) => southStations.push(...m.items));
    const markers: StationLive[] = [];
    hqSocket.on('stations:changed', (m: { items: StationLive[] }) => markers.push(...m.items));

    const first = noticed(station, { categoryCode: 'counting.marks_not_shown' });
    const answer = await send(await open(station.username), first);
    expect(answer.ok).toBe(true);

    await expect.poll(() => hqGot.find((v) => v.id === first.violationId)?.status).toBe('reported');
    await expect.poll(() => almatyGot.some((v) => v.id === first.violationId)).toBe(true);
    await expect
      .poll(() => markers.find((s) => s.stationId === station.id && s.openViolations === 1))
      .toMatchObject({ openViolations: 1, worstSeverity: 'serious' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(southGot).toEqual([]);
    expect(southStations.filter((s) => s.stationId === station.id)).toEqual([]);
  });
});

describe('the HQ queue and transitions', () => {
  it('sorts the worst first, then the oldest; filters; keeps a coordinator to their regions', async () => {
    const station = await observedStation(t.app.db, 'almaty-city', 2);
    const minor = noticed(station, { categoryCode: 'voting.no_accessible_booth', observedAt: minutesAgo(40) });
    const seriousOld = noticed(station, { categoryCode: 'voting.outsider_present', observedAt: minutesAgo(30) });
    const seriousNew = noticed(station, { categoryCode: 'voting.several_in_booth', observedAt: minutesAgo(10) });
    const critical = noticed(station, { categoryCode: 'voting.voted_twice', observedAt: minutesAgo(5) });
    await record(minor, seriousNew, critical, seriousOld);
    await record(step(minor, { kind: 'chair_notified', told: true, at: minutesAgo(1) }));

    const ids = (items: Violation[]) => items.map((v) => v.id);
    expect(ids(await page(`station=${station.number}`))).toEqual([
      critical.violationId,
      seriousOld.violationId,
      seriousNew.violationId,
      minor.violationId,
    ]);
    expect(ids(await page(`station=${station.number}&severity=minor,critical`))).toEqual([
      critical.violationId,
      minor.violationId,
    ]);
    expect(ids(await page(`station=${station.number}&status=chair_notified`))).toEqual([minor.violationId]);
    expect(ids(await page(`station=${station.number}&category=voting.outsider_present`))).toEqual([
      seriousOld.violationId,
    ]);
    expect(await page(`station=${station.number}&phase=counting`)).toEqual([]);
    const limited = await hq({ method: 'GET', url: `/api/violations?station=${station.number}&limit=1&offset=1` });
    expect(ViolationPage.parse(limited.json())).toMatchObject({ total: 4, items: [{ id: seriousOld.violationId }] });

    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    expect((await almaty({ method: 'GET', url: '/api/violations?region=shymkent' })).statusCode).toBe(403);
    const theirs = await page('limit=1000', almaty);
    expect(theirs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(theirs.map((v) => v.station.region))).toEqual(new Set(['almaty-city']));
    expect(await page(`station=${station.number}`, south)).toEqual([]);
    expect((await south({ method: 'GET', url: `/api/violations/${critical.violationId}` })).statusCode).toBe(403);
    expect((await hq({ method: 'GET', url: `/api/violations/${randomUUID()}` })).statusCode).toBe(404);

    await record(noticed(station1, { categoryCode: 'voting.outsider_present' }));
    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    const own = await page('limit=1000', observer);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((v) => v.station.id === station1.id)).toBe(true);
    expect((await observer({ method: 'GET', url: `/api/violations/${critical.violationId}` })).statusCode).toBe(403);
  });

  it('hands to the legal team, closes with a reason, refuses an illegal move, reopens; the open count follows', async () => {
    const station = await observedStation(t.app.db, 'almaty-city', 3);
    const withAct = noticed(station, { categoryCode: 'voting.multiple_ballots' });
    const plain = noticed(station, { categoryCode: 'voting.no_accessible_booth' });
    await record(withAct, step(withAct, { kind: 'act', act: refusedAct(), at: minutesAgo(1) }), plain);
    await expect.poll(async () => (await liveOf(station.id)).openViolations).toBe(2);
    expect((await liveOf(station.id)).worstSeverity).toBe('critical');

    const move = (id: string, body: Record<string, string>, as = hq) =>
      as({ method: 'POST', url: `/api/violations/${id}/transition`, payload: body });
    const lawyer = asUser(t.app, (await login(t.app, 'lawyer')).token);
    const legal = await move(withAct.violationId, { to: 'with_legal', note: 'Complaint to the court' }, lawyer);
    expect(legal.statusCode, legal.body).toBe(200);
    expect(legal.json()).toMatchObject({ status: 'with_legal' });
    // With the lawyers, the act is what the complaint cites: a phone cannot rewrite it.
    const rewrite = step(withAct, { kind: 'act', act: refusedAct({ text: 'Another text' }), at: minutesAgo(1) });
    const rewritten = await hq({ method: 'POST', url: '/api/violations/changes', payload: [rewrite] });
    expect(rewritten.json().results[0]).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const closed = await move(withAct.violationId, { to: 'closed', reason: 'complaint_decided', note: 'Court agreed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closedReason: 'complaint_decided',
      closedNote: 'Court agreed',
    });
    await expect.poll(async () => (await liveOf(station.id)).openViolations).toBe(1);
    expect((await liveOf(station.id)).worstSeverity).toBe('minor');
    expect(await page(`station=${station.number}&open=true`)).toMatchObject([{ id: plain.violationId }]);

    const again = await move(withAct.violationId, { to: 'with_legal' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await move(plain.violationId, { to: 'reopen' })).statusCode).toBe(409);
    expect((await move(plain.violationId, { to: 'closed', reason: 'maybe' })).statusCode).toBe(400);
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    expect((await move(plain.violationId, { to: 'closed', reason: 'duplicate' }, south)).statusCode).toBe(403);
    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    expect((await move(plain.violationId, { to: 'closed', reason: 'duplicate' }, observer)).statusCode).toBe(403);

    const reopened = await move(withAct.violationId, { to: 'reopen' });
    expect(reopened.json()).toMatchObject({ status: 'act_filed', closedReason: null });
    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const closedPlain = await move(plain.violationId, { to: 'closed', reason: 'not_confirmed' }, almaty);
    expect(closedPlain.statusCode).toBe(200);
    expect((await move(plain.violationId, { to: 'reopen' })).json()).toMatchObject({ status: 'reported' });

    const history = (await detail(withAct.violationId)).history.map((h) => h.kind);
    expect(history).toEqual(['noticed', 'act', 'with_legal', 'closed', 'reopen']);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'violation')
      .where('entity_id', '=', withAct.violationId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['violation.with_legal', 'violation.closed', 'violation.reopen']);
  });
});

describe('exports', () => {
  it('gives the filtered queue as CSV and as GeoJSON points', async () => {
    const station = await observedStation(t.app.db, 'shymkent');
    const a = noticed(station, { categoryCode: 'counting.no_protocol_copy', involved: ['chair', 'secretary'] });
    const b = noticed(station, {
      categoryCode: 'other',
      otherText: 'Lights off during the count',
      description: '=HYPERLINK("http://evil.example","click")',
    });
    await record(a, b, step(a, { kind: 'act', act: refusedAct(), at: minutesAgo(1) }));

    const csv = await hq({ method: 'GET', url: `/api/violations/export.csv?station=${station.number}` });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('violations.csv');
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    // A formula typed on a phone stays text in HQ's spreadsheet.
    expect(rows.find((r) => r.id === b.violationId)!.description).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['id', 'station_number', 'article', 'category_title_ru', 'observed_at', 'sha256']),
    );
    expect(rows[0]).toMatchObject({
      id: a.violationId,
      station_number: String(station.number),
      region: 'shymkent',
      category_code: 'counting.no_protocol_copy',
      article: 'Art. 43',
      severity: 'critical',
      status: 'act_filed',
      involved: 'chair|secretary',
      act_written: 'yes',
      chair_signature: 'refused',
      reporter: expect.any(String),
    });
    expect(rows[0]!.observed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$/);
    expect(rows[1]).toMatchObject({ id: b.violationId, other_text: 'Lights off during the count', act_written: 'no' });

    const geo = await hq({
      method: 'GET',
      url: `/api/violations/export.geojson?station=${station.number}&category=other`,
    });
    expect(geo.statusCode).toBe(200);
    const collection = JSON.parse(geo.body) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(1);
    const stationRow = await t.app.db
      .selectFrom('stations')
      .select(['lat', 'lng'])
      .where('id', '=', station.id)
      .executeTakeFirstOrThrow();
    expect(collection.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [stationRow.lng, stationRow.lat] });
    expect(collection.features[0]!.properties).toMatchObject({ id: b.violationId, category_code: 'other' });

    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const scoped = await almaty({ method: 'GET', url: `/api/violations/export.csv?station=${station.number}` });
    expect(parse(scoped.body, { bom: true, columns: true })).toEqual([]);
    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    expect((await observer({ method: 'GET', url: '/api/violations/export.csv' })).statusCode).toBe(403);
  });
});

describe('the catalogue', () => {
  const ground = {
    code: 'voting.queue_jumping',
    phase: 'voting',
    article: 'Art. 41',
    severity: 'minor',
    title: { kk: 'Кезексіз кіргізу', ru: 'Пропуск без очереди', en: 'Letting people skip the queue' },
    hint: { kk: 'Кезек сақталуы тиіс.', ru: 'Очередь соблюдается.', en: 'The queue is kept.' },
  };

  it('lets HQ add a ground, switch it off and see it; refuses coordinators and a taken code', async () => {
    const created = await hq({ method: 'POST', url: '/api/violation-categories', payload: ground });
    expect(created.statusCode, created.body).toBe(201);
    expect(ViolationCategory.parse(created.json())).toMatchObject({ code: ground.code, builtin: false, active: true });

    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    const list = async (query = '', as = observer) =>
      ViolationCategoryList.parse((await as({ method: 'GET', url: `/api/violation-categories${query}` })).json()).items;
    const codes = (await list()).map((c) => c.code);
    expect(codes).toContain(ground.code);
    expect(codes.indexOf(ground.code)).toBe(codes.length - 1);
    expect(codes[0]).toBe('opening.box_not_sealed');

    const first = noticed(station1, { categoryCode: ground.code });
    expect((await record(first))[0]).toMatchObject({ ok: true });
    expect(await detail(first.violationId)).toMatchObject({ severity: 'minor', category: { code: ground.code } });

    expect((await hq({ method: 'POST', url: '/api/violation-categories', payload: ground })).statusCode).toBe(409);
    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const refused = await almaty({
      method: 'POST',
      url: '/api/violation-categories',
      payload: { ...ground, code: 'voting.other_code' },
    });
    expect(refused.statusCode).toBe(403);

    const off = await hq({
      method: 'PATCH',
      url: `/api/violation-categories/${ground.code}`,
      payload: { active: false, severity: 'serious' },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ active: false, severity: 'serious' });
    expect((await list()).map((c) => c.code)).not.toContain(ground.code);
    expect((await list('?all=true', hq)).find((c) => c.code === ground.code)).toMatchObject({ active: false });
    expect((await observer({ method: 'GET', url: '/api/violation-categories?all=true' })).statusCode).toBe(403);
    // The violation keeps the severity it was reported with.
    expect(await detail(first.violationId)).toMatchObject({ severity: 'minor' });
    // Written offline before HQ switched the ground off: still taken, never lost.
    const late = await send(await open('observer'), noticed(station1, { categoryCode: ground.code }));
    expect(late).toMatchObject({ ok: true });
    expect((await hq({ method: 'PATCH', url: '/api/violation-categories/no.such', payload: {} })).statusCode).toBe(404);

    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'violation_category')
      .where('entity_id', '=', ground.code)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['violation_category.create', 'violation_category.update']);
  });
});
