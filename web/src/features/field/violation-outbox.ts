import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ViolationChangeEnvelope, ViolationChangeResult } from '../../../../shared/violations.ts';
import { BLOCKED, type ChangeItem, type EvidenceItem, type Refusal } from './violation-state.ts';

/**
 * The violation outbox: every step and every file is written here before anything is sent, and
 * a file's bytes stay here until the server has all of them. A database of its own, so the
 * report outbox (`baqylau-field`) never has to migrate for it.
 */
interface ViolationDb extends DBSchema {
  changes: { key: string; value: ChangeItem; indexes: { byCreated: number } };
  evidence: { key: string; value: EvidenceItem; indexes: { byCreated: number } };
}

let dbPromise: Promise<IDBPDatabase<ViolationDb>> | null = null;
function db() {
  dbPromise ??= openDB<ViolationDb>('baqylau-violations', 1, {
    upgrade(database) {
      database.createObjectStore('changes', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
      database.createObjectStore('evidence', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

// Two steps saved in the same millisecond must still keep their order.
let lastCreated = 0;
const created = () => (lastCreated = Math.max(Date.now(), lastCreated + 1));

export async function enqueueChange(envelope: ViolationChangeEnvelope): Promise<void> {
  await (
    await db()
  ).put('changes', {
    id: envelope.id,
    violationId: envelope.violationId,
    envelope,
    state: 'waiting',
    createdAt: created(),
    attempts: 0,
  });
}

export async function listChanges(): Promise<ChangeItem[]> {
  return (await db()).getAllFromIndex('changes', 'byCreated');
}

/** Applies the server's answers; `internal_error` leaves a step waiting, any other error refuses it. */
export async function applyChangeResults(items: ChangeItem[], results: ViolationChangeResult[]): Promise<void> {
  const tx = (await db()).transaction('changes', 'readwrite');
  await Promise.all(
    items.map(async (item, i) => {
      const result = results[i];
      const attempts = item.attempts + 1;
      if (!result) return tx.store.put({ ...item, attempts });
      if (result.ok) return tx.store.put({ ...item, state: 'sent', ackStatus: result.data.status, attempts });
      if (result.error.code === 'internal_error') return tx.store.put({ ...item, attempts });
      return tx.store.put({ ...item, state: 'rejected', refusal: refusalOf(result.error), attempts });
    }),
  );
  await tx.done;
}

export async function rejectChanges(items: ChangeItem[], refusal: Refusal): Promise<void> {
  const tx = (await db()).transaction('changes', 'readwrite');
  await Promise.all(items.map((item) => tx.store.put({ ...item, state: 'rejected', refusal })));
  await tx.done;
}

export async function markChangeAttempt(items: ChangeItem[]): Promise<void> {
  const tx = (await db()).transaction('changes', 'readwrite');
  await Promise.all(items.map((item) => tx.store.put({ ...item, attempts: item.attempts + 1 })));
  await tx.done;
}

export const refusalOf = (error: { code: string; message: string; details?: { path: string; message: string }[] }) => ({
  code: error.code,
  message: [error.message, ...(error.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))]
    .filter(Boolean)
    .join('; '),
});

export async function putEvidence(item: EvidenceItem): Promise<void> {
  await (await db()).put('evidence', item);
}

export async function newEvidence(item: Omit<EvidenceItem, 'createdAt'>): Promise<EvidenceItem> {
  const full = { ...item, createdAt: created() };
  await putEvidence(full);
  return full;
}

export async function getEvidence(id: string): Promise<EvidenceItem | undefined> {
  return (await db()).get('evidence', id);
}

export async function listEvidence(): Promise<EvidenceItem[]> {
  return (await db()).getAllFromIndex('evidence', 'byCreated');
}

/** Changes one stored file record, reading it afresh so a concurrent edit (its thumbnail) is kept. */
export async function updateEvidence(id: string, patch: Partial<EvidenceItem>): Promise<EvidenceItem | undefined> {
  const tx = (await db()).transaction('evidence', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) return undefined;
  const next = { ...current, ...patch };
  await tx.store.put(next);
  await tx.done;
  return next;
}

export async function deleteEvidence(id: string): Promise<void> {
  await (await db()).delete('evidence', id);
}

export async function blockEvidenceOf(violationIds: Set<string>): Promise<void> {
  for (const item of await listEvidence())
    if (item.state === 'waiting' && violationIds.has(item.violationId))
      await updateEvidence(item.id, { state: 'rejected', refusal: BLOCKED, blob: null });
}

/**
 * Violations finished on the phone (every step sent, every file on the server) are dropped a week
 * after they were started: the phone keeps as little as it can, and HQ has them all.
 */
export async function pruneViolations(olderThanMs = 7 * 86_400_000): Promise<void> {
  const changes = await listChanges();
  const files = await listEvidence();
  const started = new Map<string, number>();
  const open = new Set<string>();
  for (const c of changes) {
    if (c.envelope.change.kind === 'noticed') started.set(c.violationId, c.createdAt);
    if (c.state === 'waiting') open.add(c.violationId);
  }
  for (const f of files) if (f.state === 'waiting') open.add(f.violationId);
  const old = new Set(
    [...started].filter(([id, at]) => !open.has(id) && Date.now() - at > olderThanMs).map(([id]) => id),
  );
  if (old.size === 0) return;
  const database = await db();
  for (const c of changes) if (old.has(c.violationId)) await database.delete('changes', c.id);
  for (const f of files) if (old.has(f.violationId)) await database.delete('evidence', f.id);
}
