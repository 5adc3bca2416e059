import { EvidenceUpload } from '../../../../shared/evidence.ts';
import { makeThumbnail, uploadEvidenceFile } from '../../lib/evidence-upload.ts';
import { uuid } from '../../lib/uuid.ts';
import { newEvidence, refusalOf, updateEvidence } from './violation-outbox.ts';
import type { EvidenceItem, EvidencePurpose, Refusal } from './violation-state.ts';

/**
 * Evidence files from the phone to the server: kept in IndexedDB with a thumbnail and position
 * made on the phone, then sent in parts from the server's offset (`lib/evidence-upload.ts`).
 */

const LIMITS_KEY = 'baqylau.field.evidence-limits';

type Limits = EvidenceUpload['limits'];
function rememberLimits(limits: Limits) {
  try {
    localStorage.setItem(LIMITS_KEY, JSON.stringify(limits));
  } catch {
    // Private mode: the refusal then shows the server's own words.
  }
}
export function knownLimits(): Partial<Limits> {
  try {
    const parsed = EvidenceUpload.shape.limits.safeParse(JSON.parse(localStorage.getItem(LIMITS_KEY) ?? 'null'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
export const isVideo = (item: Pick<EvidenceItem, 'mime' | 'fileName'>) =>
  item.mime.startsWith('video/') || /\.(mp4|mov|3gp)$/i.test(item.fileName);

/**
 * A file in one of the phone's queues: a violation's file (its own database), or a photo of the
 * station's protocol copy (`protocol-photos.ts`), which names the station instead of a violation.
 */
export type ProtocolPhotoItem = Omit<EvidenceItem, 'violationId' | 'purpose'> & { purpose: 'protocol_photo' };
export type QueuedFile = EvidenceItem | ProtocolPhotoItem;
/** What the queue changes on a stored file as it goes up. */
export type FilePatch = Partial<Omit<EvidenceItem, 'id' | 'violationId' | 'purpose' | 'stationId'>>;
/** Where a queue keeps its files: the update reads the record afresh so concurrent edits are kept. */
export interface FileStore<T extends QueuedFile> {
  update(id: string, patch: FilePatch): Promise<T | undefined>;
}
const violationFiles: FileStore<EvidenceItem> = { update: updateEvidence };

/** The stored fields of a file just picked, before it is prepared and sent. */
export function fileRecord(file: File) {
  return {
    id: uuid(),
    blob: file,
    fileName: file.name.slice(-200) || 'evidence',
    mime: file.type,
    size: file.size,
    capturedAt: new Date(file.lastModified || Date.now()).toISOString(),
    preparing: true,
    declared: false,
    offset: 0,
    state: 'waiting',
  } satisfies Partial<EvidenceItem>;
}

/** Writes the files to the phone first; the thumbnail and position are added by `prepareFiles`. */
export async function addFiles(
  files: readonly File[],
  owner: { violationId: string; stationId: number; purpose: EvidencePurpose },
): Promise<{ added: EvidenceItem[]; failed: string[] }> {
  const added: EvidenceItem[] = [];
  const failed: string[] = [];
  for (const file of files) {
    try {
      added.push(await newEvidence({ ...fileRecord(file), ...owner }));
    } catch {
      // Usually the phone's storage is full; the observer is told which file was not kept.
      failed.push(file.name);
    }
  }
  return { added, failed };
}

export async function prepareFiles(
  items: readonly QueuedFile[],
  store: FileStore<QueuedFile> = violationFiles,
): Promise<void> {
  const position = await quickPosition();
  for (const item of items) {
    const thumbnail = item.blob ? await makeThumbnail(item.blob, isVideo(item)) : undefined;
    await store.update(item.id, {
      preparing: false,
      ...(thumbnail ? { thumbnail } : {}),
      ...(position ? { position } : {}),
    });
  }
}

/** Where the phone is, if it can say within a few seconds; evidence is never held up for it. */
async function quickPosition(ms = 3000): Promise<EvidenceItem['position']> {
  if (!('geolocation' in navigator)) return undefined;
  try {
    const permission = await navigator.permissions?.query({ name: 'geolocation' });
    if (permission?.state === 'denied') return undefined;
  } catch {
    // Older browsers have no Permissions API: just ask.
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          ...(Number.isFinite(p.coords.accuracy) ? { accuracy: Math.min(p.coords.accuracy, 100_000) } : {}),
        });
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { enableHighAccuracy: false, maximumAge: 60_000, timeout: ms },
    );
  });
}

/**
 * Sends one file, declaring it first if the server has not answered for it yet. Resolves when it
 * is complete or refused (stored either way); throws when it is worth trying again later.
 */
export function uploadEvidence(start: EvidenceItem, onProgress: (item: EvidenceItem) => void): Promise<void> {
  return uploadFile(start, onProgress, violationFiles);
}

/** `uploadEvidence` for a file kept in any queue's store (a protocol photo's, a violation's). */
export async function uploadFile<T extends QueuedFile>(
  start: T,
  onProgress: (item: T) => void,
  store: FileStore<T>,
): Promise<void> {
  let item = start;
  const save = async (patch: FilePatch) => {
    item = (await store.update(item.id, patch)) ?? { ...item, ...patch };
    onProgress(item);
  };
  const refuse = (refusal: Refusal) => save({ state: 'rejected', refusal, blob: null });
  const blob = item.blob;
  if (!blob) return refuse({ code: 'lost', message: 'the file is no longer on the phone' });
  const outcome = await uploadEvidenceFile({
    declaration: {
      id: item.id,
      ...(item.purpose === 'protocol_photo' ? { stationId: item.stationId } : { violationId: item.violationId }),
      purpose: item.purpose,
      size: item.size,
      fileName: item.fileName,
      capturedAt: item.capturedAt,
      ...(item.position ? { position: item.position } : {}),
      ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
    },
    blob,
    fileName: item.fileName,
    start: item,
    save,
    onAnswer: (answer) => rememberLimits(answer.limits),
  });
  if (outcome.kind === 'complete') return save({ state: 'done', blob: null, offset: item.size });
  if (outcome.kind === 'retry') throw outcome.error;
  const error = outcome.error;
  if (error.status === 413) {
    const limit = knownLimits()[isVideo(item) ? 'video' : 'photo'];
    return refuse({ code: 'payload_too_large', message: error.message, ...(limit ? { limitBytes: limit } : {}) });
  }
  return refuse(refusalOf(error));
}
