// The HQ dashboard in headless Chromium against the real server (in this process, on a new
// database with the demo election): first paint of the map with every station from a warm
// server, 100 station updates a second (clustered country view, then every station as a dot),
// and memory over a long soak of the same load. The goals: map drawn under 2 s, main
// thread busy under 50 % with no dropped update, no memory growth trend over 30 minutes.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, serveApp } from '../e2e/browser.ts';
import {
  connectHq,
  MAP,
  measurePaints,
  openDashboard,
  PERF_SERVER_ENV,
  readMap,
  runUpdates,
  soakMemory,
  VIEWPORT,
  type MemoryResult,
  type MemorySample,
  type PaintResult,
  type UpdateRunResult,
} from '../e2e/dashboard-load.ts';

export interface DashboardBenchOptions {
  /** The built web app (index.html and assets). */
  webDir: string;
  /** Length of each 100-updates-a-second run, seconds. */
  updateSeconds: number;
  /** Length of the memory soak, minutes (0: none). */
  soakMinutes: number;
  rate?: number;
  reloads?: number;
  sampleEverySeconds?: number;
  /** More server settings (e.g. DATABASE_URL and SEED=demo to measure on PostgreSQL). */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface DashboardBenchResults {
  viewport: typeof VIEWPORT;
  rate: number;
  paint: PaintResult;
  /** The country view as HQ opens it: stations grouped. */
  clusters: UpdateRunResult;
  /** Grouping switched off: every station a dot on the canvas, the heaviest view. */
  dots: UpdateRunResult | { skipped: string };
  memory: MemoryResult | null;
}

/** Switches grouping with the app's own keyboard shortcut (C) and waits for the map to say so. */
async function switchMode(page: Page, wanted: 'clusters' | 'dots'): Promise<boolean> {
  if ((await readMap(page)).mode === wanted) return true;
  await page.focus(MAP);
  await page.keyboard.press('c');
  try {
    await page.waitForSelector(`${MAP}[data-mode="${wanted}"]`, { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export async function runDashboardBench(options: DashboardBenchOptions): Promise<DashboardBenchResults> {
  const webDir = resolve(options.webDir);
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(
      `dashboard bench: no built web app in ${webDir} (run \`npm run build\`, or build elsewhere with ` +
        '`npx vite build --outDir <dir>` and set WEB_DIR=<dir>; BENCH_DASHBOARD=0 skips this part)',
    );
  const log = options.log ?? (() => {});
  const rate = options.rate ?? 100;
  const served = await serveApp({ ...PERF_SERVER_ENV, LOG_LEVEL: 'silent', ...options.serverEnv, WEB_DIR: webDir });
  try {
    const browser = await launchBrowser();
    try {
      const client = await connectHq(served.url);
      try {
        const dashboard = await openDashboard(browser, served.url);
        try {
          log('dashboard: first paint');
          const paint = await measurePaints(dashboard, served.url, options.reloads ?? 5);
          log(`dashboard: ${rate} updates/s for ${options.updateSeconds} s, grouped`);
          const clusters = await runUpdates(dashboard, client, { rate, seconds: options.updateSeconds });
          let dots: UpdateRunResult | { skipped: string } = { skipped: 'the map did not switch to dots' };
          if (await switchMode(dashboard.page, 'dots')) {
            log(`dashboard: ${rate} updates/s for ${options.updateSeconds} s, every station a dot`);
            dots = await runUpdates(dashboard, client, { rate, seconds: options.updateSeconds });
          }
          let memory: MemoryResult | null = null;
          if (options.soakMinutes > 0) {
            // The soak in the view HQ works in; a fresh page, so the earlier runs leave nothing behind.
            await dashboard.page.reload();
            await dashboard.page.waitForSelector(`${MAP}[data-ready="true"]`);
            await switchMode(dashboard.page, 'clusters');
            log(`dashboard: memory over ${options.soakMinutes} min of ${rate} updates/s`);
            const every = options.sampleEverySeconds ?? 30;
            memory = await soakMemory(dashboard, client, {
              rate,
              seconds: options.soakMinutes * 60,
              sampleEverySeconds: every,
              onSample: (s: MemorySample) =>
                log(
                  `  ${(s.atSeconds / 60).toFixed(1).padStart(5)} min  heap ${s.heapMiB.toFixed(2)} MiB  nodes ${s.nodes}  listeners ${s.listeners}  server heap ${s.serverHeapMiB} MiB`,
                ),
            });
          }
          return { viewport: VIEWPORT, rate, paint, clusters, dots, memory };
        } finally {
          await dashboard.close();
        }
      } finally {
        client.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    await served.close();
  }
}
