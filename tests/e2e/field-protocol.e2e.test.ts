import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { StationProtocol } from '../../shared/protocols.ts';
import { asUser, login } from '../support/auth.ts';
import { launchBrowser, openPhone, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  // WEB_DIR: test another build than dist/web (one made while dist/web is being rebuilt).
  const webDir: Record<string, string> = process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {};
  [served, browser] = await Promise.all([serveApp({ BROADCAST_INTERVAL_MS: '100', ...webDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const figure = (page: Page, key: string) => page.locator(`[data-testid="figure-${key}"]`);

/** A real photo of "the copy": a JPEG drawn by the browser itself. */
async function photoOfCopy(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 1100;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fdfdf5';
    ctx.fillRect(0, 0, 800, 1100);
    ctx.fillStyle = '#111';
    ctx.font = '40px serif';
    ctx.fillText('ХАТТАМА / ПРОТОКОЛ', 160, 120);
    return canvas.toDataURL('image/jpeg', 0.85).split(',')[1]!;
  });
  return Buffer.from(base64, 'base64');
}

describe('field app: the results protocol', () => {
  it('enters a copy with an impossible portable box, keeps the draft through a reload, sends it offline-first', async () => {
    const { context, page: phone, problems } = await openPhone(browser, served.url, 'observer');
    const station = await served.app.db
      .selectFrom('stations')
      .select('id')
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();

    // Before the station closes there is no protocol to copy.
    await phone.click('[data-testid="step-protocol"]');
    await phone.waitForSelector('[data-testid="protocol-step"]');
    expect(await phone.locator('[data-testid="protocol-form"]').count()).toBe(0);
    await phone.click('[data-testid="step-protocol"]');

    // The day up to the count, as the observer records it.
    await phone.click('[data-testid="step-arrival"]');
    await phone.click('[data-testid="submit-arrival"]');
    await phone.click('[data-testid="step-closing"]');
    await phone.fill('[data-testid="form-closing"] input[name="votedPerChair"]', '610');
    await phone.click('[data-testid="submit-closing"]');
    await phone.click('[data-testid="step-counting"]');
    await phone.click('[data-testid="submit-counting"]');
    await expect.poll(() => phone.textContent('[data-testid="waiting-count"]'), { timeout: 20_000 }).toContain('0');

    await phone.click('[data-testid="step-protocol"]');
    await phone.waitForSelector('[data-testid="protocol-form"]');
    // Digits only: the letters typed are refused, the digits kept.
    await figure(phone, 'registeredVoters').pressSequentially('1a0b00');
    expect(await figure(phone, 'registeredVoters').inputValue()).toBe('1000');
    await figure(phone, 'ballotsReceived').fill('1010');
    await figure(phone, 'ballotsIssuedInside').fill('600');
    expect(await phone.textContent('[data-testid="protocol-missing"]')).toMatch(/\d/);

    // A reload keeps what was typed.
    await phone.reload();
    await phone.waitForSelector('[data-testid="field-view"] h2');
    await phone.click('[data-testid="step-protocol"]');
    await phone.waitForSelector('[data-testid="protocol-form"]');
    expect(await figure(phone, 'registeredVoters').inputValue()).toBe('1000');
    expect(await figure(phone, 'ballotsIssuedInside').inputValue()).toBe('600');

    // The rest of the copy: a portable box with 12 ballots but only 10 written requests.
    await figure(phone, 'ballotsIssuedOutside').fill('10');
    await figure(phone, 'outsideRequests').fill('10');
    await figure(phone, 'ballotsCancelled').fill('400');
    await figure(phone, 'fixedBoxBallots').fill('598');
    await figure(phone, 'fixedBoxSealIntact').check();
    await phone.click('[data-testid="add-portable-box"]');
    await figure(phone, 'portableBoxes.0.ballots').fill('12');
    await figure(phone, 'portableBoxes.0.sealIntact').check();
    await figure(phone, 'invalidBallots').fill('10');
    // 600 valid votes over the ballot's options, in ballot order.
    const voteInputs = phone.locator('[data-testid^="figure-votes."]');
    const options = await voteInputs.count();
    expect(options).toBeGreaterThan(1);
    for (let i = 0; i < options; i++) await voteInputs.nth(i).fill(i === 0 ? '350' : i === 1 ? '250' : '0');
    await figure(phone, 'signatures.chair').check();
    await figure(phone, 'signatures.secretary').check();
    await figure(phone, 'signatures.members').fill('5');
    await phone.fill('[data-testid="protocol-own-tally"]', '608');
    await figure(phone, 'ballotsIssuedOutside').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shoot(phone, 'field-protocol-form.png');

    // The checks, live: only the portable box fails, and it says which box.
    const checks = phone.locator('[data-testid="protocol-checks"]');
    await checks.waitFor();
    const portable = checks.locator('[data-testid="check-portable_le_requests"]');
    expect(await portable.getAttribute('data-ok')).toBe('false');
    expect(await portable.getAttribute('data-severity')).toBe('error');
    expect(await portable.getAttribute('data-box')).toBe('0');
    expect(await portable.textContent()).toContain('12');
    expect(await checks.locator('li[data-ok="false"]').count()).toBe(1);
    for (const code of ['received_balance', 'boxes_le_issued', 'votes_balance', 'own_tally', 'options_complete'])
      expect(await checks.locator(`[data-testid="check-${code}"]`).getAttribute('data-ok')).toBe('true');

    // No connection now: the photo and the protocol wait on the phone.
    await context.setOffline(true);
    const photo = await photoOfCopy(phone);
    await phone.setInputFiles('[data-testid="protocol-photo-input"]', {
      name: 'protocol.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await phone.waitForSelector('[data-testid="protocol-photos"] li img');
    await checks.scrollIntoViewIfNeeded();
    await shoot(phone, 'field-protocol-checks.png');

    // A failed check asks for a confirmation, then sends anyway: the paper is the evidence.
    await phone.click('[data-testid="protocol-submit"]');
    await phone.click('[data-testid="protocol-confirm"]');
    const sent = phone.locator('[data-testid="protocol-sent"]');
    await expect.poll(() => sent.getAttribute('data-state')).toBe('waiting');
    await expect.poll(() => phone.textContent('[data-testid="waiting-count"]')).toContain('1');
    const photosWaiting = () =>
      phone.getAttribute('[data-testid="protocol-photos-waiting"]', 'data-count').then(Number);
    expect(await photosWaiting()).toBe(1);
    expect(await phone.locator('[data-testid="protocol-form"]').count()).toBe(0);
    await shoot(phone, 'field-protocol-waiting.png');

    // HQ watches the results page, every received copy counted, while the phone is offline.
    const hqContext = await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Almaty' });
    const hqPage = await hqContext.newPage();
    const hqProblems = watchProblems(hqPage);
    await signIn(hqPage, served.url, 'hq');
    // HQ lands on the map: let it finish drawing before moving on (leaving a Leaflet canvas mid-draw
    // on a loaded machine has thrown inside Leaflet once).
    await hqPage.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await hqPage.click('nav a[href="/results"]');
    await hqPage.waitForSelector('[data-testid="results-map"][data-ready="true"]', { timeout: 30_000 });
    await hqPage.selectOption('[data-testid="results-basis"]', 'received');
    // Nothing counted yet is the empty state, without a total.
    const counted = async () => {
      const total = hqPage.locator('[data-testid="results-total"]');
      return (await total.count()) > 0 ? Number(await total.getAttribute('data-counted')) : 0;
    };
    await expect.poll(counted).toBe(0);

    await context.setOffline(false);
    await expect.poll(() => sent.getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(photosWaiting, { timeout: 30_000 }).toBe(0);

    // Stored exactly once, flagged by the server's own checks, with the photo.
    const reports = await served.app.db
      .selectFrom('reports')
      .select('id')
      .where('station_id', '=', station.id)
      .where('kind', '=', 'protocol')
      .execute();
    expect(reports).toHaveLength(1);
    const hq = asUser(served.app, (await login(served.app, 'hq')).token);
    const answer = await hq({ method: 'GET', url: `/api/protocols/${station.id}` });
    expect(answer.statusCode).toBe(200);
    const protocol = StationProtocol.parse(answer.json());
    expect(protocol.state).toBe('flagged');
    expect(protocol.observer?.figures.portableBoxes).toEqual([{ ballots: 12, sealIntact: true }]);
    expect(protocol.observer?.ownTally).toBe(608);
    expect(protocol.observer?.checks.filter((c) => !c.ok).map((c) => c.code)).toEqual(['portable_le_requests']);
    expect(protocol.observer?.figures.photoEvidenceIds).toHaveLength(1);
    const evidence = await served.app.db
      .selectFrom('evidence')
      .select(['id', 'purpose', 'state', 'size'])
      .where('station_id', '=', station.id)
      .where('purpose', '=', 'protocol_photo')
      .execute();
    expect(evidence).toEqual([
      {
        id: protocol.observer?.figures.photoEvidenceIds[0],
        purpose: 'protocol_photo',
        state: 'complete',
        size: photo.length,
      },
    ]);

    // The phone shows what HQ holds.
    const serverView = phone.locator('[data-testid="protocol-server"]');
    await expect
      .poll(() => serverView.getAttribute('data-state').catch(() => null), { timeout: 15_000 })
      .toBe('flagged');
    expect(await serverView.locator('[data-testid="check-portable_le_requests"]').getAttribute('data-ok')).toBe(
      'false',
    );
    await sent.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shoot(phone, 'field-protocol-sent.png');

    // HQ's results page took the copy in live, without a reload: one station counted, its votes in the bars.
    await expect.poll(counted, { timeout: 15_000 }).toBe(1);
    const firstBar = hqPage.locator('[data-testid^="results-bar-"]').first();
    expect(await firstBar.getAttribute('data-votes')).toBe('350');
    await shoot(hqPage, 'field-protocol-hq-results.png');
    expect(hqProblems).toEqual([]);
    await hqContext.close();

    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|request failed|Failed to load resource/.test(p))).toEqual(
      [],
    );
    await context.close();
  });
});
