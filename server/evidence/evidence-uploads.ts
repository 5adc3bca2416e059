import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import {
  completeEvidence,
  evidenceItemToSummary,
  findEvidence,
  lockEvidence,
  setReceived,
  type EvidenceItem,
} from '../../db/queries/evidence.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../shared/auth.ts';
import type { EvidenceMime, EvidenceUpload } from '../../shared/evidence.ts';
import { AppError, ConflictError, NotFoundError } from '../errors.ts';
import { EvidenceSink, kindOf } from './evidence-sink.ts';
import type { EvidenceStorage } from './storage.ts';

export interface EvidenceLimits {
  photo: number;
  video: number;
}

export const partialKey = (id: string) => `partial/${id}`;
const finalKey = (id: string, sha256: string) => `${sha256.slice(0, 2)}/${id}`;

export interface Actor {
  user: SessionUser;
  ip: string;
}

/**
 * The server side of resumable uploads: one part at a time per file, the running SHA-256 kept
 * between parts, and the file made immutable when its last byte arrives.
 */
const IDLE_HASH_MS = 3_600_000;

export class EvidenceUploads {
  /**
   * Running hashes of unfinished uploads; rebuilt from storage after a restart, so one abandoned
   * for an hour is dropped rather than kept for the life of the process.
   */
  private readonly hashes = new Map<string, { hash: Hash; bytes: number; at: number }>();
  /** The tail of each upload's queue of parts. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly storage: EvidenceStorage,
    readonly limits: EvidenceLimits,
    private readonly onComplete: (item: EvidenceItem) => Promise<void>,
  ) {}

  state(item: EvidenceItem): EvidenceUpload {
    return {
      id: item.id,
      size: item.size,
      offset: item.received_bytes,
      state: item.state,
      limits: this.limits,
      evidence: evidenceItemToSummary(item),
    };
  }

  /**
   * Stores one part holding the bytes from `offset`. Parts of one upload wait for each other here;
   * the row lock guards against another server process doing the same.
   */
  receive(id: string, offset: number, file: () => Promise<Readable | undefined>, actor: Actor): Promise<EvidenceItem> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.receiveNow(id, offset, file, actor));
    const tail = run.catch(() => {});
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return run;
  }

  private async receiveNow(
    id: string,
    offset: number,
    file: () => Promise<Readable | undefined>,
    actor: Actor,
  ): Promise<EvidenceItem> {
    const item = await this.db.transaction().execute(async (trx) => {
      const row = await lockEvidence(trx, id);
      if (!row) throw new NotFoundError('No such evidence');
      if (row.state === 'complete') return row;
      // Bytes the database counts but storage lost (a disk restored from backup): go back.
      const stored = await this.storage.size(partialKey(id));
      if (stored < row.received_bytes) {
        await setReceived(trx, id, stored);
        this.hashes.delete(id);
        row.received_bytes = stored;
      }
      if (offset !== row.received_bytes) throw offsetConflict(row.received_bytes);
      return row;
    });
    if (item.state === 'complete') return item;

    let source: Awaited<ReturnType<typeof file>>;
    try {
      source = await file();
    } catch (error) {
      throw error instanceof AppError || isStorageFault(error) ? error : malformed();
    }
    if (!source) throw new AppError(400, 'validation_failed', 'Send the bytes as one multipart file part');
    const hash = await this.hashOf(id, offset);
    const sink = new EvidenceSink({
      room: item.size - offset,
      hash,
      open: () => this.storage.appender(partialKey(id), offset),
      sniff:
        item.mime === null
          ? (mime: EvidenceMime) => {
              if (item.size > this.limits[kindOf(mime)]) {
                throw new AppError(
                  413,
                  'payload_too_large',
                  `A ${kindOf(mime)} may be at most ${this.limits[kindOf(mime)]} bytes`,
                );
              }
            }
          : undefined,
    });
    let failure: unknown = null;
    try {
      await pipeline(source, sink);
    } catch (error) {
      failure = error;
      // Stop reading: an over-long or wrong part is refused, an aborted one is over anyway.
      source.destroy();
    }
    await sink.settle();
    const received = offset + sink.stored;
    this.keepHash(id, hash, received);
    if (sink.stored > 0 || sink.mime) {
      await setReceived(this.db, id, received, sink.mime ? { kind: kindOf(sink.mime), mime: sink.mime } : undefined);
    }
    // The multipart parser's own errors carry no status: a broken body is the client's fault.
    if (failure) throw failure instanceof AppError || isStorageFault(failure) ? failure : malformed();
    if (received < item.size) return (await findEvidence(this.db, id))!;
    return this.finish(id, actor);
  }

  /** The last byte is in: fix the hash, move the file where nothing changes it, record it. */
  private async finish(id: string, actor: Actor): Promise<EvidenceItem> {
    const entry = this.hashes.get(id)!;
    const sha256 = entry.hash.digest('hex');
    this.hashes.delete(id);
    const key = finalKey(id, sha256);
    await this.storage.commit(partialKey(id), key);
    const item = await this.db.transaction().execute(async (trx) => {
      const row = (await lockEvidence(trx, id))!;
      // Two last parts racing: the first to commit wins, the second reads its result.
      if (row.state === 'complete') return row;
      await completeEvidence(trx, id, { sha256, storageKey: key, receivedBytes: entry.bytes });
      await writeAudit(trx, {
        actorId: actor.user.id,
        actorRole: actor.user.role,
        ip: actor.ip,
        action: 'evidence.upload',
        entityType: 'evidence',
        entityId: id,
        after: { sha256, size: row.size, mime: row.mime, violationId: row.violation_id },
      });
      return (await findEvidence(trx, id))!;
    });
    await this.onComplete(item);
    return item;
  }

  private keepHash(id: string, hash: Hash, bytes: number): void {
    const now = Date.now();
    for (const [key, entry] of this.hashes) if (now - entry.at > IDLE_HASH_MS) this.hashes.delete(key);
    this.hashes.set(id, { hash, bytes, at: now });
  }

  /** The hash of the bytes before `offset`: kept from the last part, or read back from storage. */
  private async hashOf(id: string, offset: number): Promise<Hash> {
    const kept = this.hashes.get(id);
    if (kept && kept.bytes === offset) return kept.hash;
    this.hashes.delete(id);
    const hash = createHash('sha256');
    if (offset > 0) {
      for await (const chunk of this.storage.read(partialKey(id), { start: 0, end: offset - 1 })) {
        hash.update(chunk as Buffer);
      }
    }
    return hash;
  }
}

export function offsetConflict(current: number): ConflictError {
  return new ConflictError(`The upload continues from byte ${current}`, [{ path: 'offset', message: String(current) }]);
}

function malformed(): AppError {
  return new AppError(400, 'bad_request', 'Malformed multipart body: send one file part');
}

/** A failing disk is our fault (500, the phone retries); anything else while parsing is the body's. */
function isStorageFault(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'syscall' in error;
}
