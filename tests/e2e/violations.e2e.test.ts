import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPhone, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp({ BROADCAST_INTERVAL_MS: '100' }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('violation from the phone to HQ', () => {
  it('an observer reports a violation with a photo while offline; it arrives after reconnect and HQ opens it with its thumbnail', async () => {
    const hqContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const hq = await hqContext.newPage();
    const hqProblems = watchProblems(hq);
    await signIn(hq, served.url, 'hq');
    // Through the app's own navigation, as a coordinator would (no page reload).
    await hq.click('nav a[href="/violations"]');
    // Nothing reported yet: the queue says so.
    await hq.waitForSelector('[data-testid="violations-empty"]');

    const { context: phoneContext, page: phone, problems } = await openPhone(browser, served.url, 'observer');
    // The catalogue is on the phone before the connection goes.
    await phone.waitForSelector('[data-testid="violation-new"]');

    // A real photo: a JPEG drawn by the browser itself.
    const jpegBase64 = await phone.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#c0392b';
      ctx.fillRect(0, 0, 640, 480);
      ctx.fillStyle = '#fff';
      ctx.font = '48px sans-serif';
      ctx.fillText('Бюллетень', 120, 250);
      return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
    });
    const photo = Buffer.from(jpegBase64, 'base64');
    const photoHash = createHash('sha256').update(photo).digest('hex');

    await phoneContext.setOffline(true);
    await phone.click('[data-testid="violation-new"]');
    await phone.selectOption('[data-testid="violation-category"]', 'voting.multiple_ballots');
    await phone.fill('[data-testid="violation-description"]', 'Бір сайлаушыға үш бюллетень берілді');
    await phone.check('[data-testid="violation-involved-member"]');
    await phone.click('[data-testid="violation-save"]');
    await phone.setInputFiles('[data-testid="violation-evidence-input"]', {
      name: 'IMG_0042.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await phone.waitForSelector('[data-testid="violation-evidence-item"]');
    // The chair was told, and answered.
    await phone.click('[data-testid="violation-next"]');
    await phone.click('[data-testid="violation-chair-yes"]');
    await phone.fill('[data-testid="violation-chair-answer"]', 'Төраға: «қате емес»');
    await phone.click('[data-testid="violation-save"]');
    await phone.waitForSelector('[data-testid="violation-outcome-act"]');
    // Back on the station page: the violation is listed, its steps and the photo wait to be sent.
    await phone.click('[data-testid="violation-back"]');
    const waiting = () => phone.getAttribute('[data-testid="violations-waiting"]', 'data-count').then(Number);
    await expect.poll(waiting).toBe(3);
    expect(await phone.getAttribute('[data-testid="violation-item"]', 'data-sync')).toBe('waiting');
    await shoot(phone, 'violation-phone-offline.png');

    await phoneContext.setOffline(false);
    await expect.poll(waiting, { timeout: 30_000 }).toBe(0);
    expect(await phone.getAttribute('[data-testid="violation-item"]', 'data-status')).toBe('chair_notified');

    const violation = await served.app.db
      .selectFrom('violations as v')
      .innerJoin('stations as s', 's.id', 'v.station_id')
      .select(['v.id', 'v.category_code', 'v.status', 'v.description'])
      .where('s.number', '=', 1)
      .executeTakeFirstOrThrow();
    expect(violation.category_code).toBe('voting.multiple_ballots');
    expect(violation.status).toBe('chair_notified');
    const evidence = await served.app.db
      .selectFrom('evidence')
      .select(['sha256', 'state', 'mime', 'size'])
      .where('violation_id', '=', violation.id)
      .execute();
    expect(evidence).toEqual([{ sha256: photoHash, state: 'complete', mime: 'image/jpeg', size: photo.length }]);

    // HQ: the queue shows it live, with the thumbnail; opening it shows the details.
    const row = hq.locator(`[data-testid="violation-row"][data-id="${violation.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    const thumb = row.locator('[data-testid="violation-thumb"]').first();
    await thumb.waitFor();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await row.click();
    await hq.waitForSelector('[data-testid="violation-detail"]');
    expect(await hq.textContent('[data-testid="violation-detail"]')).toContain('41');
    await shoot(hq, 'violation-hq-queue.png');

    // Chain of custody: HQ's view of the thumbnail is in the audit log.
    const views = await served.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'evidence')
      .execute();
    expect(views.length).toBeGreaterThan(0);

    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|request failed|Failed to load resource/.test(p))).toEqual(
      [],
    );
    expect(hqProblems, hqProblems.join('\n')).toEqual([]);
    await phoneContext.close();
    await hqContext.close();
  });
});
