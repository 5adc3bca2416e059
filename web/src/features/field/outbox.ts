import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportEnvelope, ReportResult } from '../../../../shared/reports.ts';

/**
 * The phone's outbox: every report is written here before it is sent and leaves only when the
 * server has acknowledged it. A reload, a closed tab or a restarted phone loses nothing.
 */
export type OutboxState = 'waiting' | 'sent' | 'rejected';

export interface OutboxItem {
  id: string;
  envelope: ReportEnvelope;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  /** Why the server refused it (shown to the observer; not retried). */
  error?: string;
  seq?: number;
}

interface OutboxDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byCreated: number } };
}

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;
function db() {
  dbPromise ??= openDB<OutboxDb>('baqylau-field', 1, {
    upgrade(database) {
      const store = database.createObjectStore('outbox', { keyPath: 'id' });
      store.createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

export async function enqueue(envelope: ReportEnvelope): Promise<void> {
  await (await db()).put('outbox', { id: envelope.id, envelope, state: 'waiting', createdAt: Date.now(), attempts: 0 });
}

export async function listOutbox(): Promise<OutboxItem[]> {
  return (await db()).getAllFromIndex('outbox', 'byCreated');
}

/** Applies the server's answers; network trouble or a server error leaves the report waiting. */
export async function applyResults(items: OutboxItem[], results: ReportResult[]): Promise<void> {
  const database = await db();
  const tx = database.transaction('outbox', 'readwrite');
  await Promise.all(
    items.map(async (item, i) => {
      const result = results[i];
      if (!result) return;
      if (result.ok) await tx.store.put({ ...item, state: 'sent', seq: result.data.seq, attempts: item.attempts + 1 });
      else if (result.error.code === 'internal_error') await tx.store.put({ ...item, attempts: item.attempts + 1 });
      else await tx.store.put({ ...item, state: 'rejected', error: result.error.message, attempts: item.attempts + 1 });
    }),
  );
  await tx.done;
}

export async function markAttempt(items: OutboxItem[]): Promise<void> {
  const database = await db();
  const tx = database.transaction('outbox', 'readwrite');
  await Promise.all(items.map((item) => tx.store.put({ ...item, attempts: item.attempts + 1 })));
  await tx.done;
}

/** Sent reports older than two days are dropped from the phone: keep as little as possible on it. */
export async function pruneSent(olderThanMs = 2 * 86_400_000): Promise<void> {
  const database = await db();
  for (const item of await database.getAll('outbox')) {
    if (item.state === 'sent' && Date.now() - item.createdAt > olderThanMs) await database.delete('outbox', item.id);
  }
}
