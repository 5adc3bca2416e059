import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** Writes to one partial object; a write has reached storage when its promise resolves. */
export interface EvidenceAppender {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where evidence originals live. Keys are made by the server (`partial/<id>`, `<hh>/<id>`), never
 * taken from a client. The local folder is the default; an S3-compatible store fits the same
 * shape (multipart parts for `appender`, copy + delete for `commit`, ranged GET for `read`).
 */
export interface EvidenceStorage {
  /** Bytes stored under the key; 0 when there is nothing. */
  size(key: string): Promise<number>;
  /**
   * Continue a partial object at `offset`. Anything stored past the offset is cut first: a crash
   * between a write and the database update leaves bytes the database does not count.
   */
  appender(key: string, offset: number): Promise<EvidenceAppender>;
  /** Moves a finished partial object to its final key and makes it read-only. */
  commit(partialKey: string, finalKey: string): Promise<void>;
  /** The bytes from `start` to `end` inclusive (the whole object without a range). */
  read(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

export class LocalEvidenceStorage implements EvidenceStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`Bad evidence storage key: ${key}`);
    return join(this.root, key);
  }

  async size(key: string): Promise<number> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  async appender(key: string, offset: number): Promise<EvidenceAppender> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a');
    try {
      const { size } = await file.stat();
      if (size < offset) throw new Error(`Evidence ${key} holds ${size} bytes, not ${offset}`);
      if (size > offset) await file.truncate(offset);
    } catch (error) {
      await file.close();
      throw error;
    }
    return {
      async write(chunk) {
        for (let done = 0; done < chunk.length;) {
          done += (await file.write(chunk, done, chunk.length - done)).bytesWritten;
        }
      },
      async close() {
        // Evidence outlives a power cut: what the database counts must be on disk.
        try {
          await file.datasync();
        } finally {
          await file.close();
        }
      },
    };
  }

  async commit(partialKey: string, finalKey: string): Promise<void> {
    const target = this.path(finalKey);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.path(partialKey), target);
    await chmod(target, 0o444);
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(key), range);
  }

  async remove(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
