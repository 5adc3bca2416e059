// What the benchmark parts share: a real app on a fresh embedded database (or the bench's
// PostgreSQL), signed in as HQ, and the percentile of a sorted list of timings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';

export interface BenchApp {
  app: FastifyInstance;
  /** `Authorization` header of the demo HQ account. */
  headers: { authorization: string };
  close(): Promise<void>;
}

export async function startBenchApp(name: string, databaseUrl: string | undefined): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), `baqylau-${name}-`));
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    EVIDENCE_DIR: join(dir, 'evidence'),
    SILENCE_CHECK_SECONDS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, SEED: 'demo' } : {}),
  });
  const app = await buildApp({ config });
  const close = async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'hq', password: 'baqylau-demo' },
    });
    return { app, headers: { authorization: `Bearer ${login.json().token}` }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The p-th percentile of timings sorted ascending (nearest rank). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
