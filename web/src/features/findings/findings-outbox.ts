import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import type { FindingEdit, NewFinding } from '../../../../shared/findings.ts';
import { StationsPage } from '../../../../shared/stations.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { makeThumbnail, uploadEvidenceFile } from '../../lib/evidence-upload.ts';
import { isTransient } from '../../lib/transient.ts';
import { uuid } from '../../lib/uuid.ts';

/**
 * The long-term observer's outbox: a finding, an edit and every file is written to IndexedDB
 * before anything is sent, and leaves only when the server has it. A lost connection, a reload or
 * a closed laptop loses nothing; the sender runs on every findings page (start, `online`, backoff).
 * A database of its own, so the field app's databases never migrate for it.
 */

export interface Refusal {
  code: string;
  message: string;
  details: { path: string; message: string }[];
}

interface OpBase {
  /** The finding's id for a new one; the edit's `changeId` for an edit. */
  id: string;
  findingId: string;
  /** Typed station number, resolved to its id when sent (the phone may be offline when it is typed). */
  stationNumber: number | null;
  state: 'waiting' | 'rejected';
  refusal?: Refusal;
  createdAt: number;
  attempts: number;
}
export type FindingOp =
  (OpBase & { kind: 'create'; body: NewFinding }) | (OpBase & { kind: 'edit'; body: FindingEdit });

export interface FindingFile {
  id: string;
  findingId: string;
  /** The file itself until every byte is on the server. */
  blob: Blob | null;
  fileName: string;
  mime: string;
  size: number;
  capturedAt: string;
  thumbnail?: string;
  /** `POST /api/evidence` was answered, so `offset` is the server's. */
  declared: boolean;
  offset: number;
  state: 'waiting' | 'rejected';
  refusal?: Refusal;
  createdAt: number;
}

interface FindingsDb extends DBSchema {
  ops: { key: string; value: FindingOp; indexes: { byCreated: number } };
  files: { key: string; value: FindingFile; indexes: { byCreated: number } };
}

let dbPromise: Promise<IDBPDatabase<FindingsDb>> | null = null;
function db() {
  dbPromise ??= openDB<FindingsDb>('baqylau-findings', 1, {
    upgrade(database) {
      database.createObjectStore('ops', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
      database.createObjectStore('files', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

// Two saves in the same millisecond must still keep their order (an edit after its creation).
let lastCreated = 0;
const created = () => (lastCreated = Math.max(Date.now(), lastCreated + 1));

const listeners = new Set<() => void>();
/** Called after every change of the outbox (a save, a part sent, a refusal). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const changed = () => {
  for (const l of listeners) l();
};

export interface OutboxSnapshot {
  ops: FindingOp[];
  files: FindingFile[];
}

export async function readOutbox(): Promise<OutboxSnapshot> {
  const database = await db();
  const [ops, files] = await Promise.all([
    database.getAllFromIndex('ops', 'byCreated'),
    database.getAllFromIndex('files', 'byCreated'),
  ]);
  return { ops, files };
}

/** What still waits to be sent: unsent findings and edits and files (refused ones wait for the user). */
export const waitingCount = (s: OutboxSnapshot) =>
  s.ops.filter((o) => o.state === 'waiting').length + s.files.filter((f) => f.state === 'waiting').length;

/** A new finding, or a fix of one the server refused or has not had yet (same id: it replaces it). */
export async function saveCreate(body: NewFinding, stationNumber: number | null): Promise<void> {
  const database = await db();
  const known = await database.get('ops', body.id);
  await database.put('ops', {
    id: body.id,
    findingId: body.id,
    kind: 'create',
    body,
    stationNumber,
    state: 'waiting',
    createdAt: known?.createdAt ?? created(),
    attempts: 0,
  });
  changed();
}

export async function saveEdit(findingId: string, body: FindingEdit, stationNumber: number | null): Promise<void> {
  await (
    await db()
  ).put('ops', {
    id: body.changeId,
    findingId,
    kind: 'edit',
    body,
    stationNumber,
    state: 'waiting',
    createdAt: created(),
    attempts: 0,
  });
  changed();
}

/** Drops a refused edit or a finding never accepted (with its files). */
export async function discardOp(id: string): Promise<void> {
  const database = await db();
  const op = await database.get('ops', id);
  if (!op) return;
  await database.delete('ops', id);
  if (op.kind === 'create')
    for (const f of await database.getAll('files'))
      if (f.findingId === op.findingId) await database.delete('files', f.id);
  changed();
}

export async function discardFile(id: string): Promise<void> {
  await (await db()).delete('files', id);
  changed();
}

/** Keeps the files on the device first (with a small thumbnail); they go up after their finding. */
export async function addFiles(findingId: string, files: readonly File[]): Promise<string[]> {
  const failed: string[] = [];
  for (const file of files) {
    try {
      const thumbnail = file.type.startsWith('image/') ? await makeThumbnail(file, false) : undefined;
      await (
        await db()
      ).put('files', {
        id: uuid(),
        findingId,
        blob: file,
        fileName: file.name.slice(-200) || 'evidence',
        mime: file.type,
        size: file.size,
        capturedAt: new Date(file.lastModified || Date.now()).toISOString(),
        ...(thumbnail ? { thumbnail } : {}),
        declared: false,
        offset: 0,
        state: 'waiting',
        createdAt: created(),
      });
    } catch {
      // Usually the device's storage is full: the observer is told which file was not kept.
      failed.push(file.name);
    }
  }
  changed();
  return failed;
}

const refusalOf = (error: ApiError): Refusal => ({ code: error.code, message: error.message, details: error.details });
/** Worth trying again later (no connection, the server's trouble), as opposed to a refusal. */
const retryLater = (error: unknown) => !(error instanceof ApiError) || isTransient(error.status);

async function updateOp(op: FindingOp, patch: Partial<Pick<OpBase, 'state' | 'refusal' | 'attempts'>>) {
  await (await db()).put('ops', { ...op, ...patch });
  changed();
}

async function updateFile(id: string, patch: Partial<FindingFile>): Promise<FindingFile | undefined> {
  const tx = (await db()).transaction('files', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) return undefined;
  const next = { ...current, ...patch };
  await tx.store.put(next);
  await tx.done;
  changed();
  return next;
}

async function stationIdOf(region: string, number: number): Promise<number | null> {
  const page = await getJson(`/api/stations?region=${encodeURIComponent(region)}&number=${number}`, StationsPage);
  return page.items[0]?.id ?? null;
}

const noStation = (number: number): Refusal => ({
  code: 'validation_failed',
  message: `No station ${number} in this region`,
  details: [{ path: 'stationId', message: `no station ${number}` }],
});

/** Sends one finding or edit; true when the network failed and it must wait. */
async function sendOp(op: FindingOp): Promise<boolean> {
  try {
    if (op.kind === 'create') {
      let body = op.body;
      if (op.stationNumber !== null && body.stationId === null) {
        const stationId = await stationIdOf(body.region, op.stationNumber);
        if (stationId === null) {
          await updateOp(op, { state: 'rejected', refusal: noStation(op.stationNumber) });
          return false;
        }
        body = { ...body, stationId };
      }
      await sendJson('POST', '/api/findings', z.unknown(), body);
    } else {
      let body = op.body;
      if (op.stationNumber !== null && !body.stationId && body.region) {
        const stationId = await stationIdOf(body.region, op.stationNumber);
        if (stationId === null) {
          await updateOp(op, { state: 'rejected', refusal: noStation(op.stationNumber) });
          return false;
        }
        body = { ...body, stationId };
      }
      await sendJson('PATCH', `/api/findings/${op.findingId}`, z.unknown(), body);
    }
    await (await db()).delete('ops', op.id);
    changed();
    return false;
  } catch (error) {
    if (retryLater(error)) {
      await updateOp(op, { attempts: op.attempts + 1 });
      return true;
    }
    if (error instanceof ApiError) await updateOp(op, { state: 'rejected', refusal: refusalOf(error) });
    return false;
  }
}

/** Uploads one file from the server's offset; true when it must wait for a retry. */
async function sendFile(item: FindingFile): Promise<boolean> {
  const save = async (patch: Partial<FindingFile>) => {
    await updateFile(item.id, patch);
  };
  const blob = item.blob;
  if (!blob) {
    await save({ state: 'rejected', refusal: { code: 'lost', message: 'the file is no longer here', details: [] } });
    return false;
  }
  const outcome = await uploadEvidenceFile({
    declaration: {
      id: item.id,
      findingId: item.findingId,
      purpose: 'evidence',
      size: item.size,
      fileName: item.fileName,
      capturedAt: item.capturedAt,
      ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
    },
    blob,
    fileName: item.fileName,
    start: item,
    save,
  });
  if (outcome.kind === 'retry') return true;
  if (outcome.kind === 'refused') {
    await save({ state: 'rejected', refusal: refusalOf(outcome.error), blob: null });
    return false;
  }
  try {
    // On the server now: the page shows the server's copy, the device keeps nothing.
    await (await db()).delete('files', item.id);
    changed();
  } catch {
    return true;
  }
  return false;
}

/** One pass over the outbox: findings and edits in order, then the files of accepted findings. */
async function pass(): Promise<boolean> {
  const { ops } = await readOutbox();
  // A finding the server has not accepted yet holds back its edits and its files.
  const held = new Set<string>();
  for (const op of ops) {
    if (held.has(op.findingId)) continue;
    if (op.state === 'rejected') {
      held.add(op.findingId);
      continue;
    }
    if (await sendOp(op)) return true;
    const after = await (await db()).get('ops', op.id);
    if (after) held.add(op.findingId);
  }
  const pendingCreates = new Set((await readOutbox()).ops.filter((o) => o.kind === 'create').map((o) => o.findingId));
  for (const file of (await readOutbox()).files) {
    if (file.state !== 'waiting' || pendingCreates.has(file.findingId)) continue;
    if (await sendFile(file)) return true;
  }
  return false;
}

let running: Promise<boolean> | null = null;
let again = false;

/**
 * Sends what waits, one sender per page: asked while it runs, the running one makes one more pass
 * so what was saved meanwhile goes with it. True when the network failed and it must retry later.
 */
export function sendOutbox(): Promise<boolean> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      let retry = false;
      do {
        again = false;
        retry = await pass();
      } while (again && !retry);
      return retry;
    } finally {
      running = null;
    }
  })();
  return running;
}
