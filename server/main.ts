// The process: read config, build the app, listen, and shut down cleanly on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import { MigrationError } from '../db/migrator.ts';
import { buildApp } from './app.ts';
import { ConfigError, parseConfig, type Config } from './config.ts';

// A stuck shutdown (a hung client, a busy query) must still end the process.
const SHUTDOWN_TIMEOUT_MS = 15_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: Config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

let app: FastifyInstance;
try {
  app = await buildApp({ config });
} catch (error) {
  if (error instanceof MigrationError) fail(`Cannot start: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  fail(`Cannot start: ${message}`);
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => {
    app.log.error('shutdown timed out; exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  try {
    // Stops accepting, disconnects sockets, then closes the database (PGlite flushes its folder).
    await app.close();
    app.log.info('stopped cleanly');
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Baqylau is ready at ${address} (database: ${app.dbKind})`);
} catch (error) {
  await app.close().catch(() => {});
  fail(`Cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`);
}
