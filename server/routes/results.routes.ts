import { sendCsv } from '../csv.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../shared/errors.ts';
import { Language } from '../../shared/i18n.ts';
import { ExportQuery } from '../../shared/imports.ts';
import { Results, ResultsQuery } from '../../shared/results.ts';
import { resultsCsv, resultsFor } from '../results/tabulation.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The spreadsheet's names (regions, ballot options) in one language; Russian is the spreadsheet habit. */
const ResultsCsvQuery = ResultsQuery.extend(ExportQuery.shape).extend({ lang: Language.default('ru') });

/** Parallel tabulation (issue 8): the network's own protocol copies added up by region and nationally. */
const resultsRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { db } = fastify;

  fastify.get(
    '/api/results',
    {
      config: { action: 'results.read' },
      schema: {
        tags: ['results'],
        summary:
          'Results and turnout by region and over the caller’s scope, from verified protocols (basis=verified) or every station’s best copy (basis=received), with coverage',
        querystring: ResultsQuery,
        response: { 200: Results, ...errors },
      },
    },
    async (request) => resultsFor(db, request.auth!, request.query),
  );

  fastify.get(
    '/api/results.csv',
    {
      config: { action: 'results.read' },
      schema: {
        tags: ['results'],
        summary: 'The same tabulation as CSV: a row per region and a total row, a column per ballot option',
        querystring: ResultsCsvQuery,
      },
    },
    async (request, reply) => {
      const { lang, delimiter, ...query } = request.query;
      const results = await resultsFor(db, request.auth!, query);
      const regions = await db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).execute();
      const names = new Map(regions.map((r) => [r.code, { kk: r.name_kk, ru: r.name_ru, en: r.name_en }]));
      return sendCsv(reply, `results-${query.basis}.csv`, resultsCsv(results, names, lang, delimiter));
    },
  );
};

export default resultsRoutes;
