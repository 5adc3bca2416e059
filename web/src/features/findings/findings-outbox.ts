import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import { EvidenceUpload, MAX_THUMBNAIL_BYTES } from '../../../../shared/evidence.ts';
import type { FindingEdit, NewFinding } from '../../../../shared/findings.ts';
import { StationsPage } from '../../../../shared/stations.ts';
import { ApiError, getJson, sendForm, sendJson } from '../../lib/api-client.ts';
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
      const thumbnail = file.type.startsWith('image/') ? await makeThumbnail(file) : undefined;
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

/** A JPEG of at most 320 px and 96 KB, base64; none when the browser cannot decode the picture. */
async function makeThumbnail(blob: Blob): Promise<string | undefined> {
  try {
    const bitmap = await createImageBitmap(blob);
    try {
      const scale = Math.min(1, 320 / Math.max(bitmap.width, bitmap.height, 1));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.75, 0.55, 0.35]) {
        const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
        if (jpeg && jpeg.size <= MAX_THUMBNAIL_BYTES) {
          const bytes = new Uint8Array(await jpeg.arrayBuffer());
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000)
            binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(binary);
        }
      }
      return undefined;
    } finally {
      bitmap.close();
    }
  } catch {
    return undefined;
  }
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

// Parts shrink on a slow link and grow back on a good one (the server gives a request 30 s).
const CHUNK_MAX = 1024 * 1024;
const CHUNK_MIN = 128 * 1024;
let chunkBytes = CHUNK_MAX;

/** Uploads one file from the server's offset; true when it must wait for a retry. */
async function sendFile(start: FindingFile): Promise<boolean> {
  let item = start;
  const save = async (patch: Partial<FindingFile>) => {
    item = (await updateFile(item.id, patch)) ?? { ...item, ...patch };
  };
  const done = async () => {
    // On the server now: the page shows the server's copy, the device keeps nothing.
    await (await db()).delete('files', item.id);
    changed();
  };
  const blob = item.blob;
  if (!blob) {
    await save({ state: 'rejected', refusal: { code: 'lost', message: 'the file is no longer here', details: [] } });
    return false;
  }
  try {
    if (!item.declared) {
      const answer = await sendJson('POST', '/api/evidence', EvidenceUpload, {
        id: item.id,
        findingId: item.findingId,
        purpose: 'evidence',
        size: item.size,
        fileName: item.fileName,
        capturedAt: item.capturedAt,
        ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
      });
      await save({ declared: true, offset: answer.offset });
      if (answer.state === 'complete') {
        await done();
        return false;
      }
    }
    while (item.offset < item.size) {
      const form = new FormData();
      form.append('file', blob.slice(item.offset, item.offset + chunkBytes), item.fileName);
      let answer: EvidenceUpload;
      const started = Date.now();
      try {
        answer = await sendForm('PUT', `/api/evidence/${item.id}/content?offset=${item.offset}`, EvidenceUpload, form);
        const took = Date.now() - started;
        if (took < 5_000) chunkBytes = Math.min(CHUNK_MAX, chunkBytes * 2);
        else if (took > 15_000) chunkBytes = Math.max(CHUNK_MIN, chunkBytes / 2);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status === 0 || error.status === 408)
          chunkBytes = Math.max(CHUNK_MIN, chunkBytes / 2);
        // The server holds a different number of bytes (a part cut off earlier): continue from its count.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        answer = await getJson(`/api/evidence/${item.id}/upload`, EvidenceUpload);
      }
      if (answer.state === 'complete') break;
      if (answer.offset === item.offset) throw new Error('the server took no bytes');
      await save({ offset: answer.offset });
    }
    await done();
    return false;
  } catch (error) {
    if (retryLater(error)) return true;
    if (error instanceof ApiError && error.status === 404 && item.declared) {
      // The server has no record of the declaration: declare again on the next pass.
      await save({ declared: false, offset: 0 });
      return true;
    }
    if (error instanceof ApiError) await save({ state: 'rejected', refusal: refusalOf(error), blob: null });
    return false;
  }
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
