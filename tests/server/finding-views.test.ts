import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FindingList,
  FindingMap,
  FindingReport,
  FindingTimeline,
  weekStart,
  type FindingSummary,
} from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { findingTimelineRows } from '../../db/queries/finding-view.queries.ts';
import { asUser, login } from '../support/auth.ts';
import { addPerson, insertFinding } from '../support/finding-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

type As = ReturnType<typeof asUser>;

let t: TestApp;
let electionId: number;
const ids: Record<'lto' | 'lto2' | 'ltoAlmaty' | 'hq', number> = { lto: 0, lto2: 0, ltoAlmaty: 0, hq: 0 };
const USERS = {
  hq: 'hq',
  coordinator: 'coordinator',
  almaty: 'almaty-coordinator',
  south: 'south-coordinator',
  lto: 'lto',
  lto2: 'lto-two',
  ltoAlmaty: 'lto-almaty',
  lawyer: 'lawyer',
  observer: 'observer',
} as const;
const sessions = new Map<keyof typeof USERS, As>();
/** A signed-in demo account (or one of the long-term observers added here). */
function as(who: keyof typeof USERS): As {
  const session = sessions.get(who);
  if (!session) throw new Error(`${who} is not signed in`);
  return session;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.app.db;
  electionId = (await db.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirstOrThrow())
    .id;
  const idOf = async (username: string) =>
    (await db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  ids.lto = await idOf('lto');
  ids.hq = await idOf('hq');
  ids.lto2 = await addPerson(db, { username: 'lto-two', role: 'long_term_observer', regions: ['astana'] });
  ids.ltoAlmaty = await addPerson(db, {
    username: 'lto-almaty',
    role: 'long_term_observer',
    regions: ['almaty-city'],
    name: 'Алматы бақылаушысы',
  });
  for (const key of Object.keys(USERS) as (keyof typeof USERS)[])
    sessions.set(key, asUser(t.app, (await login(t.app, USERS[key])).token));
});
afterAll(async () => {
  await t?.close();
});

async function list(query: string, who: As = as('hq')): Promise<FindingList> {
  const res = await who({ method: 'GET', url: `/api/findings?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return FindingList.parse(res.json());
}
const total = async (query: string, who: As = as('hq')) => (await list(query, who)).total;
const titles = (items: FindingSummary[]) => items.map((i) => i.title).sort();

function add(values: Omit<Parameters<typeof insertFinding>[1], 'electionId' | 'authorId'> & { authorId?: number }) {
  return insertFinding(t.app.db, { electionId, authorId: values.authorId ?? ids.lto, ...values });
}

/** A complete (or still uploading) file of a finding, straight into the database. */
async function addEvidence(findingId: string, region: string, sha256: string, state: 'complete' | 'uploading') {
  const id = randomUUID();
  await t.app.db
    .insertInto('evidence')
    .values({
      id,
      violation_id: null,
      finding_id: findingId,
      station_id: null,
      region_code: region,
      purpose: 'evidence',
      uploader_id: ids.lto,
      state,
      size: 2048,
      received_bytes: state === 'complete' ? 2048 : 100,
      kind: 'photo',
      mime: 'image/jpeg',
      sha256: state === 'complete' ? sha256 : null,
      storage_key: `test/${id}`,
      file_name: `photo-${sha256.slice(0, 6)}.jpg`,
      captured_at: new Date('2027-02-03T05:00:00Z'),
      lat: null,
      lng: null,
      accuracy_m: null,
      thumbnail: null,
    })
    .execute();
  return id;
}

describe('search (Kazakh and Russian)', () => {
  const range = 'from=2026-06-01&to=2026-06-30';
  const search = async (q: string) => titles((await list(`${range}&q=${encodeURIComponent(q)}`)).items);

  beforeAll(async () => {
    await add({
      region: 'astana',
      categoryCode: 'employer_pressure',
      occurredOn: '2026-06-02',
      title: 'Әкімдіктің қызметкерлерге қысымға алуы',
      description: 'Ғимаратта жиналыс өтті; өңірдегі ұйым үгіт жүргізді, һәм іс-шараға баруды талап етті.',
      status: 'verified',
    });
    await add({
      region: 'astana',
      categoryCode: 'admin_resources',
      occurredOn: '2026-06-03',
      title: 'Давление на сотрудников акимата',
      description: 'Руководитель собрал сотрудников и потребовал прийти на митинг партии.',
      status: 'verified',
    });
    await add({
      region: 'astana',
      categoryCode: 'other',
      occurredOn: '2026-06-04',
      title: 'Әкімдік өкілі оказывал давление',
      description: 'Аралас тілде жазылған хабар.',
      status: 'verified',
    });
  });

  it('finds Kazakh words with ә ғ қ ң ө ұ ү һ і, in upper case, and a stem finds the suffixed form', async () => {
    const kk = ['Әкімдіктің қызметкерлерге қысымға алуы'];
    expect(await search('ғимарат')).toEqual(kk);
    expect(await search('өңірдегі')).toEqual(kk);
    expect(await search('ұйым')).toEqual(kk);
    expect(await search('үгіт')).toEqual(kk);
    expect(await search('һәм')).toEqual(kk);
    expect(await search('шараға')).toEqual(kk);
    expect(await search('ҒИМАРАТТА')).toEqual(kk);
    // A stem finds the form with a suffix: қысым → қысымға, әкімдік → әкімдіктің.
    expect(await search('қысым')).toEqual(kk);
    expect(await search('ӘКІМДІК')).toEqual(['Әкімдік өкілі оказывал давление', ...kk].sort());
    expect(await search('жоқсөзбар')).toEqual([]);
  });

  it('finds Russian words in another inflection, and ANDs the words of a mixed query', async () => {
    expect(await search('сотрудники')).toEqual(['Давление на сотрудников акимата']);
    expect(await search('Митинг')).toEqual(['Давление на сотрудников акимата']);
    expect(await search('давлением')).toEqual(['Давление на сотрудников акимата', 'Әкімдік өкілі оказывал давление']);
    expect(await search('әкімдік давление')).toEqual(['Әкімдік өкілі оказывал давление']);
    expect(await search('қысым сотрудники')).toEqual([]);
  });

  it('treats SQL and tsquery syntax as plain text', async () => {
    for (const q of ["'; drop table findings; --", 'a & b | !c', 'қысым:*', '"давление"', '\\', '()', '&&&', ':*']) {
      const res = await as('hq')({ method: 'GET', url: `/api/findings?${range}&q=${encodeURIComponent(q)}` });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect(await search('қысым:*')).toEqual(['Әкімдіктің қызметкерлерге қысымға алуы']);
    expect(await search('  ')).toHaveLength(3);
  });
});

describe('filters and paging', () => {
  const range = 'from=2025-03-01&to=2025-03-31';
  beforeAll(async () => {
    await add({ region: 'astana', categoryCode: 'vote_buying', occurredOn: '2025-03-01', title: 'F1', status: 'new' });
    await add({
      region: 'astana',
      categoryCode: 'vote_buying',
      occurredOn: '2025-03-10',
      title: 'F2',
      status: 'verified',
    });
    await add({
      region: 'astana',
      categoryCode: 'accessibility',
      occurredOn: '2025-03-20',
      title: 'F3',
      status: 'referred',
      authorId: ids.lto2,
    });
    await add({
      region: 'almaty-city',
      categoryCode: 'vote_buying',
      occurredOn: '2025-03-31',
      title: 'F4',
      status: 'rejected',
      authorId: ids.ltoAlmaty,
    });
    await add({ region: 'astana', categoryCode: 'other', occurredOn: '2025-02-28', title: 'F0 before', status: 'new' });
    await add({ region: 'astana', categoryCode: 'other', occurredOn: '2025-04-01', title: 'F5 after', status: 'new' });
  });

  it('filters by region, category, statuses, inclusive dates and observer', async () => {
    expect(titles((await list(range)).items)).toEqual(['F1', 'F2', 'F3', 'F4']);
    expect(titles((await list(`${range}&region=astana`)).items)).toEqual(['F1', 'F2', 'F3']);
    expect(titles((await list(`${range}&category=vote_buying`)).items)).toEqual(['F1', 'F2', 'F4']);
    expect(titles((await list(`${range}&status=verified,referred`)).items)).toEqual(['F2', 'F3']);
    expect(titles((await list(`${range}&status=rejected`)).items)).toEqual(['F4']);
    expect(titles((await list(`from=2025-03-10&to=2025-03-20`)).items)).toEqual(['F2', 'F3']);
    expect(titles((await list(`${range}&observer=${ids.lto2}`)).items)).toEqual(['F3']);
    expect(titles((await list(`${range}&region=astana&category=vote_buying&status=new`)).items)).toEqual(['F1']);
  });

  it('pages in the order latest event first, with the total of all pages', async () => {
    const first = await list(`${range}&pageSize=3`);
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.items.map((i) => i.title)).toEqual(['F4', 'F3', 'F2']);
    const second = await list(`${range}&pageSize=3&page=2`);
    expect(second.total).toBe(4);
    expect(second.items.map((i) => i.title)).toEqual(['F1']);
    expect((await list(`${range}&pageSize=3&page=9`)).items).toEqual([]);
    const f3 = first.items[1]!;
    expect(f3).toMatchObject({ region: 'astana', categoryCode: 'accessibility', occurredOn: '2025-03-20' });
    expect(f3.author.id).toBe(ids.lto2);
    expect(f3.author.name).toBe('lto-two');
  });

  it('refuses bad filters with 400', async () => {
    for (const q of ['status=bogus', 'from=2025-13-01', 'pageSize=0', 'observer=abc', 'region=Nowhere!']) {
      const res = await as('hq')({ method: 'GET', url: `/api/findings?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('exports the same rows as CSV, with category titles in the asked language', async () => {
    const res = await as('hq')({ method: 'GET', url: `/api/findings/export.csv?${range}&lang=ru` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.title)).toEqual(['F4', 'F3', 'F2', 'F1']);
    expect(rows[0]).toMatchObject({ region: 'almaty-city', category_title: 'Подкуп избирателей', status: 'rejected' });
    expect(rows[0]!.created_at).toMatch(/\+05:00$/);
    const kk = parse(
      (await as('hq')({ method: 'GET', url: `/api/findings/export.csv?${range}&category=accessibility` })).body,
      { columns: true, bom: true },
    ) as Record<string, string>[];
    expect(kk).toHaveLength(1);
    expect(kk[0]!.category_title).toBe('Сайлау учаскелерінің қолжетімділігі');
  });
});

describe('who sees what', () => {
  const range = 'from=2025-05-01&to=2025-05-31';
  beforeAll(async () => {
    const day = '2025-05-10';
    await add({ region: 'astana', categoryCode: 'other', occurredOn: day, title: 'own new', status: 'new' });
    await add({ region: 'astana', categoryCode: 'other', occurredOn: day, title: 'own verified', status: 'verified' });
    await add({ region: 'astana', categoryCode: 'other', occurredOn: day, title: 'own rejected', status: 'rejected' });
    await add({ region: 'astana', categoryCode: 'other', occurredOn: day, title: 'other new', authorId: ids.lto2 });
    await add({
      region: 'astana',
      categoryCode: 'other',
      occurredOn: day,
      title: 'other closed',
      status: 'closed',
      authorId: ids.lto2,
    });
    await add({
      region: 'almaty-city',
      categoryCode: 'other',
      occurredOn: day,
      title: 'almaty verified',
      status: 'verified',
      authorId: ids.ltoAlmaty,
    });
  });
  const all = ['almaty verified', 'other closed', 'other new', 'own new', 'own rejected', 'own verified'];

  it('HQ and an all-regions coordinator see every one; a regional coordinator their regions', async () => {
    expect(titles((await list(range, as('hq'))).items)).toEqual(all);
    expect(titles((await list(range, as('coordinator'))).items)).toEqual(all);
    expect(titles((await list(range, as('almaty'))).items)).toEqual(['almaty verified']);
    expect(titles((await list(range, as('south'))).items)).toEqual([]);
  });

  it('refuses a coordinator another region with 403 on every view', async () => {
    for (const path of ['/api/findings', '/api/findings/map', '/api/findings/timeline', '/api/findings/export.csv']) {
      const res = await as('almaty')({ method: 'GET', url: `${path}?${range}&region=astana` });
      expect(res.statusCode, path).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it("a long-term observer sees their own (any status) and the region's verified ones, not others' new ones", async () => {
    expect(titles((await list(range, as('lto'))).items)).toEqual([
      'other closed',
      'own new',
      'own rejected',
      'own verified',
    ]);
    expect(titles((await list(range, as('lto2'))).items)).toEqual(['other closed', 'other new', 'own verified']);
    // Any region may be asked for; only what they may read comes back.
    expect((await list(`${range}&region=almaty-city`, as('lto'))).items).toEqual([]);
    expect(titles((await list(range, as('ltoAlmaty'))).items)).toEqual(['almaty verified']);
    const map = FindingMap.parse((await as('lto')({ method: 'GET', url: `/api/findings/map?${range}` })).json());
    expect(map.items).toHaveLength(4);
  });

  it('the legal team sees verified, referred and closed ones only; a station observer nothing', async () => {
    expect(titles((await list(range, as('lawyer'))).items)).toEqual([
      'almaty verified',
      'other closed',
      'own verified',
    ]);
    for (const path of ['/api/findings', '/api/findings/map', '/api/findings/timeline', '/api/findings/export.csv']) {
      const res = await as('observer')({ method: 'GET', url: `${path}?${range}` });
      expect(res.statusCode, path).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/findings?${range}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('merged duplicates', () => {
  const range = 'from=2025-07-01&to=2025-07-31';
  let main = '';
  let duplicate = '';
  beforeAll(async () => {
    main = await add({
      region: 'astana',
      categoryCode: 'vote_buying',
      occurredOn: '2025-07-07',
      title: 'The event',
      status: 'verified',
    });
    duplicate = await add({
      region: 'astana',
      categoryCode: 'vote_buying',
      occurredOn: '2025-07-07',
      title: 'The same event',
      status: 'verified',
      authorId: ids.lto2,
      mergedInto: main,
    });
    await addEvidence(main, 'astana', 'a'.repeat(64), 'complete');
    await addEvidence(duplicate, 'astana', 'b'.repeat(64), 'complete');
    await addEvidence(duplicate, 'astana', 'c'.repeat(64), 'uploading');
  });

  it('are left out of the list, the map, the timeline and the report; their files count on the main one', async () => {
    const { items, total } = await list(range);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ id: main, evidenceCount: 2, duplicateCount: 1 });
    const map = FindingMap.parse((await as('hq')({ method: 'GET', url: `/api/findings/map?${range}` })).json());
    expect(map.items.map((i) => i.id)).toEqual([main]);
    const timeline = FindingTimeline.parse(
      (await as('hq')({ method: 'GET', url: `/api/findings/timeline?${range}` })).json(),
    );
    expect(timeline.rows).toEqual([{ week: '2025-07-07', region: 'astana', categoryCode: 'vote_buying', count: 1 }]);
    const report = FindingReport.parse(
      (await as('hq')({ method: 'GET', url: `/api/findings/report?from=2025-07-01&to=2025-07-31` })).json(),
    );
    expect(report.total).toBe(1);
    expect(report.findings.map((f) => f.id)).toEqual([main]);
    expect(report.findings[0]!.evidence.map((e) => e.sha256).sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(duplicate).not.toBe(main);
  });
});

describe('weekly timeline', () => {
  const timeline = async (query: string, who: As = as('hq')) => {
    const res = await who({ method: 'GET', url: `/api/findings/timeline?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return FindingTimeline.parse(res.json());
  };

  beforeAll(async () => {
    const f = (region: string, categoryCode: string, occurredOn: string, status: 'new' | 'verified' = 'verified') =>
      add({ region, categoryCode, occurredOn, status });
    await f('astana', 'other', '2026-09-20'); // Sunday before the range
    await f('astana', 'employer_pressure', '2026-10-04'); // Sunday
    await f('astana', 'employer_pressure', '2026-10-05'); // Monday: the next week
    await f('astana', 'vote_buying', '2026-10-05');
    await f('astana', 'employer_pressure', '2026-10-11', 'new'); // Sunday, same week as the Monday
    await f('almaty-city', 'other', '2026-10-12');
    await f('astana', 'other', '2026-10-19'); // Monday after the range
  });

  it('counts by Monday-based local weeks as written out by hand, empty weeks listed', async () => {
    expect(weekStart('2026-10-04')).toBe('2026-09-28');
    expect(weekStart('2026-10-05')).toBe('2026-10-05');
    expect(weekStart('2026-10-11')).toBe('2026-10-05');
    const astana = await timeline('from=2026-09-21&to=2026-10-18&region=astana');
    expect(astana.weeks).toEqual(['2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12']);
    expect(astana.rows).toEqual([
      { week: '2026-09-28', region: 'astana', categoryCode: 'employer_pressure', count: 1 },
      { week: '2026-10-05', region: 'astana', categoryCode: 'employer_pressure', count: 2 },
      { week: '2026-10-05', region: 'astana', categoryCode: 'vote_buying', count: 1 },
    ]);
    const country = await timeline('from=2026-09-21&to=2026-10-18');
    expect(country.rows).toEqual([
      ...astana.rows,
      { week: '2026-10-12', region: 'almaty-city', categoryCode: 'other', count: 1 },
    ]);
    // A range starting mid-week lists the week it starts in; the shared filters apply.
    const verified = await timeline('from=2026-10-01&to=2026-10-11&status=verified&region=astana');
    expect(verified.weeks).toEqual(['2026-09-28', '2026-10-05']);
    expect(verified.rows).toEqual([
      { week: '2026-09-28', region: 'astana', categoryCode: 'employer_pressure', count: 1 },
      { week: '2026-10-05', region: 'astana', categoryCode: 'employer_pressure', count: 1 },
      { week: '2026-10-05', region: 'astana', categoryCode: 'vote_buying', count: 1 },
    ]);
    // The regional coordinator of Almaty sees only Almaty's row.
    expect((await timeline('from=2026-09-21&to=2026-10-18', as('almaty'))).rows).toEqual([
      { week: '2026-10-12', region: 'almaty-city', categoryCode: 'other', count: 1 },
    ]);
  });

  it("agrees with weekStart for every day, whatever the database session's time zone", async () => {
    const viewer = { userId: ids.hq, role: 'hq_admin' as const, scope: 'all' as const, regions: [] };
    const filter = { from: '2026-09-21', to: '2026-10-18', region: 'astana' };
    const expected = (await timeline('from=2026-09-21&to=2026-10-18&region=astana')).rows;
    for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati', 'UTC']) {
      const rows = await t.app.db.transaction().execute(async (trx) => {
        await sql`set local time zone ${sql.lit(zone)}`.execute(trx);
        const days = await sql<{ day: string; week: string }>`
          select d::date::text as day, (date_trunc('week', d::date::timestamp))::date::text as week
          from generate_series(date '2026-09-20', date '2026-10-20', interval '1 day') as d`.execute(trx);
        for (const { day, week } of days.rows) expect(week, `${zone} ${day}`).toBe(weekStart(day));
        return findingTimelineRows(trx, { electionId, viewer, filter });
      });
      expect(rows, zone).toEqual(expected);
    }
  });

  it('defaults to the 12 weeks up to the current local week and refuses more than 104 weeks', async () => {
    const standard = await timeline('');
    expect(standard.weeks).toHaveLength(12);
    expect(standard.weeks.at(-1)).toBe(weekStart(localDate(new Date())));
    expect((await timeline('from=2024-01-01&to=2025-12-28')).weeks).toHaveLength(104);
    for (const q of ['from=2024-01-01&to=2026-01-05', 'from=2026-10-10&to=2026-10-01']) {
      const res = await as('hq')({ method: 'GET', url: `/api/findings/timeline?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });
});

describe('periodic report', () => {
  const from = '2027-02-01';
  const to = '2027-02-28';
  const hashes = { one: 'd'.repeat(64), two: 'e'.repeat(64) };
  const report = async (query: string, who: As = as('hq')) => {
    const res = await who({ method: 'GET', url: `/api/findings/report?from=${from}&to=${to}${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return FindingReport.parse(res.json());
  };

  beforeAll(async () => {
    const f = (
      region: string,
      categoryCode: string,
      occurredOn: string,
      status: 'new' | 'verified' | 'rejected' | 'referred' | 'closed',
      title?: string,
    ) => add({ region, categoryCode, occurredOn, status, title, authorId: ids.lto2 });
    const first = await f('astana', 'employer_pressure', '2027-02-01', 'verified', 'Бірінші <script>alert(1)</script>');
    await addEvidence(first, 'astana', hashes.one, 'complete');
    await addEvidence(first, 'astana', hashes.two, 'complete');
    await f('astana', 'employer_pressure', '2027-02-14', 'referred');
    await f('astana', 'vote_buying', '2027-02-28', 'closed');
    await f('astana', 'vote_buying', '2027-02-15', 'new');
    await f('astana', 'other', '2027-02-16', 'rejected');
    await f('almaty-city', 'vote_buying', '2027-02-02', 'verified');
    await f('almaty-city', 'media_coverage', '2027-02-20', 'verified');
    await f('almaty-city', 'media_coverage', '2027-02-21', 'new');
    await f('shymkent', 'accessibility', '2027-02-10', 'referred');
    await f('astana', 'employer_pressure', '2027-03-01', 'verified'); // after the range
    await f('astana', 'employer_pressure', '2027-01-31', 'verified'); // before it
  });

  /** Every figure of the report against the list's total for the same filters. */
  async function expectSameAsList(data: FindingReport, region: string | null, who: As) {
    const base = `from=${from}&to=${to}${region ? `&region=${region}` : ''}`;
    const verified = `${base}&status=verified,referred,closed`;
    expect(data.total).toBe(await total(verified, who));
    expect(data.findings).toHaveLength(data.total);
    for (const c of data.byCategory)
      expect(c.count, c.categoryCode).toBe(await total(`${verified}&category=${c.categoryCode}`, who));
    // Per region: the range and statuses, the region named once.
    const anyRegion = `from=${from}&to=${to}&status=verified,referred,closed`;
    for (const r of data.byRegion) expect(r.count, r.region).toBe(await total(`${anyRegion}&region=${r.region}`, who));
    for (const rc of data.byRegionCategory)
      expect(rc.count).toBe(await total(`${anyRegion}&region=${rc.region}&category=${rc.categoryCode}`, who));
    if (region) expect(data.byRegion.map((r) => r.region)).toEqual(data.total > 0 ? [region] : []);
    for (const s of data.byStatus) expect(s.count, s.status).toBe(await total(`${base}&status=${s.status}`, who));
    expect(data.byCategory.reduce((sum, c) => sum + c.count, 0)).toBe(data.total);
    expect(data.byRegion.reduce((sum, c) => sum + c.count, 0)).toBe(data.total);
  }

  it('counts for the country equal the list, with figures written out by hand', async () => {
    const data = await report('');
    expect(data).toMatchObject({ from, to, region: null, total: 6 });
    expect(data.byRegion).toEqual([
      { region: 'almaty-city', count: 2 },
      { region: 'astana', count: 3 },
      { region: 'shymkent', count: 1 },
    ]);
    expect(data.byCategory.find((c) => c.categoryCode === 'employer_pressure')).toMatchObject({
      count: 2,
      title: { en: 'Employer pressure to vote or not to vote' },
    });
    expect(data.byCategory.find((c) => c.categoryCode === 'other')?.count).toBe(0);
    expect(data.byStatus).toEqual([
      { status: 'new', count: 2 },
      { status: 'verified', count: 3 },
      { status: 'rejected', count: 1 },
      { status: 'referred', count: 2 },
      { status: 'closed', count: 1 },
    ]);
    const first = data.findings[0]!;
    expect(first.occurredOn).toBe('2027-02-01');
    expect(first.sources).toEqual([{ kind: 'own_observation', note: '', url: null }]);
    expect(first.evidence.map((e) => e.sha256).sort()).toEqual([hashes.one, hashes.two]);
    expect(first.evidence[0]).toMatchObject({ kind: 'photo', size: 2048, capturedAt: '2027-02-03T05:00:00.000Z' });
    await expectSameAsList(data, null, as('hq'));
  });

  it('counts for a region and for a regional coordinator equal the list', async () => {
    const astana = await report('&region=astana');
    expect(astana.total).toBe(3);
    expect(astana.region).toBe('astana');
    await expectSameAsList(astana, 'astana', as('hq'));
    const almaty = await report('', as('almaty'));
    expect(almaty.total).toBe(2);
    expect(almaty.byRegion).toEqual([{ region: 'almaty-city', count: 2 }]);
    await expectSameAsList(almaty, null, as('almaty'));
    const lawyer = await report('', as('lawyer'));
    expect(lawyer.total).toBe(6);
    expect(lawyer.byStatus.filter((s) => s.count > 0).map((s) => s.status)).toEqual(['verified', 'referred', 'closed']);
    await expectSameAsList(lawyer, null, as('lawyer'));
  });

  it('report.csv and report-findings.csv parse back to the same numbers', async () => {
    const data = await report('');
    const res = await as('hq')({ method: 'GET', url: `/api/findings/report.csv?from=${from}&to=${to}&lang=ru` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    const cells = rows.filter((r) => r.category_code !== '');
    expect(cells.map((r) => ({ region: r.region, categoryCode: r.category_code, count: Number(r.count) }))).toEqual(
      data.byRegionCategory,
    );
    expect(cells.find((r) => r.category_code === 'vote_buying')?.category_title).toBe('Подкуп избирателей');
    const regionTotals = rows.filter((r) => r.category_code === '' && r.region !== '');
    expect(regionTotals.map((r) => ({ region: r.region, count: Number(r.count) }))).toEqual(data.byRegion);
    expect(regionTotals[0]!.category_title).toBe('Итого');
    expect(rows.at(-1)).toEqual({ region: '', category_code: '', category_title: 'Итого', count: '6' });

    const findingsCsv = await as('hq')({
      method: 'GET',
      url: `/api/findings/report-findings.csv?from=${from}&to=${to}&delimiter=semicolon`,
    });
    expect(findingsCsv.statusCode).toBe(200);
    const findings = parse(findingsCsv.body, { columns: true, bom: true, delimiter: ';' }) as Record<string, string>[];
    expect(findings.map((f) => f.id)).toEqual(data.findings.map((f) => f.id));
    expect(findings[0]!.sha256.split('|').sort()).toEqual([hashes.one, hashes.two]);
    expect(findings[0]!.evidence_count).toBe('2');
  });

  it('report.html is a print page with the counts and the evidence hashes, escaped', async () => {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const res = await as('hq')({
        method: 'GET',
        url: `/api/findings/report.html?from=${from}&to=${to}&lang=${lang}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(res.body).toContain('<dd data-total>6</dd>');
      expect(res.body).toContain(hashes.one);
      expect(res.body).toContain(hashes.two);
      expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.body).not.toContain('<script>alert(1)');
      expect(res.body).toContain('01.02.2027 — 28.02.2027');
    }
    const kk = await as('hq')({ method: 'GET', url: `/api/findings/report.html?from=${from}&to=${to}&region=astana` });
    expect(kk.body).toContain('КЕЗЕҢДІК ЕСЕП');
    expect(kk.body).toContain('Жұмыс берушінің дауыс беруге немесе бермеуге мәжбүрлеуі');
    expect(kk.body).toContain('<dd data-total>3</dd>');
  });

  it('refuses a bad range, a long-term observer and a region outside the scope', async () => {
    const bad = await as('hq')({ method: 'GET', url: '/api/findings/report?from=2027-02-10&to=2027-02-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('to');
    expect((await as('hq')({ method: 'GET', url: '/api/findings/report?from=2027-02-10' })).statusCode).toBe(400);
    for (const path of ['report', 'report.csv', 'report-findings.csv', 'report.html']) {
      const url = `/api/findings/${path}?from=${from}&to=${to}`;
      expect((await as('lto')({ method: 'GET', url })).statusCode, path).toBe(403);
      expect((await as('observer')({ method: 'GET', url })).statusCode, path).toBe(403);
      expect((await as('almaty')({ method: 'GET', url: `${url}&region=astana` })).statusCode, path).toBe(403);
    }
  });
});

describe('map positions', () => {
  it('uses the finding’s own point, else its station’s, else its region’s centre', async () => {
    const db = t.app.db;
    const station = await db
      .selectFrom('stations')
      .select(['id', 'lat', 'lng'])
      .where('election_id', '=', electionId)
      .where('region_code', '=', 'astana')
      .orderBy('number')
      .executeTakeFirstOrThrow();
    const region = await db
      .selectFrom('regions')
      .select(['center_lat', 'center_lng'])
      .where('code', '=', 'astana')
      .executeTakeFirstOrThrow();
    const own = await add({
      region: 'astana',
      categoryCode: 'other',
      occurredOn: '2025-08-01',
      lat: 51.2,
      lng: 71.5,
    });
    const atStation = await add({ region: 'astana', categoryCode: 'other', occurredOn: '2025-08-02' });
    await db.updateTable('findings').set({ station_id: station.id }).where('id', '=', atStation).execute();
    const inRegion = await add({ region: 'astana', categoryCode: 'other', occurredOn: '2025-08-03' });

    const res = await as('hq')({ method: 'GET', url: '/api/findings/map?from=2025-08-01&to=2025-08-31' });
    expect(res.statusCode).toBe(200);
    const points = new Map(FindingMap.parse(res.json()).items.map((p) => [p.id, p]));
    expect(points.size).toBe(3);
    expect(points.get(own)).toMatchObject({ lat: 51.2, lng: 71.5, source: 'own', region: 'astana' });
    expect(points.get(atStation)).toMatchObject({ lat: station.lat, lng: station.lng, source: 'station' });
    expect(points.get(inRegion)).toMatchObject({ lat: region.center_lat, lng: region.center_lng, source: 'region' });
    const list = (await as('hq')({ method: 'GET', url: '/api/findings?from=2025-08-01&to=2025-08-31' })).json();
    const stationNumber = await db
      .selectFrom('stations')
      .select('number')
      .where('id', '=', station.id)
      .executeTakeFirstOrThrow();
    expect(FindingList.parse(list).items.find((i) => i.id === atStation)?.stationNumber).toBe(stationNumber.number);
  });
});
