import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser, serveApp, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('signing in', () => {
  it('refuses a wrong password with one generic message', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(served.url);
    await page.fill('input[name="login"]', 'hq');
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('[data-testid="sign-in-form"] button[type="submit"]');
    await expect.poll(() => page.textContent('[role="alert"]')).toContain('Логин немесе құпиясөз қате');
    await context.close();
  });

  it('takes HQ to the map, and the people page lists people with the coverage counter', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, served.url, 'hq');
    await page.waitForSelector('[data-testid="station-map"][data-ready="true"]');
    expect(new URL(page.url()).pathname).toBe('/map');

    await page.selectOption('[data-testid="language-select"]', 'en');
    await page.click('nav >> text=People');
    await page.waitForSelector('[data-testid="people-table"] tbody tr');
    expect(await page.locator('[data-testid="people-table"] tbody tr').count()).toBe(50);
    await expect
      .poll(() => page.textContent('[data-testid="coverage"]'))
      .toMatch(/Stations with a primary observer: [\d,]+ of 10,248/);

    await page.fill('[data-testid="people-search"]', 'Мадина');
    await expect.poll(() => page.locator('[data-testid="people-table"] tbody tr').count()).toBe(1);
    expect(await page.textContent('[data-testid="people-table"] tbody')).toContain('№ 1 · primary');
    await page.screenshot({ path: artifactPath('people.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes a station observer to the field view, without the HQ sections', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, served.url, 'observer');
    await page.waitForSelector('[data-testid="field-view"]');
    expect(new URL(page.url()).pathname).toBe('/field');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Карта']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
