import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Browser } from 'playwright-core';
import { DispatchBoard } from '../../shared/dispatch.ts';
import { BUILTIN_CATEGORIES } from '../../shared/violation-catalogue.ts';
import { asUser, login } from '../support/auth.ts';
import { noticed, observedStation } from '../support/violation-fixtures.ts';
import { groupOf as groupOfMember, tourStation } from '../support/dispatch-fixtures.ts';
import { launchBrowser, openPhone, serveApp, shoot, signIn, type ServedApp } from './browser.ts';

let served: ServedApp;
const groupOf = (username: string) => groupOfMember(served.app.db, username);
const stationOf = (groupId: number) => tourStation(served.app.db, groupId);
let browser: Browser;
type As = ReturnType<typeof asUser>;
let hq: As;
let mobile2: As;

beforeAll(async () => {
  [served, browser] = await Promise.all([
    serveApp({ BROADCAST_INTERVAL_MS: '100', DISPATCH_CHECK_SECONDS: '0', SILENCE_CHECK_SECONDS: '0' }),
    launchBrowser(),
  ]);
  hq = asUser(served.app, (await login(served.app, 'hq')).token);
  mobile2 = asUser(served.app, (await login(served.app, 'mobile2')).token);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** A team member's phone in Almaty: touch screen, location allowed and set. */
const openTeamPhone = (login: string) =>
  openPhone(browser, served.url, login, {
    ready: '[data-testid="team-view"][data-state="ready"]',
    geolocation: { latitude: 43.24, longitude: 76.9 },
  });

const dispatchRow = (id: string) =>
  served.app.db
    .selectFrom('dispatches')
    .select(['status', 'acknowledged_at', 'en_route_at', 'on_scene_at', 'outcome', 'resolution_note'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const groupStatus = async (id: number) =>
  (await served.app.db.selectFrom('mobile_groups').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

/** HQ calls off whatever the group still holds, so a test starts with a free team. */
async function freeGroup(groupId: number) {
  const open = await served.app.db
    .selectFrom('dispatches')
    .select('id')
    .where('group_id', '=', groupId)
    .where('status', 'in', ['pending', 'acknowledged', 'en_route', 'on_scene'])
    .orderBy('queued', 'desc')
    .execute();
  for (const { id } of open) {
    const r = await hq({ method: 'POST', url: `/api/dispatches/${id}/transition`, payload: { to: 'cancelled' } });
    expect(r.statusCode, r.body).toBe(200);
  }
}

describe('team app', () => {
  it('shares the position on duty, rings, takes steps offline with their own time, closes and goes back in service', async () => {
    const group = await groupOf('mobile');
    const station = await stationOf(group.id);
    const { context, page, problems } = await openTeamPhone('mobile');
    const view = page.locator('[data-testid="team-view"]');
    expect(await view.locator('h2').textContent()).toBe('Алматы-1');
    expect(await page.locator('[data-testid="no-dispatch"]').count()).toBe(1);
    expect(await page.locator('[data-testid="team-stations"] li').count()).toBeGreaterThan(0);

    // Duty on: the phone starts watching its location and sends it at once.
    const duty = page.locator('[data-testid="duty-switch"]');
    expect(await duty.getAttribute('aria-pressed')).toBe('false');
    expect(await groupStatus(group.id)).toBe('off_duty');
    await duty.click();
    await expect.poll(() => duty.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => page.getAttribute('[data-testid="position-state"]', 'data-geo'), { timeout: 10_000 })
      .toBe('ok');
    await expect
      .poll(() => page.textContent('[data-testid="position-state"]'), { timeout: 10_000 })
      .toMatch(/\d\d:\d\d/);
    const board = DispatchBoard.parse((await hq({ method: 'GET', url: '/api/dispatch/board' })).json());
    const row = board.items.find((i) => i.group.id === group.id)!;
    expect(row.status).toBe('available');
    expect(row.lastPosition).toMatchObject({ stale: false });
    expect(row.lastPosition!.lat).toBeCloseTo(43.24, 3);
    expect(row.lastPosition!.lng).toBeCloseTo(76.9, 3);

    // Count the vibrations and beeps the page makes (the phone's own would be felt and heard).
    await page.evaluate(() => {
      const w = Object.assign(window, { vibrations: [] as unknown[], beeps: 0 });
      navigator.vibrate = ((pattern: unknown) => (w.vibrations.push(pattern), true)) as Navigator['vibrate'];
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.beeps += 1;
        return create.call(this);
      };
    });
    const Rung = z.object({ vibrations: z.array(z.unknown()), beeps: z.number() });
    const rung = async () =>
      Rung.parse(
        await page.evaluate(() => ({
          vibrations: Reflect.get(window, 'vibrations'),
          beeps: Reflect.get(window, 'beeps'),
        })),
      );

    // An observer's help call at one of the group's stations; HQ sends the group to it.
    const help = await hq({
      method: 'POST',
      url: '/api/reports',
      payload: {
        id: randomUUID(),
        stationId: station.id,
        electionId: station.electionId,
        deviceTime: new Date().toISOString(),
        body: { kind: 'help', reason: 'threat', note: 'The chair threatens to remove the observer' },
      },
    });
    expect(help.statusCode, help.body).toBe(200);
    const dispatchId = randomUUID();
    const sent = await hq({
      method: 'POST',
      url: '/api/dispatches',
      payload: {
        id: dispatchId,
        groupId: group.id,
        target: { kind: 'help', stationId: station.id },
        priority: 'urgent',
        note: 'Observer is being pushed out, go now',
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);

    // The phone rings: the alert with the station, the current dispatch with the help call and a map link.
    const alert = page.locator('[data-testid="dispatch-alert"]');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain(String(station.number));
    const current = page.locator('[data-testid="current-dispatch"]');
    expect(await current.getAttribute('data-dispatch-id')).toBe(dispatchId);
    expect(await current.getAttribute('data-status')).toBe('pending');
    await expect.poll(() => current.textContent()).toContain('The chair threatens to remove the observer');
    expect(await current.textContent()).toContain('Observer is being pushed out, go now');
    const at = `${station.lat},${station.lng}`;
    expect(await page.getAttribute('[data-testid="navigate-link"]', 'href')).toBe(
      `geo:${at}?q=${at}(${station.number})`,
    );
    await shoot(page, 'team-alert.png');
    // It keeps ringing: beeps (sound was enabled by the first tap, on the duty switch) and vibration.
    await expect.poll(async () => (await rung()).vibrations.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect((await rung()).beeps).toBeGreaterThanOrEqual(3);
    expect(await alert.locator('.team-alert-hint').count()).toBe(0);

    // No signal: the acknowledgement waits on the phone, the alert stops at once.
    await context.setOffline(true);
    const pressedAt = Date.now();
    await page.click('[data-testid="ack-button"]');
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('1');
    expect(await page.textContent('[data-testid="team-outbox"]')).toContain('1');
    expect(await alert.count()).toBe(0);
    expect(await current.getAttribute('data-status')).toBe('acknowledged');
    // Acknowledged: the vibration is stopped and no more beeps follow.
    const stopped = await rung();
    expect(stopped.vibrations.at(-1)).toBe(0);
    await page.waitForTimeout(3000);
    expect(await rung()).toEqual(stopped);
    expect((await dispatchRow(dispatchId)).status).toBe('pending');
    // A reload in the dead zone: the app, the dispatch and the waiting step all come from the phone.
    await page.reload();
    await page.waitForSelector('[data-testid="team-view"][data-state="offline"]');
    expect(await current.getAttribute('data-dispatch-id')).toBe(dispatchId);
    expect(await current.getAttribute('data-status')).toBe('acknowledged');
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('1');
    expect(await alert.count()).toBe(0);
    // (The waits above also keep the press time and the delivery time clearly apart.)
    const onlineAt = Date.now();
    await context.setOffline(false);
    await expect.poll(async () => (await dispatchRow(dispatchId)).status, { timeout: 20_000 }).toBe('acknowledged');
    const acknowledgedAt = new Date((await dispatchRow(dispatchId)).acknowledged_at!).getTime();
    expect(Math.abs(acknowledgedAt - pressedAt)).toBeLessThan(1500);
    expect(acknowledgedAt).toBeLessThan(onlineAt - 1000);
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('0');
    expect(await page.textContent('[data-testid="team-outbox"]')).toContain('0');

    // En route, on scene, resolved with an outcome; each reaches the server.
    await page.click('[data-testid="step-en_route"]');
    await expect.poll(async () => (await dispatchRow(dispatchId)).status, { timeout: 10_000 }).toBe('en_route');
    await expect.poll(() => current.getAttribute('data-status')).toBe('en_route');
    await shoot(page, 'team-dispatch.png');
    await page.click('[data-testid="step-on_scene"]');
    await expect.poll(async () => (await dispatchRow(dispatchId)).status, { timeout: 10_000 }).toBe('on_scene');
    await page.click('[data-testid="step-resolved"]');
    expect(await page.isDisabled('[data-testid="confirm-resolved"]')).toBe(true);
    await page.check('[data-testid="outcome-resolved_on_site"]');
    await page.fill('[data-testid="resolve-form"] textarea', 'Observer back inside');
    await page.click('[data-testid="confirm-resolved"]');
    await expect.poll(async () => (await dispatchRow(dispatchId)).status, { timeout: 10_000 }).toBe('resolved');
    expect(await dispatchRow(dispatchId)).toMatchObject({
      outcome: 'resolved_on_site',
      resolution_note: 'Observer back inside',
    });

    // Returning: "back in service" makes the group available again.
    const back = page.locator('[data-testid="back-in-service"]');
    await back.waitFor({ timeout: 10_000 });
    expect(await groupStatus(group.id)).toBe('returning');
    await page.waitForSelector('[data-testid="no-dispatch"]');
    await back.click();
    await expect.poll(() => groupStatus(group.id), { timeout: 10_000 }).toBe('available');
    await expect.poll(() => back.count()).toBe(0);
    expect(await page.getAttribute('[data-testid="group-status"]', 'class')).toContain('group-available');

    // The next dispatch rings until the other member acknowledges it from their phone.
    const second = randomUUID();
    const res = await hq({
      method: 'POST',
      url: '/api/dispatches',
      payload: { id: second, groupId: group.id, target: { kind: 'station', stationId: station.id } },
    });
    expect(res.statusCode, res.body).toBe(201);
    await alert.waitFor({ timeout: 10_000 });
    const ack = await mobile2({
      method: 'POST',
      url: `/api/dispatches/${second}/transition`,
      payload: { to: 'acknowledged' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => current.getAttribute('data-status')).toBe('acknowledged');

    // The team cannot go: decline with a reason; the group is free again.
    await page.click('[data-testid="step-declined"]');
    await page.fill('[data-testid="decline-form"] textarea', 'Car broke down');
    await page.click('[data-testid="confirm-declined"]');
    await expect.poll(async () => (await dispatchRow(second)).status, { timeout: 10_000 }).toBe('declined');
    await page.waitForSelector('[data-testid="no-dispatch"]');
    expect(await groupStatus(group.id)).toBe('available');

    // Two at once: the second is queued behind the first and shown as "next".
    const third = randomUUID();
    const fourth = randomUUID();
    const other = await served.app.db
      .selectFrom('mobile_group_stations as gs')
      .innerJoin('stations as s', 's.id', 'gs.station_id')
      .select(['s.id', 's.number'])
      .where('gs.group_id', '=', group.id)
      .where('s.id', '<>', station.id)
      .executeTakeFirstOrThrow();
    for (const [id, stationId, queue] of [
      [third, station.id, false],
      [fourth, other.id, true],
    ] as const) {
      const r = await hq({
        method: 'POST',
        url: '/api/dispatches',
        payload: { id, groupId: group.id, target: { kind: 'station', stationId }, queue },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    await alert.waitFor({ timeout: 10_000 });
    const next = page.locator('[data-testid="queued-dispatch"]');
    await next.waitFor({ timeout: 10_000 });
    expect(await next.getAttribute('data-dispatch-id')).toBe(fourth);
    expect(await current.getAttribute('data-dispatch-id')).toBe(third);

    // This phone acknowledges with no signal while the other member has already declined: the
    // late step is refused (409), dropped from the outbox and said so; the queued one now rings.
    await context.setOffline(true);
    await page.click('[data-testid="ack-button"]');
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('1');
    // (Declined without acknowledging: a late resend of a step the dispatch did take is answered 200.)
    const declined = await mobile2({
      method: 'POST',
      url: `/api/dispatches/${third}/transition`,
      payload: { to: 'declined' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    await context.setOffline(false);
    await page.locator('[data-testid="step-dropped"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('0');
    expect((await dispatchRow(third)).status).toBe('declined');
    await expect.poll(() => current.getAttribute('data-dispatch-id'), { timeout: 10_000 }).toBe(fourth);
    await alert.waitFor({ timeout: 10_000 });
    expect(await next.count()).toBe(0);

    // HQ calls the team off: the ringing stops and the phone says why.
    const cancel = await hq({
      method: 'POST',
      url: `/api/dispatches/${fourth}/transition`,
      payload: { to: 'cancelled', note: 'Resolved by phone' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    const cancelled = page.locator('[data-testid="dispatch-cancelled"]');
    await cancelled.waitFor({ timeout: 10_000 });
    expect(await cancelled.textContent()).toContain('Resolved by phone');

    // The only failures: requests cut while the phone had no signal (or cut by the reload in the
    // dead zone, when a retry was just under way), and the one late step refused.
    const cut = `request failed: ${served.url}/api/dispatches/${dispatchId}/transition net::ERR_ABORTED`;
    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p) && p !== cut)).toEqual([
      `HTTP 409: ${served.url}/api/dispatches/${third}/transition`,
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
    await context.close();
  });

  it('shows the violation it is sent to in the UI language, with evidence the member may open', async () => {
    const group = await groupOf('mobile');
    const station = await observedStation(served.app.db, group.region);
    const observerToken = (await login(served.app, station.username)).token;
    const observer = asUser(served.app, observerToken);
    const first = noticed(station);
    const reported = await observer({ method: 'POST', url: '/api/violations/changes', payload: [first] });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(
      (await mobile2({ method: 'POST', url: `/api/groups/${group.id}/duty`, payload: { on: true } })).statusCode,
    ).toBe(200);

    const { context, page, problems } = await openTeamPhone('mobile');
    // The observer's phone made a real JPEG thumbnail; Chromium makes one here the same way.
    const thumbnail = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#c62828';
      g.fillRect(0, 0, 64, 48);
      return canvas.toDataURL('image/jpeg', 0.8).split(',')[1]!;
    });
    const evidenceId = randomUUID();
    const bytes = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(2028)]);
    const declared = await observer({
      method: 'POST',
      url: '/api/evidence',
      payload: { id: evidenceId, violationId: first.violationId, size: bytes.length, thumbnail },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'photo.jpg');
    const uploaded = await fetch(`${served.url}/api/evidence/${evidenceId}/content?offset=0`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${observerToken}` },
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);

    const id = randomUUID();
    const sent = await hq({
      method: 'POST',
      url: '/api/dispatches',
      payload: { id, groupId: group.id, target: { kind: 'violation', violationId: first.violationId } },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const current = page.locator(`[data-testid="current-dispatch"][data-dispatch-id="${id}"]`);
    await current.waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="dispatch-alert"]').waitFor();

    const category = BUILTIN_CATEGORIES.find((c) => c.code === 'voting.multiple_ballots')!;
    await expect.poll(() => current.textContent()).toContain(category.title.kk);
    expect(await current.textContent()).toContain('41-бап');
    expect(await current.textContent()).toContain('Two ballots were handed to one voter');
    await page.selectOption('[data-testid="language-select"]', 'ru');
    await expect.poll(() => current.textContent()).toContain(category.title.ru);
    expect(await current.textContent()).toContain('ст. 41');

    // The thumbnail shows (the member may read it now) and the original opens.
    const link = current.locator(`[data-testid="team-evidence"] a[href="/api/evidence/${evidenceId}/content"]`);
    await expect
      .poll(() => link.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(64);
    expect(await page.evaluate(async (href) => (await fetch(href)).status, (await link.getAttribute('href'))!)).toBe(
      200,
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('once the location fails, sends the last fix with its own time rather than as fresh', async () => {
    const group = await groupOf('mobile');
    const station = await stationOf(group.id);
    await freeGroup(group.id);
    expect(
      (await mobile2({ method: 'POST', url: `/api/groups/${group.id}/duty`, payload: { on: true } })).statusCode,
    ).toBe(200);
    const { context, page, problems } = await openTeamPhone('mobile');
    await expect
      .poll(() => page.textContent('[data-testid="position-state"]'), { timeout: 10_000 })
      .toMatch(/\d\d:\d\d/);
    const fixedAt = Date.now();
    // Indoors: the watch reports that the position is unavailable.
    await page.waitForTimeout(2500);
    await context.setGeolocation(null);
    await expect
      .poll(() => page.getAttribute('[data-testid="position-state"]', 'data-geo'), { timeout: 10_000 })
      .toBe('unavailable');
    const failedAt = new Date();

    // A step sends the position too: the last fix, with the moment it was taken.
    const id = randomUUID();
    const sent = await hq({
      method: 'POST',
      url: '/api/dispatches',
      payload: { id, groupId: group.id, target: { kind: 'station', stationId: station.id } },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    await page.click('[data-testid="ack-button"]', { timeout: 10_000 });
    await expect.poll(async () => (await dispatchRow(id)).status, { timeout: 10_000 }).toBe('acknowledged');
    const since = () =>
      served.app.db
        .selectFrom('group_positions')
        .select(['at', 'received_at'])
        .where('group_id', '=', group.id)
        .where('received_at', '>', failedAt)
        .execute();
    await expect.poll(async () => (await since()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const row of await since()) {
      expect(new Date(row.at).getTime()).toBeLessThan(fixedAt + 500);
      expect(new Date(row.received_at).getTime() - new Date(row.at).getTime()).toBeGreaterThan(2000);
    }
    const board = DispatchBoard.parse((await hq({ method: 'GET', url: '/api/dispatch/board' })).json());
    const row = board.items.find((i) => i.group.id === group.id)!;
    expect(new Date(row.lastPosition!.at).getTime()).toBeLessThan(failedAt.getTime());

    const closed = await hq({ method: 'POST', url: `/api/dispatches/${id}/transition`, payload: { to: 'cancelled' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps a waiting step for the member who pressed it when another signs in on the phone', async () => {
    const group = await groupOf('mobile');
    const station = await stationOf(group.id);
    await freeGroup(group.id);
    const people = await served.app.db
      .selectFrom('people')
      .select(['id', 'username'])
      .where('username', 'in', ['mobile', 'mobile2'])
      .execute();
    const personOf = (username: string) => people.find((p) => p.username === username)!.id;
    const { page, context, problems } = await openTeamPhone('mobile');
    const id = randomUUID();
    const sent = await hq({
      method: 'POST',
      url: '/api/dispatches',
      payload: { id, groupId: group.id, target: { kind: 'station', stationId: station.id } },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    await page.locator('[data-testid="dispatch-alert"]').waitFor({ timeout: 10_000 });

    // The step leaves but gets no answer before the member signs out.
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/transition')) posted.push(r.url());
    });
    const held: Array<() => Promise<void>> = [];
    await page.route('**/api/dispatches/*/transition', (route) => void held.push(() => route.abort()));
    await page.click('[data-testid="ack-button"]');
    await expect.poll(() => posted.length).toBe(1);
    expect(await page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('1');
    const signOut = async () => {
      await page.click('[data-testid="user-menu"] button');
      await page.waitForSelector('[data-testid="sign-in-form"]');
    };
    const signInAs = async (username: string) => {
      await page.fill('input[name="login"]', username);
      await page.fill('input[name="password"]', 'baqylau-demo');
      await page.click('[data-testid="sign-in-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="team-view"][data-state="ready"]');
    };
    await signOut();
    // The answer fails after the page is gone: a signed-out phone does not try again.
    for (const abort of held.splice(0)) await abort();
    await page.unroute('**/api/dispatches/*/transition');
    await page.waitForTimeout(3500);
    expect(posted).toHaveLength(1);

    // The other member of the group signs in on the same phone: the step is not theirs to send.
    await signInAs('mobile2');
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('0');
    await page.waitForTimeout(3000);
    expect(posted).toHaveLength(1);
    expect((await dispatchRow(id)).status).toBe('pending');

    // Its owner signs in again: the step goes, as theirs, with the moment it was pressed.
    await signOut();
    await signInAs('mobile');
    await expect.poll(async () => (await dispatchRow(id)).status, { timeout: 10_000 }).toBe('acknowledged');
    const ack = await served.app.db
      .selectFrom('dispatch_events')
      .select('person_id')
      .where('dispatch_id', '=', id)
      .where('status', '=', 'acknowledged')
      .executeTakeFirstOrThrow();
    expect(ack.person_id).toBe(personOf('mobile'));
    await expect.poll(() => page.getAttribute('[data-testid="team-outbox"]', 'data-count')).toBe('0');

    const closed = await hq({ method: 'POST', url: `/api/dispatches/${id}/transition`, payload: { to: 'cancelled' } });
    expect(closed.statusCode, closed.body).toBe(200);
    // The only failure: the step aborted in flight. (The team view's own refresh may still be on its
    // way when the member signs out; the server then rightly answers it 401: not a failure.)
    const signedOutRefresh = [
      `HTTP 401: ${served.url}/api/team`,
      'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ];
    expect(problems.filter((p) => !signedOutRefresh.includes(p))).toEqual([
      `request failed: ${served.url}/api/dispatches/${id}/transition net::ERR_FAILED`,
      'console: Failed to load resource: net::ERR_FAILED',
    ]);
    await context.close();
  });

  it('tells a member who is in no group so, in the chosen language', async () => {
    const person = await served.app.db
      .selectFrom('people')
      .select('id')
      .where('username', '=', 'mobile-shymkent-1')
      .executeTakeFirstOrThrow();
    await served.app.db.deleteFrom('mobile_group_members').where('person_id', '=', person.id).execute();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, served.url, 'mobile-shymkent-1');
    await page.waitForSelector('[data-testid="team-view"][data-state="none"]');
    expect(await page.textContent('[data-testid="team-view"]')).toContain('Сіз жылжымалы топта жоқсыз');
    await page.selectOption('[data-testid="language-select"]', 'en');
    await expect.poll(() => page.textContent('[data-testid="team-view"]')).toContain('You are not in a mobile group');
    expect(await page.locator('[data-testid="duty-switch"]').count()).toBe(0);
    await context.close();
  });
});
