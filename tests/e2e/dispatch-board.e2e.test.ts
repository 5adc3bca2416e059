import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Dispatch } from '../../shared/dispatch.ts';
import { localWallClock } from '../../shared/geo.ts';
import { asUser, login } from '../support/auth.ts';
import { groupOf as groupOfMember } from '../support/dispatch-fixtures.ts';
import { launchBrowser, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
const groupOf = (username: string) => groupOfMember(served.app.db, username);
let browser: Browser;

beforeAll(async () => {
  // The timers are run by the test itself (an overdue acknowledgement without waiting three minutes).
  [served, browser] = await Promise.all([
    serveApp({
      BROADCAST_INTERVAL_MS: '100',
      DISPATCH_CHECK_SECONDS: '0',
      ...(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}),
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('HQ sends a mobile group from the map and follows it on the dispatch board', () => {
  it('candidates with reasons, one dispatch for a double click, a line on the map, the overdue alert and the acknowledgement live', async () => {
    const group = await groupOf('mobile');
    const offDuty = await groupOf('mobile-shymkent-1');
    const station = await served.app.db
      .selectFrom('stations as s')
      .innerJoin('elections as e', 'e.id', 's.election_id')
      .select(['s.id', 's.number', 's.lat', 's.lng'])
      .where('e.is_active', '=', true)
      .where('s.region_code', '=', group.region)
      .orderBy('s.number')
      .executeTakeFirstOrThrow();

    // The team goes on duty and shares a position about a kilometre from the station.
    const member = asUser(served.app, (await login(served.app, 'mobile')).token);
    const duty = await member({ method: 'POST', url: `/api/groups/${group.id}/duty`, payload: { on: true } });
    expect(duty.statusCode, duty.body).toBe(200);
    const position = await member({
      method: 'POST',
      url: `/api/groups/${group.id}/position`,
      payload: { lat: station.lat + 0.009, lng: station.lng, accuracy: 20, at: new Date().toISOString() },
    });
    expect(position.statusCode, position.body).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, served.url, 'hq');
    await page.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await page.selectOption('[data-testid="language-select"]', 'en');
    // A marker the page keeps only while it is not reloaded.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    // The station's drawer on the map, and its "Send a mobile group".
    await page.fill('[data-testid="station-search"]', String(station.number));
    await page.press('[data-testid="station-search"]', 'Enter');
    await page.waitForSelector('[data-testid="station-drawer"]');
    await page.click('[data-testid="send-group"]');
    await page.waitForSelector('[data-testid="dispatch-board"] [data-testid="send-panel"]');
    expect(new URL(page.url()).search).toBe(`?station=${station.id}`);
    expect(await page.textContent('[data-testid="send-target"]')).toContain(String(station.number));

    // Ranked: the team on duty nearby is offered first; an off-duty team is listed with why not.
    const ours = `[data-testid="candidate"][data-group-id="${group.id}"]`;
    const theirs = `[data-testid="candidate"][data-group-id="${offDuty.id}"]`;
    await page.waitForSelector(ours);
    expect(await page.getAttribute('[data-testid="candidate"]', 'data-group-id')).toBe(String(group.id));
    expect(await page.getAttribute(ours, 'data-eligible')).toBe('true');
    expect(await page.textContent(ours)).toMatch(/1(\.0)? km/);
    expect(await page.getAttribute(theirs, 'data-eligible')).toBe('false');
    expect(await page.textContent(`${theirs} [data-testid="candidate-reasons"]`)).toContain('off duty');
    expect(await page.locator(`${theirs} [data-testid="dispatch-button"]`).count()).toBe(0);
    await shoot(page, 'dispatch-send-panel.png');

    await page.selectOption('[data-testid="send-priority"]', 'urgent');
    await page.fill('[data-testid="send-note"]', 'Наблюдателя не пускают на участок');
    // A double click sends one dispatch: the button waits for the answer, and the id is the same.
    await page.dblclick(`${ours} [data-testid="dispatch-button"]`);
    await page.waitForSelector('[data-testid="send-panel"]', { state: 'detached' });
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/dispatch');
    const stored = await served.app.db
      .selectFrom('dispatches')
      .select(['id', 'group_id', 'station_id', 'priority', 'note', 'status'])
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      group_id: group.id,
      station_id: station.id,
      priority: 'urgent',
      note: 'Наблюдателя не пускают на участок',
      status: 'pending',
    });
    const dispatchId = stored[0]!.id;

    // The board: the group dispatched, its current dispatch pending, a dashed line to the station.
    const row = `[data-testid="board-row"][data-group-id="${group.id}"]`;
    await expect.poll(() => page.getAttribute(row, 'data-status')).toBe('dispatched');
    expect(await page.getAttribute(row, 'data-dispatch-status')).toBe('pending');
    expect(await page.textContent(`${row} [data-testid="current-dispatch"]`)).toContain(String(station.number));
    expect(await page.getAttribute(`[data-testid="board-row"][data-group-id="${offDuty.id}"]`, 'data-status')).toBe(
      'off_duty',
    );
    const line = '[data-testid="dispatch-map"] .leaflet-overlay-pane svg path.dispatch-line';
    await expect.poll(() => page.locator(line).count()).toBe(1);
    expect(await page.getAttribute(line, 'class')).toContain('dispatch-line-pending');
    expect(await page.getAttribute(line, 'stroke-dasharray')).toBeTruthy();
    expect(await page.textContent('[data-testid="open-by-region"]')).toContain('1');

    // Three minutes without an acknowledgement: the alert comes live, naming the group and station.
    expect(await page.locator('[data-testid="ack-overdue"]').count()).toBe(0);
    const flagged = await served.app.dispatch.checkDispatchTimers(new Date(Date.now() + 4 * 60_000));
    expect(flagged.map((d) => d.id)).toEqual([dispatchId]);
    await page.waitForSelector('[data-testid="ack-overdue"][role="alert"]');
    const alert = await page.textContent('[data-testid="ack-overdue"]');
    expect(alert).toContain(group.name);
    expect(alert).toContain(String(station.number));
    expect(await page.getAttribute(row, 'data-ack-overdue')).toBe('true');
    // A live region: what a screen reader is told stays still (group, station, the time it counts
    // from) while the visible clock runs.
    const spoken = () =>
      page.$eval('[data-testid="ack-overdue"]', (el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
        return copy.textContent;
      });
    const shown = () => page.textContent('[data-testid="ack-overdue"] li [aria-hidden="true"]');
    const [spokenFirst, shownFirst] = [await spoken(), await shown()];
    expect(shownFirst).toContain(group.name);
    await expect.poll(shown, { timeout: 5000 }).not.toBe(shownFirst);
    expect(await spoken()).toBe(spokenFirst);
    const { activated_at: activatedAt } = await served.app.db
      .selectFrom('dispatches')
      .select('activated_at')
      .where('id', '=', dispatchId)
      .executeTakeFirstOrThrow();
    expect(spokenFirst).toContain(`${group.name} → Station No. ${station.number}`);
    expect(spokenFirst).toContain(localWallClock(activatedAt!).slice(11, 16));
    await shoot(page, 'dispatch-board-overdue.png');

    // The team acknowledges from its phone: the row follows without a reload, the alert goes.
    const ack = await member({
      method: 'POST',
      url: `/api/dispatches/${dispatchId}/transition`,
      payload: { to: 'acknowledged' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(Dispatch.parse(ack.json()).status).toBe('acknowledged');
    await expect.poll(() => page.getAttribute(row, 'data-dispatch-status')).toBe('acknowledged');
    await page.waitForSelector('[data-testid="ack-overdue"]', { state: 'detached' });
    expect(await page.textContent(`${row} [data-testid="dispatch-status"]`)).toBe('Acknowledged');

    // On the way: the line turns solid.
    const enRoute = await member({
      method: 'POST',
      url: `/api/dispatches/${dispatchId}/transition`,
      payload: { to: 'en_route' },
    });
    expect(enRoute.statusCode, enRoute.body).toBe(200);
    await expect.poll(() => page.getAttribute(row, 'data-status')).toBe('en_route');
    await expect.poll(() => page.getAttribute(line, 'class')).toContain('dispatch-line-en_route');
    expect(await page.getAttribute(line, 'stroke-dasharray')).toBeNull();
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // The day's figures count it.
    await expect
      .poll(() => page.getAttribute('[data-testid="dispatch-metrics"]', 'data-total'), { timeout: 10_000 })
      .toBe('1');
    await shoot(page, 'dispatch-board.png');

    // Reassign: the dispatch is cancelled with a reason the team sees, and the send panel opens again.
    await page.click(`${row} [data-testid="reassign-dispatch"]`);
    await page.click('[data-testid="cancel-confirm"]');
    await page.waitForSelector('[data-testid="send-panel"]');
    expect(new URL(page.url()).search).toBe(`?station=${station.id}`);
    const cancelled = await served.app.db
      .selectFrom('dispatch_events')
      .select(['status', 'note'])
      .where('dispatch_id', '=', dispatchId)
      .where('status', '=', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(cancelled.note).toBe('Reassigned by HQ');
    await expect.poll(() => page.getAttribute(row, 'data-status')).toBe('available');
    await expect.poll(() => page.getAttribute(ours, 'data-eligible')).toBe('true');
    await expect.poll(() => page.locator(line).count()).toBe(0);
    await page.click('[data-testid="send-close"]');
    await page.waitForSelector('[data-testid="send-panel"]', { state: 'detached' });
    expect(new URL(page.url()).search).toBe('');
    // Back reopens the panel for the station, Forward closes it again, in the same page.
    await page.goBack();
    await page.waitForSelector('[data-testid="send-panel"]');
    expect(new URL(page.url()).search).toBe(`?station=${station.id}`);
    await page.waitForSelector(ours);
    await page.goForward();
    await page.waitForSelector('[data-testid="send-panel"]', { state: 'detached' });
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
