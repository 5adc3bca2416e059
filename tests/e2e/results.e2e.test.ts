import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ProtocolFigures } from '../../shared/protocols.ts';
import { StationsPage, type StationSummary } from '../../shared/stations.ts';
import { asUser, login } from '../support/auth.ts';
import { launchBrowser, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;
let electionId: number;
let options: { id: number; position: number }[];

beforeAll(async () => {
  [served, browser] = await Promise.all([
    serveApp(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}),
    launchBrowser(),
  ]);
  const db = served.app.db;
  electionId = (await db.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirstOrThrow())
    .id;
  options = await db
    .selectFrom('ballot_options')
    .select(['id', 'position'])
    .where('election_id', '=', electionId)
    .orderBy('position')
    .execute();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** A protocol that adds up: `voters` took part, 10 invalid, the rest spread over the options (the first gets the remainder). */
function protocol(voters: number): ProtocolFigures {
  const valid = voters - 10;
  const each = Math.floor(valid / options.length);
  return {
    registeredVoters: 1000,
    ballotsReceived: 1010,
    ballotsIssuedInside: voters,
    ballotsIssuedOutside: 0,
    outsideRequests: 0,
    ballotsCancelled: 1010 - voters,
    fixedBoxBallots: voters,
    fixedBoxSealIntact: true,
    portableBoxes: [],
    invalidBallots: 10,
    votes: options.map((o, i) => ({ optionId: o.id, votes: i === 0 ? valid - each * (options.length - 1) : each })),
    signatures: { chair: true, secretary: true, members: 5 },
    photoEvidenceIds: [],
  };
}

/** The observer's copy, through the same endpoint the field app's outbox uses. */
async function sendProtocol(observerLogin: string, stationId: number, figures: ProtocolFigures): Promise<void> {
  const observer = asUser(served.app, (await login(served.app, observerLogin)).token);
  const sent = await observer({
    method: 'POST',
    url: '/api/reports',
    payload: {
      id: randomUUID(),
      stationId,
      electionId,
      deviceTime: new Date().toISOString(),
      body: { kind: 'protocol', figures, ownTally: null, note: '' },
    },
  });
  expect(sent.statusCode, sent.body).toBe(200);
}

/** The operator types the same figures from the photo: the two entries agree and the protocol is verified. */
async function verify(stationId: number, figures: ProtocolFigures): Promise<void> {
  const operator = asUser(served.app, (await login(served.app, 'operator')).token);
  const entered = await operator({
    method: 'POST',
    url: `/api/protocols/${stationId}/operator-entry`,
    payload: { id: randomUUID(), figures },
  });
  expect(entered.statusCode, entered.body).toBe(200);
  expect(entered.json()).toMatchObject({ stationId, state: 'verified' });
}

/** A covered station of a region (demo observers sign in as obs-<number>). */
async function observedStation(region: string, skip = 0): Promise<StationSummary> {
  const hq = asUser(served.app, (await login(served.app, 'hq')).token);
  const res = await hq({ method: 'GET', url: `/api/stations?region=${region}&coverage=covered&limit=${skip + 1}` });
  expect(res.statusCode).toBe(200);
  return StationsPage.parse(res.json()).items[skip]!;
}

const attr = (page: Page, selector: string, name: string) => page.getAttribute(selector, name);

async function openResults(page: Page, user: string): Promise<void> {
  await signIn(page, served.url, user);
  await page.selectOption('[data-testid="language-select"]', 'en');
  await page.click('nav a[href="/results"]');
  await page.waitForSelector('[data-testid="results-total"]');
}

describe('HQ results page', () => {
  it('tabulates verified and received copies, drills into a region and back, updates live, and the map marker shows the protocol', async () => {
    const db = served.app.db;
    const one = await db
      .selectFrom('stations')
      .select(['id', 'number', 'region_code'])
      .where('election_id', '=', electionId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();
    const totalStations = (
      await db
        .selectFrom('stations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('election_id', '=', electionId)
        .executeTakeFirstOrThrow()
    ).n;

    // Station 1 (Almaty) verified: observer and operator agree. An Astana station's copy: received only.
    expect(one.region_code).toBe('almaty-city');
    const oneFigures = protocol(600);
    await sendProtocol('observer', one.id, oneFigures);
    await verify(one.id, oneFigures);
    const astana = await observedStation('astana');
    const astanaFigures = protocol(400);
    await sendProtocol(`obs-${astana.number}`, astana.id, astanaFigures);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watchProblems(page);
    await openResults(page, 'hq');
    const first = options[0]!.id;
    const total = '[data-testid="results-total"]';

    // Verified only: station 1.
    await expect.poll(() => attr(page, total, 'data-counted')).toBe('1');
    expect(await attr(page, total, 'data-total')).toBe(String(totalStations));
    expect(await attr(page, `[data-testid="results-bar-${first}"]`, 'data-votes')).toBe(
      String(oneFigures.votes[0]!.votes),
    );
    // The bar says its number and share in text, not only as a length.
    expect(await page.textContent(`[data-testid="results-bar-${first}"]`)).toMatch(/\d+ · \d+\.\d%/);
    expect(await page.locator('[data-testid^="results-region-"]').count()).toBe(20);
    expect(await attr(page, `[data-testid="results-region-${one.region_code}"]`, 'data-counted')).toBe('1');
    // The coverage layer knows both copies: one verified, one received.
    await page.waitForSelector('[data-testid="results-map"][data-ready="true"]');
    await expect.poll(() => attr(page, '[data-testid="results-legend-verified"]', 'data-count')).toBe('1');
    expect(await attr(page, '[data-testid="results-legend-received"]', 'data-count')).toBe('1');
    expect(await attr(page, '[data-testid="results-map"]', 'data-shown')).toBe(String(totalStations));
    // A layer switched off takes its stations off the map.
    await page.uncheck('[data-testid="results-layer-none"]');
    await expect.poll(() => attr(page, '[data-testid="results-map"]', 'data-shown')).toBe('2');
    await page.check('[data-testid="results-layer-none"]');

    // Every received copy: both stations, and the first option's votes add up.
    await page.selectOption('[data-testid="results-basis"]', 'received');
    await expect.poll(() => attr(page, total, 'data-counted')).toBe('2');
    expect(await attr(page, `[data-testid="results-bar-${first}"]`, 'data-votes')).toBe(
      String(oneFigures.votes[0]!.votes + astanaFigures.votes[0]!.votes),
    );
    expect(await attr(page, '[data-testid="results-csv"]', 'href')).toBe('/api/results.csv?basis=received');
    await shoot(page, 'results.png');

    // Drill down into station 1's region (keyboard), its stations listed with their protocol state.
    await page.focus(`[data-testid="results-region-${one.region_code}"]`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`/results?basis=received&region=${one.region_code}`);
    await page.waitForSelector(`[data-testid="results-page"][data-region="${one.region_code}"]`);
    await expect.poll(() => attr(page, total, 'data-counted')).toBe('1');
    expect(await page.locator('[data-testid^="results-region-"]').count()).toBe(0);
    const row = page.locator(`[data-testid="results-station-${one.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('verified');
    expect(await row.locator(`a[href="/protocols/${one.id}"]`).count()).toBe(1);
    // Back returns to the whole country.
    await page.goBack();
    await page.waitForSelector('[data-testid="results-page"][data-region=""]');
    await expect.poll(() => attr(page, total, 'data-counted')).toBe('2');
    expect(await page.locator('[data-testid^="results-region-"]').count()).toBe(20);

    // A new protocol arrives while the page is open: the figures and the map follow, no reload.
    await page.evaluate(() => {
      (window as { stayed?: boolean }).stayed = true;
    });
    const third = await observedStation('shymkent');
    await sendProtocol(`obs-${third.number}`, third.id, protocol(500));
    await expect.poll(() => attr(page, total, 'data-counted'), { timeout: 10_000 }).toBe('3');
    await expect.poll(() => attr(page, '[data-testid="results-legend-received"]', 'data-count')).toBe('2');
    expect(Number(await attr(page, '[data-testid="results-updated"]', 'data-refreshes'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);

    // The live map: station 1 is closed (its protocol came in), so its card and marker show the protocol.
    await page.click('nav a[href="/map"]');
    await page.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="legend-protocol"] li').count()).toBe(4);
    await page.fill('[data-testid="station-search"]', '1');
    await page.press('[data-testid="station-search"]', 'Enter');
    const card = page.locator('[data-testid="drawer-protocol"]');
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('verified');
    expect(await card.textContent()).toContain('Protocol: verified');
    // The marker is drawn in the verified colour (#558b2f; the markers' canvas is apart from the land's).
    await page.waitForSelector('[data-testid="station-map"][data-mode="dots"]');
    // Closer in, so that no neighbour in a dense city covers the marker (a key pressed while the
    // map is still moving may be dropped: each step waits for the zoom it asked for).
    await page.focus('[data-testid="station-map"]');
    const zoom = async () => Number(await attr(page, '[data-testid="station-map"]', 'data-zoom'));
    for (let step = 0; step < 12 && (await zoom()) < 14; step++) {
      const before = await zoom();
      await page.keyboard.press('Equal');
      await page
        .waitForFunction(
          (z) => Number(document.querySelector('[data-testid="station-map"]')?.getAttribute('data-zoom')) > z,
          before,
          { timeout: 2_000 },
        )
        .catch(() => undefined);
    }
    expect(await zoom()).toBeGreaterThanOrEqual(14);
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            let count = 0;
            for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.station-map canvas')) {
              const context = canvas.getContext('2d');
              if (!context || canvas.width === 0) continue;
              const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
              for (let i = 0; i < data.length; i += 4)
                if (
                  Math.abs(data[i]! - 85) < 12 &&
                  Math.abs(data[i + 1]! - 139) < 12 &&
                  Math.abs(data[i + 2]! - 47) < 12
                )
                  count++;
            }
            return count;
          }),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(10);
    await shoot(page, 'results-map-marker.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a regional coordinator only their regions, with an empty state before anything is verified there', async () => {
    const stationsOf = async (regions: string[]) =>
      (
        await served.app.db
          .selectFrom('stations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('election_id', '=', electionId)
          .where('region_code', 'in', regions)
          .executeTakeFirstOrThrow()
      ).n;
    const total = '[data-testid="results-total"]';
    const regions = '[data-testid^="results-region-"]';

    // Almaty's coordinator: station 1 (verified) and nothing of other regions.
    const almaty = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const almatyProblems = watchProblems(almaty);
    await openResults(almaty, 'almaty-coordinator');
    await expect.poll(() => almaty.locator(regions).count()).toBe(1);
    expect(await almaty.locator(regions).first().getAttribute('data-testid')).toBe('results-region-almaty-city');
    expect(await attr(almaty, total, 'data-total')).toBe(String(await stationsOf(['almaty-city'])));
    await expect.poll(() => attr(almaty, total, 'data-counted')).toBe('1');
    expect(await almaty.textContent('[data-testid="results-scope"]')).toContain('Almaty');
    await almaty.waitForSelector('[data-testid="results-map"][data-ready="true"]');
    expect(await attr(almaty, '[data-testid="results-map"]', 'data-shown')).toBe(
      String(await stationsOf(['almaty-city'])),
    );
    expect(almatyProblems).toEqual([]);
    await almaty.close();

    // The south's coordinator: Shymkent's copy is received, nothing verified yet: the empty state offers the other basis.
    const south = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const southProblems = watchProblems(south);
    await openResults(south, 'south-coordinator');
    await expect.poll(() => south.locator(regions).count()).toBe(2);
    expect(await attr(south, total, 'data-total')).toBe(String(await stationsOf(['shymkent', 'turkistan'])));
    await south.waitForSelector('[data-testid="results-empty"]');
    await south.click('[data-testid="results-empty"] button');
    await expect.poll(() => attr(south, total, 'data-counted')).toBe('1');
    expect(await south.$('[data-testid="results-empty"]')).toBeNull();
    expect(await south.inputValue('[data-testid="results-basis"]')).toBe('received');
    expect(southProblems).toEqual([]);
    await south.close();
  });
});
