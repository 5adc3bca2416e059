import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { localInstant } from '../../shared/geo.ts';
import {
  ChangesPage,
  RollupList,
  StationReportList,
  type ReportBody,
  type ReportResult,
  type StationLive,
} from '../../shared/reports.ts';
import { StationsPage } from '../../shared/stations.ts';
import { asUser, login } from '../support/auth.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let url: string;
let electionId: number;
let votingDate: string;
let hq: ReturnType<typeof asUser>;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ BROADCAST_INTERVAL_MS: '50', SILENCE_CHECK_SECONDS: '0' });
  url = await t.listen();
  const election = await t.app.db
    .selectFrom('elections')
    .select(['id', 'voting_date'])
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  electionId = election.id;
  votingDate = election.voting_date;
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

async function stationId(number: number): Promise<number> {
  return StationsPage.parse((await hq({ method: 'GET', url: `/api/stations?number=${number}` })).json()).items[0]!.id;
}

function report(station: number, body: ReportBody, overrides: Record<string, unknown> = {}) {
  return { id: randomUUID(), stationId: station, electionId, deviceTime: new Date().toISOString(), body, ...overrides };
}

const submit = (socket: Socket, payload: unknown) =>
  socket.timeout(10_000).emitWithAck('report:submit', payload) as Promise<ReportResult>;

const arrival: ReportBody = { kind: 'arrival', credentialHandedToChair: true, admitted: true };
const turnout = (chairFigure: number, ownCount: number | null): ReportBody => ({
  kind: 'turnout',
  at: new Date().toISOString(),
  chairFigure,
  ownCount,
  portableBoxRequests: 3,
});

async function liveOf(station: number): Promise<StationLive> {
  const res = await hq({ method: 'GET', url: '/api/live' });
  return (res.json().items as StationLive[]).find((s) => s.stationId === station)!;
}

/** Collects `stations:changed` messages on a socket. */
function collect(socket: Socket): StationLive[] {
  const got: StationLive[] = [];
  socket.on('stations:changed', (message: { items: StationLive[] }) => got.push(...message.items));
  return got;
}

describe('report:submit', () => {
  it('acknowledges after commit with the id, a sequence number and duplicate: false; the station goes on site', async () => {
    const observer = await open('observer');
    const s1 = await stationId(1);
    const r = report(s1, arrival);
    const answer = await submit(observer, r);
    expect(answer).toEqual({ ok: true, data: { id: r.id, seq: expect.any(Number), duplicate: false } });
    const row = await t.app.db.selectFrom('reports').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'arrival', station_id: s1, entered_by: null });
    expect(await liveOf(s1)).toMatchObject({ phase: 'on_site', silent: false });
  });

  it('answers a resend with the first result (duplicate: true) and refuses the same id with other content', async () => {
    const observer = await open('observer');
    const s1 = await stationId(1);
    const r = report(s1, turnout(100, 98));
    const first = await submit(observer, r);
    const again = await submit(observer, r);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.data).toEqual({ ...first.data, duplicate: true });
    const changed = await submit(observer, { ...r, body: turnout(150, 98) });
    expect(changed).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const count = await t.app.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses a report for someone else's station, bad input and implausible times, writing nothing", async () => {
    const observer = await open('observer');
    const before = await t.app.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await submit(observer, report(await stationId(2), arrival))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const bad = await submit(observer, {
      id: 'not-a-uuid',
      stationId: 1,
      electionId,
      deviceTime: 'yesterday',
      body: { kind: 'turnout', chairFigure: -5 },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation_failed');
      expect(bad.error.details!.map((d) => d.path)).toEqual(expect.arrayContaining(['id', 'deviceTime']));
    }
    const s1 = await stationId(1);
    const early = await submit(
      observer,
      report(s1, arrival, { deviceTime: localInstant(votingDate, 4, 30).toISOString() }),
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ path: 'deviceTime' }] } });
    const future = await submit(
      observer,
      report(s1, arrival, { deviceTime: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(future).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const after = await t.app.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('accepts a chair figure above the registered voters but flags it, and flags a turnout discrepancy', async () => {
    const observer = await open('observer');
    const s1 = await stationId(1);
    const r = report(s1, turnout(5000, 4000), { deviceTime: new Date(Date.now() - 5 * 60_000).toISOString() });
    expect((await submit(observer, r)).ok).toBe(true);
    const row = await t.app.db
      .selectFrom('reports')
      .select(['flags', 'clock_skew_ms'])
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.flags).toEqual(['clock_skew', 'turnout_above_registered', 'turnout_discrepancy']);
    expect(row.clock_skew_ms).toBeLessThan(-4 * 60_000);
    expect(await liveOf(s1)).toMatchObject({
      phase: 'voting',
      chairTurnout: 5000,
      ownTurnout: 4000,
      turnoutDiscrepancy: true,
    });
  });
});

describe('POST /api/reports', () => {
  it("takes one report or a batch; HQ may report on an observer's behalf, recorded as such", async () => {
    const s3 = await stationId(3);
    const single = await hq({ method: 'POST', url: '/api/reports', payload: report(s3, arrival) });
    expect(single.statusCode).toBe(200);
    expect(single.json()).toMatchObject({ ok: true, data: { duplicate: false } });
    const row = await t.app.db
      .selectFrom('reports as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .select(['p.username', 'r.entered_by'])
      .where('r.id', '=', single.json().data.id)
      .executeTakeFirstOrThrow();
    expect(row.username).toBe('obs-3');
    expect(row.entered_by).not.toBeNull();

    const batch = [
      report(s3, {
        kind: 'opening',
        registeredVoters: 1500,
        boothsChecked: true,
        pensNotPencils: true,
        boxIntactAndSealed: true,
        ballotsCounted: true,
        ballotsReceived: 1515,
        openingProtocolPosted: true,
        accessibility: ['ramp'],
        commissionMembersPresent: 7,
      }),
      report(s3, { kind: 'voting_started', at: new Date().toISOString() }),
    ];
    const res = await hq({ method: 'POST', url: '/api/reports', payload: [...batch, batch[0]] });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as ReportResult[];
    expect(results.map((r) => (r.ok ? r.data.duplicate : r.error.code))).toEqual([false, false, true]);
    expect(await liveOf(s3)).toMatchObject({ phase: 'voting' });
    const forbidden = await asUser(
      t.app,
      (await login(t.app, 'observer')).token,
    )({ method: 'POST', url: '/api/reports', payload: report(s3, arrival) });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('live updates', () => {
  it("pushes a station's change to HQ and to its region's coordinator, not to another region's", async () => {
    const hqSocket = await open('coordinator');
    const almaty = await open('almaty-coordinator');
    const south = await open('south-coordinator');
    const [hqGot, almatyGot, southGot] = [collect(hqSocket), collect(almaty), collect(south)];
    const s5 = await stationId(5);
    const answer = await submit(
      await open('obs-5'),
      report(s5, { kind: 'help', reason: 'pressure', note: 'Давление на наблюдателя' }),
    );
    expect(answer.ok).toBe(true);
    await expect.poll(() => hqGot.some((s) => s.stationId === s5 && s.helpOpen)).toBe(true);
    await expect.poll(() => almatyGot.some((s) => s.stationId === s5 && s.helpOpen)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(southGot.filter((s) => s.stationId === s5)).toEqual([]);
  });

  it('lets a dashboard catch up after a disconnect: every change it missed, by sequence, none twice', async () => {
    const dashboard = await open('coordinator');
    const got = collect(dashboard);
    const s6 = await stationId(6);
    const obs = await open('obs-6');
    await submit(obs, report(s6, arrival));
    await expect.poll(() => got.length).toBeGreaterThan(0);
    const lastSeq = Math.max(...got.map((s) => s.seq));
    dashboard.disconnect();

    const missed: number[] = [];
    for (const n of [6, 7, 8]) {
      const station = await stationId(n);
      const socket = n === 6 ? obs : await open(`obs-${n}`);
      const a = await submit(socket, report(station, n === 6 ? turnout(200, 199) : arrival));
      expect(a.ok).toBe(true);
      missed.push(station);
    }
    const page = ChangesPage.parse((await hq({ method: 'GET', url: `/api/changes?since=${lastSeq}` })).json());
    const ids = page.items.map((s) => s.stationId);
    expect(ids).toEqual(expect.arrayContaining(missed));
    expect(new Set(ids).size).toBe(ids.length);
    expect(page.items.map((s) => s.seq)).toEqual([...page.items.map((s) => s.seq)].sort((a, b) => a - b));
    expect(page.items.every((s) => s.seq > lastSeq)).toBe(true);
    expect(page.items.find((s) => s.stationId === s6)).toMatchObject({ phase: 'voting', chairTurnout: 200 });
    // The same over the socket.
    const again = await open('coordinator');
    const viaSocket = (await again.timeout(5000).emitWithAck('live:changes', { since: lastSeq })) as {
      ok: boolean;
      data: unknown;
    };
    expect(ChangesPage.parse(viaSocket.data).items.map((s) => s.stationId)).toEqual(ids);
    // Nothing after the newest.
    const none = ChangesPage.parse((await hq({ method: 'GET', url: `/api/changes?since=${page.seq}` })).json());
    expect(none.items).toEqual([]);
  });

  it('shows a coordinator only their region in the snapshot and the changes', async () => {
    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const snapshot = (await almaty({ method: 'GET', url: '/api/live' })).json();
    expect(snapshot.items).toHaveLength(744);
    expect(new Set(snapshot.items.map((s: StationLive) => s.region))).toEqual(new Set(['almaty-city']));
    const changes = ChangesPage.parse((await almaty({ method: 'GET', url: '/api/changes?since=0' })).json());
    expect(changes.items.every((s) => s.region === 'almaty-city')).toBe(true);
  });
});

describe('station timeline', () => {
  it("lists a station's reports in order with who sent or typed them, within the caller's scope", async () => {
    const s3 = await stationId(3);
    const timeline = StationReportList.parse((await hq({ method: 'GET', url: `/api/stations/${s3}/reports` })).json());
    expect(timeline.items.map((r) => r.kind)).toEqual(['arrival', 'opening', 'voting_started']);
    expect(timeline.items.every((r) => r.enteredBy !== null && r.observer.name.length > 0)).toBe(true);
    const seqs = timeline.items.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const observer = asUser(t.app, (await login(t.app, 'observer')).token);
    expect((await observer({ method: 'GET', url: `/api/stations/${await stationId(1)}/reports` })).statusCode).toBe(
      200,
    );
    expect((await observer({ method: 'GET', url: `/api/stations/${s3}/reports` })).statusCode).toBe(403);
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    expect((await south({ method: 'GET', url: `/api/stations/${s3}/reports` })).statusCode).toBe(403);
  });
});

describe('help calls', () => {
  it('HQ closes an open help call: the station is updated live and the audit log keeps who did it', async () => {
    const s11 = await stationId(11);
    expect((await submit(await open('obs-11'), report(s11, { kind: 'help', reason: 'threat' }))).ok).toBe(true);
    expect(await liveOf(s11)).toMatchObject({ helpOpen: true });
    const dashboard = await open('coordinator');
    const got = collect(dashboard);
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    expect((await south({ method: 'POST', url: `/api/stations/${s11}/help/close`, payload: {} })).statusCode).toBe(403);
    const closed = await hq({
      method: 'POST',
      url: `/api/stations/${s11}/help/close`,
      payload: { note: 'Mobile group on site' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ stationId: s11, helpOpen: false });
    await expect.poll(() => got.some((s) => s.stationId === s11 && !s.helpOpen)).toBe(true);
    expect(await liveOf(s11)).toMatchObject({ helpOpen: false });
    expect((await hq({ method: 'POST', url: `/api/stations/${s11}/help/close`, payload: {} })).statusCode).toBe(409);
    const audit = (await hq({ method: 'GET', url: `/api/audit?action=help.close&entityId=${s11}` })).json();
    expect(audit.items).toHaveLength(1);
  });
});

describe('what needs attention', () => {
  it('keeps when a help call was made (a second call keeps the first time) and when entry was refused', async () => {
    const s12 = await stationId(12);
    const obs = await open('obs-12');
    const before = Date.now();
    expect((await submit(obs, report(s12, { kind: 'help', reason: 'pressure' }))).ok).toBe(true);
    const first = await liveOf(s12);
    expect(first.helpOpen).toBe(true);
    expect(Date.parse(first.helpAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect((await submit(obs, report(s12, { kind: 'help', reason: 'threat' }))).ok).toBe(true);
    expect((await liveOf(s12)).helpAt).toBe(first.helpAt);
    await hq({ method: 'POST', url: `/api/stations/${s12}/help/close`, payload: {} });
    expect(await liveOf(s12)).toMatchObject({ helpOpen: false, helpAt: null });

    const s13 = await stationId(13);
    const obs13 = await open('obs-13');
    const refused: ReportBody = {
      kind: 'arrival',
      credentialHandedToChair: false,
      admitted: false,
      refusalReason: 'no',
    };
    expect((await submit(obs13, report(s13, refused))).ok).toBe(true);
    const blocked = await liveOf(s13);
    expect(blocked).toMatchObject({ refusedEntry: true });
    expect(blocked.refusedAt).not.toBeNull();
    expect((await submit(obs13, report(s13, refused))).ok).toBe(true);
    expect((await liveOf(s13)).refusedAt).toBe(blocked.refusedAt);
    expect((await submit(obs13, report(s13, arrival))).ok).toBe(true);
    expect(await liveOf(s13)).toMatchObject({ refusedEntry: false, refusedAt: null, phase: 'on_site' });
  });
});

describe('rollups', () => {
  it('counts coverage, observers on site, help calls and turnout per region and for the country, in scope', async () => {
    const res = await hq({ method: 'GET', url: '/api/rollups' });
    expect(res.statusCode).toBe(200);
    const { country, regions } = RollupList.parse(res.json());
    expect(regions).toHaveLength(20);
    expect(country.stations).toBe(10_248);
    expect(country.covered).toBe(regions.reduce((sum, r) => sum + r.covered, 0));
    const almaty = regions.find((r) => r.region === 'almaty-city')!;
    expect(almaty.onSite).toBeGreaterThanOrEqual(1);
    expect(almaty.helpOpen).toBeGreaterThanOrEqual(1);
    expect(almaty.turnout).toBeGreaterThan(0);
    expect(almaty.turnoutPct).toBeCloseTo((almaty.turnout / almaty.registeredVoters) * 100, 0);
    // Own tallies are summed apart from the chairs' figures.
    const own = await t.app.db
      .selectFrom('station_status')
      .select((eb) => eb.fn.sum<string>('own_turnout').as('sum'))
      .where('region_code', '=', 'almaty-city')
      .executeTakeFirstOrThrow();
    expect(almaty.ownTurnout).toBe(Number(own.sum ?? 0));
    expect(almaty.ownTurnout).toBeGreaterThan(0);
    const coordinator = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    const mine = RollupList.parse((await coordinator({ method: 'GET', url: '/api/rollups' })).json());
    expect(mine.regions.map((r) => r.region)).toEqual(['shymkent', 'turkistan']);
    expect(mine.country.stations).toBe(405 + 1228);
  });
});

describe('silent stations', () => {
  it('flags an observer not arrived by 06:30, and a station quiet for 90 minutes during voting; a report clears it', async () => {
    const early = await t.app.live.checkSilence(localInstant(votingDate, 6, 20));
    expect(early).toEqual([]);
    const quiet = await stationId(9);
    const busy = await stationId(10);
    await t.app.db
      .updateTable('station_status')
      .set({ phase: 'voting', last_report_at: localInstant(votingDate, 8, 0) })
      .where('station_id', '=', quiet)
      .execute();
    await t.app.db
      .updateTable('station_status')
      .set({ phase: 'voting', last_report_at: localInstant(votingDate, 9, 0) })
      .where('station_id', '=', busy)
      .execute();
    const marked = await t.app.live.checkSilence(localInstant(votingDate, 9, 45));
    const ids = marked.map((s) => s.stationId);
    expect(ids).toContain(quiet);
    expect(ids).not.toContain(busy);
    // Observers who never arrived (most demo stations at this point) are silent too.
    const notArrived = marked.filter((s) => s.phase === 'observer_assigned');
    expect(notArrived.length).toBeGreaterThan(9000);
    expect(await liveOf(quiet)).toMatchObject({ silent: true });
    // A second check changes nothing.
    expect(await t.app.live.checkSilence(localInstant(votingDate, 9, 46))).toEqual([]);
    const obs = await open('obs-9');
    expect((await submit(obs, report(quiet, turnout(300, 310)))).ok).toBe(true);
    expect(await liveOf(quiet)).toMatchObject({ silent: false });
  });
});
