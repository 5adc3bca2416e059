import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { useCallback, useState } from 'react';
import { useOneSender, useRetry } from '../../lib/use-retry.ts';
import {
  fileRecord,
  prepareFiles,
  uploadFile,
  type FilePatch,
  type FileStore,
  type ProtocolPhotoItem,
} from './evidence-queue.ts';

/**
 * Photos of the station's protocol copy: written to the phone first, then sent part by part through
 * the evidence queue (`evidence-queue.ts`) whenever there is a connection. A database of their
 * own, so neither the report outbox nor the violation outbox has to migrate for them.
 */
interface ProtocolDb extends DBSchema {
  photos: { key: string; value: ProtocolPhotoItem; indexes: { byCreated: number } };
}

let dbPromise: Promise<IDBPDatabase<ProtocolDb>> | null = null;
function db() {
  dbPromise ??= openDB<ProtocolDb>('baqylau-protocol', 1, {
    upgrade(database) {
      database.createObjectStore('photos', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

let lastCreated = 0;
const created = () => (lastCreated = Math.max(Date.now(), lastCreated + 1));

export async function listPhotos(stationId: number): Promise<ProtocolPhotoItem[]> {
  return (await db())
    .getAllFromIndex('photos', 'byCreated')
    .then((all) => all.filter((p) => p.stationId === stationId));
}

async function updatePhoto(id: string, patch: FilePatch): Promise<ProtocolPhotoItem | undefined> {
  const tx = (await db()).transaction('photos', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) return undefined;
  const next = { ...current, ...patch };
  await tx.store.put(next);
  await tx.done;
  return next;
}
const photoStore: FileStore<ProtocolPhotoItem> = { update: updatePhoto };

/** Photos on the server for more than a week are forgotten by the phone: HQ has them. */
async function prunePhotos(olderThanMs = 7 * 86_400_000): Promise<void> {
  const database = await db();
  for (const p of await database.getAll('photos'))
    if (p.state !== 'waiting' && Date.now() - p.createdAt > olderThanMs) await database.delete('photos', p.id);
}

/** A photo whose thumbnail was never finished (the tab closed meanwhile) goes without one. */
const PREPARE_GRACE_MS = 30_000;

/**
 * The station's protocol photos as React state, and their sender: on start, on `online`, after
 * each new photo, and with backoff while any waits.
 */
export function useProtocolPhotos(stationId: number) {
  const [photos, setPhotos] = useState<ProtocolPhotoItem[]>([]);
  const [uploading, setUploading] = useState<string | null>(null);
  const refresh = useCallback(async () => setPhotos(await listPhotos(stationId)), [stationId]);

  /** One pass over the waiting photos; true when some must wait for another pass. */
  const pass = useCallback(async (): Promise<boolean> => {
    let again = false;
    try {
      for (const listed of await listPhotos(stationId)) {
        if (listed.state !== 'waiting') continue;
        if (listed.preparing && Date.now() - listed.createdAt < PREPARE_GRACE_MS) {
          again = true;
          continue;
        }
        // Read afresh: its thumbnail may have been added since the list was taken.
        const item = (await (await db()).get('photos', listed.id)) ?? listed;
        setUploading(item.id);
        await uploadFile(item, (next) => setPhotos((all) => all.map((p) => (p.id === next.id ? next : p))), photoStore);
      }
      return again;
    } catch {
      return true;
    } finally {
      setUploading(null);
    }
  }, [stationId]);
  const { attempt, sending } = useOneSender(pass, refresh);
  const prepare = useCallback(() => prunePhotos().then(refresh), [refresh]);
  const flush = useRetry(attempt, prepare);

  /** Keeps the files on the phone and starts sending them; answers the ids kept and the names not kept. */
  const add = useCallback(
    async (files: readonly File[]): Promise<{ added: string[]; failed: string[] }> => {
      const added: ProtocolPhotoItem[] = [];
      const failed: string[] = [];
      for (const file of files) {
        const item: ProtocolPhotoItem = {
          ...fileRecord(file),
          stationId,
          purpose: 'protocol_photo',
          createdAt: created(),
        };
        try {
          await (await db()).put('photos', item);
          added.push(item);
        } catch {
          // Usually the phone's storage is full; the observer is told which file was not kept.
          failed.push(file.name);
        }
      }
      await refresh();
      void prepareFiles(added, photoStore)
        .then(refresh)
        .then(() => flush());
      return { added: added.map((p) => p.id), failed };
    },
    [stationId, refresh, flush],
  );

  /** A photo not yet announced to the server may still be taken back. */
  const remove = useCallback(
    async (id: string): Promise<boolean> => {
      const database = await db();
      const item = await database.get('photos', id);
      if (item && (item.declared || id === uploading)) return false;
      if (item) await database.delete('photos', id);
      await refresh();
      return true;
    },
    [refresh, uploading],
  );

  const waiting = photos.filter((p) => p.state === 'waiting').length;
  return { photos, waiting, sending, uploading, add, remove, flush };
}

export type ProtocolPhotosApi = ReturnType<typeof useProtocolPhotos>;
