import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ProtocolFigures } from '../../shared/protocols.ts';
import { login } from '../support/auth.ts';
import {
  demoBallot,
  protocolReport,
  sendReport,
  uploadProtocolPhoto,
  validFigures,
} from '../support/protocol-fixtures.ts';
import { launchBrowser, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp({ BROADCAST_INTERVAL_MS: '100' }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Types a whole protocol into the shared form, figure by figure, as an operator reads it off the photo. */
async function typeProtocol(page: Page, f: ProtocolFigures): Promise<void> {
  const fill = (key: string, value: number) => page.fill(`[data-testid="figure-${key}"]`, String(value));
  await fill('registeredVoters', f.registeredVoters);
  await fill('ballotsReceived', f.ballotsReceived);
  await fill('ballotsIssuedInside', f.ballotsIssuedInside);
  await fill('ballotsIssuedOutside', f.ballotsIssuedOutside);
  await fill('outsideRequests', f.outsideRequests);
  await fill('ballotsCancelled', f.ballotsCancelled);
  await fill('fixedBoxBallots', f.fixedBoxBallots);
  if (f.fixedBoxSealIntact) await page.check('[data-testid="figure-fixedBoxSealIntact"]');
  for (const [i, box] of f.portableBoxes.entries()) {
    await page.click('[data-testid="add-portable-box"]');
    await fill(`portableBoxes.${i}.ballots`, box.ballots);
    if (box.sealIntact) await page.check(`[data-testid="figure-portableBoxes.${i}.sealIntact"]`);
  }
  await fill('invalidBallots', f.invalidBallots);
  for (const v of f.votes) await fill(`votes.${v.optionId}`, v.votes);
  if (f.signatures.chair) await page.check('[data-testid="figure-signatures.chair"]');
  if (f.signatures.secretary) await page.check('[data-testid="figure-signatures.secretary"]');
  await fill('signatures.members', f.signatures.members);
}

describe('double entry of a results protocol', () => {
  it('the operator types station 1 blind from its photo; two differing figures become exactly two conflicts; the coordinator resolves them into version 1', async () => {
    const db = served.app.db;
    const station = await db
      .selectFrom('stations')
      .select(['id', 'election_id'])
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();
    const { optionIds } = await demoBallot(db);
    const second = optionIds[1]!;

    // A real JPEG of the copy, drawn by the browser, so the page can show it.
    const scratch = await browser.newPage();
    const jpeg = Buffer.from(
      await scratch.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 800;
        canvas.height = 1100;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#fdfdf6';
        ctx.fillRect(0, 0, 800, 1100);
        ctx.fillStyle = '#111';
        ctx.font = '40px serif';
        ctx.fillText('ХАТТАМА № 1', 220, 120);
        return canvas.toDataURL('image/jpeg', 0.85).split(',')[1]!;
      }),
      'base64',
    );
    await scratch.close();

    // The observer's copy: the photo, then the figures that name it.
    const observer = await login(served.app, 'observer');
    const photo = await uploadProtocolPhoto(served.url, observer.token, station.id, jpeg);
    expect(photo.status).toBe(201);
    expect(photo.upload?.state).toBe('complete');
    const observed = validFigures(optionIds, { photoEvidenceIds: [photo.id] });
    const sent = await sendReport(
      served.app,
      observer.token,
      protocolReport({ id: station.id, electionId: station.election_id }, observed),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);

    // The operator lands on data entry and is given station 1 with its photo and an empty form.
    const opContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const op = await opContext.newPage();
    const opProblems = watchProblems(op);
    await signIn(op, served.url, 'operator');
    await op.waitForSelector(`[data-testid="entry-station"][data-station="${station.id}"]`);
    expect(Number(await op.getAttribute('[data-testid="entry-waiting"]', 'data-count'))).toBe(1);
    const main = op.locator('[data-testid="protocol-photo-main"]');
    await expect.poll(() => main.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
    for (const key of ['registeredVoters', 'invalidBallots', `votes.${optionIds[0]}`, 'signatures.members']) {
      expect(await op.inputValue(`[data-testid="figure-${key}"]`), key).toBe('');
    }
    // Nothing of the observer's figures is on the page (1010 ballots received is theirs).
    expect(await op.textContent('[data-testid="entry-page"]')).not.toContain('1010');
    expect(await op.isDisabled('[data-testid="entry-submit"]')).toBe(true);

    // Typed from the photo with two figures read differently: invalid ballots and the second option's votes.
    const typed: ProtocolFigures = {
      ...observed,
      invalidBallots: observed.invalidBallots + 10,
      votes: observed.votes.map((v) => (v.optionId === second ? { ...v, votes: v.votes + 10 } : v)),
    };
    await typeProtocol(op, typed);
    await op.waitForSelector('[data-testid="entry-checks"]');
    // 18 invalid + the votes now exceed the ballots in the boxes: the live check says so.
    expect(await op.getAttribute('[data-testid="entry-checks"] [data-testid="check-votes_balance"]', 'data-ok')).toBe(
      'false',
    );
    await shoot(op, 'protocols-entry.png');
    await op.click('[data-testid="entry-submit"]');
    await op.waitForSelector('[data-testid="entry-empty"]');
    expect(await op.textContent('[data-testid="entry-notice"]')).toContain('№ 1');
    expect(Number(await op.getAttribute('[data-testid="entry-waiting"]', 'data-count'))).toBe(0);
    expect(opProblems, opProblems.join('\n')).toEqual([]);

    // The coordinator: the list shows station 1 in conflict.
    const hqContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const hq = await hqContext.newPage();
    const hqProblems = watchProblems(hq);
    const coordinator = await login(served.app, 'coordinator');
    await signIn(hq, served.url, 'coordinator');
    await hq.click('nav a[href="/protocols"]');
    const row = hq.locator(`[data-testid="protocols-row-${station.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('conflict');
    expect(await row.getAttribute('data-state')).toBe('received');
    expect(Number(await hq.getAttribute('[data-testid="protocols-count-received"]', 'data-count'))).toBe(1);

    // Opened from the keyboard: the station's page shows exactly the two conflicts.
    await row.locator('a').focus();
    await hq.keyboard.press('Enter');
    const page = hq.locator('[data-testid="station-protocol"]');
    await hq.waitForSelector('[data-testid="station-protocol"][data-status="conflict"]');
    expect(new URL(hq.url()).pathname).toBe(`/protocols/${station.id}`);
    const conflicts = hq.locator('[data-testid="protocol-conflicts"] tbody tr');
    await expect.poll(() => conflicts.count()).toBe(2);
    expect(await conflicts.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual([
      'conflict-invalidBallots',
      `conflict-votes.${second}`,
    ]);
    await hq.waitForSelector('[data-testid="resolve-photos"] [data-testid="protocol-photo-main"]');
    expect(await hq.isDisabled('[data-testid="resolve-submit"]')).toBe(true);

    // The photo says the observer read the invalid ballots right and the operator the votes.
    await hq.check('[data-testid="pick-observer-invalidBallots"]');
    await hq.check(`[data-testid="pick-operator-votes.${second}"]`);
    await hq.fill('[data-testid="resolve-note"]', 'Checked against the photo');
    await shoot(hq, 'protocols-resolve.png');
    await hq.click('[data-testid="resolve-submit"]');
    await hq.waitForSelector('[data-testid="station-protocol"][data-state="verified"][data-status="verified"]');
    const version = hq.locator('[data-testid="protocol-version-1"]');
    await version.waitFor();
    const text = (await version.textContent()) ?? '';
    expect(text).toContain(coordinator.user.name);
    expect(text).toContain('Checked against the photo');
    // Version 1's changes against the observer's copy: the second option's votes, 35 → 45.
    const changes = version.locator('tbody tr');
    expect(await changes.count()).toBe(1);
    expect(await changes.first().getAttribute('data-key')).toBe(`votes.${second}`);
    expect(await page.getAttribute('data-state')).toBe('verified');
    const stored = await db
      .selectFrom('protocol_versions')
      .select(['version', 'basis'])
      .where('station_id', '=', station.id)
      .execute();
    expect(stored).toEqual([{ version: 1, basis: 'resolved' }]);
    await shoot(hq, 'protocols-station.png');

    // A correction: the form starts from version 1, the changed figure is marked, a note is required.
    await hq.click('[data-testid="correct-open"]');
    const members = hq.locator('[data-testid="protocol-correct"] [data-testid="figure-signatures.members"]');
    expect(await members.inputValue()).toBe('5');
    await members.fill('6');
    expect(await members.getAttribute('data-highlight')).toBe('true');
    expect(await hq.isDisabled('[data-testid="correct-submit"]')).toBe(true);
    await hq.fill('[data-testid="correct-note"]', 'Six members signed');
    await hq.click('[data-testid="correct-submit"]');
    const corrected = hq.locator('[data-testid="protocol-version-2"][data-basis="corrected"]');
    await corrected.waitFor();
    expect(
      await corrected.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))),
    ).toEqual(['signatures.members']);

    // The photo opens enlarged from the keyboard and Esc closes it.
    await hq.focus('[data-testid="protocol-photos"] [data-testid="protocol-photo"]');
    await hq.keyboard.press('Enter');
    await hq.waitForSelector('[data-testid="protocol-photo-dialog"][open] img.pr-photo-full');
    await hq.keyboard.press('Escape');
    await hq.waitForSelector('[data-testid="protocol-photo-dialog"]:not([open])', { state: 'attached' });

    // Back to the list (the app's own link): verified now, and the state filter lives in the address bar.
    await hq.click('.pr-back');
    await hq.waitForSelector(`[data-testid="protocols-row-${station.id}"][data-state="verified"]`);
    await hq.click('[data-testid="protocols-count-verified"]');
    await hq.waitForFunction(() => new URLSearchParams(window.location.search).get('state') === 'verified');
    await hq.waitForSelector(`[data-testid="protocols-row-${station.id}"][data-state="verified"]`);
    await hq.selectOption('[data-testid="protocols-filter-state"]', 'flagged');
    await hq.waitForFunction(() => new URLSearchParams(window.location.search).get('state') === 'flagged');
    await hq.waitForSelector('[data-testid="protocols-empty"]');
    expect(await hq.getAttribute('[data-testid="protocols-count-flagged"]', 'aria-pressed')).toBe('true');
    // Back returns to the verified filter, then to the unfiltered list.
    await hq.goBack();
    await hq.waitForFunction(() => new URLSearchParams(window.location.search).get('state') === 'verified');
    await hq.waitForSelector(`[data-testid="protocols-row-${station.id}"]`);
    expect(await hq.inputValue('[data-testid="protocols-filter-state"]')).toBe('verified');
    await hq.goBack();
    await hq.waitForFunction(() => window.location.search === '');
    expect(await hq.inputValue('[data-testid="protocols-filter-state"]')).toBe('');
    await hq.waitForSelector(`[data-testid="protocols-row-${station.id}"]`);

    expect(hqProblems, hqProblems.join('\n')).toEqual([]);
    await opContext.close();
    await hqContext.close();
  });
});
