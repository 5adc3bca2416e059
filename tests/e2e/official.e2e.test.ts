import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ProtocolFigures } from '../../shared/protocols.ts';
import { OFFICIAL_CSV_COLUMNS } from '../../shared/results.ts';
import { asUser, login } from '../support/auth.ts';
import { launchBrowser, serveApp, shoot, signIn, watchProblems, type ServedApp } from './browser.ts';

let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Option {
  id: number;
  position: number;
}

/** A protocol that adds up: 1000 voters, 620 took part, 30 invalid, the 590 valid votes spread over the options. */
function protocol(options: Option[]): ProtocolFigures {
  const valid = 590;
  const each = Math.floor(valid / options.length);
  return {
    registeredVoters: 1000,
    ballotsReceived: 1010,
    ballotsIssuedInside: 600,
    ballotsIssuedOutside: 20,
    outsideRequests: 25,
    ballotsCancelled: 390,
    fixedBoxBallots: 600,
    fixedBoxSealIntact: true,
    portableBoxes: [{ ballots: 20, sealIntact: true }],
    invalidBallots: 30,
    votes: options.map((o, i) => ({ optionId: o.id, votes: i === 0 ? valid - each * (options.length - 1) : each })),
    signatures: { chair: true, secretary: true, members: 5 },
    photoEvidenceIds: [],
  };
}

/** The same figures as an official CSV row (`overrides` by column name). */
function csvRow(station: number, f: ProtocolFigures, options: Option[], overrides: Record<string, number> = {}) {
  const values: Record<string, number> = {
    station,
    registered_voters: f.registeredVoters,
    ballots_received: f.ballotsReceived,
    ballots_issued_inside: f.ballotsIssuedInside,
    ballots_issued_outside: f.ballotsIssuedOutside,
    outside_requests: f.outsideRequests,
    ballots_cancelled: f.ballotsCancelled,
    fixed_box_ballots: f.fixedBoxBallots,
    portable_box_ballots: f.portableBoxes.reduce((s, b) => s + b.ballots, 0),
    invalid_ballots: f.invalidBallots,
  };
  for (const o of options) values[`option_${o.position}`] = f.votes.find((v) => v.optionId === o.id)!.votes;
  Object.assign(values, overrides);
  return values;
}

const toCsv = (header: string[], rows: Record<string, number | string>[], delimiter = ',') =>
  [header.join(delimiter), ...rows.map((r) => header.map((h) => String(r[h] ?? '')).join(delimiter))].join('\n');

describe('official results against our verified copies', () => {
  it('HQ imports the commission CSV: a malformed file imports nothing, a good one shows the discrepancy, which becomes a violation', async () => {
    const db = served.app.db;
    const election = await db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();
    const stations = await db
      .selectFrom('stations')
      .select(['id', 'number'])
      .where('election_id', '=', election.id)
      .where('number', 'in', [1, 2])
      .orderBy('number')
      .execute();
    const [one, two] = stations;
    expect(one?.number).toBe(1);
    expect(two?.number).toBe(2);
    const options: Option[] = await db
      .selectFrom('ballot_options')
      .select(['id', 'position'])
      .where('election_id', '=', election.id)
      .orderBy('position')
      .execute();
    expect(options.length).toBeGreaterThan(1);
    const first = options[0]!;

    // Station 1 verified: the observer's copy, then an operator's entry of the same figures.
    const figures = protocol(options);
    const observer = asUser(served.app, (await login(served.app, 'observer')).token);
    const sent = await observer({
      method: 'POST',
      url: '/api/reports',
      payload: {
        id: randomUUID(),
        stationId: one!.id,
        electionId: election.id,
        deviceTime: new Date().toISOString(),
        body: { kind: 'protocol', figures, ownTally: null, note: '' },
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const operator = asUser(served.app, (await login(served.app, 'operator')).token);
    const entered = await operator({
      method: 'POST',
      url: `/api/protocols/${one!.id}/operator-entry`,
      payload: { id: randomUUID(), figures },
    });
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({ stationId: one!.id, status: 'verified' });

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, served.url, 'hq');
    await page.selectOption('[data-testid="language-select"]', 'en');
    await page.click('nav a[href="/official"]');
    await page.waitForSelector('[data-testid="official-page"] [data-testid="official-empty"]');
    // Our verified copy has no official result yet.
    await page.waitForSelector(`[data-testid="copy-only"] li[data-station="${one!.id}"]`);

    // A malformed file: a station that is not a number, a negative figure. Nothing may be stored.
    const header = [...OFFICIAL_CSV_COLUMNS, ...options.map((o) => `option_${o.position}`)];
    const good = csvRow(1, figures, options);
    const malformed = toCsv(
      header,
      [good, { ...csvRow(2, figures, options), station: 'two' }, csvRow(2, figures, options, { invalid_ballots: -4 })],
      ';',
    );
    await page.setInputFiles('[data-testid="official-file"]', {
      name: 'cec-bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(malformed, 'utf8'),
    });
    await page.waitForSelector('[data-testid="official-problems"]');
    const problemRows = await page.$$eval('[data-testid="official-problem"]', (rows) =>
      rows.map((r) => ({
        row: r.getAttribute('data-row'),
        column: r.getAttribute('data-column'),
        text: r.textContent,
      })),
    );
    // The second and third data rows are wrong; the first is fine. Rows are counted with the header as 1.
    expect(new Set(problemRows.map((p) => p.row))).toEqual(new Set(['3', '4']));
    expect(problemRows.find((p) => p.row === '3')?.column).toBe('station');
    expect(problemRows.find((p) => p.row === '4')?.column).toBe('invalid_ballots');
    expect(await page.textContent('[data-testid="official-nothing-imported"]')).toContain('Nothing was imported');
    expect(await page.$('[data-testid="official-import-result"]')).toBeNull();
    const stored = await db
      .selectFrom('protocol_tallies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stage', '=', 'official')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
    await shoot(page, 'official-problems.png');

    // The real file: station 1 differs in two figures (37 more votes for the first option, 12 fewer
    // invalid ballots); station 2 has an official result but no copy of ours.
    const correct = toCsv(header, [
      csvRow(1, figures, options, {
        [`option_${first.position}`]: figures.votes[0]!.votes + 37,
        invalid_ballots: figures.invalidBallots - 12,
      }),
      csvRow(2, figures, options),
    ]);
    await page.setInputFiles('[data-testid="official-file"]', {
      name: 'cec.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(correct, 'utf8'),
    });
    const result = page.locator('[data-testid="official-import-result"]');
    await result.waitFor();
    expect(await result.getAttribute('data-imported')).toBe('2');
    expect(await page.$('[data-testid="official-problems"]')).toBeNull();

    const discrepancy = page.locator(`[data-testid="discrepancy-${one!.id}"]`);
    await discrepancy.waitFor();
    expect(await discrepancy.getAttribute('data-largest')).toBe('37');
    await page.click(`[data-testid="discrepancy-toggle-${one!.id}"]`);
    const rows = await discrepancy.locator('[data-testid="discrepancy-figure"]').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute('data-key'),
        copy: Number(tr.getAttribute('data-copy')),
        official: Number(tr.getAttribute('data-official')),
        diff: Number(tr.getAttribute('data-diff')),
        shown: tr.querySelector('td:last-child')?.textContent,
      })),
    );
    expect(rows).toEqual([
      {
        key: `votes.${first.id}`,
        copy: figures.votes[0]!.votes,
        official: figures.votes[0]!.votes + 37,
        diff: 37,
        shown: '+37',
      },
      { key: 'invalidBallots', copy: 30, official: 18, diff: -12, shown: '-12' },
    ]);
    expect(await discrepancy.textContent()).toContain('Invalid ballots');
    expect(await page.getAttribute('[data-testid="official-count-matching"]', 'data-count')).toBe('0');
    expect(await page.getAttribute('[data-testid="official-count-differing"]', 'data-count')).toBe('1');
    // The region's totals: one station compared (station 2 has no copy), the same two figures differ.
    const { region_code: regionOne } = await db
      .selectFrom('stations')
      .select('region_code')
      .where('id', '=', one!.id)
      .executeTakeFirstOrThrow();
    const regionTotals = page.locator(`[data-testid="region-comparison-${regionOne}"]`);
    expect(await regionTotals.getAttribute('data-stations')).toBe('1');
    expect(await regionTotals.getAttribute('data-differences')).toBe('2');
    expect(await regionTotals.locator('tr[data-key="invalidBallots"]').getAttribute('data-diff')).toBe('-12');
    // Station 2: official only; station 1 no longer in the copy-only list.
    await page.waitForSelector(`[data-testid="official-only"] li[data-station="${two!.id}"]`);
    expect(await page.$(`[data-testid="official-only"] li[data-station="${one!.id}"]`)).toBeNull();
    expect(await page.$(`[data-testid="copy-only"] li[data-station="${one!.id}"]`)).toBeNull();
    await shoot(page, 'official-comparison.png');

    // One click makes one violation; the button gives way to the link.
    await page.click(`[data-testid="make-violation-${one!.id}"]`);
    const link = page.locator(`[data-testid="violation-link-${one!.id}"]`);
    await link.waitFor();
    expect(await page.$(`[data-testid="make-violation-${one!.id}"]`)).toBeNull();
    const href = await link.getAttribute('href');
    const violationId = /^\/violations\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
    expect(violationId).toBeDefined();
    const made = await db
      .selectFrom('violations')
      .select(['id', 'category_code', 'station_id'])
      .where('category_code', '=', 'counting.protocol_figures_differ')
      .execute();
    expect(made).toEqual([{ id: violationId, category_code: 'counting.protocol_figures_differ', station_id: one!.id }]);

    await link.click();
    // The queue adds its filters to the query string: only the path is the point here.
    await page.waitForURL((url) => url.pathname === `/violations/${violationId}`);
    const detail = page.locator(`[data-testid="violation-detail"][data-id="${violationId}"]`);
    await detail.locator('.vd-category').waitFor();
    expect(await detail.locator('.vd-category').textContent()).toContain('Protocol figures differ from the copy');

    // Back to the comparison: the violation is remembered, and no second one can be made.
    await page.goBack();
    await page.locator(`[data-testid="violation-link-${one!.id}"]`).waitFor();
    expect(await page.$(`[data-testid="make-violation-${one!.id}"]`)).toBeNull();

    // The region filter is in the address bar: a region with no official result, then Back.
    const used = await db.selectFrom('stations').select('region_code').where('id', 'in', [one!.id, two!.id]).execute();
    const elsewhere = await db
      .selectFrom('regions')
      .select('code')
      .where(
        'code',
        'not in',
        used.map((u) => u.region_code),
      )
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await page.selectOption('[data-testid="official-region"]', elsewhere.code);
    await page.waitForSelector('[data-testid="official-empty"]');
    expect(new URL(page.url()).search).toBe(`?region=${elsewhere.code}`);
    expect(await page.$(`[data-testid="discrepancy-${one!.id}"]`)).toBeNull();
    await page.goBack();
    await page.locator(`[data-testid="discrepancy-${one!.id}"]`).waitFor();
    expect(await page.inputValue('[data-testid="official-region"]')).toBe('');

    // The malformed upload is the one refusal this test asked for.
    expect(problems.filter((p) => !/HTTP 400: .*\/api\/official-results$|status of 400/.test(p))).toEqual([]);
    await context.close();
  });
});
