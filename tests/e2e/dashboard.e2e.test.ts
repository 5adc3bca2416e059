import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { login } from '../support/auth.ts';
import type { ReportBody, ReportResult } from '../../shared/reports.ts';
import { StationMap, StationsPage, type StationSummary } from '../../shared/stations.ts';
import { launchBrowser, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;
let electionId: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp({ BROADCAST_INTERVAL_MS: '250' }), launchBrowser()]);
  const row = await served.app.db
    .selectFrom('elections')
    .select('id')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  electionId = row.id;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await browser?.close();
  await served?.close();
});

async function hqGet<T>(url: string, schema: { parse(v: unknown): T }): Promise<T> {
  const { token } = await login(served.app, 'hq');
  const res = await served.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(200);
  return schema.parse(res.json());
}

/** A station of a region that has an observer of ours (demo observers sign in as obs-<number>). */
async function observedStation(region: string, skip = 0): Promise<StationSummary> {
  const page = await hqGet(`/api/stations?region=${region}&coverage=covered&limit=${skip + 1}`, StationsPage);
  return page.items[skip]!;
}

async function observerSocket(station: StationSummary): Promise<Socket> {
  const { token } = await login(served.app, `obs-${station.number}`);
  const socket = connect(served.url, { transports: ['websocket'], reconnection: false, auth: { token } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function send(socket: Socket, station: StationSummary, body: ReportBody): Promise<void> {
  const envelope = { id: randomUUID(), stationId: station.id, electionId, deviceTime: new Date().toISOString(), body };
  const ack = (await socket.timeout(10_000).emitWithAck('report:submit', envelope)) as ReportResult;
  expect(ack.ok).toBe(true);
}

const arrival: ReportBody = { kind: 'arrival', credentialHandedToChair: true, admitted: true };

async function openDashboard(page: Page, login = 'hq') {
  await signIn(page, served.url, login);
  await page.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="live-state"][data-state="live"]', { timeout: 15_000 });
}

const mapData = (page: Page, name: string) => page.getAttribute('[data-testid="station-map"]', `data-${name}`);

/** The station colour most drawn in a small square at the centre of the map (where a selected station is flown to). */
function centreColour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const map = document.querySelector<HTMLElement>('[data-testid="station-map"]')!.getBoundingClientRect();
    const counts = new Map<string, number>();
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.station-map canvas')) {
      const rect = canvas.getBoundingClientRect();
      const sx = canvas.width / rect.width;
      const x = Math.round((map.left + map.width / 2 - rect.left) * sx);
      const y = Math.round((map.top + map.height / 2 - rect.top) * sx);
      const { data } = canvas.getContext('2d')!.getImageData(x - 2, y - 2, 5, 5);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        const hex = `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        // The country outline is drawn on a canvas of its own, under the stations.
        if (hex !== '#eef3ea') counts.set(hex, (counts.get(hex) ?? 0) + 1);
      }
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  });
}

/** Near a colour, allowing for the marker's slight transparency over the land. */
function near(hex: string, target: string, tolerance = 40): boolean {
  const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [a, b] = [rgb(hex), rgb(target)];
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}

describe('HQ command dashboard', () => {
  it('shows every station grouped at country zoom, each group counting its stations', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems = watchProblems(page);
    await openDashboard(page);
    expect(Number(await mapData(page, 'markers'))).toBeGreaterThanOrEqual(10_000);
    expect(await mapData(page, 'mode')).toBe('clusters');
    const groups = await page.$$eval('.cluster', (els) => els.map((el) => Number(el.getAttribute('data-count'))));
    expect(groups.length).toBeGreaterThan(10);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(Number(await mapData(page, 'markers')));
    // Closer in, one marker per station.
    await page.keyboard.press('c');
    await expect.poll(() => mapData(page, 'mode')).toBe('dots');
    expect(Number(await mapData(page, 'visible'))).toBe(Number(await mapData(page, 'markers')));
    await page.keyboard.press('c');
    await expect.poll(() => mapData(page, 'mode')).toBe('clusters');
    await shoot(page, 'dashboard-hq-1366x768.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("changes a station's marker and the regions table within a second of a report", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await openDashboard(page);
    // The regions table: the region's "on site" count goes up by one.
    const first = await observedStation('ulytau');
    await page.click('[data-testid="tab-regions"]');
    const cell = `[data-testid="regions-table"] tr[data-region="ulytau"] td[data-col="onSite"]`;
    const before = Number((await page.textContent(cell))!.replace(/\D/g, ''));
    const obs = await observerSocket(first);
    await send(obs, first, arrival);
    await expect
      .poll(async () => Number((await page.textContent(cell))!.replace(/\D/g, '')), { timeout: 1_000, interval: 50 })
      .toBe(before + 1);

    // The marker: fly to a station, then a report recolours it (observer assigned → on site).
    const second = await observedStation('ulytau', 1);
    await page.fill('[data-testid="station-search"]', String(second.number));
    await page.press('[data-testid="station-search"]', 'Enter');
    await page.waitForSelector('[data-testid="station-drawer"]');
    await expect.poll(() => mapData(page, 'mode')).toBe('dots');
    await page.waitForTimeout(900); // the fly-to animation
    const colour = await centreColour(page);
    expect(near(colour, '#0f4c81'), colour).toBe(true);
    await send(await observerSocket(second), second, arrival);
    await expect
      .poll(async () => near(await centreColour(page), '#1e88e5'), { timeout: 1_000, interval: 50 })
      .toBe(true);
    // The drawer's timeline shows the report, in the station's own zone.
    await expect
      .poll(() => page.locator('[data-testid="timeline"] li').count(), { timeout: 2_000 })
      .toBeGreaterThanOrEqual(1);
    expect(await page.textContent('[data-testid="timeline"]')).toMatch(/\d\d:\d\d/);
    await shoot(page, 'dashboard-station-drawer.png');
    await page.close();
  });

  it('puts a help call at the top of "needs attention now", one click from its station', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await openDashboard(page);
    const station = await observedStation('abai');
    await send(await observerSocket(station), station, { kind: 'help', reason: 'threat' });
    const top = page.locator('[data-testid="attention"] li').first();
    await expect
      .poll(() => top.getAttribute('data-station'), { timeout: 1_000, interval: 50 })
      .toBe(String(station.id));
    expect(await top.getAttribute('data-kind')).toBe('help');
    expect(await top.textContent()).toContain(String(station.number));
    // The group holding it counts it, and the help filter shows just it.
    await expect.poll(() => page.locator('.cluster[data-help="1"]').count()).toBeGreaterThanOrEqual(1);
    await page.selectOption('[data-testid="filter-flag"]', 'help');
    await expect.poll(() => mapData(page, 'visible')).toBe('1');
    await shoot(page, 'dashboard-help-call.png');
    await page.click('[data-testid="filter-clear"]');
    await expect.poll(() => mapData(page, 'visible')).toBe(await mapData(page, 'markers'));
    await top.locator('button.station-link').click();
    await page.waitForSelector('[data-testid="station-drawer"]');
    expect(await page.textContent('#drawer-title')).toContain(String(station.number));
    await page.close();
  });

  it('finds a station by address words and answers the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await openDashboard(page);
    const station = await observedStation('astana', 3);
    await page.keyboard.press('/');
    await page.keyboard.type(station.address.split(', ').slice(1).join(' '));
    await page.waitForSelector('[data-testid="search-results"] li');
    expect(await page.textContent('[data-testid="search-results"]')).toContain(String(station.number));
    await page.locator('[data-testid="search-results"] li', { hasText: `№ ${station.number} ` }).click();
    await expect.poll(() => page.textContent('#drawer-title')).toContain(String(station.number));
    await page.click('[data-testid="station-map"]', { position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="station-drawer"]').count()).toBe(0);
    await page.keyboard.press('2');
    expect(await page.getAttribute('[data-testid="tab-regions"]', 'aria-selected')).toBe('true');
    await page.keyboard.press('1');
    expect(await page.getAttribute('[data-testid="tab-attention"]', 'aria-selected')).toBe('true');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts"]');
    await page.keyboard.press('Escape');
    // The next item needing attention opens its station.
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="station-drawer"]');
    await page.keyboard.press('Escape');
    await page.keyboard.press('t');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await shoot(page, 'dashboard-dark-1920x1080.png');
    await page.keyboard.press('t');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('light');
    await page.close();
  });

  it('switches the whole dashboard to Russian and back to Kazakh without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await openDashboard(page);
    const marker = await page.evaluateHandle(() => document.querySelector('[data-testid="station-map"]'));
    await page.selectOption('[data-testid="language-select"]', 'ru');
    await expect.poll(() => page.textContent('#attention-title')).toContain('Требует внимания сейчас');
    await page.click('[data-testid="tab-regions"]');
    expect(await page.textContent('[data-testid="regions-table"] thead')).toContain('Покрыто');
    expect(await page.textContent('[data-testid="regions-table"]')).toContain('Улытауская область');
    await shoot(page, 'dashboard-regions-ru.png');
    await page.selectOption('[data-testid="language-select"]', 'kk');
    expect(await page.textContent('[data-testid="regions-table"] thead')).toContain('Қамтылған');
    await page.click('[data-testid="tab-attention"]');
    expect(await page.textContent('#attention-title')).toContain('Қазір назар аударуды қажет етеді');
    // The same page all along: the map element was never replaced.
    expect(await marker.evaluate((el) => el?.isConnected)).toBe(true);
    await page.close();
  });

  it("keeps a regional coordinator's dashboard to their region", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openDashboard(page, 'almaty-coordinator');
    const almaty = await hqGet('/api/stations/map', StationMap);
    const own = almaty.region.filter((r) => almaty.regions[r] === 'almaty-city').length;
    expect(Number(await mapData(page, 'markers'))).toBe(own);
    expect(await page.locator('.region-label').count()).toBe(1);
    expect(await page.locator('[data-testid="filter-region"]').count()).toBe(0);
    for (const region of await page.$$eval('[data-testid="attention"] li[data-station]', (els) =>
      els.map((el) => el.querySelector('.region-name')?.textContent),
    ))
      expect(region).toBe('Алматы қаласы');
    await page.click('[data-testid="tab-regions"]');
    expect(await page.locator('[data-testid="regions-table"] tbody tr').count()).toBe(1);
    expect(await page.getAttribute('[data-testid="regions-table"] tbody tr', 'data-region')).toBe('almaty-city');
    await shoot(page, 'dashboard-regional-coordinator.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
