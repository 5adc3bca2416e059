import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../shared/errors.ts';
import { RegionList } from '../../shared/regions.ts';
import { StationMap, StationsPage, type StationSummary } from '../../shared/stations.ts';
import { login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let headers: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  headers = { authorization: `Bearer ${(await login(t.app, 'hq')).token}` };
});
afterAll(async () => {
  await t?.close();
});

async function getPage(query: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/stations?${query}`, headers });
  expect(res.statusCode).toBe(200);
  return StationsPage.parse(res.json());
}

async function getError(url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: ErrorBody.parse(res.json()) };
}

describe('GET /api/regions', () => {
  it('lists the 20 regions with names in three languages and station counts adding up to the election', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions', headers });
    expect(res.statusCode).toBe(200);
    const { items } = RegionList.parse(res.json());
    expect(items).toHaveLength(20);
    expect(items.reduce((sum, r) => sum + r.stationCount, 0)).toBe(10_248);
    const almaty = items.find((r) => r.code === 'almaty-city');
    expect(almaty).toMatchObject({ name: { kk: 'Алматы', en: 'Almaty' }, kind: 'city', stationCount: 744 });
  });
});

describe('GET /api/stations', () => {
  it('pages through a region by number without gaps or repeats', async () => {
    const seen: StationSummary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof getPage>> = await getPage(
        `region=ulytau&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3); // 126 stations in pages of 50
    expect(seen).toHaveLength(126);
    expect(new Set(seen.map((s) => s.id)).size).toBe(126);
    expect(seen.every((s) => s.region === 'ulytau')).toBe(true);
    const numbers = seen.map((s) => s.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('defaults to 100 stations and says where the next page starts', async () => {
    const page = await getPage('');
    expect(page.items).toHaveLength(100);
    expect(page.nextCursor).toBe(String(page.items[99]?.number));
    const next = await getPage(`cursor=${page.nextCursor}`);
    expect(next.items[0]?.number).toBeGreaterThan(page.items[99]?.number ?? Infinity);
  });

  it('keeps only stations inside the bounding box', async () => {
    // Around Almaty city.
    const page = await getPage('bbox=76.7,43.1,77.1,43.4&limit=1000');
    expect(page.items.length).toBeGreaterThan(100);
    for (const s of page.items) {
      expect(s.lng).toBeGreaterThanOrEqual(76.7);
      expect(s.lng).toBeLessThanOrEqual(77.1);
      expect(s.lat).toBeGreaterThanOrEqual(43.1);
      expect(s.lat).toBeLessThanOrEqual(43.4);
    }
    const empty = await getPage('bbox=10,10,11,11');
    expect(empty).toEqual({ items: [], nextCursor: null });
  });

  it('finds stations by words of the address in any letter case, and by the start of the number', async () => {
    const sample = (await getPage('region=astana&limit=1')).items[0]!;
    // The demo addresses read "<locality>, <street> көшесі, <house>".
    const street = sample.address.split(', ')[1]!.split(' ')[0]!;
    const house = sample.address.split(', ').at(-1)!;
    for (const q of [`${street} ${house}`, `${street.toLocaleLowerCase('kk')} ${house}`]) {
      const found = await getPage(`region=astana&q=${encodeURIComponent(q)}&limit=1000`);
      expect(found.items.map((s) => s.id)).toContain(sample.id);
      for (const s of found.items) {
        expect(s.address.toLocaleLowerCase('kk')).toContain(street.toLocaleLowerCase('kk'));
        expect(`${s.address} ${s.locality} ${s.district} ${s.building} ${s.number}`).toContain(house);
      }
    }
    const byNumber = await getPage('q=102&limit=1000');
    expect(byNumber.items.length).toBeGreaterThan(0);
    expect(byNumber.items.some((s) => s.number === 102)).toBe(true);
    // LIKE wildcards are plain characters.
    expect((await getPage('q=%25%25')).items).toEqual([]);
    expect((await getPage('q=__')).items).toEqual([]);
  });

  it("keeps the address search inside a regional coordinator's regions", async () => {
    const almaty = { authorization: `Bearer ${(await login(t.app, 'almaty-coordinator')).token}` };
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/stations?q=%D0%BA%D3%A9%D1%88%D0%B5%D1%81%D1%96&limit=1000',
      headers: almaty,
    });
    expect(res.statusCode).toBe(200);
    const page = StationsPage.parse(res.json());
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((s) => s.region))).toEqual(new Set(['almaty-city']));
  });

  it.each([
    ['q=a', 'q'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=77,43,76,44', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=-200,0,10,10', 'bbox'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=abc', 'cursor'],
    ['region=NOT_A_CODE', 'region'],
    ['region=atlantis', 'region'],
  ])('rejects %s with 400 and the field path', async (query, path) => {
    const { status, body } = await getError(`/api/stations?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.map((d) => d.path)).toContain(path);
  });
});

describe('GET /api/stations/map', () => {
  it('returns every station in compact columns, small once gzipped', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/stations/map',
      headers: { ...headers, 'accept-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const gzipped = res.rawPayload.length;
    const map = StationMap.parse(JSON.parse(gunzipSync(res.rawPayload).toString('utf8')));
    expect(map.count).toBe(10_248);
    for (const column of [map.id, map.number, map.region, map.lat, map.lng, map.registeredVoters]) {
      expect(column).toHaveLength(10_248);
    }
    expect(map.regions).toHaveLength(20);
    // The budget that keeps the first map paint quick on a slow HQ link.
    expect(gzipped).toBeLessThan(200 * 1024);
  });
});
