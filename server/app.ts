import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../shared/errors.ts';
import type { Config } from './config.ts';
import { AppError, isDataException, RateLimitedError } from './errors.ts';
import configPlugin from './plugins/config.ts';
import dbPlugin from './plugins/db.ts';
import authPlugin from './plugins/auth.ts';
import ioPlugin from './plugins/io.ts';
import livePlugin from './plugins/live.ts';
import violationsPlugin from './plugins/violations.ts';
import dispatchPlugin from './plugins/dispatch.ts';
import findingsPlugin from './plugins/findings.ts';
import { registerRealtimeHandlers } from './realtime/index.ts';
import assignmentRoutes from './routes/assignments.routes.ts';
import auditRoutes from './routes/audit.routes.ts';
import authRoutes from './routes/auth.routes.ts';
import importRoutes from './routes/import.routes.ts';
import mobileGroupRoutes from './routes/mobile-groups.routes.ts';
import peopleRoutes from './routes/people.routes.ts';
import reportRoutes from './routes/reports.routes.ts';
import violationsRoutes from './routes/violations.routes.ts';
import evidenceRoutes from './routes/evidence.routes.ts';
import complaintsRoutes from './routes/complaints.routes.ts';
import dispatchRoutes from './routes/dispatch.routes.ts';
import protocolsRoutes from './routes/protocols.routes.ts';
import resultsRoutes from './routes/results.routes.ts';
import officialRoutes from './routes/official.routes.ts';
import findingsRoutes from './routes/findings.routes.ts';
import findingViewsRoutes from './routes/finding-views.routes.ts';
import webPlugin from './plugins/web.ts';
import clientConfigRoutes from './routes/client-config.routes.ts';
import healthRoutes from './routes/health.routes.ts';
import regionRoutes from './routes/regions.routes.ts';
import stationRoutes from './routes/stations.routes.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  config: Config;
  /** Fastify logger options; defaults to pino at `config.logLevel`. */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the whole app (HTTP API, socket.io, web) ready to `listen`; tests build it the same way. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Sessions and passwords arrive in these; they never reach a log line.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    bodyLimit: 1024 * 1024,
    // Station numbers and ids fit; a phone's resend of a stale request must not hang the node.
    requestTimeout: 30_000,
    // A first start creates the embedded database and loads the demo election (10,248 stations,
    // 10,000 people): seconds on a laptop, longer on a busy 2-core machine. Fastify's default of
    // 10 s per plugin would abort it half-way.
    pluginTimeout: 300_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(configPlugin, { config });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Baqylau API', version: VERSION, description: 'Election-observation HQ' },
    },
    transform: jsonSchemaTransform,
  });
  // The API description is public; everything else under /api/ names its permission.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(dbPlugin);
  await app.register(ioPlugin);
  await app.register(authPlugin);
  await app.register(livePlugin);
  await app.register(violationsPlugin);
  await app.register(dispatchPlugin);
  await app.register(findingsPlugin);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(peopleRoutes);
  await app.register(assignmentRoutes);
  await app.register(auditRoutes);
  await app.register(mobileGroupRoutes);
  await app.register(reportRoutes);
  await app.register(violationsRoutes);
  await app.register(evidenceRoutes);
  await app.register(complaintsRoutes);
  await app.register(dispatchRoutes);
  await app.register(protocolsRoutes);
  await app.register(resultsRoutes);
  await app.register(officialRoutes);
  await app.register(findingsRoutes);
  await app.register(findingViewsRoutes);
  await app.register(importRoutes);
  registerRealtimeHandlers(app);
  await app.register(clientConfigRoutes);
  await app.register(regionRoutes);
  await app.register(stationRoutes);
  await app.register(webPlugin);

  await app.ready();
  return app;
}

function errorBody(code: ErrorCode, message: string, details?: ErrorBody['error']['details']): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** The one place errors become responses: known ones explained, anything else a hidden 500. */
function errorHandler(
  this: FastifyInstance,
  error: FastifyError,
  request: Parameters<FastifyInstance['errorHandler']>[1],
  reply: Parameters<FastifyInstance['errorHandler']>[2],
) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    return reply.code(400).send(
      errorBody(
        'validation_failed',
        `Invalid ${where}`,
        error.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          message: v.message ?? 'invalid',
        })),
      ),
    );
  }
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error instanceof AppError) {
    return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.details));
  }
  if (isDataException(error)) {
    return reply.code(400).send(errorBody('validation_failed', 'A value in the request cannot be stored'));
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return reply.code(413).send(errorBody('payload_too_large', 'The request body is too large'));
  if (status === 429) return reply.code(429).send(errorBody('rate_limited', 'Too many requests; slow down'));
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (malformed JSON, wrong content type…) carry safe messages.
    const code: ErrorCode =
      status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request';
    return reply.code(status).send(errorBody(code, error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(errorBody('internal_error', 'Something went wrong on the server'));
}
