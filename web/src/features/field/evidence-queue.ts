import { EvidenceUpload, MAX_THUMBNAIL_BYTES } from '../../../../shared/evidence.ts';
import { ApiError, getJson, sendForm, sendJson } from '../../lib/api-client.ts';
import { uuid } from '../../lib/uuid.ts';
import { newEvidence, refusalOf, updateEvidence } from './violation-outbox.ts';
import { isTransient } from '../../lib/transient.ts';
import type { EvidenceItem, EvidencePurpose, Refusal } from './violation-state.ts';

/**
 * Evidence files from the phone to the server: kept in IndexedDB with a thumbnail and position
 * made on the phone, then sent in 1 MiB parts from the server's offset (shared/evidence.ts), so a
 * part cut off by a lost connection or a reload continues where the server stopped.
 */

const CHUNK_MAX = 1024 * 1024;
const CHUNK_MIN = 128 * 1024;
/**
 * Parts shrink on a slow or failing link and grow back on a good one: the server gives each
 * request 30 s, which a 1 MiB part on a 2G connection would not make.
 */
let chunkBytes = CHUNK_MAX;
const THUMB_PX = 320;
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

/** A JPEG of at most 320 px and 96 KB, base64; none when the phone cannot decode the file. */
async function makeThumbnail(blob: Blob, video: boolean): Promise<string | undefined> {
  try {
    if (!video) {
      const bitmap = await createImageBitmap(blob);
      try {
        return await drawThumbnail(bitmap, bitmap.width, bitmap.height);
      } finally {
        bitmap.close();
      }
    }
    const url = URL.createObjectURL(blob);
    try {
      const frame = await videoFrame(url);
      return await drawThumbnail(frame, frame.videoWidth, frame.videoHeight);
    } finally {
      URL.revokeObjectURL(url);
    }
  } catch {
    return undefined;
  }
}

function videoFrame(url: string): Promise<HTMLVideoElement> {
  return new Promise((resolve, reject) => {
    const video = document.createElement('video');
    const timer = setTimeout(() => reject(new Error('no frame')), 5000);
    video.muted = true;
    video.playsInline = true;
    video.preload = 'auto';
    video.onloadeddata = () => {
      video.currentTime = Math.min(0.5, (video.duration || 0) / 2);
    };
    video.onseeked = () => {
      clearTimeout(timer);
      resolve(video);
    };
    video.onerror = () => {
      clearTimeout(timer);
      reject(new Error('no frame'));
    };
    video.src = url;
  });
}

async function drawThumbnail(source: CanvasImageSource, width: number, height: number): Promise<string | undefined> {
  if (!width || !height) return undefined;
  const scale = Math.min(1, THUMB_PX / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.75, 0.55, 0.35]) {
    const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (jpeg && jpeg.size <= MAX_THUMBNAIL_BYTES) return base64(jpeg);
  }
  return undefined;
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
  try {
    if (!item.declared) {
      const answer = await sendJson('POST', '/api/evidence', EvidenceUpload, {
        id: item.id,
        ...(item.purpose === 'protocol_photo' ? { stationId: item.stationId } : { violationId: item.violationId }),
        purpose: item.purpose,
        size: item.size,
        fileName: item.fileName,
        capturedAt: item.capturedAt,
        ...(item.position ? { position: item.position } : {}),
        ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
      });
      rememberLimits(answer.limits);
      await save({ declared: true, offset: answer.offset });
      if (answer.state === 'complete') return save({ state: 'done', blob: null, offset: item.size });
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
      rememberLimits(answer.limits);
      if (answer.state === 'complete') break;
      if (answer.offset === item.offset && answer.offset < item.size) throw new Error('the server took no bytes');
      await save({ offset: answer.offset });
    }
    await save({ state: 'done', blob: null, offset: item.size });
  } catch (error) {
    if (!(error instanceof ApiError) || isTransient(error.status)) throw error;
    if (error.status === 404 && item.declared) {
      // The server has no record of the declaration (e.g. restored from a backup): declare again.
      await save({ declared: false, offset: 0 });
      throw error;
    }
    if (error.status === 413) {
      const limit = knownLimits()[isVideo(item) ? 'video' : 'photo'];
      return refuse({ code: 'payload_too_large', message: error.message, ...(limit ? { limitBytes: limit } : {}) });
    }
    return refuse(refusalOf(error));
  }
}
