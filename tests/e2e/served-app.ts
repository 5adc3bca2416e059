import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, serveApp, type ServedApp } from './browser.ts';

// Apart from browser.ts, which the benchmark imports outside vitest.
/**
 * The app (served from `WEB_DIR` when set) and a browser for the test file's tests, started before
 * them and closed after: `const app = useServedApp();` then `app.served`, `app.browser`.
 */
export function useServedApp(): { readonly served: ServedApp; readonly browser: Browser } {
  let served: ServedApp | undefined;
  let browser: Browser | undefined;
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
  return {
    get served() {
      if (!served) throw new Error('the app is not served yet (use it inside a test)');
      return served;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)');
      return browser;
    },
  };
}
