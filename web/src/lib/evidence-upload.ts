import { EvidenceUpload, MAX_THUMBNAIL_BYTES, type EvidenceCreate } from '../../../shared/evidence.ts';
import { ApiError, getJson, sendForm, sendJson } from './api-client.ts';
import { isTransient } from './transient.ts';

/**
 * A resumable evidence upload, as the field app and the findings log both send files: declared
 * first (`POST /api/evidence`), then sent in parts from the server's offset (shared/evidence.ts),
 * so a part cut off by a lost connection or a reload continues where the server stopped.
 */

const CHUNK_MAX = 1024 * 1024;
const CHUNK_MIN = 128 * 1024;
/**
 * Parts shrink on a slow or failing link and grow back on a good one: the server gives each
 * request 30 s, which a 1 MiB part on a 2G connection would not make.
 */
let chunkBytes = CHUNK_MAX;
const THUMB_PX = 320;

/** Where a file's upload stands, as its queue keeps it. */
export interface UploadProgress {
  /** `POST /api/evidence` was answered, so `offset` is the server's. */
  declared: boolean;
  offset: number;
}

/**
 * How an upload ended: the server has every byte; or it must wait and be tried again (no
 * connection, the server's trouble, a declaration the server lost); or the server refused it.
 */
export type UploadOutcome =
  { kind: 'complete' } | { kind: 'retry'; error: unknown } | { kind: 'refused'; error: ApiError };

/**
 * Sends one file, declaring it first if the server has not answered for it yet. `save` stores
 * each step (the queue's record then matches the server), `onAnswer` sees every server answer.
 */
export async function uploadEvidenceFile({
  declaration,
  blob,
  fileName,
  start,
  save,
  onAnswer,
}: {
  declaration: EvidenceCreate;
  blob: Blob;
  fileName: string;
  start: UploadProgress;
  save: (patch: Partial<UploadProgress>) => Promise<void>;
  onAnswer?: (answer: EvidenceUpload) => void;
}): Promise<UploadOutcome> {
  const { id, size } = declaration;
  let { declared, offset } = start;
  const step = async (patch: Partial<UploadProgress>) => {
    declared = patch.declared ?? declared;
    offset = patch.offset ?? offset;
    await save(patch);
  };
  try {
    if (!declared) {
      const answer = await sendJson('POST', '/api/evidence', EvidenceUpload, declaration);
      onAnswer?.(answer);
      await step({ declared: true, offset: answer.offset });
      if (answer.state === 'complete') return { kind: 'complete' };
    }
    while (offset < size) {
      const form = new FormData();
      form.append('file', blob.slice(offset, offset + chunkBytes), fileName);
      let answer: EvidenceUpload;
      const started = Date.now();
      try {
        answer = await sendForm('PUT', `/api/evidence/${id}/content?offset=${offset}`, EvidenceUpload, form);
        const took = Date.now() - started;
        if (took < 5_000) chunkBytes = Math.min(CHUNK_MAX, chunkBytes * 2);
        else if (took > 15_000) chunkBytes = Math.max(CHUNK_MIN, chunkBytes / 2);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status === 0 || error.status === 408)
          chunkBytes = Math.max(CHUNK_MIN, chunkBytes / 2);
        // The server holds a different number of bytes (a part cut off earlier): continue from its count.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        answer = await getJson(`/api/evidence/${id}/upload`, EvidenceUpload);
      }
      onAnswer?.(answer);
      if (answer.state === 'complete') break;
      if (answer.offset === offset && answer.offset < size) throw new Error('the server took no bytes');
      await step({ offset: answer.offset });
    }
    return { kind: 'complete' };
  } catch (error) {
    if (!(error instanceof ApiError) || isTransient(error.status)) return { kind: 'retry', error };
    if (error.status === 404 && declared) {
      // The server has no record of the declaration (e.g. restored from a backup): declare again.
      await step({ declared: false, offset: 0 });
      return { kind: 'retry', error };
    }
    return { kind: 'refused', error };
  }
}

/** A JPEG of at most 320 px and 96 KB, base64; none when the browser cannot decode the file. */
export async function makeThumbnail(blob: Blob, video: boolean): Promise<string | undefined> {
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
