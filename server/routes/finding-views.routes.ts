import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import {
  exportFindings,
  findingMapPoints,
  findingReport,
  findingTimelineRows,
  listFindings,
  regionNames,
  type FindingScope,
} from '../../db/queries/finding-view.queries.ts';
import { listFindingCategories, type FindingViewer } from '../../db/queries/finding.queries.ts';
import { ErrorBody } from '../../shared/errors.ts';
import {
  FindingFilterQuery,
  FindingList,
  FindingListQuery,
  FindingMap,
  FindingReport,
  FindingReportQuery,
  FindingTimeline,
  weekStart,
} from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { ExportQuery } from '../../shared/imports.ts';
import { assertRegionAllowed } from '../auth/scope.ts';
import { sendCsv, spreadsheetSafe } from '../csv.ts';
import { AppError } from '../errors.ts';
import { toCsv } from '../imports/csv.ts';
import type { Auth } from '../plugins/auth.ts';
import { renderFindingsReport, totalLabel } from '../print/findings-report.print.ts';
import { localIso } from '../violations/violation-export.ts';

const Lang = z.enum(['kk', 'ru', 'en']).default('kk');
const ExportFilter = FindingFilterQuery.extend({ lang: Lang }).extend(ExportQuery.shape);
const ReportCsvQuery = FindingReportQuery.extend(ExportQuery.shape);

/** The timeline's default: the 12 weeks up to the current local week. A chart of more than two years is refused. */
const DEFAULT_WEEKS = 12;
const MAX_WEEKS = 104;
const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY);

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** Print pages load nothing from anywhere; the one inline script is the print button. */
function sendPrint(reply: FastifyReply, page: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
    .send(page);
}

function viewerOf(auth: Auth): FindingViewer {
  return { userId: auth.user.id, role: auth.user.role, scope: auth.scope, regions: auth.user.regions };
}

const sourcesText = (sources: { kind: string; note: string; url: string | null }[]) =>
  sources.map((s) => [s.kind, s.note, s.url].filter((part) => part).join(': ')).join(' | ');

/** The options of a report CSV route: the same action, query and answers, its own summary. */
const reportCsvRoute = (summary: string) => ({
  config: { action: 'findings.report' as const },
  schema: { tags: ['findings'], summary, querystring: ReportCsvQuery, response: errors },
});

const findingViewsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  /**
   * The caller's view of the active election with the shared filters; null without an active
   * election. A coordinator naming a region outside theirs is refused; a long-term observer may
   * name any (they get only what they may read anyway).
   */
  async function scopeOf(auth: Auth, filter: FindingFilterQuery): Promise<FindingScope | null> {
    assertRegionAllowed(auth, filter.region);
    const electionId = await findActiveElectionId(db);
    if (electionId === null) return null;
    return { electionId, viewer: viewerOf(auth), filter };
  }

  async function report(auth: Auth, query: FindingReportQuery): Promise<FindingReport> {
    assertRegionAllowed(auth, query.region);
    const electionId = await findActiveElectionId(db);
    return findingReport(
      db,
      { electionId: electionId ?? -1, viewer: viewerOf(auth), from: query.from, to: query.to, region: query.region },
      new Date(),
    );
  }

  /** The report with its category titles in the language asked for, for the CSV files. */
  async function reportForCsv(auth: Auth, query: z.infer<typeof ReportCsvQuery>) {
    const data = await report(auth, query);
    const titles = new Map(data.byCategory.map((c) => [c.categoryCode, c.title[query.lang]]));
    return { data, titleOf: (code: string) => titles.get(code) ?? code };
  }

  fastify.get(
    '/api/findings',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary:
          'Findings the caller may read: full-text search (Kazakh and Russian) and filters; latest events first, merged duplicates left out',
        querystring: FindingListQuery,
        response: { 200: FindingList, ...errors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const scope = await scopeOf(request.auth!, filter);
      if (!scope) return { items: [], total: 0, page, pageSize };
      return { ...(await listFindings(db, scope, { page, pageSize })), page, pageSize };
    },
  );

  fastify.get(
    '/api/findings/export.csv',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary: 'The list with the same filters as CSV, every matching row (category titles in `lang`)',
        querystring: ExportFilter,
        response: errors,
      },
    },
    async (request, reply) => {
      const { lang, delimiter, ...filter } = request.query;
      const scope = await scopeOf(request.auth!, filter);
      const [items, categories] = await Promise.all([
        scope ? exportFindings(db, scope) : [],
        listFindingCategories(db),
      ]);
      const titles = new Map(categories.map((c) => [c.code, c.title[lang]]));
      const csv = toCsv(
        [
          'id',
          'occurred_on',
          'region',
          'locality',
          'station',
          'category_code',
          'category_title',
          'title',
          'status',
          'confidence',
          'observer',
          'sources',
          'evidence_count',
          'created_at',
        ],
        items.map((f) => [
          f.id,
          f.occurredOn,
          f.region,
          spreadsheetSafe(f.locality),
          f.stationNumber,
          f.categoryCode,
          spreadsheetSafe(titles.get(f.categoryCode) ?? f.categoryCode),
          spreadsheetSafe(f.title),
          f.status,
          f.confidence,
          spreadsheetSafe(f.author.name),
          spreadsheetSafe(sourcesText(f.sources)),
          f.evidenceCount,
          localIso(f.createdAt),
        ]),
        delimiter,
      );
      return sendCsv(reply, 'findings.csv', csv);
    },
  );

  fastify.get(
    '/api/findings/map',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary: "The map layer: each finding at its own point, else its station's, else its region's centre",
        querystring: FindingFilterQuery,
        response: { 200: FindingMap, ...errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request.auth!, request.query);
      return { items: scope ? await findingMapPoints(db, scope) : [] };
    },
  );

  fastify.get(
    '/api/findings/timeline',
    {
      config: { action: 'findings.read' },
      schema: {
        tags: ['findings'],
        summary:
          'Counts by week (Monday to Sunday, local dates), region and category; the 12 weeks up to this one by default, at most 104',
        querystring: FindingFilterQuery,
        response: { 200: FindingTimeline, ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      const to = query.to ?? localDate(new Date());
      const from = query.from ?? addDays(weekStart(to), -7 * (DEFAULT_WEEKS - 1));
      if (to < from)
        throw new AppError(400, 'validation_failed', 'The range ends before it starts', [
          { path: 'to', message: 'before from' },
        ]);
      const first = weekStart(from);
      const count = daysBetween(first, weekStart(to)) / 7 + 1;
      if (count > MAX_WEEKS)
        throw new AppError(400, 'validation_failed', `At most ${MAX_WEEKS} weeks at a time`, [
          { path: 'from', message: `${count} weeks asked for` },
        ]);
      const weeks = Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
      const scope = await scopeOf(request.auth!, { ...query, from, to });
      return { weeks, rows: scope ? await findingTimelineRows(db, scope) : [] };
    },
  );

  fastify.get(
    '/api/findings/report',
    {
      config: { action: 'findings.report' },
      schema: {
        tags: ['findings'],
        summary:
          'The periodic report: verified findings that occurred in the range (a region or the country), counted as the list counts them, with their evidence',
        querystring: FindingReportQuery,
        response: { 200: FindingReport, ...errors },
      },
    },
    async (request) => report(request.auth!, request.query),
  );

  fastify.get(
    '/api/findings/report.csv',
    reportCsvRoute("The report's counts by region and category as CSV, with per-region and grand totals"),
    async (request, reply) => {
      const { data, titleOf } = await reportForCsv(request.auth!, request.query);
      const total = totalLabel(request.query.lang);
      const rows: (string | number)[][] = [];
      for (const region of data.byRegion) {
        for (const cell of data.byRegionCategory.filter((c) => c.region === region.region))
          rows.push([region.region, cell.categoryCode, titleOf(cell.categoryCode), cell.count]);
        rows.push([region.region, '', total, region.count]);
      }
      rows.push(['', '', total, data.total]);
      const csv = toCsv(['region', 'category_code', 'category_title', 'count'], rows, request.query.delimiter);
      return sendCsv(reply, `findings-report-${data.from}-${data.to}.csv`, csv);
    },
  );

  fastify.get(
    '/api/findings/report-findings.csv',
    reportCsvRoute("The report's verified findings as CSV, one row each, with their evidence files and SHA-256 hashes"),
    async (request, reply) => {
      const { data, titleOf } = await reportForCsv(request.auth!, request.query);
      const csv = toCsv(
        [
          'id',
          'occurred_on',
          'region',
          'locality',
          'category_code',
          'category_title',
          'title',
          'description',
          'status',
          'confidence',
          'sources',
          'evidence_count',
          'evidence_files',
          'sha256',
        ],
        data.findings.map((f) => [
          f.id,
          f.occurredOn,
          f.region,
          spreadsheetSafe(f.locality),
          f.categoryCode,
          spreadsheetSafe(titleOf(f.categoryCode)),
          spreadsheetSafe(f.title),
          spreadsheetSafe(f.description),
          f.status,
          f.confidence,
          spreadsheetSafe(sourcesText(f.sources)),
          f.evidence.length,
          spreadsheetSafe(f.evidence.map((e) => e.fileName ?? e.id).join(' | ')),
          f.evidence.map((e) => e.sha256 ?? '').join('|'),
        ]),
        request.query.delimiter,
      );
      return sendCsv(reply, `findings-report-${data.from}-${data.to}-findings.csv`, csv);
    },
  );

  fastify.get(
    '/api/findings/report.html',
    {
      config: { action: 'findings.report' },
      schema: {
        tags: ['findings'],
        summary: 'The periodic report as a print-ready A4 page (Kazakh, Russian or English), with the evidence hashes',
        querystring: FindingReportQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const [data, regions] = await Promise.all([report(request.auth!, request.query), regionNames(db)]);
      return sendPrint(reply, renderFindingsReport(data, request.query.lang, regions));
    },
  );
};

export default findingViewsRoutes;
