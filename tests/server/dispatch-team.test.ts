import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatch, DispatchMetrics, TeamView, type DispatchCurrentResult } from '../../shared/dispatch.ts';
import { localInstant } from '../../shared/geo.ts';
import { asUser, login } from '../support/auth.ts';
import { groupOf as groupOfMember, personId as personOf } from '../support/dispatch-fixtures.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { noticed, observedStation } from '../support/violation-fixtures.ts';

/**
 * The team app's view, the evidence a team may open, step times sent late from a phone, the
 * per-day metrics, and group room membership after HQ moves a member.
 */
let t: TestApp;
const groupOf = (username: string) => groupOfMember(t.app.db, username);
const personId = (username: string) => personOf(t.app.db, username);
let url: string;
type As = ReturnType<typeof asUser>;
let hq: As, almaty: As, south: As, member: As, observerAs: As, shymkentMember: As;
let group: { id: number; region: string };
let station: Awaited<ReturnType<typeof observedStation>>;
let electionId: number;

const post = (as: As, u: string, payload: object) => as({ method: 'POST', url: u, payload });
const dispatchTo = async (target: object, over: Record<string, unknown> = {}) => {
  const res = await post(hq, '/api/dispatches', {
    id: randomUUID(),
    groupId: group.id,
    target,
    priority: 'high',
    note: 'Go now',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return Dispatch.parse(res.json());
};
const move = (as: As, id: string, payload: object) => post(as, `/api/dispatches/${id}/transition`, payload);
const team = async (as: As = member) => {
  const res = await as({ method: 'GET', url: '/api/team' });
  expect(res.statusCode, res.body).toBe(200);
  return TeamView.parse(res.json());
};

beforeAll(async () => {
  t = await createTestApp({ BROADCAST_INTERVAL_MS: '50', SILENCE_CHECK_SECONDS: '0', DISPATCH_CHECK_SECONDS: '0' });
  url = await t.listen();
  const db = t.app.db;
  group = await groupOf('mobile');
  station = await observedStation(db, group.region);
  electionId = station.electionId;
  const as = async (username: string) => asUser(t.app, (await login(t.app, username)).token);
  [hq, almaty, south, member, observerAs, shymkentMember] = await Promise.all(
    ['hq', 'almaty-coordinator', 'south-coordinator', 'mobile', station.username, 'mobile-shymkent-1'].map(as),
  );
  expect((await post(member, `/api/groups/${group.id}/duty`, { on: true })).statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('the team app view', () => {
  let violationId: string;
  let evidenceId: string;

  it('is only for team members: HQ is refused, a member of no group is told so', async () => {
    expect((await hq({ method: 'GET', url: '/api/team' })).statusCode).toBe(403);
    const view = await team();
    expect(view.group.group.id).toBe(group.id);
    expect(view.group.status).toBe('available');
    expect(view.dispatches).toEqual([]);
    // The group's stations with their live state, in number order.
    const numbers = view.stations.map((s) => s.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const tours = await t.app.db
      .selectFrom('mobile_group_stations')
      .select('station_id')
      .where('group_id', '=', group.id)
      .execute();
    expect(view.stations.map((s) => s.id).sort()).toEqual(tours.map((r) => r.station_id).sort());

    await t.app.db
      .deleteFrom('mobile_group_members')
      .where('group_id', '=', (await groupOf('mobile-shymkent-1')).id)
      .where('person_id', '=', await personId('mobile-shymkent-1'))
      .execute();
    const lost = await shymkentMember({ method: 'GET', url: '/api/team' });
    expect(lost.statusCode).toBe(404);
    expect(lost.json().error.message).toMatch(/not in a mobile group/);
  });

  it('shows the violation the team is sent to with its evidence, which the member may then open', async () => {
    const first = noticed(station);
    violationId = first.violationId;
    const reported = await post(observerAs, '/api/violations/changes', [first]);
    expect(reported.statusCode, reported.body).toBe(200);
    evidenceId = randomUUID();
    const declared = await post(observerAs, '/api/evidence', { id: evidenceId, violationId, size: 2048 });
    expect(declared.statusCode, declared.body).toBe(201);
    // The whole photo (a JPEG header and filler): the kind is known from the bytes.
    const bytes = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(2028)]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'photo.jpg');
    const uploaded = await fetch(`${url}/api/evidence/${evidenceId}/content?offset=0`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${(await login(t.app, station.username)).token}` },
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);

    // Before any dispatch to it, the evidence is not the team's to see.
    expect((await member({ method: 'GET', url: `/api/evidence/${evidenceId}` })).statusCode).toBe(403);

    const sent = await dispatchTo({ kind: 'violation', violationId });
    const view = await team();
    expect(view.dispatches).toHaveLength(1);
    const [current] = view.dispatches;
    expect(current).toMatchObject({
      id: sent.id,
      status: 'pending',
      help: null,
      station: { id: station.id },
      violation: { id: violationId, category: { code: 'voting.multiple_ballots' } },
    });
    expect(current!.violation!.evidence.map((e) => e.id)).toEqual([evidenceId]);
    expect((await member({ method: 'GET', url: `/api/evidence/${evidenceId}` })).statusCode).toBe(200);
    // Another group's member still may not.
    const other = await login(t.app, 'mobile-shymkent-2');
    expect((await asUser(t.app, other.token)({ method: 'GET', url: `/api/evidence/${evidenceId}` })).statusCode).toBe(
      403,
    );
  });

  it('keeps the phone time of a step pressed offline, within the previous step and now', async () => {
    const [current] = (await team()).dispatches;
    const created = Date.parse(current!.createdAt);
    // A time before the dispatch was sent is not believed: the server clock is used.
    const early = new Date(created - 60_000).toISOString();
    const before = Date.now();
    const ack = Dispatch.parse((await move(member, current!.id, { to: 'acknowledged', at: early })).json());
    expect(Date.parse(ack.acknowledgedAt!)).toBeGreaterThanOrEqual(before);
    // A time between the acknowledgement and now is kept as it is.
    await new Promise((r) => setTimeout(r, 50));
    const pressed = new Date(Date.parse(ack.acknowledgedAt!) + 20).toISOString();
    const enRoute = Dispatch.parse((await move(member, current!.id, { to: 'en_route', at: pressed })).json());
    expect(enRoute.enRouteAt).toBe(pressed);
    expect(enRoute.transitions.at(-1)).toMatchObject({ status: 'en_route', at: pressed });
    // From the future (beyond the allowed clock skew): refused, nothing changes.
    const future = new Date(Date.now() + 3 * 3600_000).toISOString();
    const refused = await move(member, current!.id, { to: 'on_scene', at: future });
    expect(refused.statusCode).toBe(400);
    expect((await team()).dispatches[0]!.status).toBe('en_route');
    await move(member, current!.id, { to: 'on_scene' });
    await move(member, current!.id, { to: 'resolved', outcome: 'act_filed', note: 'Act written with the chair' });
    const after = await team();
    expect(after.dispatches).toEqual([]);
    expect(after.recent[0]).toMatchObject({ id: current!.id, status: 'resolved', outcome: 'act_filed' });
    expect(after.group.status).toBe('returning');
    // The dispatch is over: the violation's evidence is no longer the team's to open.
    const [evidence] = current!.violation!.evidence;
    expect((await member({ method: 'GET', url: `/api/evidence/${evidence!.id}` })).statusCode).toBe(403);
    // Back in service: the duty switch makes the group available again.
    expect((await post(member, `/api/groups/${group.id}/duty`, { on: true })).json().status).toBe('available');
  });

  it("shows a help call's reason and note to the team sent to it", async () => {
    const report = await post(hq, '/api/reports', {
      id: randomUUID(),
      stationId: station.id,
      electionId,
      deviceTime: new Date().toISOString(),
      body: { kind: 'help', reason: 'removal', note: 'They want me out before the count' },
    });
    expect(report.statusCode, report.body).toBe(200);
    const sent = await dispatchTo({ kind: 'help', stationId: station.id });
    const [current] = (await team()).dispatches;
    expect(current).toMatchObject({
      id: sent.id,
      violation: null,
      help: { open: true, reason: 'removal', note: 'They want me out before the count' },
    });
    expect(current!.help!.at).not.toBeNull();
    await move(hq, sent.id, { to: 'cancelled', note: 'Solved by phone' });
  });
});

describe('a dispatch queued behind another', () => {
  it('starts its acknowledgement clock when it becomes current; late resends of past steps change nothing', async () => {
    const first = await dispatchTo({ kind: 'station', stationId: station.id });
    expect(first.activatedAt).toBe(first.createdAt);
    // A resend of the same id with another note is another dispatch: refused.
    const changed = await post(hq, '/api/dispatches', {
      id: first.id,
      groupId: group.id,
      target: { kind: 'station', stationId: station.id },
      priority: 'high',
      note: 'Another note',
    });
    expect(changed.statusCode).toBe(409);
    const second = await dispatchTo({ kind: 'station', stationId: station.id }, { queue: true });
    expect(second).toMatchObject({ queued: true, activatedAt: null });

    // Four minutes later only the current one is overdue; the queued one has not started.
    const flagged = await t.app.dispatch.checkDispatchTimers(new Date(Date.now() + 4 * 60_000));
    expect(flagged.map((d) => d.id)).toEqual([first.id]);

    await move(member, first.id, { to: 'acknowledged' });
    await move(member, first.id, { to: 'en_route' });
    // The other phone's acknowledgement arrives late: answered with the dispatch as it is, unchanged.
    const late = await move(member, first.id, { to: 'acknowledged' });
    expect(late.statusCode).toBe(200);
    expect(Dispatch.parse(late.json()).status).toBe('en_route');
    const events = await t.app.db
      .selectFrom('dispatch_events')
      .select('status')
      .where('dispatch_id', '=', first.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.status)).toEqual(['pending', 'acknowledged', 'en_route']);

    const before = Date.now();
    await move(member, first.id, { to: 'resolved', outcome: 'resolved_on_site' });
    const [promoted] = (await team()).dispatches;
    expect(promoted).toMatchObject({ id: second.id, queued: false, status: 'pending', ackOverdue: false });
    expect(Date.parse(promoted!.activatedAt!)).toBeGreaterThanOrEqual(before - 5);
    // Its three minutes count from now, not from when it was queued.
    const now = Date.now();
    expect(await t.app.dispatch.checkDispatchTimers(new Date(now + 60_000))).toEqual([]);
    const overdue = await t.app.dispatch.checkDispatchTimers(new Date(now + 4 * 60_000));
    expect(overdue.map((d) => d.id)).toEqual([second.id]);
    await move(hq, second.id, { to: 'cancelled', note: 'Not needed' });
    expect((await team()).group.status).toBe('available');
  });
});

describe('concurrent steps on one group', () => {
  it('closing the current dispatch while HQ cancels the queued one leaves one consistent state', async () => {
    for (let round = 0; round < 5; round += 1) {
      const current = await dispatchTo({ kind: 'station', stationId: station.id });
      const queued = await dispatchTo({ kind: 'station', stationId: station.id }, { queue: true });
      const third = await dispatchTo({ kind: 'station', stationId: station.id }, { queue: true });
      const answers = await Promise.all([
        move(member, current.id, { to: 'declined', note: 'Car broke down' }),
        move(hq, queued.id, { to: 'cancelled', note: 'Solved by phone' }),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
      // Whatever the order, the third dispatch is now the group's current one, and the group knows it.
      const view = await team();
      expect(view.dispatches.map((d) => [d.id, d.queued])).toEqual([[third.id, false]]);
      expect(view.group.status).toBe('dispatched');
      expect(view.group.current?.id).toBe(third.id);
      await move(hq, third.id, { to: 'cancelled' });
      expect((await team()).group.status).toBe('available');
    }
  });
});

describe('dispatch metrics per election day', () => {
  const DAY = '2026-12-20';
  interface Past {
    /** Local time it was sent: [date, hour, minute]. */
    sent: [string, number, number];
    /** Minutes it waited queued behind another dispatch before it became current. */
    queued?: number;
    /** Minutes from becoming current to acknowledged and to on scene (null: never). */
    ack: number | null;
    arrive: number | null;
  }
  /** Dispatches written straight to the table at known local times. */
  async function seed(region: string, stationId: number, items: Past[]) {
    for (const m of items) {
      const created = localInstant(...m.sent);
      const activated = new Date(created.getTime() + (m.queued ?? 0) * 60_000);
      const at = (mins: number | null) => (mins === null ? null : new Date(activated.getTime() + mins * 60_000));
      await t.app.db
        .insertInto('dispatches')
        .values({
          id: randomUUID(),
          election_id: electionId,
          group_id: group.id,
          region_code: region,
          target_kind: 'station',
          station_id: stationId,
          violation_id: null,
          priority: 'normal',
          note: '',
          status: m.arrive !== null ? 'resolved' : m.ack !== null ? 'cancelled' : 'declined',
          created_by: await personId('hq'),
          created_at: created,
          activated_at: activated,
          updated_at: created,
          acknowledged_at: at(m.ack),
          on_scene_at: at(m.arrive),
          closed_at: at((m.arrive ?? m.ack ?? 0) + 5),
          queued: false,
        })
        .execute();
    }
  }

  it('gives median and p90 times to acknowledge and to arrive per region, as computed by hand', async () => {
    const other = await observedStation(t.app.db, 'shymkent');
    // Almaty: acknowledged 1, 2, 3, 4 minutes after becoming current (one never), arrived after
    // 10, 20, 40. The first is sent at 02:00 local (21:00 UTC the day before): it counts for the day.
    // The second waited 20 minutes in the queue: that wait is not the team's.
    await seed(group.region, station.id, [
      { sent: [DAY, 2, 0], ack: 1, arrive: 10 },
      { sent: [DAY, 9, 0], queued: 20, ack: 2, arrive: 20 },
      { sent: [DAY, 9, 10], ack: 3, arrive: 40 },
      { sent: [DAY, 23, 30], ack: 4, arrive: null },
      { sent: [DAY, 9, 30], ack: null, arrive: null },
    ]);
    await seed('shymkent', other.id, [{ sent: [DAY, 12, 0], ack: 5, arrive: 30 }]);
    // Not this local day: 00:30 the next day (still the same day in UTC) and 23:50 the day before.
    await seed(group.region, station.id, [
      { sent: ['2026-12-21', 0, 30], ack: 30, arrive: 90 },
      { sent: ['2026-12-19', 23, 50], ack: 30, arrive: 90 },
    ]);
    const res = await hq({ method: 'GET', url: `/api/dispatch/metrics?day=${DAY}` });
    expect(res.statusCode, res.body).toBe(200);
    const metrics = DispatchMetrics.parse(res.json());
    const almatyRow = metrics.regions.find((r) => r.region === group.region)!;
    // Medians and p90 with linear interpolation (percentile_cont): acks 60,120,180,240 s.
    expect(almatyRow).toEqual({
      region: group.region,
      dispatches: 5,
      acknowledged: 4,
      arrived: 3,
      resolved: 3,
      ackMedianSeconds: 150,
      ackP90Seconds: 222,
      arriveMedianSeconds: 1200,
      arriveP90Seconds: 2160,
    });
    expect(metrics.total).toMatchObject({
      region: null,
      dispatches: 6,
      acknowledged: 5,
      arrived: 4,
      ackMedianSeconds: 180,
      arriveMedianSeconds: 1500,
    });
    expect(metrics.regions.map((r) => r.region)).toEqual([group.region, 'shymkent'].sort());

    // A region's coordinator sees their region only; a team member none of it.
    const theirs = DispatchMetrics.parse(
      (await almaty({ method: 'GET', url: `/api/dispatch/metrics?day=${DAY}` })).json(),
    );
    expect(theirs.regions.map((r) => r.region)).toEqual([group.region]);
    expect(theirs.total.dispatches).toBe(5);
    const south0 = DispatchMetrics.parse(
      (await south({ method: 'GET', url: `/api/dispatch/metrics?day=${DAY}` })).json(),
    );
    expect(south0.regions.map((r) => r.region)).toEqual(['shymkent']);
    expect((await member({ method: 'GET', url: `/api/dispatch/metrics?day=${DAY}` })).statusCode).toBe(403);

    const empty = DispatchMetrics.parse(
      (await hq({ method: 'GET', url: '/api/dispatch/metrics?day=2026-12-18' })).json(),
    );
    expect(empty.total).toMatchObject({ dispatches: 0, ackMedianSeconds: null, arriveP90Seconds: null });
    expect(empty.regions).toEqual([]);
    expect((await hq({ method: 'GET', url: '/api/dispatch/metrics?day=20-12-2026' })).statusCode).toBe(400);
  });
});

describe('group rooms follow membership', () => {
  it('a member moved into a group after connecting gets its dispatches once they catch up', async () => {
    const shymkent = await groupOf('mobile-shymkent-2');
    const moved = await personId('mobile-shymkent-1');
    const socket = await openSocket(t.app, url, 'mobile-shymkent-1');
    const got: Dispatch[] = [];
    socket.on('dispatch:changed', (d: Dispatch) => got.push(d));
    // HQ puts them back in the Shymkent group (they were taken out above).
    await t.app.db.insertInto('mobile_group_members').values({ group_id: shymkent.id, person_id: moved }).execute();
    const answer = (await socket.timeout(5000).emitWithAck('dispatch:current', {})) as DispatchCurrentResult;
    expect(answer.ok).toBe(true);
    const memberOf = asUser(t.app, (await login(t.app, 'mobile-shymkent-2')).token);
    expect((await post(memberOf, `/api/groups/${shymkent.id}/duty`, { on: true })).statusCode).toBe(200);
    const target = await observedStation(t.app.db, 'shymkent');
    const res = await post(hq, '/api/dispatches', {
      id: randomUUID(),
      groupId: shymkent.id,
      target: { kind: 'station', stationId: target.id },
      priority: 'normal',
      note: '',
    });
    expect(res.statusCode, res.body).toBe(201);
    await expect.poll(() => got.map((d) => d.id)).toContain(res.json().id);
    socket.close();
  });
});
