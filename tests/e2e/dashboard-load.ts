// What the dashboard benchmark (tests/bench/dashboard.ts) and the dashboard browser test
// (dashboard-perf.e2e.test.ts) share: an HQ dashboard in Chromium, real station updates sent
// through the real server at a steady rate, and what Chrome itself says (DevTools protocol)
// about the page's main thread and memory while it takes them.
import { randomUUID } from 'node:crypto';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { LoginResponse } from '../../shared/auth.ts';
import { ReportResult, StationLive, type ReportEnvelope } from '../../shared/reports.ts';
import { StationMap } from '../../shared/stations.ts';
import { signIn } from './browser.ts';

export const MAP = '[data-testid="station-map"]';
/** Set by the web app in the frame after the stations are first on the map. */
export const MAP_DRAWN = 'baqylau:map-drawn';
/** Set by our init script when the map has first applied live states (the snapshot: every station's colour). */
const LIVE_APPLIED = 'dashboard-perf:live-applied';
/** A desktop HQ screen: the canvas the map redraws is as large as a coordinator's. */
export const VIEWPORT = { width: 1920, height: 1080 };
/**
 * Server settings while measuring: no silence sweep, so every station update the dashboard
 * applies comes from our sender and the counts can be compared exactly.
 */
export const PERF_SERVER_ENV: Record<string, string> = { SILENCE_CHECK_SECONDS: '0' };

const DEMO_PASSWORD = 'baqylau-demo';
const MiB = 1024 * 1024;

// ---- numbers ----

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Least-squares line through the points: the trend a memory leak would show as a positive slope. */
export function linearFit(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  if (n < 2) return { slope: NaN, intercept: NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const slope = sxx === 0 ? NaN : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Deterministic shuffle (mulberry32): updates land all over the country, and the same way every run. */
function shuffled<T>(items: readonly T[], seed = 20_260_101): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---- the HQ client that sends the updates ----

const LiveSnapshot = z.object({ items: z.array(StationLive), seq: z.number().int() });

export interface HqClient {
  baseUrl: string;
  electionId: number;
  /** Stations with an observer (HQ may report on the observer's behalf), in a fixed shuffled order. */
  stationIds: number[];
  socket: Socket;
  /** What this HQ socket heard broadcast, as a second dashboard would: station items and the highest seq. */
  heard: { items: number; seq: number };
  /** The server's current change sequence number. */
  serverSeq(): Promise<number>;
  close(): void;
}

async function getJson<T>(url: string, token: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return schema.parse(await res.json());
}

/** Signs in as `hq` through the API and opens a socket, as an HQ operator's second screen would. */
export async function connectHq(baseUrl: string, login = 'hq'): Promise<HqClient> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${login}: ${res.status} ${await res.text()}`);
  const { token } = LoginResponse.parse(await res.json());
  const map = await getJson(`${baseUrl}/api/stations/map`, token, StationMap);
  if (map.electionId === null) throw new Error('no active election: the server must run with the demo');
  const live = await getJson(`${baseUrl}/api/live`, token, LiveSnapshot);
  const onMap = new Set(map.id);
  const observed = live.items
    .filter((s) => s.phase !== 'no_observer' && onMap.has(s.stationId))
    .map((s) => s.stationId);
  if (observed.length === 0) throw new Error('no station has an observer');

  const socket = connect(baseUrl, { transports: ['websocket'], reconnection: false, auth: { token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const heard = { items: 0, seq: 0 };
  socket.on('stations:changed', (message: { items?: unknown[]; seq?: number }) => {
    heard.items += message.items?.length ?? 0;
    if (typeof message.seq === 'number' && message.seq > heard.seq) heard.seq = message.seq;
  });
  return {
    baseUrl,
    electionId: map.electionId,
    stationIds: shuffled(observed),
    socket,
    heard,
    serverSeq: async () => (await getJson(`${baseUrl}/api/live`, token, LiveSnapshot)).seq,
    close: () => {
      socket.close();
    },
  };
}

export interface SenderStats {
  sent: number;
  acked: number;
  failed: number;
  /** The first few refusals, to say why. */
  errors: string[];
  /** The highest change number acknowledged: what the dashboard must reach. */
  maxSeq: number;
  /** From the first report to the last one sent. */
  seconds: number;
  achievedRate: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** [seq, sent at (epoch ms)] of every acknowledged report, when asked for. */
  sends: [number, number][];
}

export interface Sender {
  /** Stops sending and waits for every acknowledgement still due. */
  stop(): Promise<SenderStats>;
}

/**
 * Sends turnout reports for `rate` distinct stations a second, paced in ticks against the start
 * time (a late tick catches up, so the rate holds on average). Each report raises its station's
 * chair figure, so every report changes a station and bumps its seq.
 */
export function startSender(
  client: HqClient,
  options: { rate: number; tickMs?: number; trackSends?: boolean },
): Sender {
  const tickMs = options.tickMs ?? 100;
  const figures = new Map<number, number>();
  const inFlight = new Set<Promise<void>>();
  const latencies: number[] = [];
  const sends: [number, number][] = [];
  const stats = { sent: 0, acked: 0, failed: 0, maxSeq: 0, errors: [] as string[] };
  const fail = (message: string) => {
    stats.failed++;
    if (stats.errors.length < 5) stats.errors.push(message);
  };
  let next = 0;

  const sendOne = () => {
    const stationId = client.stationIds[next++ % client.stationIds.length]!;
    const figure = (figures.get(stationId) ?? 0) + 1;
    figures.set(stationId, figure);
    const now = new Date().toISOString();
    const envelope: ReportEnvelope = {
      id: randomUUID(),
      stationId,
      electionId: client.electionId,
      deviceTime: now,
      body: { kind: 'turnout', at: now, chairFigure: figure, ownCount: figure, portableBoxRequests: null },
    };
    const sentAt = Date.now();
    const t0 = performance.now();
    stats.sent++;
    const pending: Promise<void> = client.socket
      .timeout(30_000)
      .emitWithAck('report:submit', envelope)
      .then(
        (answer: unknown) => {
          const result = ReportResult.safeParse(answer);
          if (!result.success) return fail(`unexpected ack: ${JSON.stringify(answer).slice(0, 200)}`);
          if (!result.data.ok) return fail(`${result.data.error.code}: ${result.data.error.message}`);
          latencies.push(performance.now() - t0);
          stats.acked++;
          if (result.data.data.seq > stats.maxSeq) stats.maxSeq = result.data.data.seq;
          if (options.trackSends) sends.push([result.data.data.seq, sentAt]);
        },
        (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  };

  const started = performance.now();
  let lastSent = started;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    const elapsed = performance.now() - started;
    const due = Math.floor((elapsed / 1000) * options.rate);
    while (stats.sent < due) sendOne();
    lastSent = performance.now();
    timer = setTimeout(tick, tickMs - (elapsed % tickMs));
  };
  timer = setTimeout(tick, tickMs);

  return {
    stop: async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const seconds = (lastSent - started) / 1000;
      while (inFlight.size > 0) await Promise.all(inFlight);
      return {
        ...stats,
        seconds,
        achievedRate: seconds > 0 ? stats.sent / seconds : 0,
        ackP50Ms: percentile(latencies, 50),
        ackP99Ms: percentile(latencies, 99),
        sends,
      };
    },
  };
}

// ---- the dashboard page ----

export interface Dashboard {
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** Signs in as `hq` through the form (the app lands on the map) and attaches a DevTools session. */
export async function openDashboard(browser: Browser, baseUrl: string): Promise<Dashboard> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    // The map-drawn mark may come before the live states (colours) are known: note when they are,
    // on every page load, from the first change of data-applied. Anonymous callbacks only (readPaint).
    await context.addInitScript(
      ([selector, markName]) => {
        const observer = new MutationObserver(() => {
          const map = document.querySelector<HTMLElement>(selector);
          if (map && Number(map.dataset.applied) > 0) {
            performance.mark(markName);
            observer.disconnect();
          }
        });
        observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-applied'] });
      },
      [MAP, LIVE_APPLIED] as const,
    );
    const page = await context.newPage();
    await signIn(page, baseUrl, 'hq');
    await page.waitForSelector(`${MAP}[data-ready="true"]`, { timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return { page, cdp, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

export interface MapState {
  ready: boolean;
  markers: number;
  seq: number;
  applied: number;
  mode: string;
}

/** The map element's data attributes (the web app's contract with its tests). */
export async function readMap(page: Page): Promise<MapState> {
  const data = await page.evaluate((selector) => {
    const element = document.querySelector<HTMLElement>(selector);
    return element ? { ...element.dataset } : null;
  }, MAP);
  if (!data) throw new Error('no station map on the page');
  const num = (value: string | undefined) => (value === undefined || value === '' ? NaN : Number(value));
  return {
    ready: data.ready === 'true',
    markers: num(data.markers),
    seq: num(data.seq),
    applied: num(data.applied),
    mode: data.mode ?? '',
  };
}

/** Waits until the map has applied change `seq`; false (not an error) when it does not in time. */
export async function waitForSeq(page: Page, seq: number, timeoutMs: number): Promise<boolean> {
  try {
    await page.waitForFunction(
      ([selector, wanted]) => Number(document.querySelector<HTMLElement>(selector)?.dataset.seq ?? NaN) >= wanted,
      [MAP, seq] as const,
      { timeout: timeoutMs, polling: 100 },
    );
    return true;
  } catch {
    return false;
  }
}

export type Metrics = Record<string, number>;

/** Chrome's counters for the page: TaskDuration (main-thread seconds), JSHeapUsedSize, Nodes, Timestamp… */
export async function readMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Share of wall time the main thread spent in tasks between two samples, in percent. */
export function busyPercent(from: Metrics, to: Metrics, counter = 'TaskDuration'): number {
  const wall = (to.Timestamp ?? 0) - (from.Timestamp ?? 0);
  return wall > 0 ? (((to[counter] ?? 0) - (from[counter] ?? 0)) / wall) * 100 : NaN;
}

export interface PaintTiming {
  /** `performance.mark('baqylau:map-drawn')`: ms from navigation start to the stations on screen. */
  mapDrawnMs: number;
  /** When the live snapshot (every station's state and colour) was first applied to the map. */
  liveAppliedMs: number | null;
  domContentLoadedMs: number;
  /** When the requests the map waits for went out and their responses had arrived (ms from navigation start). */
  stationsMapRequestMs: number | null;
  stationsMapResponseMs: number | null;
  liveRequestMs: number | null;
  liveResponseMs: number | null;
  markers: number;
}

async function readPaint(page: Page): Promise<PaintTiming> {
  try {
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, MAP_DRAWN, {
      timeout: 60_000,
    });
  } catch {
    throw new Error(
      `the page never set performance.mark('${MAP_DRAWN}'): is the web build older than the dashboard's timing contract?`,
    );
  }
  // No named functions inside page.evaluate callbacks: tsx (esbuild keepNames) wraps them in a
  // `__name` helper that does not exist in the page.
  // Give the live snapshot its chance to land too (null: it did not within 10 s).
  await page
    .waitForFunction((name) => performance.getEntriesByName(name).length > 0, LIVE_APPLIED, { timeout: 10_000 })
    .catch(() => {});
  const timing = await page.evaluate(
    ([name, liveName, paths]) => {
      const spans = paths.map((path) => {
        for (const e of performance.getEntriesByType('resource'))
          if (e instanceof PerformanceResourceTiming && new URL(e.name).pathname === path)
            return { start: e.startTime, end: e.responseEnd };
        return null;
      });
      const navigation = performance.getEntriesByType('navigation')[0];
      return {
        mapDrawnMs: performance.getEntriesByName(name)[0]!.startTime,
        liveAppliedMs: performance.getEntriesByName(liveName)[0]?.startTime ?? null,
        domContentLoadedMs:
          navigation instanceof PerformanceNavigationTiming ? navigation.domContentLoadedEventEnd : Number.NaN,
        stationsMapRequestMs: spans[0]?.start ?? null,
        stationsMapResponseMs: spans[0]?.end ?? null,
        liveRequestMs: spans[1]?.start ?? null,
        liveResponseMs: spans[1]?.end ?? null,
      };
    },
    [MAP_DRAWN, LIVE_APPLIED, ['/api/stations/map', '/api/live']] as const,
  );
  const { markers } = await readMap(page);
  const r = (v: number | null) => (v === null ? null : round(v));
  return {
    mapDrawnMs: round(timing.mapDrawnMs),
    liveAppliedMs: r(timing.liveAppliedMs),
    domContentLoadedMs: round(timing.domContentLoadedMs),
    stationsMapRequestMs: r(timing.stationsMapRequestMs),
    stationsMapResponseMs: r(timing.stationsMapResponseMs),
    liveRequestMs: r(timing.liveRequestMs),
    liveResponseMs: r(timing.liveResponseMs),
    markers,
  };
}

export interface PaintResult {
  /** A browser with nothing cached (no HTTP cache, no service worker), the server warm. */
  cold: PaintTiming;
  /** Reloads of /map with the browser's caches as they are after the first visit. */
  reloads: PaintTiming[];
  medianMs: number;
  maxMs: number;
  /** The same for the live states on the map (NaN when a reload never applied them). */
  liveAppliedMedianMs: number;
  liveAppliedMaxMs: number;
}

/**
 * First meaningful paint of the map from a warm server: one visit with the browser's caches
 * bypassed, then `reloads` reloads. The page is left on /map, ready.
 */
export async function measurePaints(dashboard: Dashboard, baseUrl: string, reloads: number): Promise<PaintResult> {
  const { page, cdp } = dashboard;
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await page.goto(`${baseUrl}/map`);
  const cold = await readPaint(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.setBypassServiceWorker', { bypass: false });
  await cdp.send('Network.disable');
  const warm: PaintTiming[] = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload();
    warm.push(await readPaint(page));
  }
  await page.waitForSelector(`${MAP}[data-ready="true"]`);
  const times = warm.map((w) => w.mapDrawnMs);
  const live = warm.map((w) => w.liveAppliedMs ?? NaN);
  return {
    cold,
    reloads: warm,
    medianMs: round(median(times)),
    maxMs: round(Math.max(...times)),
    liveAppliedMedianMs: round(median(live)),
    liveAppliedMaxMs: round(Math.max(...live)),
  };
}

declare global {
  interface Window {
    /** Installed by `installProbe` while an update run is measured. */
    __dashboardProbe?: {
      seqAt: [number, number][];
      longTasks: number[];
      observers: { disconnect(): void }[];
    };
  }
}

/** Records in the page when `data-seq` changes (epoch ms, for latency) and every long task. */
async function installProbe(page: Page): Promise<void> {
  // Anonymous callbacks only (see readPaint).
  await page.evaluate((selector) => {
    const element = document.querySelector<HTMLElement>(selector);
    if (!element) throw new Error('no station map');
    const probe: NonNullable<Window['__dashboardProbe']> = { seqAt: [], longTasks: [], observers: [] };
    const mutations = new MutationObserver(() => {
      const seq = Number(element.dataset.seq);
      const last = probe.seqAt[probe.seqAt.length - 1];
      if (!last || seq > last[1]) probe.seqAt.push([Date.now(), seq]);
    });
    mutations.observe(element, { attributes: true, attributeFilter: ['data-seq'] });
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    tasks.observe({ type: 'longtask' });
    probe.observers.push(mutations, tasks);
    window.__dashboardProbe = probe;
  }, MAP);
}

/** Takes the probe's records out of the page and removes it (so it holds no memory afterwards). */
async function collectProbe(page: Page): Promise<{ seqAt: [number, number][]; longTasks: number[] }> {
  return page.evaluate(() => {
    const probe = window.__dashboardProbe;
    if (!probe) return { seqAt: [], longTasks: [] };
    for (const observer of probe.observers) observer.disconnect();
    delete window.__dashboardProbe;
    return { seqAt: probe.seqAt, longTasks: probe.longTasks };
  });
}

/** For every acknowledged report: ms from sending it to the map showing its seq (or a later one). */
function visibleLatencies(sends: readonly [number, number][], seqAt: readonly [number, number][]): number[] {
  const bySeq = [...sends].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let k = 0;
  for (const [seq, sentAt] of bySeq) {
    while (k < seqAt.length && seqAt[k]![1] < seq) k++;
    if (k === seqAt.length) break;
    out.push(seqAt[k]![0] - sentAt);
  }
  return out;
}

export interface UpdateRunResult {
  rate: number;
  seconds: number;
  mode: string;
  sent: number;
  acked: number;
  failed: number;
  errors: string[];
  achievedRate: number;
  maxAckedSeq: number;
  dashboardSeq: number;
  /** The map applied the last acknowledged change: no update was lost on the way. */
  reachedMaxSeq: boolean;
  /** From the last acknowledgement to the map showing the last change. */
  catchUpMs: number;
  /** Station updates the page applied during the run (Δ data-applied)… */
  appliedOnDashboard: number;
  /** …and station updates another HQ socket heard broadcast over the same run: they should be equal. */
  heardBySocket: number;
  /** Main thread busy (Δ TaskDuration / Δ wall time) over the whole sending period, percent. */
  busyPercent: number;
  busyMaxWindowPercent: number;
  windowSeconds: number;
  busyWindowsPercent: number[];
  scriptPercent: number;
  layoutAndStylePercent: number;
  longTasks: number;
  longestTaskMs: number;
  /** Report sent → its seq on the map (data-seq), ms. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

/**
 * `rate` station updates a second for `seconds`, through the real server to the open dashboard:
 * main-thread load sampled every `windowSeconds`, then a check that the map reached the last
 * acknowledged change.
 */
export async function runUpdates(
  dashboard: Dashboard,
  client: HqClient,
  options: { rate: number; seconds: number; windowSeconds?: number; seqTimeoutMs?: number },
): Promise<UpdateRunResult> {
  const { page, cdp } = dashboard;
  const windowSeconds = options.windowSeconds ?? 5;
  // Start from a dashboard that is current, so everything it applies from here on is ours.
  const startSeq = await client.serverSeq();
  if (!(await waitForSeq(page, startSeq, 15_000))) throw new Error(`the dashboard never reached seq ${startSeq}`);
  await installProbe(page);
  const before = await readMap(page);
  const heardBefore = client.heard.items;
  const first = await readMetrics(cdp);

  const sender = startSender(client, { rate: options.rate, trackSends: true });
  const started = performance.now();
  const windows: number[] = [];
  let previous = first;
  let last = first;
  for (let end = Math.min(windowSeconds, options.seconds); ; end = Math.min(options.seconds, end + windowSeconds)) {
    await sleep(started + end * 1000 - performance.now());
    last = await readMetrics(cdp);
    windows.push(round(busyPercent(previous, last)));
    previous = last;
    if (end >= options.seconds) break;
  }
  const stats = await sender.stop();
  const acksDone = performance.now();
  const reached = await waitForSeq(page, stats.maxSeq, options.seqTimeoutMs ?? 10_000);
  const catchUpMs = performance.now() - acksDone;
  // The reference socket gets the same broadcasts; give it the same chance to hear the last one.
  for (let i = 0; i < 50 && client.heard.seq < stats.maxSeq; i++) await sleep(100);
  const after = await readMap(page);
  const probe = await collectProbe(page);
  const latencies = visibleLatencies(stats.sends, probe.seqAt);

  return {
    rate: options.rate,
    seconds: options.seconds,
    mode: after.mode,
    sent: stats.sent,
    acked: stats.acked,
    failed: stats.failed,
    errors: stats.errors,
    achievedRate: round(stats.achievedRate),
    maxAckedSeq: stats.maxSeq,
    dashboardSeq: after.seq,
    reachedMaxSeq: reached && after.seq >= stats.maxSeq,
    catchUpMs: round(catchUpMs, 0),
    appliedOnDashboard: after.applied - before.applied,
    heardBySocket: client.heard.items - heardBefore,
    busyPercent: round(busyPercent(first, last)),
    busyMaxWindowPercent: Math.max(...windows),
    windowSeconds,
    busyWindowsPercent: windows,
    scriptPercent: round(busyPercent(first, last, 'ScriptDuration')),
    layoutAndStylePercent: round(
      busyPercent(first, last, 'LayoutDuration') + busyPercent(first, last, 'RecalcStyleDuration'),
    ),
    longTasks: probe.longTasks.length,
    longestTaskMs: round(Math.max(0, ...probe.longTasks), 0),
    latencyP50Ms: round(percentile(latencies, 50), 0),
    latencyP95Ms: round(percentile(latencies, 95), 0),
    latencyP99Ms: round(percentile(latencies, 99), 0),
    latencyMaxMs: latencies.length > 0 ? round(Math.max(...latencies), 0) : NaN,
    ackP50Ms: round(stats.ackP50Ms),
    ackP99Ms: round(stats.ackP99Ms),
  };
}

export interface MemorySample {
  atSeconds: number;
  /** The page's JS heap after a forced garbage collection. */
  heapMiB: number;
  /** DOM nodes and event listeners: a leak of markers or popups would show here. */
  nodes: number;
  listeners: number;
  /** The server (in this process, no forced GC): for context, not the dashboard's figure. */
  serverHeapMiB: number;
  serverRssMiB: number;
}

export interface MemoryResult {
  seconds: number;
  rate: number;
  sampleEverySeconds: number;
  samples: MemorySample[];
  heapFirstMiB: number;
  heapLastMiB: number;
  heapMaxMiB: number;
  /** Least-squares slope of the heap over the whole soak and over its second half. */
  heapSlopeMiBPerHour: number;
  heapSecondHalfSlopeMiBPerHour: number;
  nodesFirst: number;
  nodesLast: number;
  nodesSlopePerHour: number;
  /** Includes the forced collections. */
  busyPercent: number;
  sent: number;
  failed: number;
  reachedMaxSeq: boolean;
}

async function sampleMemory(cdp: CDPSession, atSeconds: number): Promise<MemorySample> {
  // Twice: the first pass can leave garbage that only the second frees (weak maps, finalizers).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await readMetrics(cdp);
  const server = process.memoryUsage();
  return {
    atSeconds: round(atSeconds),
    heapMiB: round((m.JSHeapUsedSize ?? NaN) / MiB, 2),
    nodes: m.Nodes ?? NaN,
    listeners: m.JSEventListeners ?? NaN,
    serverHeapMiB: round(server.heapUsed / MiB),
    serverRssMiB: round(server.rss / MiB),
  };
}

/** The same load for `seconds`, the page's memory sampled (after GC) every `sampleEverySeconds`. */
export async function soakMemory(
  dashboard: Dashboard,
  client: HqClient,
  options: {
    rate: number;
    seconds: number;
    sampleEverySeconds: number;
    onSample?: (sample: MemorySample) => void;
  },
): Promise<MemoryResult> {
  const { page, cdp } = dashboard;
  // The first sample from a dashboard that has caught up with the server, not one still loading.
  const startSeq = await client.serverSeq();
  if (!(await waitForSeq(page, startSeq, 15_000))) throw new Error(`the dashboard never reached seq ${startSeq}`);
  const first = await readMetrics(cdp);
  const samples = [await sampleMemory(cdp, 0)];
  options.onSample?.(samples[0]!);
  const sender = startSender(client, { rate: options.rate });
  const started = performance.now();
  for (let at = options.sampleEverySeconds; at <= options.seconds; at += options.sampleEverySeconds) {
    await sleep(started + at * 1000 - performance.now());
    const sample = await sampleMemory(cdp, (performance.now() - started) / 1000);
    samples.push(sample);
    options.onSample?.(sample);
  }
  await sleep(started + options.seconds * 1000 - performance.now());
  const last = await readMetrics(cdp);
  const stats = await sender.stop();
  const reached = await waitForSeq(page, stats.maxSeq, 10_000);

  const perHour = (points: { x: number; y: number }[]) => linearFit(points).slope * 3600;
  const heap = samples.map((s) => ({ x: s.atSeconds, y: s.heapMiB }));
  const nodes = samples.map((s) => ({ x: s.atSeconds, y: s.nodes }));
  return {
    seconds: options.seconds,
    rate: options.rate,
    sampleEverySeconds: options.sampleEverySeconds,
    samples,
    heapFirstMiB: samples[0]!.heapMiB,
    heapLastMiB: samples[samples.length - 1]!.heapMiB,
    heapMaxMiB: Math.max(...samples.map((s) => s.heapMiB)),
    heapSlopeMiBPerHour: round(perHour(heap), 2),
    heapSecondHalfSlopeMiBPerHour: round(perHour(heap.slice(Math.floor(heap.length / 2))), 2),
    nodesFirst: samples[0]!.nodes,
    nodesLast: samples[samples.length - 1]!.nodes,
    nodesSlopePerHour: round(perHour(nodes), 0),
    busyPercent: round(busyPercent(first, last)),
    sent: stats.sent,
    failed: stats.failed,
    reachedMaxSeq: reached,
  };
}

// One [name, value] line per figure, for the console and the bench's results.

export function describePaint(paint: PaintResult): [string, string][] {
  const at = (pick: (t: PaintTiming) => number | null) => median(paint.reloads.map((r) => pick(r) ?? NaN)).toFixed(0);
  const n = paint.reloads.length;
  return [
    ['map drawn, cold browser cache', `${paint.cold.mapDrawnMs} ms (${paint.cold.markers} markers)`],
    [`map drawn, ${n} reloads median / max`, `${paint.medianMs} / ${paint.maxMs} ms`],
    [
      `live states on the map, ${n} reloads median / max`,
      `${paint.liveAppliedMedianMs} / ${paint.liveAppliedMaxMs} ms`,
    ],
    [
      'reloads: stations map / live asked → in (median)',
      `${at((r) => r.stationsMapRequestMs)} → ${at((r) => r.stationsMapResponseMs)} ms / ` +
        `${at((r) => r.liveRequestMs)} → ${at((r) => r.liveResponseMs)} ms`,
    ],
  ];
}

export function describeUpdates(
  u: UpdateRunResult,
  label = `${u.rate} updates/s × ${u.seconds} s`,
): [string, string][] {
  return [
    [`${label}: sent / acked / failed`, `${u.sent} / ${u.acked} / ${u.failed} (${u.achievedRate}/s, ${u.mode})`],
    [
      `${label}: main thread busy / worst ${u.windowSeconds} s`,
      `${u.busyPercent} % / ${u.busyMaxWindowPercent} % (script ${u.scriptPercent} %)`,
    ],
    [
      `${label}: dropped updates`,
      `${u.reachedMaxSeq ? 'none' : 'SOME'}: map at seq ${u.dashboardSeq} of ${u.maxAckedSeq} acked; ` +
        `applied ${u.appliedOnDashboard}, broadcast ${u.heardBySocket}`,
    ],
    [
      `${label}: report → map p50/p95/p99/max`,
      `${u.latencyP50Ms} / ${u.latencyP95Ms} / ${u.latencyP99Ms} / ${u.latencyMaxMs} ms`,
    ],
    [`${label}: long tasks / longest`, `${u.longTasks} / ${u.longestTaskMs} ms`],
  ];
}

export function describeMemory(m: MemoryResult): [string, string][] {
  const minutes = Number((m.seconds / 60).toFixed(1));
  return [
    [
      `heap over ${minutes} min first / last / max`,
      `${m.heapFirstMiB} / ${m.heapLastMiB} / ${m.heapMaxMiB} MiB (${m.samples.length} samples after GC)`,
    ],
    ['heap slope whole / second half', `${m.heapSlopeMiBPerHour} / ${m.heapSecondHalfSlopeMiBPerHour} MiB/h`],
    ['DOM nodes first / last (slope)', `${m.nodesFirst} / ${m.nodesLast} (${m.nodesSlopePerHour}/h)`],
    [
      `soak: sent / failed / dropped, busy`,
      `${m.sent} / ${m.failed} / ${m.reachedMaxSeq ? 'none' : 'SOME'}, ${m.busyPercent} % (with forced GCs)`,
    ],
  ];
}
