import { useCallback, useMemo, useState } from 'react';
import {
  MAX_VIOLATION_BATCH,
  ViolationChangeBatchResult,
  ViolationChangeEnvelope,
  type ViolationChange,
} from '../../../../shared/violations.ts';
import { ApiError, sendJson } from '../../lib/api-client.ts';
import { isTransient } from '../../lib/transient.ts';
import { uuid } from '../../lib/uuid.ts';
import { addFiles, prepareFiles, uploadEvidence } from './evidence-queue.ts';
import { useRetry } from '../../lib/use-retry.ts';
import {
  applyChangeResults,
  blockEvidenceOf,
  deleteEvidence,
  enqueueChange,
  getEvidence,
  listChanges,
  listEvidence,
  markChangeAttempt,
  pruneViolations,
  refusalOf,
  rejectChanges,
} from './violation-outbox.ts';
import {
  BLOCKED,
  knownViolations,
  nextRound,
  summarize,
  waitingCounts,
  type ChangeItem,
  type EvidenceItem,
  type EvidencePurpose,
} from './violation-state.ts';

/** A file whose thumbnail was never finished (the tab closed meanwhile) goes without one. */
const PREPARE_GRACE_MS = 30_000;
// One sender per page, whichever component asked: two would race over the same upload offsets.
let stepsBusy = false;
let filesBusy = false;
// Asked again while busy: the running sender takes one more look before it stops.
let stepsAsked = false;
let filesAsked = false;
let activeUpload: string | null = null;

/** Sends one batch; a whole batch refused for its input is retried item by item to find the bad one. */
async function sendChanges(batch: ChangeItem[]): Promise<boolean> {
  try {
    const answer = await sendJson(
      'POST',
      '/api/violations/changes',
      ViolationChangeBatchResult,
      batch.map((c) => c.envelope),
    );
    await applyChangeResults(batch, answer.results);
    return answer.results.some((r) => r.ok || r.error.code !== 'internal_error');
  } catch (error) {
    if (error instanceof ApiError && !isTransient(error.status)) {
      if (batch.length === 1) {
        await rejectChanges(batch, refusalOf(error));
        return true;
      }
      let progressed = false;
      for (const item of batch) progressed = (await sendChanges([item])) || progressed;
      return progressed;
    }
    await markChangeAttempt(batch);
    throw error;
  }
}

/**
 * The phone's violations as React state, and their sender: steps first (each violation's
 * `noticed` before anything else of it), then files part by part. It runs on start, on `online`,
 * after each new step or file, and with backoff (1 s, 2 s… up to a minute) while anything waits.
 */
export function useViolations(station: { id: number; electionId: number } | null) {
  const [changes, setChanges] = useState<ChangeItem[]>([]);
  const [files, setFiles] = useState<EvidenceItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [c, f] = await Promise.all([listChanges(), listEvidence()]);
    setChanges(c);
    setFiles(f);
    setLoaded(true);
  }, []);

  // Steps and files have a lock each: a step saved while a long video goes up is sent at once.
  const sendSteps = useCallback(async (): Promise<boolean> => {
    if (stepsBusy) {
      stepsAsked = true;
      return false;
    }
    stepsBusy = true;
    try {
      // Rounds: a `noticed` acknowledged in one round lets that violation's later steps go in the next.
      for (;;) {
        stepsAsked = false;
        const { send, blocked } = nextRound(await listChanges());
        if (blocked.length > 0) await rejectChanges(blocked, BLOCKED);
        if (send.length === 0) {
          if (stepsAsked) continue;
          return false;
        }
        const progressed = await sendChanges(send.slice(0, MAX_VIOLATION_BATCH));
        await refresh();
        if (!progressed) return true;
      }
    } catch {
      return true;
    } finally {
      stepsBusy = false;
    }
  }, [refresh]);

  /** One pass over the files the server may take now; true when some must wait for another pass. */
  const sendWaitingFiles = useCallback(async (): Promise<boolean> => {
    let again = false;
    const { known, refused } = knownViolations(await listChanges());
    await blockEvidenceOf(refused);
    for (const listed of await listEvidence()) {
      if (listed.state !== 'waiting' || !known.has(listed.violationId)) continue;
      if (listed.preparing && Date.now() - listed.createdAt < PREPARE_GRACE_MS) {
        again = true;
        continue;
      }
      // Read afresh: its thumbnail may have been added since the list was taken.
      const item = (await getEvidence(listed.id)) ?? listed;
      activeUpload = item.id;
      setUploading(item.id);
      await uploadEvidence(item, (next) => setFiles((all) => all.map((f) => (f.id === next.id ? next : f))));
    }
    return again;
  }, []);

  const sendFiles = useCallback(async (): Promise<boolean> => {
    if (filesBusy) {
      filesAsked = true;
      return false;
    }
    filesBusy = true;
    let again = false;
    try {
      do {
        filesAsked = false;
        again = await sendWaitingFiles();
      } while (filesAsked);
      return again;
    } catch {
      return true;
    } finally {
      filesBusy = false;
      activeUpload = null;
      setUploading(null);
    }
  }, [sendWaitingFiles]);

  /** One pass over steps and files; true when something must wait for another pass. */
  const attempt = useCallback(async (): Promise<boolean> => {
    setSending(true);
    try {
      const stepsAgain = await sendSteps();
      const filesAgain = await sendFiles();
      return stepsAgain || filesAgain;
    } finally {
      setSending(stepsBusy || filesBusy);
      await refresh();
    }
  }, [refresh, sendSteps, sendFiles]);
  const prepare = useCallback(() => pruneViolations().then(refresh), [refresh]);
  const flush = useRetry(attempt, prepare);

  /** Writes one step to the phone, then tries to send it. Throws if the step does not fit the contract. */
  const record = useCallback(
    async (violationId: string, change: ViolationChange) => {
      if (!station) throw new Error('no station');
      const envelope = ViolationChangeEnvelope.parse({
        id: uuid(),
        violationId,
        stationId: station.id,
        electionId: station.electionId,
        deviceTime: new Date().toISOString(),
        change,
      });
      await enqueueChange(envelope);
      await refresh();
      void flush();
    },
    [station, refresh, flush],
  );

  const attach = useCallback(
    async (violationId: string, list: readonly File[], purpose: EvidencePurpose) => {
      if (!station) return { added: [], failed: list.map((f) => f.name) };
      const result = await addFiles(list, { violationId, stationId: station.id, purpose });
      await refresh();
      void prepareFiles(result.added)
        .then(refresh)
        .then(() => flush());
      return result;
    },
    [station, refresh, flush],
  );

  /** A file not yet announced to the server may still be taken back. */
  const remove = useCallback(
    async (id: string) => {
      const item = await getEvidence(id);
      if (!item || item.declared || id === activeUpload) return;
      await deleteEvidence(id);
      await refresh();
    },
    [refresh],
  );

  const violations = useMemo(() => summarize(changes, files), [changes, files]);
  const waiting = useMemo(() => waitingCounts(changes, files), [changes, files]);
  return { loaded, violations, waiting, sending, uploading, record, attach, remove, flush };
}

export type ViolationsApi = ReturnType<typeof useViolations>;
