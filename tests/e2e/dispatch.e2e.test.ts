import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { groupOf, tourStation } from '../support/dispatch-fixtures.ts';
import { launchBrowser, openPhone, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([
    serveApp({ BROADCAST_INTERVAL_MS: '100', DISPATCH_CHECK_SECONDS: '0', SILENCE_CHECK_SECONDS: '0' }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('a dispatch from HQ to the team, end to end', () => {
  it("HQ sends the team from the map; both members' phones ring; one acknowledges; the other phone and HQ's board follow", async () => {
    const group = await groupOf(served.app.db, 'mobile');
    const station = await tourStation(served.app.db, group.id);
    // The team stands about a kilometre north of the station.
    const near = { latitude: station.lat + 0.009, longitude: station.lng };
    const ready = '[data-testid="team-view"][data-state="ready"]';
    const first = await openPhone(browser, served.url, 'mobile', { ready, geolocation: near });
    const second = await openPhone(browser, served.url, 'mobile2', { ready, geolocation: near });

    // On duty: the group becomes available and its position reaches the server.
    await first.page.click('[data-testid="duty-switch"]');
    await expect
      .poll(async () =>
        served.app.db.selectFrom('group_positions').select('lat').where('group_id', '=', group.id).execute(),
      )
      .not.toEqual([]);

    const hqContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const hq = await hqContext.newPage();
    const hqProblems = watchProblems(hq);
    await signIn(hq, served.url, 'hq');
    await hq.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await hq.selectOption('[data-testid="language-select"]', 'en');

    // From the map: the station's card, "Send a mobile group", the nearest free team first.
    await hq.fill('[data-testid="station-search"]', String(station.number));
    await hq.press('[data-testid="station-search"]', 'Enter');
    await hq.click('[data-testid="station-drawer"] [data-testid="send-group"]');
    const candidate = `[data-testid="candidate"][data-group-id="${group.id}"]`;
    await hq.waitForSelector(`${candidate}[data-eligible="true"]`);
    expect(await hq.getAttribute('[data-testid="candidate"]', 'data-group-id')).toBe(String(group.id));
    await hq.fill('[data-testid="send-note"]', 'Наблюдателя не пускают');
    await hq.click(`${candidate} [data-testid="dispatch-button"]`);
    const row = `[data-testid="board-row"][data-group-id="${group.id}"]`;
    await expect.poll(() => hq.getAttribute(row, 'data-dispatch-status')).toBe('pending');

    // Both phones ring at once, with the station; HQ's note is on the dispatch below the alert.
    for (const phone of [first, second]) {
      await phone.page.waitForSelector('[data-testid="dispatch-alert"]');
      expect(await phone.page.textContent('[data-testid="dispatch-alert"]')).toContain(String(station.number));
      expect(await phone.page.textContent('[data-testid="current-dispatch"]')).toContain('Наблюдателя не пускают');
    }
    await shoot(second.page, 'dispatch-team-alert.png');

    // Not acknowledged in time: HQ's navigation says so, on whatever page the coordinator is.
    await served.app.dispatch.checkDispatchTimers(new Date(Date.now() + 4 * 60_000));
    await expect.poll(() => hq.getAttribute('nav [data-testid="dispatch-alerts"]', 'data-count')).toBe('1');

    // The second member acknowledges: their alert goes, the first phone's goes too, HQ sees it.
    await second.page.click('[data-testid="ack-button"]');
    for (const phone of [second, first]) {
      await phone.page.waitForSelector('[data-testid="dispatch-alert"]', { state: 'detached' });
      await expect
        .poll(() => phone.page.getAttribute('[data-testid="current-dispatch"]', 'data-status'))
        .toBe('acknowledged');
    }
    await expect.poll(() => hq.getAttribute(row, 'data-dispatch-status')).toBe('acknowledged');
    await hq.waitForSelector('[data-testid="dispatch-alerts"]', { state: 'detached' });
    const stored = await served.app.db
      .selectFrom('dispatch_events as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['e.status', 'p.username'])
      .orderBy('e.id')
      .execute();
    expect(stored).toEqual([
      { status: 'pending', username: 'hq' },
      { status: 'acknowledged', username: 'mobile2' },
    ]);

    // On the way (a step from the first phone): the board's line turns solid.
    await first.page.click('[data-testid="step-en_route"]');
    await expect.poll(() => hq.getAttribute(row, 'data-status')).toBe('en_route');
    await expect
      .poll(() => hq.getAttribute('[data-testid="dispatch-map"] path.dispatch-line', 'class'))
      .toContain('dispatch-line-en_route');
    await shoot(hq, 'dispatch-hq-board.png');

    expect(hqProblems).toEqual([]);
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
    await Promise.all([hqContext.close(), first.context.close(), second.context.close()]);
  });
});
