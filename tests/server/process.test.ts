// The process itself: config errors, a failed migration and a restart on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function readyUrl(started: Started, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /ready at (http:\/\/[^\s"]+)/.exec(started.output());
    if (match?.[1]) return match[1];
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready in time:\n${started.output()}`);
}

function databaseEnv(database: TestDatabase): Record<string, string> {
  return database.databaseUrl ? { DATABASE_URL: database.databaseUrl, SEED: 'demo' } : { DATA_DIR: database.dataDir };
}

let database: TestDatabase | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  database = undefined;
});

describe('server process', () => {
  it('refuses a bad configuration with one message naming every problem', async () => {
    const started = start({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    children.push(started.child);
    expect(await started.exited).toBe(1);
    const output = started.output();
    expect(output).toMatch(/Invalid configuration/);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(output).toContain(name);
  });

  it('stops with a clear message when a migration fails', async () => {
    database = await createEmptyDatabase();
    const handle = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    await sql`create table stations (id integer)`.execute(handle.db);
    await handle.close();
    const started = start(databaseEnv(database));
    children.push(started.child);
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/Cannot start: Database migration "20261122T1400_core" failed/);
    // A child process that loads the app and opens the database: slow on a loaded two-core machine.
  }, 90_000);

  it('loads the demo election on a new database, shuts down cleanly, restarts without reloading it', async () => {
    database = await createEmptyDatabase();
    const first = start(databaseEnv(database));
    children.push(first.child);
    const url = await readyUrl(first);
    const health = (await (await fetch(`${url}/api/health`)).json()) as { stations: number };
    expect(health.stations).toBe(10_248);
    expect(first.output()).toMatch(/demo election loaded/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(databaseEnv(database));
    children.push(second.child);
    const url2 = await readyUrl(second);
    const again = (await (await fetch(`${url2}/api/health`)).json()) as { stations: number };
    expect(again.stations).toBe(10_248);
    expect(second.output()).not.toMatch(/demo election loaded/);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
