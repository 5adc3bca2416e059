import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { MAX_PROTOCOL_PHOTOS, ProtocolBallot, StationProtocol } from '../../../../shared/protocols.ts';
import { getJson } from '../../lib/api-client.ts';
import { parseDraft, type ProtocolDraft } from '../../components/protocol/draft.ts';

/**
 * The protocol step's data on the phone: the ballot (kept so the step works offline after the
 * first load), the server's view of the station's protocol, and the draft being typed (kept
 * across reloads until it is sent).
 */

const ballotKey = (stationId: number) => `baqylau.field.protocol-ballot.${stationId}`;
const draftKey = (stationId: number) => `baqylau.field.protocol-draft.${stationId}`;

function readJson(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}
function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or private mode: the draft lasts for this page only.
  }
}

/** The ballot (cached) and, when online, what the server holds for the station. */
export function useStationProtocol(stationId: number) {
  const [ballot, setBallot] = useState<ProtocolBallot | null>(() => {
    const parsed = ProtocolBallot.safeParse(readJson(ballotKey(stationId)));
    return parsed.success ? parsed.data : null;
  });
  const [server, setServer] = useState<StationProtocol | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');

  // Asking again (after the protocol was acknowledged) is a new round of the same effect.
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const answer = await getJson(`/api/protocols/${stationId}`, StationProtocol, controller.signal);
      writeJson(ballotKey(stationId), answer.ballot);
      setBallot(answer.ballot);
      setServer(answer);
      setStatus('ready');
    })().catch(() => {
      if (!controller.signal.aborted) setStatus('error');
    });
    return () => controller.abort();
  }, [stationId, round]);

  return { ballot, server, status, reload };
}

/** The draft with what goes beside the figures: the photos taken, the own tally, a note. */
export interface StoredDraft {
  draft: ProtocolDraft;
  photoIds: string[];
  /** Digits, or empty when the observer kept no count. */
  ownTally: string;
  note: string;
}

const StoredExtras = z.object({
  photoIds: z.array(z.uuid()).max(MAX_PROTOCOL_PHOTOS),
  ownTally: z.string().regex(/^\d{0,6}$/),
  note: z.string().max(2000),
});

function readDraft(stationId: number): StoredDraft | null {
  const value = readJson(draftKey(stationId));
  if (typeof value !== 'object' || value === null || !('draft' in value)) return null;
  const draft = parseDraft(value.draft);
  const extras = StoredExtras.safeParse(value);
  return draft && extras.success ? { draft, ...extras.data } : null;
}

/**
 * The station's unsent draft, written to the phone on every change; null when there is none.
 * `update` takes a function of the current draft (or of `fresh` when there is none yet), so a
 * change made after a wait (photos being stored) never overwrites figures typed meanwhile.
 */
export function useStoredDraft(stationId: number) {
  const [stored, setStored] = useState<StoredDraft | null>(() => readDraft(stationId));
  useEffect(() => {
    if (stored) writeJson(draftKey(stationId), stored);
    else localStorage.removeItem(draftKey(stationId));
  }, [stationId, stored]);
  const update = useCallback(
    (change: ((current: StoredDraft) => StoredDraft) | null, fresh?: StoredDraft) =>
      setStored((current) => {
        if (change === null) return null;
        const base = current ?? fresh;
        return base ? change(base) : current;
      }),
    [],
  );
  return [stored, update] as const;
}
