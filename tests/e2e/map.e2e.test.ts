import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, serveApp, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([
    serveApp(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function openMap(page: Page, { grouped = true } = {}) {
  await signIn(page, served.url, 'hq');
  await page.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
  // At country zoom stations are grouped; the pixel checks below want one marker per station.
  if (!grouped) {
    await page.uncheck('[data-testid="toggle-clusters"]');
    await page.waitForSelector('[data-testid="station-map"][data-mode="dots"]');
  }
}

/** Pixels near one colour on the map's canvases: proof that something is really drawn. */
function countPixels(page: Page, rgb: [number, number, number], tolerance: number): Promise<number> {
  return page.evaluate(
    ([[r, g, b], tol]) => {
      let count = 0;
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.station-map canvas')) {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) continue;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i]! - r) <= tol && Math.abs(data[i + 1]! - g) <= tol && Math.abs(data[i + 2]! - b) <= tol) {
            count++;
          }
        }
      }
      return count;
    },
    [rgb, tolerance] as const,
  );
}

describe('station map', () => {
  it('draws every demo station offline, in Kazakh by default, with no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    // HQ may be cut off from the internet: any request leaving this server fails the test.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(served.url) ? route.continue() : route.abort('internetdisconnected'),
    );
    await openMap(page, { grouped: false });

    const markers = Number(await page.getAttribute('[data-testid="station-map"]', 'data-markers'));
    expect(markers).toBeGreaterThanOrEqual(10_000);
    expect(markers).toBe(10_248);
    // Station colour #0f4c81 (blended a little with the land beneath).
    expect(await countPixels(page, [15, 76, 129], 40)).toBeGreaterThan(2_000);

    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await expect.poll(() => page.textContent('[data-testid="station-count"]')).toContain('сайлау учаскесі');
    // The country is drawn from the bundled border (its fill colour), not from tiles.
    expect(await countPixels(page, [238, 243, 234], 3)).toBeGreaterThan(100_000);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    // Region names sit on the map.
    expect(await page.locator('.region-label').count()).toBe(20);
    expect(await page.locator('.region-label', { hasText: 'Ұлытау облысы' }).count()).toBe(1);

    await page.screenshot({ path: artifactPath('map.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches language to Russian and English and remembers the choice', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openMap(page);

    await page.selectOption('[data-testid="language-select"]', 'ru');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.textContent('[data-testid="station-count"]')).toMatch(/10\s248 избирательных участков/);
    expect(await page.locator('.region-label', { hasText: 'Улытауская область' }).count()).toBe(1);

    await page.selectOption('[data-testid="language-select"]', 'en');
    expect(await page.textContent('[data-testid="station-count"]')).toMatch(/10,248 polling stations/);
    expect(await page.locator('.region-label', { hasText: 'Ulytau Region' }).count()).toBe(1);

    await page.reload();
    await page.waitForSelector('[data-testid="station-map"][data-ready="true"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a station card when a marker is clicked, and the map answers the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openMap(page, { grouped: false });
    // Find a drawn station on the canvas and click it.
    const found = await page.evaluate(() => {
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.station-map canvas')) {
        const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        const rect = canvas.getBoundingClientRect();
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i]! - 15) < 30 && Math.abs(data[i + 1]! - 76) < 30 && Math.abs(data[i + 2]! - 129) < 30) {
            const p = i / 4;
            return {
              x: rect.left + ((p % width) * rect.width) / canvas.width,
              y: rect.top + (Math.floor(p / width) * rect.height) / canvas.height,
            };
          }
        }
      }
      return null;
    });
    expect(found).not.toBeNull();
    await page.mouse.click(found!.x, found!.y);
    await page.waitForSelector('.leaflet-popup-content', { timeout: 5_000 });
    expect(await page.textContent('.leaflet-popup-content')).toMatch(/учаске/);

    await page.focus('[data-testid="station-map"]');
    const before = Number(await page.getAttribute('[data-testid="station-map"]', 'data-zoom'));
    await page.keyboard.press('Equal');
    await expect
      .poll(async () => Number(await page.getAttribute('[data-testid="station-map"]', 'data-zoom')))
      .toBeGreaterThan(before);
    await page.close();
  });
});
