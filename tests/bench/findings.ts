// Long-term observation (issue 9) under load: the findings list, full-text search in Kazakh and
// Russian, the weekly timeline and the country's periodic report over ~10,000 findings.
import { FINDING_STATUSES, weekStart, type FindingSource } from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { findingRow } from '../support/finding-fixtures.ts';
import { percentile as pct, startBenchApp } from './bench-app.ts';

type Spread = { p50: number; p95: number };

export interface FindingsBenchResults {
  findings: number;
  insertMs: number;
  list: Spread & { total: number };
  searchKk: Spread & { total: number };
  searchRu: Spread & { total: number };
  timeline: Spread & { rows: number };
  report: Spread & { total: number; kilobytes: number };
}

const KK = [
  'Директор мұғалімдерге сайлауға баруды және фотоесеп жіберуді міндеттеді',
  'Әкімдік қызметкерлеріне қысым көрсетілді, жиналыста партияға дауыс беру талап етілді',
  'Учаскелік комиссия мүшелерінің тізімі уақтылы жарияланбады',
  'Ғимаратқа мүмкіндігі шектеулі сайлаушылар кіре алмайды, пандус жоқ',
  'Ұлттық компания жұмысшыларына үгіт іс-шарасына қатысу міндеттелді',
];
const RU = [
  'Руководитель собрал сотрудников и потребовал прийти на голосование с фотоотчётом',
  'Административный ресурс использован для агитации в пользу партии',
  'Списки избирателей содержат умерших и выбывших граждан',
  'Наблюдателю не дали ознакомиться с документами комиссии',
  'В местной газете опубликованы материалы без выходных данных',
];

export async function runFindingsBench(options: {
  findings: number;
  databaseUrl?: string | undefined;
}): Promise<FindingsBenchResults> {
  const { app, headers, close } = await startBenchApp('fbench', options.databaseUrl);
  try {
    const { db } = app;
    const election = await db
      .selectFrom('elections')
      .select('id')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();
    const regions = (await db.selectFrom('regions').select('code').orderBy('sort_order').execute()).map((r) => r.code);
    const categories = (await db.selectFrom('finding_categories').select('code').execute()).map((c) => c.code);
    const authors = (
      await db.selectFrom('people').select('id').where('role', 'in', ['long_term_observer', 'hq_admin']).execute()
    ).map((p) => p.id);

    // Spread over the 16 weeks up to today, every region and category, a third verified.
    const today = localDate(new Date());
    const firstDay = new Date(`${weekStart(today)}T00:00:00Z`).getTime() - 15 * 7 * 86_400_000;
    const started = performance.now();
    const BATCH = 500;
    for (let i = 0; i < options.findings; i += BATCH) {
      const rows = [];
      for (let j = i; j < Math.min(options.findings, i + BATCH); j += 1) {
        const kk = j % 2 === 0;
        const texts = kk ? KK : RU;
        const sources: FindingSource[] = [{ kind: 'witness', note: kk ? 'Екі куә' : 'Два свидетеля', url: null }];
        rows.push(
          findingRow({
            electionId: election.id,
            authorId: authors[j % authors.length]!,
            region: regions[(j * 7) % regions.length]!,
            categoryCode: categories[(j * 13) % categories.length]!,
            occurredOn: new Date(firstDay + ((j * 37) % (16 * 7)) * 86_400_000).toISOString().slice(0, 10),
            status: FINDING_STATUSES[j % 3 === 0 ? 1 : j % FINDING_STATUSES.length]!,
            title: `${texts[j % texts.length]!.split(' ').slice(0, 6).join(' ')} №${j}`,
            description: `${texts[j % texts.length]!}. ${texts[(j + 2) % texts.length]!}.`,
            locality: kk ? 'Есіл ауданы' : 'Алмалинский район',
            sources,
          }),
        );
      }
      await db.insertInto('findings').values(rows).execute();
    }
    const insertMs = performance.now() - started;

    async function time(path: string, runs: number) {
      const times: number[] = [];
      let body: unknown = null;
      let bytes = 0;
      for (let i = 0; i < runs; i += 1) {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url: path, headers });
        if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
        times.push(performance.now() - t);
        body = res.json();
        bytes = res.rawPayload.length;
      }
      times.sort((a, b) => a - b);
      return { p50: pct(times, 50), p95: pct(times, 95), body, bytes };
    }
    const count = (body: unknown, key: string) => {
      const value: unknown =
        typeof body === 'object' && body !== null ? Object.entries(body).find(([k]) => k === key)?.[1] : null;
      return typeof value === 'number' ? value : Array.isArray(value) ? value.length : NaN;
    };
    const list = await time('/api/findings', 30);
    const searchKk = await time(`/api/findings?q=${encodeURIComponent('қысым')}`, 30);
    const searchRu = await time(`/api/findings?q=${encodeURIComponent('сотрудники')}`, 30);
    const timeline = await time('/api/findings/timeline', 30);
    const from = new Date(firstDay).toISOString().slice(0, 10);
    const report = await time(`/api/findings/report?from=${from}&to=${today}`, 10);
    return {
      findings: options.findings,
      insertMs,
      list: { p50: list.p50, p95: list.p95, total: count(list.body, 'total') },
      searchKk: { p50: searchKk.p50, p95: searchKk.p95, total: count(searchKk.body, 'total') },
      searchRu: { p50: searchRu.p50, p95: searchRu.p95, total: count(searchRu.body, 'total') },
      timeline: { p50: timeline.p50, p95: timeline.p95, rows: count(timeline.body, 'rows') },
      report: {
        p50: report.p50,
        p95: report.p95,
        total: count(report.body, 'total'),
        kilobytes: report.bytes / 1024,
      },
    };
  } finally {
    await close();
  }
}
