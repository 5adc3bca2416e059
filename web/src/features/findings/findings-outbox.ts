import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import { EvidenceUpload, type EvidenceCreate } from '../../../../shared/evidence.ts';
import { Finding, type FindingEdit, type NewFinding } from '../../../../shared/findings.ts';
import { StationsPage } from '../../../../shared/stations.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { makeThumbnail, uploadEvidenceFile } from '../../lib/evidence-upload.ts';
import { uuid } from '../../lib/uuid.ts';
import { editOf } from './finding-draft.ts';
import { failureOf, followVersion, nextTryAt } from './outbox-rules.ts';

/**
 * The long-term observer's outbox: a finding, an edit and every file is written to IndexedDB
 * before anything is sent, and leaves only when the server has it. A lost connection, a reload or
 * a closed laptop loses nothing; the sender runs on every findings page (start, `online`, backoff).
 * A database of its own, so the field app's databases never migrate for it. Each record names the
 * user who saved it: on a shared laptop each observer sees and sends only their own.
 *
 * The user may save a waiting finding again while the sender is sending it: every save raises the
 * record's `revision`, and the sender deletes or marks a record only in a transaction that finds
 * the revision it sent (else the newer save stays and goes next).
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
  /** Who saved it (absent in records from before users were recorded: the next user claims them). */
  userId?: number;
  /** Raised by every save of the user; the sender settles only the revision it sent. */
  revision?: number;
  /** Typed station number, resolved to its id when sent (the phone may be offline when it is typed). */
  stationNumber: number | null;
  state: 'waiting' | 'rejected';
  refusal?: Refusal;
  createdAt: number;
  /** Failed tries (the server's trouble, not a lost connection); the next one not before `nextTryAt`. */
  attempts: number;
  nextTryAt?: number;
}
export type FindingOp =
  (OpBase & { kind: 'create'; body: NewFinding }) | (OpBase & { kind: 'edit'; body: FindingEdit });

export interface FindingFile {
  id: string;
  findingId: string;
  userId?: number;
  /** The file itself until every byte is on the server (kept when refused, to try again). */
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
  attempts?: number;
  nextTryAt?: number;
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

/** False where the browser keeps no IndexedDB (some private modes): then nothing can wait here. */
export async function outboxAvailable(): Promise<boolean> {
  try {
    await db();
    return true;
  } catch {
    return false;
  }
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

/** The signed-in user's part of the outbox, oldest first. */
export async function readOutbox(userId: number): Promise<OutboxSnapshot> {
  const database = await db();
  const [ops, files] = await Promise.all([
    database.getAllFromIndex('ops', 'byCreated'),
    database.getAllFromIndex('files', 'byCreated'),
  ]);
  const unowned = [...ops, ...files].some((r) => r.userId === undefined);
  if (unowned) {
    const tx = database.transaction(['ops', 'files'], 'readwrite');
    const claims: Promise<unknown>[] = [];
    for (const op of ops) if (op.userId === undefined) claims.push(tx.objectStore('ops').put({ ...op, userId }));
    for (const f of files) if (f.userId === undefined) claims.push(tx.objectStore('files').put({ ...f, userId }));
    await Promise.all([...claims, tx.done]);
  }
  const mine = <T extends { userId?: number }>(r: T) => (r.userId ?? userId) === userId;
  return { ops: ops.filter(mine), files: files.filter(mine) };
}

/** What still waits to be sent: unsent findings and edits and files (refused ones wait for the user). */
export const waitingCount = (s: OutboxSnapshot) =>
  s.ops.filter((o) => o.state === 'waiting').length + s.files.filter((f) => f.state === 'waiting').length;

/** A new finding, or a fix of one the server refused or has not had yet (same id: it replaces it). */
export async function saveCreate(userId: number, body: NewFinding, stationNumber: number | null): Promise<void> {
  const tx = (await db()).transaction('ops', 'readwrite');
  const known = await tx.store.get(body.id);
  await tx.store.put({
    id: body.id,
    findingId: body.id,
    userId,
    revision: (known?.revision ?? 0) + 1,
    kind: 'create',
    body,
    stationNumber,
    state: 'waiting',
    createdAt: known?.createdAt ?? created(),
    attempts: 0,
  });
  await tx.done;
  changed();
}

export async function saveEdit(
  userId: number,
  findingId: string,
  body: FindingEdit,
  stationNumber: number | null,
): Promise<void> {
  await (
    await db()
  ).put('ops', {
    id: body.changeId,
    findingId,
    userId,
    revision: 1,
    kind: 'edit',
    body,
    stationNumber,
    state: 'waiting',
    createdAt: created(),
    attempts: 0,
  });
  changed();
}

/**
 * Whether the server may have this finding: true when it answers with it, or cannot answer now
 * (its files then stay, and go when it does); false when it has none of ours by that id.
 */
async function mayBeOnServer(findingId: string): Promise<boolean> {
  try {
    await getJson(`/api/findings/${findingId}`, z.unknown());
    return true;
  } catch (error) {
    return !(error instanceof ApiError && (error.status === 404 || error.status === 403));
  }
}

/**
 * Drops a refused edit, or a finding never accepted with its files. A finding the server has after
 * all (its answer was lost) keeps its waiting files: only this device's unsent changes go.
 */
export async function discardOp(id: string): Promise<void> {
  const database = await db();
  const op = await database.get('ops', id);
  if (!op) return;
  await database.delete('ops', id);
  changed();
  if (op.kind !== 'create' || (await mayBeOnServer(op.findingId))) return;
  for (const f of await database.getAll('files'))
    if (f.findingId === op.findingId && f.userId === op.userId) await database.delete('files', f.id);
  changed();
}

export async function discardFile(id: string): Promise<void> {
  await (await db()).delete('files', id);
  changed();
}

/** A refused file (its bytes are still here) is tried again. */
export async function retryFile(id: string): Promise<void> {
  const tx = (await db()).transaction('files', 'readwrite');
  const current = await tx.store.get(id);
  if (current?.blob) {
    const { refusal: _refusal, nextTryAt: _next, ...rest } = current;
    await tx.store.put({ ...rest, state: 'waiting', attempts: 0 });
  }
  await tx.done;
  changed();
}

/** A picked file as the outbox keeps it (with a small thumbnail for a photo), not yet declared. */
async function fileRecord(file: File, findingId: string, createdAt: number): Promise<FindingFile> {
  const thumbnail = file.type.startsWith('image/') ? await makeThumbnail(file, false) : undefined;
  return {
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
    createdAt,
  };
}

/** Keeps the files on the device first (with a small thumbnail); they go up after their finding. */
export async function addFiles(userId: number, findingId: string, files: readonly File[]): Promise<string[]> {
  const failed: string[] = [];
  for (const file of files) {
    try {
      await (await db()).put('files', { ...(await fileRecord(file, findingId, created())), userId, attempts: 0 });
    } catch {
      // Usually the device's storage is full: the observer is told which file was not kept.
      failed.push(file.name);
    }
  }
  changed();
  return failed;
}

const refusalOf = (error: ApiError): Refusal => ({ code: error.code, message: error.message, details: error.details });

type SenderPatch = Partial<Pick<OpBase, 'state' | 'refusal' | 'attempts' | 'nextTryAt'>>;

/** The sender's change of an op, only if the user has not saved it again since it was read. */
async function updateOp(op: FindingOp, patch: SenderPatch): Promise<boolean> {
  const tx = (await db()).transaction('ops', 'readwrite');
  const current = await tx.store.get(op.id);
  const same = current !== undefined && (current.revision ?? 0) === (op.revision ?? 0);
  if (current && same) await tx.store.put({ ...current, ...patch });
  await tx.done;
  if (same) changed();
  return same;
}

/**
 * The server has the op as sent: it leaves, unless saved again meanwhile (false then). An edit
 * accepted at `nowVersion` moves the later edits of its finding built on the same version along.
 */
async function settleOp(op: FindingOp, nowVersion: number | null): Promise<boolean> {
  const tx = (await db()).transaction('ops', 'readwrite');
  const current = await tx.store.get(op.id);
  const same = current !== undefined && (current.revision ?? 0) === (op.revision ?? 0);
  if (same) {
    await tx.store.delete(op.id);
    if (op.kind === 'edit' && nowVersion !== null) {
      const later = (await tx.store.getAll()).filter(
        (o): o is Extract<FindingOp, { kind: 'edit' }> => o.kind === 'edit' && o.createdAt > op.createdAt,
      );
      for (const moved of followVersion(later, op.findingId, op.body.version, nowVersion)) await tx.store.put(moved);
    }
  }
  await tx.done;
  changed();
  return same;
}

/**
 * The finding exists on the server (an answer was lost, or it was saved again while being sent):
 * the waiting copy becomes an edit of the server's copy (its version, the fields that differ).
 */
async function becomeEdit(op: Extract<FindingOp, { kind: 'create' }>, finding: Finding): Promise<void> {
  const { id: _id, ...input } = op.body;
  const edit = editOf(finding, input, op.stationNumber, { changeId: uuid() });
  const tx = (await db()).transaction('ops', 'readwrite');
  const current = await tx.store.get(op.id);
  if (current && (current.revision ?? 0) === (op.revision ?? 0)) {
    await tx.store.delete(op.id);
    if (!edit.empty)
      await tx.store.put({
        id: edit.body.changeId,
        findingId: op.findingId,
        ...(op.userId === undefined ? {} : { userId: op.userId }),
        revision: 1,
        kind: 'edit',
        body: edit.body,
        stationNumber: edit.stationNumber,
        state: 'waiting',
        createdAt: op.createdAt,
        attempts: 0,
      });
  }
  await tx.done;
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

type Sendable = Pick<FindingOp, 'kind' | 'body' | 'findingId' | 'stationNumber'> &
  ({ kind: 'create'; body: NewFinding } | { kind: 'edit'; body: FindingEdit });

/** The body to send, with the typed station number turned into its id; a refusal when there is none. */
async function bodyOf(op: Sendable): Promise<{ body: NewFinding | FindingEdit } | { refusal: Refusal }> {
  const region = op.body.region;
  if (op.stationNumber === null || !region || op.body.stationId) return { body: op.body };
  const stationId = await stationIdOf(region, op.stationNumber);
  if (stationId === null) return { refusal: noStation(op.stationNumber) };
  return { body: { ...op.body, stationId } };
}

/** The finding by this id, when it is this user's own. */
async function ownFinding(findingId: string, userId: number | undefined): Promise<Finding | null> {
  try {
    const finding = await getJson(`/api/findings/${findingId}`, Finding);
    return userId === undefined || finding.author.id === userId ? finding : null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

type Outcome = 'done' | 'offline' | 'later' | 'refused';

const Versioned = z.object({ version: z.number().int() });

/** Sends one finding or edit. */
async function sendOp(op: FindingOp): Promise<Outcome> {
  try {
    const prepared = await bodyOf(op);
    if ('refusal' in prepared) {
      await updateOp(op, { state: 'rejected', refusal: prepared.refusal });
      return 'refused';
    }
    if (op.kind === 'create') {
      try {
        await sendJson('POST', '/api/findings', z.unknown(), prepared.body);
      } catch (error) {
        // Our own id taken: the server has this finding (with other content): send the difference.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        const finding = await ownFinding(op.findingId, op.userId);
        if (!finding) throw error;
        await becomeEdit(op, finding);
        return 'done';
      }
      if (!(await settleOp(op, null))) {
        // Saved again while it was on its way: the server has the copy sent, the newer one follows as an edit.
        const current = await (await db()).get('ops', op.id);
        const finding = current?.kind === 'create' ? await ownFinding(op.findingId, op.userId) : null;
        if (current?.kind === 'create' && finding) await becomeEdit(current, finding);
      }
    } else {
      const answer = await sendJson('PATCH', `/api/findings/${op.findingId}`, Versioned, prepared.body);
      await settleOp(op, answer.version);
    }
    return 'done';
  } catch (error) {
    const failure = failureOf(error);
    if (failure === 'refused' && error instanceof ApiError)
      await updateOp(op, { state: 'rejected', refusal: refusalOf(error) });
    else if (failure === 'later')
      await updateOp(op, { attempts: op.attempts + 1, nextTryAt: nextTryAt(op.attempts + 1, Date.now()) });
    return failure;
  }
}

const declarationOf = (item: FindingFile): EvidenceCreate => ({
  id: item.id,
  findingId: item.findingId,
  purpose: 'evidence',
  size: item.size,
  fileName: item.fileName,
  capturedAt: item.capturedAt,
  ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
});

/** A file that failed: refused (its bytes stay, to try again), or backed off. */
async function fileFailed(item: FindingFile, error: unknown, failure: Outcome): Promise<Outcome> {
  if (failure === 'refused' && error instanceof ApiError)
    await updateFile(item.id, { state: 'rejected', refusal: refusalOf(error) });
  else if (failure === 'later') {
    const attempts = (item.attempts ?? 0) + 1;
    await updateFile(item.id, { attempts, nextTryAt: nextTryAt(attempts, Date.now()) });
  }
  return failure;
}

async function dropFile(id: string): Promise<void> {
  // On the server now: the page shows the server's copy, the device keeps nothing.
  await (await db()).delete('files', id);
  changed();
}

/**
 * Declares a file (`POST /api/evidence`) before any bytes go: every file of a finding is declared
 * as soon as the finding is accepted, so a review meanwhile (after which the author adds no files)
 * cannot leave the second photo behind a long video.
 */
async function declareFile(item: FindingFile): Promise<Outcome> {
  try {
    const answer = await sendJson('POST', '/api/evidence', EvidenceUpload, declarationOf(item));
    if (answer.state === 'complete') await dropFile(item.id);
    else await updateFile(item.id, { declared: true, offset: answer.offset });
    return 'done';
  } catch (error) {
    return fileFailed(item, error, failureOf(error));
  }
}

/** Uploads one file from the server's offset. */
async function sendFile(item: FindingFile): Promise<Outcome> {
  const blob = item.blob;
  if (!blob) {
    await updateFile(item.id, {
      state: 'rejected',
      refusal: { code: 'lost', message: 'the file is no longer here', details: [] },
    });
    return 'refused';
  }
  const outcome = await uploadEvidenceFile({
    declaration: declarationOf(item),
    blob,
    fileName: item.fileName,
    start: item,
    save: async (patch) => {
      await updateFile(item.id, patch);
    },
  });
  if (outcome.kind === 'retry') {
    const failure = failureOf(outcome.error);
    // A declaration the server lost (404) is declared again: that is a retry, not a refusal.
    return fileFailed(item, outcome.error, failure === 'refused' ? 'later' : failure);
  }
  if (outcome.kind === 'refused') return fileFailed(item, outcome.error, 'refused');
  try {
    await dropFile(item.id);
  } catch {
    return 'later';
  }
  return 'done';
}

const due = (item: { nextTryAt?: number }, now: number) => (item.nextTryAt ?? 0) <= now;

/**
 * One pass over the user's outbox: findings and edits in order (an item the server failed on
 * backs off and holds back only its own finding's later edits), then the files of accepted findings
 * (all declared first, then their bytes). Stops only when the connection is gone. True when
 * something still waits.
 */
async function pass(userId: number): Promise<boolean> {
  const now = Date.now();
  const { ops } = await readOutbox(userId);
  // A finding the server has not accepted yet holds back its edits and its files.
  const held = new Set<string>();
  for (const listed of ops) {
    // As it is now: an earlier edit's success may have moved its version on, or the user saved it again.
    const op = await (await db()).get('ops', listed.id);
    if (!op || (op.userId ?? userId) !== userId) continue;
    if (held.has(op.findingId)) continue;
    if (op.state === 'rejected' || !due(op, now)) {
      held.add(op.findingId);
      continue;
    }
    const outcome = await sendOp(op);
    if (outcome === 'offline') return true;
    if (outcome !== 'done') held.add(op.findingId);
  }
  const readyFiles = async () => {
    const snapshot = await readOutbox(userId);
    const creates = new Set(snapshot.ops.filter((o) => o.kind === 'create').map((o) => o.findingId));
    return snapshot.files.filter((f) => f.state === 'waiting' && !creates.has(f.findingId) && due(f, now));
  };
  for (const file of (await readyFiles()).filter((f) => !f.declared && f.blob))
    if ((await declareFile(file)) === 'offline') return true;
  for (const file of await readyFiles()) if ((await sendFile(file)) === 'offline') return true;
  return waitingCount(await readOutbox(userId)) > 0;
}

let running: Promise<boolean> | null = null;
let again = false;

/**
 * Sends what waits, one sender per page: asked while it runs, the running one makes one more pass
 * so what was saved meanwhile goes with it. True when something still waits (a retry later).
 */
export function sendOutbox(userId: number): Promise<boolean> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      let retry = false;
      do {
        again = false;
        retry = await pass(userId);
      } while (again);
      return retry;
    } finally {
      running = null;
    }
  })();
  return running;
}

/**
 * Without IndexedDB (some private modes) nothing can wait on the device: the finding or edit goes
 * at once, then its files. Throws the `ApiError` when the server cannot be reached; a refusal or
 * the files that did not go are answered.
 */
export async function sendDirect(
  op: Sendable,
  files: readonly File[],
): Promise<{ refusal: Refusal | null; failedFiles: string[] }> {
  const prepared = await bodyOf(op);
  if ('refusal' in prepared) return { refusal: prepared.refusal, failedFiles: [] };
  try {
    if (op.kind === 'create') await sendJson('POST', '/api/findings', z.unknown(), prepared.body);
    else await sendJson('PATCH', `/api/findings/${op.findingId}`, z.unknown(), prepared.body);
  } catch (error) {
    if (error instanceof ApiError && failureOf(error) === 'refused')
      return { refusal: refusalOf(error), failedFiles: [] };
    throw error;
  }
  const failedFiles: string[] = [];
  for (const file of files) {
    const item = await fileRecord(file, op.findingId, Date.now());
    let progress = { declared: false, offset: 0 };
    let outcome: Awaited<ReturnType<typeof uploadEvidenceFile>> = { kind: 'retry', error: null };
    for (let tries = 0; tries < 3 && outcome.kind === 'retry'; tries++)
      outcome = await uploadEvidenceFile({
        declaration: declarationOf(item),
        blob: file,
        fileName: item.fileName,
        start: progress,
        save: async (patch) => {
          progress = { ...progress, ...patch };
        },
      });
    if (outcome.kind !== 'complete') failedFiles.push(file.name);
  }
  return { refusal: null, failedFiles };
}
