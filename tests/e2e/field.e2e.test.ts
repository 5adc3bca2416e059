import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser, openPhone, serveApp, signIn, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([
    serveApp({ BROADCAST_INTERVAL_MS: '100', ...(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}) }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('field app offline', () => {
  it('keeps reports made offline through a reload, then delivers each exactly once; HQ sees the station change', async () => {
    // HQ's map, open beside the phone.
    const hqContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const hq = await hqContext.newPage();
    await signIn(hq, served.url, 'hq');
    await hq.waitForSelector('[data-testid="live-state"][data-state="live"]');

    const { context: phoneContext, page: phone, problems } = await openPhone(browser, served.url, 'observer');
    expect(await phone.textContent('[data-testid="field-view"] h2')).toContain('1');

    await phoneContext.setOffline(true);
    await phone.click('[data-testid="step-arrival"]');
    await phone.click('[data-testid="submit-arrival"]');
    await phone.click('[data-testid="step-voting_started"]');
    await phone.click('[data-testid="submit-voting_started"]');
    for (let i = 0; i < 5; i++) await phone.click('[data-testid="tally-plus"]');
    await phone.click('[data-testid="step-turnout"]');
    await phone.fill('[data-testid="form-turnout"] input[name="chairFigure"]', '6');
    await phone.click('[data-testid="submit-turnout"]');
    await phone.click('[data-testid="help-button"]');
    await expect.poll(() => phone.textContent('[data-testid="waiting-count"]')).toContain('4');

    // A reload with no connection: the app comes from the service worker, the reports from IndexedDB.
    await phone.reload();
    await phone.waitForSelector('[data-testid="field-view"] h2');
    await expect.poll(() => phone.textContent('[data-testid="waiting-count"]')).toContain('4');
    expect(await phone.textContent('[data-testid="tally-count"]')).toBe('5');
    expect(await phone.locator('[data-testid="outbox"] li[data-state="waiting"]').count()).toBe(4);
    await phone.screenshot({ path: artifactPath('field-offline.png') });

    await phoneContext.setOffline(false);
    await expect.poll(() => phone.textContent('[data-testid="waiting-count"]'), { timeout: 20_000 }).toContain('0');
    expect(await phone.locator('[data-testid="outbox"] li[data-state="sent"]').count()).toBe(4);

    const rows = await served.app.db
      .selectFrom('reports as r')
      .innerJoin('stations as s', 's.id', 'r.station_id')
      .select(['r.id', 'r.kind'])
      .where('s.number', '=', 1)
      .execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(['arrival', 'help', 'turnout', 'voting_started']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4);

    // HQ: the help call is listed and the station counts as on site.
    const helpCall = hq.locator('[data-testid="attention"] li[data-kind="help"]');
    await expect.poll(() => helpCall.textContent().catch(() => ''), { timeout: 10_000 }).toContain('№\u00a01');
    expect(Number(await hq.textContent('[data-testid="count-on-site"]'))).toBeGreaterThanOrEqual(1);
    expect(Number(await hq.textContent('[data-testid="count-help"]'))).toBe(1);
    await hq.screenshot({ path: artifactPath('hq-live.png') });
    // HQ closes the call once it is dealt with; the list empties live.
    hq.once('dialog', (dialog) => void dialog.accept());
    await helpCall.locator('[data-testid="close-help"]').click();
    await expect.poll(() => helpCall.count(), { timeout: 10_000 }).toBe(0);
    expect(Number(await hq.textContent('[data-testid="count-help"]'))).toBe(0);

    // The regions table agrees with the markers: Almaty has the observer on site, no open help.
    await hq.click('[data-testid="tab-regions"]');
    const almaty = hq.locator('[data-testid="regions-table"] tr[data-region="almaty-city"] td');
    await expect.poll(async () => Number(await almaty.nth(3).textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await almaty.nth(6).textContent())).toBe(0);
    await hq.screenshot({ path: artifactPath('hq-regions.png') });

    // The station drawer, found by number: contacts and the day's timeline.
    await hq.fill('[data-testid="station-search"]', '1');
    await hq.press('[data-testid="station-search"]', 'Enter');
    await hq.waitForSelector('[data-testid="timeline"] li');
    expect(await hq.locator('[data-testid="timeline"] li').count()).toBe(4);
    expect(await hq.getAttribute('[data-testid="station-drawer"] a[href^="tel:"]', 'href')).toBe('tel:+77010000001');
    expect(await hq.textContent('[data-testid="drawer-phase"]')).not.toContain('КӨМЕК');
    await hq.screenshot({ path: artifactPath('hq-drawer.png') });
    // The phone's own offline period produced no errors beyond the refused network requests.
    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|request failed|Failed to load resource/.test(p))).toEqual(
      [],
    );
    await phoneContext.close();
    await hqContext.close();
  });
});
