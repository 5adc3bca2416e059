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

    // Reassignment: take her off (ill), then put her back on station 1.
    await page.click('[data-testid="people-table"] tbody >> text=Remove');
    await page.selectOption('[data-testid="people-table"] select', 'ill');
    await page.click('[data-testid="people-table"] >> text=Confirm');
    const input = page.locator('[data-testid="people-table"] input[inputmode="numeric"]');
    await input.waitFor();
    await input.fill('1');
    await page.click('[data-testid="people-table"] button:has-text("Assign")');
    await expect.poll(() => page.textContent('[data-testid="people-table"] tbody')).toContain('№ 1 · primary');

    await page.click('[data-testid="uncovered"] summary');
    await page.waitForSelector('[data-testid="uncovered"] li');
    expect(await page.locator('[data-testid="uncovered"] li').count()).toBeGreaterThan(100);
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

describe('import page', () => {
  it('shows the dry-run problems before anything is imported, then imports a clean file', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, served.url, 'hq');
    await page.selectOption('[data-testid="language-select"]', 'en');
    await page.click('nav >> text=Import');

    const bad = 'name;role;phone\nЖаңа Адам;president;+77019990001\n;station_observer;12\n';
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${bad}`),
    });
    await page.click('[data-testid="import-check"]');
    await page.waitForSelector('[data-testid="import-problems"] tbody tr');
    const rows = await page.locator('[data-testid="import-problems"] tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^2role/);
    expect(await page.isDisabled('[data-testid="import-commit"]')).toBe(true);

    const good = 'name;role;phone\nЖаңа Адам;station_observer;+77019990001\nЕкінші Адам;correspondent;+77019990002\n';
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.click('[data-testid="import-check"]');
    await page.waitForSelector('[data-testid="import-ok"]');
    await page.click('[data-testid="import-commit"]');
    await expect.poll(() => page.textContent('[data-testid="import-done"]')).toMatch(/2 new, 0 updated, 0 unchanged/);
    expect(await page.textContent('[data-testid="import-done"]')).toContain('Download 2 invitation codes');
    await page.screenshot({ path: artifactPath('import.png') });

    // The audit log shows the import, in local time.
    await page.click('nav >> text=Audit log');
    await page.waitForSelector('[data-testid="audit-table"] tbody tr');
    const audit = await page.textContent('[data-testid="audit-table"] tbody');
    expect(audit).toContain('person.import_create');
    expect(audit).toContain('auth.login');
    expect(problems).toEqual([]);
    await context.close();
  });
});
