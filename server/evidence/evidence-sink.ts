import type { Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { EVIDENCE_TYPES, isEvidenceMime, type EvidenceMime } from '../../shared/evidence.ts';
import { AppError } from '../errors.ts';
import type { EvidenceAppender } from './storage.ts';

/** file-type's own advice: every format it knows shows itself in the first 4100 bytes. */
const SNIFF_BYTES = 4100;

export interface SinkOptions {
  /** Bytes this part may still bring before the declared size is passed. */
  room: number;
  /** The running hash of everything stored so far. */
  hash: Hash;
  /** Opened once the bytes are known to be wanted (after the type check on the first part). */
  open(): Promise<EvidenceAppender>;
  /** Set on the first part: decides from the first bytes whether the file is taken at all. */
  sniff?: ((mime: EvidenceMime) => void) | undefined;
}

/**
 * Receives one part: checks the type from the first bytes, refuses bytes past the declared size,
 * and hashes each chunk only once it is on storage, so `stored` and the hash always describe the
 * same bytes, even when the phone's connection drops in the middle of a write.
 */
export class EvidenceSink extends Writable {
  /** Bytes of this part that reached storage. */
  stored = 0;
  mime: EvidenceMime | null = null;
  private appender: EvidenceAppender | null = null;
  private head: Buffer[] | null;
  private headBytes = 0;
  private inflight: Promise<void> = Promise.resolve();
  private readonly options: SinkOptions;

  constructor(options: SinkOptions) {
    super({ highWaterMark: 256 * 1024 });
    this.options = options;
    this.head = options.sniff ? [] : null;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inflight = this.take(chunk).then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inflight = (this.head ? this.decide() : Promise.resolve()).then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A write under way finishes first: its bytes are counted or were never stored.
    void this.inflight.finally(() => callback(error));
  }

  /** Waits for the last write and closes storage; call once the part has ended either way. */
  async settle(): Promise<void> {
    await this.inflight.catch(() => {});
    await this.appender?.close();
    this.appender = null;
  }

  private async take(chunk: Buffer): Promise<void> {
    const received = this.stored + this.headBytes + chunk.length;
    if (received > this.options.room) {
      throw new AppError(413, 'payload_too_large', 'More bytes than the declared size');
    }
    if (this.head) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES) await this.decide();
      return;
    }
    await this.store(chunk);
  }

  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head!);
    this.head = null;
    this.headBytes = 0;
    const type = await fileTypeFromBuffer(head);
    if (!type || !isEvidenceMime(type.mime)) {
      throw new AppError(400, 'validation_failed', 'The file is not a photo or video', [
        { path: 'file', message: `not a photo or video (${type?.mime ?? 'unknown type'})` },
      ]);
    }
    this.options.sniff!(type.mime);
    this.mime = type.mime;
    if (head.length > 0) await this.store(head);
  }

  private async store(chunk: Buffer): Promise<void> {
    this.appender ??= await this.options.open();
    await this.appender.write(chunk);
    this.options.hash.update(chunk);
    this.stored += chunk.length;
  }
}

export const kindOf = (mime: EvidenceMime) => EVIDENCE_TYPES[mime];
