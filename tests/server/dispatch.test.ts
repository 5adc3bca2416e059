import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  CandidateList,
  Dispatch,
  DispatchBoard,
  DispatchList,
  type DispatchCurrentResult,
  type DutyResult,
  type GroupsChanged,
  type PositionResult,
} from '../../shared/dispatch.ts';
import { asUser, login } from '../support/auth.ts';
import { groupOf as groupOfMember } from '../support/dispatch-fixtures.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let url: string;
type As = ReturnType<typeof asUser>;
let hq: As, coordinator: As, almaty: As, south: As, member: As, member2: As, shymkentMember: As;
let group: { id: number; region: string };
let shymkentGroup: { id: number };
let station: { id: number; lat: number; lng: number };
let shymkentStation: { id: number };
const sockets: Socket[] = [];

/** Every event a socket receives, in order, so a test can wait for one that matches. */
const seen = new Map<Socket, { event: string; data: unknown }[]>();
async function open(username: string): Promise<Socket> {
  const socket = await openSocket(t.app, url, username);
  const log: { event: string; data: unknown }[] = [];
  socket.onAny((event: string, data: unknown) => log.push({ event, data }));
  seen.set(socket, log);
  sockets.push(socket);
  return socket;
}
async function waitFor<T>(socket: Socket, event: string, match: (data: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const hit = seen.get(socket)!.find((e) => e.event === event && match(e.data as T));
    if (hit) return hit.data as T;
    if (Date.now() > until) throw new Error(`no ${event} matching within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const changed = (id: string, status: string) => (d: Dispatch) => d.id === id && d.status === status;

const count = async (table: 'dispatches' | 'dispatch_events' | 'group_positions') =>
  Number(
    (
      await t.app.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const groupOf = (username: string) => groupOfMember(t.app.db, username);
async function stationIn(region: string) {
  return t.app.db
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .select(['s.id', 's.lat', 's.lng'])
    .where('e.is_active', '=', true)
    .where('s.region_code', '=', region)
    .orderBy('s.number')
    .executeTakeFirstOrThrow();
}
const newDispatch = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  groupId: group.id,
  target: { kind: 'station', stationId: station.id },
  priority: 'urgent',
  note: 'Observer refused entry',
  ...over,
});
/** An observer's help call at a station, sent by HQ on their behalf. */
async function openHelpCall(stationId: number) {
  const election = await t.app.db
    .selectFrom('elections')
    .select('id')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  const res = await hq({
    method: 'POST',
    url: '/api/reports',
    payload: {
      id: randomUUID(),
      stationId,
      electionId: election.id,
      deviceTime: new Date().toISOString(),
      body: { kind: 'help', reason: 'threat', note: 'The chair threatens to remove the observer' },
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}
const post = (as: As, payload: object) => as({ method: 'POST', url: '/api/dispatches', payload });
const move = (as: As, id: string, payload: object) =>
  as({ method: 'POST', url: `/api/dispatches/${id}/transition`, payload });

beforeAll(async () => {
  t = await createTestApp({ BROADCAST_INTERVAL_MS: '50', SILENCE_CHECK_SECONDS: '0', DISPATCH_CHECK_SECONDS: '0' });
  url = await t.listen();
  const as = async (username: string) => asUser(t.app, (await login(t.app, username)).token);
  [hq, coordinator, almaty, south, member, member2, shymkentMember] = await Promise.all(
    ['hq', 'coordinator', 'almaty-coordinator', 'south-coordinator', 'mobile', 'mobile2', 'mobile-shymkent-1'].map(as),
  );
  group = await groupOf('mobile');
  expect((await groupOf('mobile2')).id).toBe(group.id);
  shymkentGroup = await groupOf('mobile-shymkent-1');
  station = await stationIn(group.region);
  shymkentStation = await stationIn('shymkent');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

describe('dispatch lifecycle over real sockets', () => {
  let m1: Socket, m2: Socket, hqSocket: Socket, outsider: Socket;
  let dispatchId: string;

  beforeAll(async () => {
    [m1, m2, hqSocket, outsider] = await Promise.all(['mobile', 'mobile2', 'hq', 'correspondent'].map(open));
  });

  it('refuses to dispatch a group that is off duty, and stores nothing', async () => {
    const before = await count('dispatches');
    const res = await post(hq, newDispatch());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/off duty/);
    expect(await count('dispatches')).toBe(before);
  });

  it('a member goes on duty and shares the position; HQ sees it on the board and among the candidates', async () => {
    const duty = (await m1.timeout(5000).emitWithAck('group:duty', { on: true, vehicle: true })) as DutyResult;
    expect(duty).toMatchObject({ ok: true, data: { status: 'available', vehicle: true } });
    const at = new Date().toISOString();
    const position = (await m2.timeout(5000).emitWithAck('group:position', {
      lat: station.lat + 0.01,
      lng: station.lng,
      accuracy: 12,
      at,
    })) as PositionResult;
    expect(position).toEqual({ ok: true, data: { groupId: group.id, at } });
    await waitFor<GroupsChanged>(hqSocket, 'groups:changed', (m) => m.items[0]?.lastPosition?.at === at);

    const board = DispatchBoard.parse((await hq({ method: 'GET', url: '/api/dispatch/board' })).json());
    const row = board.items.find((i) => i.group.id === group.id)!;
    expect(row).toMatchObject({ status: 'available', vehicle: true, current: null, lastPosition: { stale: false } });

    const res = await almaty({ method: 'GET', url: `/api/dispatch/candidates?stationId=${station.id}` });
    expect(res.statusCode).toBe(200);
    const { items } = CandidateList.parse(res.json());
    // The coordinator is offered only their own region's groups; ours is the only one with a position.
    expect(items.every((c) => c.group.region === group.region)).toBe(true);
    expect(items[0]).toMatchObject({ group: { id: group.id }, eligible: true, reasons: [] });
    expect(items[0]!.distanceKm).toBeCloseTo(1.11, 1);
    expect(items[0]!.etaMinutes).toBe(3); // 1.11 km at 30 km/h by car

    const all = CandidateList.parse(
      (await hq({ method: 'GET', url: `/api/dispatch/candidates?stationId=${station.id}` })).json(),
    ).items;
    expect(all.find((c) => c.group.id === shymkentGroup.id)).toMatchObject({
      eligible: false,
      reasons: ['off_duty', 'no_position'],
    });
  });

  it('rings both members and HQ at once; a resend of the same dispatch is answered, not repeated', async () => {
    const body = newDispatch();
    dispatchId = body.id;
    const res = await post(almaty, body);
    expect(res.statusCode).toBe(201);
    const created = Dispatch.parse(res.json());
    expect(created).toMatchObject({
      status: 'pending',
      priority: 'urgent',
      region: group.region,
      createdBy: { name: expect.any(String) },
      transitions: [{ status: 'pending' }],
    });
    for (const socket of [m1, m2, hqSocket]) await waitFor(socket, 'dispatch:changed', changed(dispatchId, 'pending'));

    const again = await post(almaty, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(dispatchId);
    expect(await t.app.db.selectFrom('dispatches').select('id').where('id', '=', dispatchId).execute()).toHaveLength(1);
    const board = DispatchBoard.parse((await hq({ method: 'GET', url: '/api/dispatch/board' })).json());
    expect(board.items.find((i) => i.group.id === group.id)).toMatchObject({
      status: 'dispatched',
      current: { id: dispatchId },
    });
    expect(board.openByRegion[group.region]).toBe(1);
  });

  it('one member acknowledges; the other sees who did; a second press changes nothing', async () => {
    const res = await move(member, dispatchId, { to: 'acknowledged' });
    expect(res.statusCode).toBe(200);
    const seenByOther = await waitFor(m2, 'dispatch:changed', changed(dispatchId, 'acknowledged'));
    expect(seenByOther.transitions.at(-1)).toMatchObject({ status: 'acknowledged', by: { name: expect.any(String) } });
    expect(seenByOther.acknowledgedAt).not.toBeNull();
    await waitFor(hqSocket, 'dispatch:changed', changed(dispatchId, 'acknowledged'));

    const twice = await move(member2, dispatchId, { to: 'acknowledged' });
    expect(twice.statusCode).toBe(200);
    expect(Dispatch.parse(twice.json()).transitions).toHaveLength(2);
  });

  it('refuses what the team may not do and moves out of order', async () => {
    expect((await move(member, dispatchId, { to: 'cancelled' })).statusCode).toBe(403);
    const skip = await move(member, dispatchId, { to: 'on_scene' });
    expect(skip.statusCode).toBe(409);
    expect((await move(shymkentMember, dispatchId, { to: 'en_route' })).statusCode).toBe(403);
    const badResolve = await move(member, dispatchId, { to: 'resolved' });
    expect(badResolve.statusCode).toBe(400);
    const [row] = await t.app.db.selectFrom('dispatches').select('status').where('id', '=', dispatchId).execute();
    expect(row!.status).toBe('acknowledged');
  });

  it('en route, on scene, resolved with an outcome: every step timestamped with who took it', async () => {
    expect((await move(member2, dispatchId, { to: 'en_route' })).statusCode).toBe(200);
    await waitFor(m1, 'dispatch:changed', changed(dispatchId, 'en_route'));
    expect((await move(member, dispatchId, { to: 'on_scene', note: 'Arrived' })).statusCode).toBe(200);
    const res = await move(member, dispatchId, {
      to: 'resolved',
      outcome: 'resolved_on_site',
      note: 'Observer let in after talk with the chair',
    });
    expect(res.statusCode).toBe(200);
    const done = Dispatch.parse(res.json());
    expect(done).toMatchObject({
      status: 'resolved',
      outcome: 'resolved_on_site',
      resolutionNote: 'Observer let in after talk with the chair',
    });
    expect(done.transitions.map((s) => s.status)).toEqual([
      'pending',
      'acknowledged',
      'en_route',
      'on_scene',
      'resolved',
    ]);
    const people = await t.app.db
      .selectFrom('people')
      .select(['id', 'username'])
      .where('username', 'in', ['almaty-coordinator', 'mobile', 'mobile2'])
      .execute();
    const who = (u: string) => people.find((p) => p.username === u)!.id;
    expect(done.transitions.map((s) => s.by.id)).toEqual([
      who('almaty-coordinator'),
      who('mobile'),
      who('mobile2'),
      who('mobile'),
      who('mobile'),
    ]);
    const times = [done.createdAt, done.acknowledgedAt, done.enRouteAt, done.onSceneAt, done.closedAt].map((x) =>
      Date.parse(x!),
    );
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(done.transitions.map((s) => s.at)).toEqual([
      done.createdAt,
      done.acknowledgedAt,
      done.enRouteAt,
      done.onSceneAt,
      done.closedAt,
    ]);
    await waitFor(hqSocket, 'dispatch:changed', changed(dispatchId, 'resolved'));
    await waitFor<GroupsChanged>(m2, 'groups:changed', (m) => m.items[0]?.status === 'returning');
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'dispatch')
      .where('entity_id', '=', dispatchId)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'dispatch.create',
      'dispatch.transition',
      'dispatch.transition',
      'dispatch.transition',
      'dispatch.transition',
    ]);
  });

  it('never sends dispatches to a correspondent', () => {
    expect(seen.get(outsider)!.filter((e) => e.event.startsWith('dispatch') || e.event === 'groups:changed')).toEqual(
      [],
    );
  });

  it('a member who connects after the dispatch gets it back with dispatch:current', async () => {
    const body = newDispatch({ target: { kind: 'help', stationId: station.id }, priority: 'high' });
    // A help target needs an open help call at the station.
    const refused = await post(hq, body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/no open help call/);
    await openHelpCall(station.id);
    expect((await post(hq, body)).statusCode).toBe(201);
    const late = await open('mobile2');
    const answer = (await late.timeout(5000).emitWithAck('dispatch:current', {})) as DispatchCurrentResult;
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data.items.map((d) => [d.id, d.status, d.target.kind])).toEqual([[body.id, 'pending', 'help']]);
    // The coordinator of another region sees none of it.
    const southSocket = await open('south-coordinator');
    const theirs = (await southSocket.timeout(5000).emitWithAck('dispatch:current', {})) as DispatchCurrentResult;
    expect(theirs).toEqual({ ok: true, data: { items: [] } });
  });

  it('flags a dispatch not acknowledged in time, once, by the controlled clock; then HQ cancels it', async () => {
    const open = await hq({ method: 'GET', url: '/api/dispatches?open=true' });
    const [open1] = DispatchList.parse(open.json()).items;
    expect(open1).toMatchObject({ status: 'pending', ackOverdue: false });
    const created = Date.parse(open1!.createdAt);
    expect(await t.app.dispatch.checkDispatchTimers(new Date(created + 179_000))).toEqual([]);
    const flagged = await t.app.dispatch.checkDispatchTimers(new Date(created + 181_000));
    expect(flagged.map((d) => [d.id, d.ackOverdue, d.stuck])).toEqual([[open1!.id, true, false]]);
    await waitFor<Dispatch>(hqSocket, 'dispatch:changed', (d) => d.id === open1!.id && d.ackOverdue);
    expect(await t.app.dispatch.checkDispatchTimers(new Date(created + 600_000))).toEqual([]);

    const cancel = await move(coordinator, open1!.id, { to: 'cancelled', note: 'reassigned' });
    expect(cancel.statusCode).toBe(200);
    expect(Dispatch.parse(cancel.json())).toMatchObject({ status: 'cancelled', ackOverdue: false });
    await waitFor<GroupsChanged>(hqSocket, 'groups:changed', (m) => m.items[0]?.status === 'available');
  });

  it('flags a team stuck en route past the threshold', async () => {
    const body = newDispatch();
    expect((await post(hq, body)).statusCode).toBe(201);
    await move(member, body.id, { to: 'acknowledged' });
    const enRoute = Dispatch.parse((await move(member, body.id, { to: 'en_route' })).json());
    const since = Date.parse(enRoute.enRouteAt!);
    expect(await t.app.dispatch.checkDispatchTimers(new Date(since + 44 * 60_000))).toEqual([]);
    const [stuck] = await t.app.dispatch.checkDispatchTimers(new Date(since + 46 * 60_000));
    expect(stuck).toMatchObject({ id: body.id, stuck: true, ackOverdue: false });
    const onScene = Dispatch.parse((await move(member, body.id, { to: 'on_scene' })).json());
    expect(onScene.stuck).toBe(false);
    expect((await move(hq, body.id, { to: 'cancelled' })).statusCode).toBe(200);
  });
});

describe('concurrency, queueing and scope', () => {
  beforeAll(async () => {
    const duty = await shymkentMember({
      method: 'POST',
      url: `/api/groups/${shymkentGroup.id}/duty`,
      payload: { on: true },
    });
    expect(duty.statusCode).toBe(200);
  });

  it('two coordinators dispatching one group at once: exactly one 201, the other 409 naming who took it', async () => {
    const target = { kind: 'station', stationId: shymkentStation.id };
    const results = await Promise.all([
      post(hq, newDispatch({ groupId: shymkentGroup.id, target })),
      post(south, newDispatch({ groupId: shymkentGroup.id, target })),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = Dispatch.parse(results.find((r) => r.statusCode === 201)!.json());
    const loser = results.find((r) => r.statusCode === 409)!.json();
    expect(loser.error.code).toBe('conflict');
    expect(loser.error.message).toContain(winner.createdBy.name);
    const open = await t.app.db
      .selectFrom('dispatches')
      .select('id')
      .where('group_id', '=', shymkentGroup.id)
      .where('status', '=', 'pending')
      .execute();
    expect(open.map((o) => o.id)).toEqual([winner.id]);
  });

  it('HQ may queue a second dispatch explicitly; it becomes current when the first closes', async () => {
    const target = { kind: 'station', stationId: shymkentStation.id };
    const queued = await post(hq, newDispatch({ groupId: shymkentGroup.id, target, queue: true }));
    expect(queued.statusCode).toBe(201);
    expect(Dispatch.parse(queued.json()).queued).toBe(true);
    const [current] = await t.app.db
      .selectFrom('dispatches')
      .select('id')
      .where('group_id', '=', shymkentGroup.id)
      .where('queued', '=', false)
      .where('status', '=', 'pending')
      .execute();
    expect((await move(shymkentMember, current!.id, { to: 'declined', note: 'car broke down' })).statusCode).toBe(200);
    const [next] = await loadOne(queued.json().id);
    expect(next).toMatchObject({ queued: false, status: 'pending' });
  });

  it('a regional coordinator cannot dispatch or rank outside their region', async () => {
    const before = await count('dispatches');
    const elsewhere = await post(
      almaty,
      newDispatch({ groupId: shymkentGroup.id, target: { kind: 'station', stationId: shymkentStation.id } }),
    );
    expect(elsewhere.statusCode).toBe(403);
    // Their own group sent to another region's station is also outside their remit.
    expect(
      (await post(almaty, newDispatch({ target: { kind: 'station', stationId: shymkentStation.id } }))).statusCode,
    ).toBe(403);
    expect((await post(south, newDispatch())).statusCode).toBe(403);
    const rank = await almaty({ method: 'GET', url: `/api/dispatch/candidates?stationId=${shymkentStation.id}` });
    expect(rank.statusCode).toBe(403);
    expect((await almaty({ method: 'GET', url: '/api/dispatches?region=shymkent' })).statusCode).toBe(403);
    expect(await count('dispatches')).toBe(before);
  });

  it('bad payloads are 400 and store nothing', async () => {
    const before = [await count('dispatches'), await count('dispatch_events'), await count('group_positions')];
    const bad = [
      newDispatch({ id: 'not-a-uuid' }),
      newDispatch({ target: { kind: 'violation', violationId: 12 } }),
      newDispatch({ target: { kind: 'somewhere', stationId: station.id } }),
      newDispatch({ priority: 'whenever' }),
      newDispatch({ note: 'x'.repeat(2001) }),
      newDispatch({ groupId: -1 }),
      {},
    ];
    for (const payload of bad)
      expect((await post(hq, payload)).statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
    expect((await hq({ method: 'GET', url: '/api/dispatch/candidates' })).statusCode).toBe(400);
    expect(
      (await hq({ method: 'GET', url: `/api/dispatch/candidates?stationId=1&violationId=${randomUUID()}` })).statusCode,
    ).toBe(400);
    expect((await move(hq, 'nope', { to: 'cancelled' })).statusCode).toBe(400);
    expect((await move(hq, randomUUID(), { to: 'teleported' })).statusCode).toBe(400);
    expect((await move(hq, randomUUID(), { to: 'cancelled' })).statusCode).toBe(404);
    expect((await post(hq, newDispatch({ target: { kind: 'station', stationId: 2_000_000_000 } }))).statusCode).toBe(
      404,
    );
    const position = (p: object) => member({ method: 'POST', url: `/api/groups/${group.id}/position`, payload: p });
    expect((await position({ lat: 91, lng: 76, at: new Date().toISOString() })).statusCode).toBe(400);
    expect((await position({ lat: 43, lng: 76, at: 'yesterday' })).statusCode).toBe(400);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await position({ lat: 43, lng: 76, at: future })).statusCode).toBe(400);
    expect(
      (
        await member({
          method: 'POST',
          url: `/api/groups/${shymkentGroup.id}/position`,
          payload: { lat: 43, lng: 76, at: new Date().toISOString() },
        })
      ).statusCode,
    ).toBe(403);
    const socket = await open('mobile');
    for (const payload of [{}, null, 'x', { lat: 'a', lng: 1, at: 1 }]) {
      const answer = (await socket.timeout(5000).emitWithAck('group:position', payload)) as PositionResult;
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect(await socket.timeout(5000).emitWithAck('group:duty', { on: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect([await count('dispatches'), await count('dispatch_events'), await count('group_positions')]).toEqual(before);
  });

  it('HQ admin purges positions (audited); nobody else may', async () => {
    expect(await count('group_positions')).toBeGreaterThan(0);
    const before = new Date(Date.now() + 1000).toISOString();
    expect(
      (await coordinator({ method: 'DELETE', url: `/api/positions?before=${encodeURIComponent(before)}` })).statusCode,
    ).toBe(403);
    const res = await hq({ method: 'DELETE', url: `/api/positions?before=${encodeURIComponent(before)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().deleted).toBeGreaterThan(0);
    expect(await count('group_positions')).toBe(0);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'positions.purge')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

async function loadOne(id: string) {
  return t.app.db.selectFrom('dispatches').select(['queued', 'status']).where('id', '=', id).execute();
}
