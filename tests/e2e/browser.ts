import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test-artifacts');
const WEB_DIR = resolve('dist/web');

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ServedApp {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The real server on a new embedded database (the demo loads as on a newcomer's first start). */
export async function serveApp(env: Record<string, string> = {}): Promise<ServedApp> {
  // `env.WEB_DIR` serves another build (the benchmark's, or one made while dist/web is being rebuilt).
  const webDir = env.WEB_DIR ? resolve(env.WEB_DIR) : WEB_DIR;
  if (!existsSync(join(webDir, 'index.html'))) throw new Error(`${webDir} is missing: run \`npm run build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'baqylau-e2e-'));
  const config = parseConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
    WEB_DIR: webDir,
  });
  const app = await buildApp({ config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors, page errors and failed requests so a test can assert there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    // A request the page cancelled itself (a newer one replaced it: AbortController) is not a failure;
    // under load a dispatch step can land while the metrics of the previous one are still loading.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Screenshots go to test-artifacts/ (ignored); `SCREENSHOTS=docs` also refreshes docs/screenshots. */
export async function shoot(page: Page, name: string): Promise<void> {
  const path = artifactPath(name);
  await page.screenshot({ path });
  if (process.env.SCREENSHOTS === 'docs') {
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(path, `docs/screenshots/${name}`);
  }
}

/** Signs in through the sign-in form, as a person would. */
export async function signIn(page: Page, baseUrl: string, login: string, password = 'baqylau-demo'): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForSelector('[data-testid="sign-in-form"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('[data-testid="sign-in-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="user-menu"]');
}

/**
 * A phone: a touch screen signed in on its app (the observer's field app unless `ready` names
 * another page's selector), with the service worker holding the app (so it keeps working when the
 * test cuts the connection). A team member's phone passes `geolocation` (location allowed and set
 * there). `problems` collects console errors and failed requests.
 */
export async function openPhone(
  browser: Browser,
  baseUrl: string,
  login: string,
  options: { ready?: string; geolocation?: { latitude: number; longitude: number } } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...(options.geolocation
      ? { permissions: ['geolocation'], geolocation: { ...options.geolocation, accuracy: 25 } }
      : {}),
  });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await signIn(page, baseUrl, login);
  await page.waitForSelector(options.ready ?? '[data-testid="field-view"] h2');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { context, page, problems };
}
