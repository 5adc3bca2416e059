import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shoot, signIn, watchProblems } from './browser.ts';
import { useServedApp } from './served-app.ts';
import { drawJpeg } from './findings-steps.ts';

const app = useServedApp();

async function fillFinding(
  page: Page,
  fields: { title: string; description: string; photo?: Awaited<ReturnType<typeof drawJpeg>> },
) {
  await page.waitForSelector('[data-testid="finding-form"]');
  await page.selectOption('[data-testid="finding-category"]', 'employer_pressure');
  // The long-term observer has one region: it is chosen already.
  expect(await page.inputValue('[data-testid="finding-region"]')).toBe('astana');
  await page.fill('[data-testid="finding-locality"]', 'Астана, Есіл ауданы');
  await page.fill('[data-testid="finding-place"]', '№45 мектеп-гимназия');
  await page.fill('[data-testid="finding-occurred-time"]', '14:30');
  await page.fill('[data-testid="finding-title"]', fields.title);
  await page.fill('[data-testid="finding-description"]', fields.description);
  await page.check('[data-testid="finding-involved-school"]');
  await page.fill('[data-testid="finding-involved-note"]', 'Мектеп әкімшілігі');
  await page.selectOption('[data-testid="finding-source-kind-0"]', 'witness');
  await page.fill('[data-testid="finding-source-note-0"]', 'Екі мұғалім, аты-жөні құпия');
  await page.click('[data-testid="finding-source-add"]');
  await page.selectOption('[data-testid="finding-source-kind-1"]', 'media');
  await page.fill('[data-testid="finding-source-url-1"]', 'https://example.kz/news/45');
  await page.selectOption('[data-testid="finding-confidence"]', 'high');
  if (fields.photo) await page.setInputFiles('[data-testid="finding-files"]', fields.photo);
}

const findingIdOf = (page: Page) => /\/findings\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1] ?? '';

describe('findings log', () => {
  it('an LTO logs a finding with a photo and edits it; the coordinator finds it by a Kazakh word and verifies it', async () => {
    const ltoContext = await app.browser.newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
    });
    const lto = await ltoContext.newPage();
    const problems = watchProblems(lto);
    await signIn(lto, app.served.url, 'lto');
    // Long-term observers land on the findings log; nothing logged yet.
    await lto.waitForSelector('[data-testid="findings-page"]');
    await lto.waitForSelector('[data-testid="findings-empty"]');
    expect(await lto.getAttribute('[data-testid="findings-total"]', 'data-count')).toBe('0');
    expect(await lto.locator('[data-testid="findings-outbox"]').count()).toBe(0);

    const photo = await drawJpeg(lto, 'Жиналыс', 'IMG_2041.jpg');
    await lto.click('[data-testid="findings-new"]');
    await lto.waitForSelector('[data-testid="finding-form"]');

    // Saving an empty form says what is missing, beside the fields, and sends nothing.
    await lto.fill('[data-testid="finding-title"]', '');
    await lto.click('[data-testid="finding-save"]');
    await lto.waitForSelector('[data-testid="finding-error-categoryCode"]');
    expect(await lto.locator('[data-testid="finding-error-title"]').count()).toBe(1);
    expect(await lto.locator('[data-testid="finding-error-confidence"]').count()).toBe(1);

    await fillFinding(lto, {
      title: 'Мұғалімдерді сайлауға баруға мәжбүрлеу',
      description: 'Директор жиналыста мұғалімдерге сайлау күні фотоесеп жіберуді міндеттеді.',
      photo,
    });
    // The typed form survives a reload (the file is chosen again).
    await lto.reload();
    await lto.waitForSelector('[data-testid="finding-draft-restored"]');
    expect(await lto.inputValue('[data-testid="finding-title"]')).toBe('Мұғалімдерді сайлауға баруға мәжбүрлеу');
    expect(await lto.inputValue('[data-testid="finding-source-url-1"]')).toBe('https://example.kz/news/45');
    await lto.setInputFiles('[data-testid="finding-files"]', photo);
    await shoot(lto, 'findings-form-phone.png');
    await lto.click('[data-testid="finding-save"]');

    // Its page: sent, the photo uploaded in full.
    await lto.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
    const id = findingIdOf(lto);
    const page = lto.locator('[data-testid="finding-page"]');
    await expect.poll(() => page.getAttribute('data-status'), { timeout: 20_000 }).toBe('new');
    const file = lto.locator('[data-testid="finding-evidence-item"]');
    await expect.poll(() => file.getAttribute('data-state').catch(() => null), { timeout: 20_000 }).toBe('complete');
    expect(await file.count()).toBe(1);
    expect(await lto.getAttribute('[data-testid="finding-status"]', 'data-status')).toBe('new');
    expect(await lto.locator('[data-testid="finding-history-item"][data-kind="created"]').count()).toBe(1);
    // Long-term observers do not review.
    expect(await lto.locator('[data-testid="finding-verify"]').count()).toBe(0);
    const stored = await app.served.app.db
      .selectFrom('evidence')
      .select(['finding_id', 'size', 'sha256'])
      .where('finding_id', '=', id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The author edits it: the description is sharpened.
    await lto.click('[data-testid="finding-edit"]');
    await lto.waitForSelector('[data-testid="finding-form"]');
    expect(await lto.inputValue('[data-testid="finding-title"]')).toBe('Мұғалімдерді сайлауға баруға мәжбүрлеу');
    await lto.fill(
      '[data-testid="finding-description"]',
      'Директор жиналыста мұғалімдерге сайлау күні учаскеде түскен фотосуретті жіберуді міндеттеді.',
    );
    await lto.click('[data-testid="finding-save"]');
    await lto.waitForURL(`**/findings/${id}`);
    await expect
      .poll(() => lto.locator('[data-testid="finding-history-item"][data-kind="edited"]').count(), { timeout: 20_000 })
      .toBe(1);
    expect(await lto.textContent('[data-testid="finding-description-text"]')).toContain('фотосуретті');
    expect(await lto.getAttribute('[data-testid="finding-page"]', 'data-status')).toBe('new');

    // Back in the list: one row, its file counted.
    await lto.click('[data-testid="findings-tab-list"]');
    const row = lto.locator(`[data-testid="finding-row"][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('new');
    expect(await lto.getAttribute('[data-testid="findings-total"]', 'data-count')).toBe('1');
    await shoot(lto, 'findings-list-phone.png');
    expect(problems).toEqual([]);

    // The coordinator (HQ coordinator, all regions), on a laptop.
    const hqContext = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const hq = await hqContext.newPage();
    const hqProblems = watchProblems(hq);
    await signIn(hq, app.served.url, 'coordinator');
    // HQ lands on the station map: let it finish drawing before moving on, as a person would.
    await hq.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await hq.click('nav a[href="/findings"]');
    await hq.waitForSelector('[data-testid="findings-list"]');
    // A Kazakh word in another case and form than the title's, searched at once with Enter.
    await hq.fill('[data-testid="findings-search"]', 'МҰҒАЛІМДЕРДІ');
    await hq.press('[data-testid="findings-search"]', 'Enter');
    await expect.poll(() => new URL(hq.url()).searchParams.get('q')).toBe('МҰҒАЛІМДЕРДІ');
    const found = hq.locator('[data-testid="finding-row"]');
    await expect.poll(() => hq.getAttribute('[data-testid="findings-total"]', 'data-count')).toBe('1');
    expect(await found.getAttribute('data-id')).toBe(id);
    // A word that is nowhere: the empty state; Back returns to the previous search.
    await hq.fill('[data-testid="findings-search"]', 'қарақұйрық');
    await hq.press('[data-testid="findings-search"]', 'Enter');
    await hq.waitForSelector('[data-testid="findings-empty"]');
    await hq.goBack();
    await expect.poll(() => hq.getAttribute('[data-testid="findings-total"]', 'data-count')).toBe('1');
    expect(await hq.inputValue('[data-testid="findings-search"]')).toBe('МҰҒАЛІМДЕРДІ');

    // Opened from the list with the keyboard.
    await found.focus();
    await hq.keyboard.press('Enter');
    await hq.waitForSelector(`[data-testid="finding-page"][data-status="new"]`);
    expect(await hq.locator('[data-testid="finding-reopen"]').count()).toBe(0);
    await hq.fill('[data-testid="finding-review-comment"]', 'Екі дереккөз расталды');
    await hq.click('[data-testid="finding-verify"]');
    await expect.poll(() => hq.getAttribute('[data-testid="finding-status"]', 'data-status')).toBe('verified');
    await hq.waitForSelector('[data-testid="finding-history-item"][data-kind="verify"]');
    expect(await hq.textContent('[data-testid="finding-history"]')).toContain('Екі дереккөз расталды');
    // Verified: no more verify or reject; close and refer now apply.
    expect(await hq.locator('[data-testid="finding-verify"]').count()).toBe(0);
    expect(await hq.locator('[data-testid="finding-close"]').count()).toBe(1);
    await shoot(hq, 'finding-verified.png');
    expect(hqProblems).toEqual([]);

    // The author's page follows live: verified, no longer editable.
    await lto.click(`[data-testid="finding-row"][data-id="${id}"]`);
    await expect
      .poll(() => lto.getAttribute('[data-testid="finding-status"]', 'data-status'), { timeout: 10_000 })
      .toBe('verified');
    expect(await lto.locator('[data-testid="finding-edit"]').count()).toBe(0);
    await ltoContext.close();
    await hqContext.close();
  });

  it('a finding saved offline waits on the device, counted, and goes when the connection is back', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const lto = await context.newPage();
    await signIn(lto, app.served.url, 'lto');
    await lto.waitForSelector('[data-testid="findings-list"]');
    const before = Number(await lto.getAttribute('[data-testid="findings-total"]', 'data-count'));

    await context.setOffline(true);
    await lto.click('[data-testid="findings-new"]');
    await fillFinding(lto, {
      title: 'Әкімдік қызметкерлеріне үгіт парақтарын тарату тапсырылды',
      description: 'Аудан әкімдігінде қызметкерлерге жұмыс уақытында үгіт парақтарын үйге тарату тапсырылды.',
    });
    await lto.click('[data-testid="finding-save"]');
    await lto.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
    const id = findingIdOf(lto);
    await lto.waitForSelector('[data-testid="finding-pending"]');
    expect(await lto.getAttribute('[data-testid="finding-page"]', 'data-status')).toBe('pending');

    await lto.click('[data-testid="findings-tab-list"]');
    const outbox = lto.locator('[data-testid="findings-outbox"]');
    await expect.poll(() => outbox.getAttribute('data-count').catch(() => null)).toBe('1');
    expect(await app.served.app.db.selectFrom('findings').select('id').where('id', '=', id).execute()).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => outbox.count(), { timeout: 30_000 }).toBe(0);
    await lto.locator(`[data-testid="finding-row"][data-id="${id}"]`).waitFor({ timeout: 15_000 });
    expect(Number(await lto.getAttribute('[data-testid="findings-total"]', 'data-count'))).toBe(before + 1);
    expect(await app.served.app.db.selectFrom('findings').select('id').where('id', '=', id).execute()).toHaveLength(1);
    await context.close();
  });

  it('a file the server refuses keeps its bytes: listed, tried again it goes; an edit saved twice goes twice', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const lto = await context.newPage();
    await signIn(lto, app.served.url, 'lto');
    await lto.waitForSelector('[data-testid="findings-page"]');
    // The server refuses new files for a while (as after a review): a conflict on the declaration.
    let refuse = true;
    await lto.route('**/api/evidence', (route) =>
      refuse && route.request().method() === 'POST'
        ? route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'conflict', message: 'No new files', details: [] } }),
          })
        : route.continue(),
    );
    const photo = await drawJpeg(lto, 'Парақ', 'IMG_3001.jpg');
    await lto.click('[data-testid="findings-new"]');
    await fillFinding(lto, {
      title: 'Үгіт парақтары мектепте таратылды',
      description: 'Мектеп дәлізінде кандидаттың үгіт парақтары таратылды.',
      photo,
    });
    await lto.click('[data-testid="finding-save"]');
    await lto.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
    const id = findingIdOf(lto);
    await expect.poll(() => lto.getAttribute('[data-testid="finding-page"]', 'data-status')).toBe('new');
    const file = lto.locator('[data-testid="finding-evidence-item"]');
    await expect.poll(() => file.getAttribute('data-state').catch(() => null)).toBe('rejected');
    await lto.locator('[data-testid="finding-file-discard"]').waitFor();

    // The list names the refused file with a link to its finding.
    await lto.click('[data-testid="findings-tab-list"]');
    const refused = lto.locator('[data-testid="findings-outbox-refused-list"] a');
    await refused.waitFor();
    await refused.click();
    await lto.waitForURL(new RegExp(`/findings/${id}$`));

    // Tried again, the same bytes go.
    refuse = false;
    await lto.click('[data-testid="finding-file-retry"]');
    await expect.poll(() => file.getAttribute('data-state').catch(() => null), { timeout: 20_000 }).toBe('complete');
    const stored = await app.served.app.db.selectFrom('evidence').select('size').where('finding_id', '=', id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.size).toBe(photo.buffer.length);

    // Two edits saved one after the other both go (the second follows the version of the first).
    await lto.route('**/api/findings/*', (route) =>
      route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue(),
    );
    for (const title of ['Үгіт парақтары мектеп дәлізінде таратылды', 'Үгіт парақтары мектепте екі рет таратылды']) {
      await lto.click('[data-testid="finding-edit"]');
      await lto.waitForSelector('[data-testid="finding-form"]');
      await lto.fill('[data-testid="finding-title"]', title);
      await lto.click('[data-testid="finding-save"]');
      await lto.waitForSelector('[data-testid="finding-pending-edit"]');
    }
    await lto.unroute('**/api/findings/*');
    // The list's sender (it runs when a page opens) delivers both, in order.
    await lto.click('[data-testid="findings-tab-list"]');
    await expect
      .poll(
        async () =>
          (await app.served.app.db.selectFrom('findings').select('title').where('id', '=', id).executeTakeFirst())
            ?.title,
        { timeout: 20_000 },
      )
      .toBe('Үгіт парақтары мектепте екі рет таратылды');
    expect(await lto.locator('[data-testid="findings-outbox-refused"]').count()).toBe(0);
    await context.close();
  });

  it('the coordinator merges a duplicate into a finding and refers it to the legal team', async () => {
    const ids = (
      await app.served.app.db.selectFrom('findings').select(['id', 'status']).orderBy('created_at').execute()
    ).map((r) => r.id);
    const [main, duplicate] = ids;
    if (!main || !duplicate) throw new Error('the tests above log two findings');
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const hq = await context.newPage();
    const problems = watchProblems(hq);
    await signIn(hq, app.served.url, 'coordinator');
    // HQ lands on the station map: let it finish drawing before moving on, as a person would.
    await hq.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await hq.click('nav a[href="/findings"]');
    await hq.locator(`[data-testid="finding-row"][data-id="${main}"]`).click();
    await hq.waitForSelector('[data-testid="finding-page"][data-status="verified"]');

    await hq.selectOption('[data-testid="finding-merge-id"]', duplicate);
    await hq.click('[data-testid="finding-merge"]');
    await expect.poll(() => hq.locator('[data-testid="finding-duplicates"] > li').count()).toBe(1);
    await hq.waitForSelector('[data-testid="finding-history-item"][data-kind="merged"]');

    await hq.selectOption('[data-testid="finding-refer-kind"]', 'prosecutor');
    await hq.fill('[data-testid="finding-refer-addressee"]', 'Астана қаласының прокуратурасы');
    await hq.click('[data-testid="finding-refer"]');
    await expect.poll(() => hq.getAttribute('[data-testid="finding-status"]', 'data-status')).toBe('referred');
    await expect.poll(() => hq.locator('[data-testid="finding-complaints"] > li').count()).toBe(1);
    expect(await hq.locator('[data-testid="finding-refer"]').count()).toBe(0);
    expect(
      await app.served.app.db.selectFrom('complaints').select('id').where('finding_id', '=', main).execute(),
    ).toHaveLength(1);
    // The duplicate left the list.
    await hq.click('[data-testid="findings-tab-list"]');
    await hq.locator(`[data-testid="finding-row"][data-id="${main}"]`).waitFor();
    expect(await hq.locator(`[data-testid="finding-row"][data-id="${duplicate}"]`).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
