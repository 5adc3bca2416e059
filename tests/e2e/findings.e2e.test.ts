import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FindingList, FindingReport, FindingTimeline, weekStart, type FindingStatus } from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { asUser, login } from '../support/auth.ts';
import { insertFinding } from '../support/finding-fixtures.ts';
import { shoot, signIn, watchProblems } from './browser.ts';
import { useServedApp } from './served-app.ts';
import { drawJpeg } from './findings-steps.ts';

const app = useServedApp();

const today = () => localDate(new Date());
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));

/** Through the app's own navigation: the header's Findings link, then the section's tabs. */
async function openFindingsTab(page: Page, tab: 'list' | 'map' | 'timeline' | 'report'): Promise<void> {
  if (!(await page.locator('[data-testid="findings-tabs"]').count())) await page.click('nav a[href="/findings"]');
  await page.click(`[data-testid="findings-tab-${tab}"]`);
}

describe('findings views', () => {
  it('the map, the timeline and the report show what the API holds, filtered as the list is', async () => {
    // A hand-built set, straight into the database as the API writes it: two at one spot (both
    // must stay clickable), one with no place (its region's centre), one not yet reviewed.
    const db = app.served.app.db;
    const { id: electionId } = await db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();
    const { id: authorId } = await db
      .selectFrom('people')
      .select('id')
      .where('username', '=', 'lto')
      .executeTakeFirstOrThrow();
    const spot = { lat: 51.128, lng: 71.43 };
    const add = (values: {
      title: string;
      daysAgo: number;
      categoryCode: string;
      status: FindingStatus;
      at?: boolean;
    }) =>
      insertFinding(db, {
        electionId,
        authorId,
        region: 'astana',
        categoryCode: values.categoryCode,
        occurredOn: daysAgo(values.daysAgo),
        status: values.status,
        title: values.title,
        ...(values.at ? spot : {}),
      });
    const a = await add({
      title: 'Мұғалімдерге қысым',
      daysAgo: 2,
      categoryCode: 'employer_pressure',
      status: 'verified',
      at: true,
    });
    const b = await add({
      title: 'Дәрігерлерге қысым',
      daysAgo: 9,
      categoryCode: 'admin_resources',
      status: 'verified',
      at: true,
    });
    const c = await add({
      title: 'Тізім жарияланбады',
      daysAgo: 3,
      categoryCode: 'lists_not_published',
      status: 'verified',
    });
    const d = await add({ title: 'Тексерілмеген факт', daysAgo: 1, categoryCode: 'employer_pressure', status: 'new' });
    const coordinator = asUser(app.served.app, (await login(app.served.app, 'coordinator')).token);

    const context = await app.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, app.served.url, 'coordinator');
    // HQ lands on the station map: let it finish drawing before moving on, as a person would.
    await page.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });

    // The map: all four; the one without a place sits at Astana's centre, drawn as approximate.
    await openFindingsTab(page, 'map');
    await page.waitForSelector('[data-testid="findings-map-page"] [data-testid="findings-map"]');
    await expect.poll(() => page.getAttribute('[data-testid="findings-map-count"]', 'data-count')).toBe('4');
    expect(await page.locator('[data-testid="finding-marker"]').count()).toBe(4);
    expect(await page.getAttribute(`[data-testid="finding-marker"][data-id="${c}"]`, 'data-source')).toBe('region');
    expect(await page.getAttribute(`[data-testid="finding-marker"][data-id="${d}"]`, 'data-status')).toBe('new');
    // The two at one spot are apart on screen, and each opens its own popup.
    const boxA = await page.locator(`[data-testid="finding-marker"][data-id="${a}"]`).boundingBox();
    const boxB = await page.locator(`[data-testid="finding-marker"][data-id="${b}"]`).boundingBox();
    expect(boxA && boxB && Math.hypot(boxA.x - boxB.x, boxA.y - boxB.y)).toBeGreaterThan(20);
    await page.click(`[data-testid="finding-marker"][data-id="${b}"]`);
    await expect.poll(() => page.textContent('[data-testid="finding-popup"]')).toContain('Дәрігерлерге қысым');
    await shoot(page, 'findings-map.png');
    // Filtered to the verified ones, as the list is: the address bar carries it.
    await page.selectOption('[data-testid="findings-map-filter-status"]', 'verified');
    await expect.poll(() => page.getAttribute('[data-testid="findings-map-count"]', 'data-count')).toBe('3');
    expect(page.url()).toContain('status=verified');
    await page.selectOption('[data-testid="findings-map-filter-category"]', 'vote_buying');
    await page.waitForSelector('[data-testid="findings-map-empty"]');
    await page.selectOption('[data-testid="findings-map-filter-category"]', '');
    await page.selectOption('[data-testid="findings-map-filter-status"]', '');
    // The keyboard list beneath: "show on map" opens that finding's popup.
    await page
      .locator('[data-testid="findings-map-list"] li', { hasText: 'Тексерілмеген факт' })
      .getByRole('button')
      .press('Enter');
    await expect.poll(() => page.textContent('[data-testid="finding-popup"]')).toContain('Тексерілмеген факт');

    // The timeline: by category, each segment as the server counted it.
    await openFindingsTab(page, 'timeline');
    await page.waitForSelector('[data-testid="findings-timeline"]');
    const timeline = FindingTimeline.parse(
      (
        await coordinator({ method: 'GET', url: `/api/findings/timeline?from=${weekStart(daysAgo(77))}&to=${today()}` })
      ).json(),
    );
    const total = timeline.rows.reduce((s, r) => s + r.count, 0);
    expect(total).toBe(4);
    await expect.poll(() => page.getAttribute('[data-testid="timeline-total"]', 'data-count')).toBe(String(total));
    const segments = () =>
      page.$$eval('[data-testid="findings-timeline"] rect[data-key]', (rects) =>
        rects
          .map((r) => `${r.getAttribute('data-week')}|${r.getAttribute('data-key')}|${r.getAttribute('data-count')}`)
          .sort(),
      );
    const byRegion = new Map<string, number>();
    for (const r of timeline.rows)
      byRegion.set(`${r.week}|${r.region}`, (byRegion.get(`${r.week}|${r.region}`) ?? 0) + r.count);
    expect(await segments()).toEqual([...byRegion].map(([k, n]) => `${k}|${n}`).sort());
    await page.selectOption('[data-testid="timeline-group"]', 'category');
    expect(await segments()).toEqual(timeline.rows.map((r) => `${r.week}|${r.categoryCode}|${r.count}`).sort());
    expect(await page.getAttribute('[data-testid="timeline-table"] tfoot td[data-total]', 'data-total')).toBe('4');
    await shoot(page, 'findings-timeline.png');

    // The report for the last 30 days: the verified three, counted as the list counts them.
    await openFindingsTab(page, 'report');
    expect(await page.inputValue('[data-testid="report-from"]')).toBe(daysAgo(29));
    expect(await page.inputValue('[data-testid="report-to"]')).toBe(today());
    await page.click('[data-testid="report-make"]');
    await expect.poll(() => page.getAttribute('[data-testid="report-total"]', 'data-count')).toBe('3');
    const listed = FindingList.parse(
      (
        await coordinator({
          method: 'GET',
          url: `/api/findings?status=verified,referred,closed&from=${daysAgo(29)}&to=${today()}`,
        })
      ).json(),
    );
    expect(listed.total).toBe(3);
    const rows: [string, number][] = await page.$$eval('[data-testid="report-category-row"]', (trs) =>
      trs.map((tr): [string, number] => [tr.getAttribute('data-code') ?? '', Number(tr.getAttribute('data-count'))]),
    );
    // Every category is listed (a printed report says "none" too); the counted ones add up to the total.
    expect(Object.fromEntries(rows.filter(([, n]) => n > 0))).toEqual({
      employer_pressure: 1,
      admin_resources: 1,
      lists_not_published: 1,
    });
    expect(rows.reduce((sum, [, n]) => sum + n, 0)).toBe(listed.total);
    expect(await page.getAttribute('[data-testid="report-region-row"][data-region="astana"]', 'data-count')).toBe('3');
    expect(
      (await page.$$eval('[data-testid="report-finding"]', (li) => li.map((x) => x.getAttribute('data-id')))).sort(),
    ).toEqual([a, b, c].sort());
    await shoot(page, 'findings-report-views.png');
    // A period with nothing verified says so.
    await page.fill('[data-testid="report-from"]', '2020-01-01');
    await page.fill('[data-testid="report-to"]', '2020-01-31');
    await page.click('[data-testid="report-make"]');
    await page.waitForSelector('[data-testid="report-empty"]');

    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a finding from the observer to the report', () => {
  it('a long-term observer files a finding with a photo, a coordinator verifies it, it shows on the map and in the report', async () => {
    const ltoContext = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const lto = await ltoContext.newPage();
    const ltoProblems = watchProblems(lto);
    await signIn(lto, app.served.url, 'lto');
    await lto.click('nav a[href="/findings"]');
    await lto.click('[data-testid="findings-new"]');
    await lto.waitForSelector('[data-testid="finding-form"]');

    const photo = await drawJpeg(lto, 'Жиналыс хаттамасы', 'hattama.jpg');
    const photoHash = createHash('sha256').update(photo.buffer).digest('hex');
    const title = 'Әкімдікте қызметкерлерге дауыс беру туралы нұсқау';
    const occurredOn = daysAgo(1);

    await lto.selectOption('[data-testid="finding-category"]', 'employer_pressure');
    await lto.selectOption('[data-testid="finding-region"]', 'astana');
    await lto.fill('[data-testid="finding-locality"]', 'Астана, Сарыарқа ауданы');
    await lto.fill('[data-testid="finding-occurred-on"]', occurredOn);
    await lto.fill('[data-testid="finding-title"]', title);
    await lto.fill(
      '[data-testid="finding-description"]',
      'Аудан әкімдігінде бөлім басшысы қызметкерлерді жиналысқа шақырып, сайлауға барып, бюллетеннің суретін жіберуді талап етті.',
    );
    await lto.selectOption('[data-testid="finding-source-kind-0"]', 'witness');
    await lto.fill('[data-testid="finding-source-note-0"]', 'Әкімдіктің екі қызметкері');
    await lto.selectOption('[data-testid="finding-confidence"]', 'high');
    await lto.setInputFiles('[data-testid="finding-files"]', photo);
    await lto.click('[data-testid="finding-save"]');
    await lto.waitForSelector('[data-testid="finding-page"][data-status="new"]');
    const id = /\/findings\/([0-9a-f-]{36})/.exec(lto.url())?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await lto.waitForSelector('[data-testid="finding-evidence-item"][data-state="complete"]', { timeout: 30_000 });
    await shoot(lto, 'finding-filed.png');

    const coContext = await app.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const co = await coContext.newPage();
    const coProblems = watchProblems(co);
    await signIn(co, app.served.url, 'coordinator');
    // HQ lands on the station map: let it finish drawing before moving on, as a person would.
    await co.waitForSelector('[data-testid="station-map"][data-ready="true"]', { timeout: 30_000 });
    await co.click('nav a[href="/findings"]');
    const row = co.locator(`[data-testid="finding-row"][data-id="${id}"]`);
    await row.waitFor();
    const link = row.locator('a');
    await ((await link.count()) > 0 ? link.first().click() : row.click());
    await co.waitForSelector(`[data-testid="finding-page"][data-status="new"]`);
    await co.fill('[data-testid="finding-review-comment"]', 'Екі куәмен расталды');
    await co.click('[data-testid="finding-verify"]');
    await co.waitForSelector('[data-testid="finding-page"][data-status="verified"]');

    // On the map layer, as verified.
    await openFindingsTab(co, 'map');
    const marker = co.locator(`[data-testid="finding-marker"][data-id="${id}"]`);
    await marker.waitFor();
    expect(await marker.getAttribute('data-status')).toBe('verified');
    await marker.click();
    await expect.poll(() => co.textContent('[data-testid="finding-popup"]')).toContain(title);

    // In the report for a range that holds its date, with its photo's hash.
    await openFindingsTab(co, 'report');
    await co.fill('[data-testid="report-from"]', daysAgo(7));
    await co.fill('[data-testid="report-to"]', today());
    await co.selectOption('[data-testid="report-region"]', 'astana');
    await co.click('[data-testid="report-make"]');
    const item = co.locator(`[data-testid="report-finding"][data-id="${id}"]`);
    await item.waitFor();
    expect(Number(await co.getAttribute('[data-testid="report-total"]', 'data-count'))).toBeGreaterThanOrEqual(1);
    expect(await item.locator('[data-testid="report-evidence"]').getAttribute('data-sha256')).toBe(photoHash);
    await shoot(co, 'findings-report.png');

    // The printable page, fetched with the coordinator's own session.
    const href = await co.getAttribute('[data-testid="report-print"]', 'href');
    expect(href).toContain('/api/findings/report.html?');
    const printed = await coContext.request.get(new URL(href ?? '', app.served.url).toString());
    expect(printed.status()).toBe(200);
    expect(await printed.text()).toContain(title);
    // The report's figures, as JSON, agree with the page.
    const json = FindingReport.parse(
      await (
        await coContext.request.get(
          `${app.served.url}/api/findings/report?from=${daysAgo(7)}&to=${today()}&region=astana`,
        )
      ).json(),
    );
    expect(String(json.total)).toBe(await co.getAttribute('[data-testid="report-total"]', 'data-count'));

    expect(ltoProblems).toEqual([]);
    expect(coProblems).toEqual([]);
    await ltoContext.close();
    await coContext.close();
  });
});
