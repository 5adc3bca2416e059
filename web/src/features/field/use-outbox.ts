import { useCallback, useEffect, useRef, useState } from 'react';
import { ReportBatchResult, type ReportBody, type ReportEnvelope } from '../../../../shared/reports.ts';
import { sendJson } from '../../lib/api-client.ts';
import { uuid } from '../../lib/uuid.ts';
import { applyResults, enqueue, listOutbox, markAttempt, pruneSent, type OutboxItem } from './outbox.ts';

const MAX_BACKOFF_MS = 60_000;

/**
 * The outbox as React state, and the sender: on start, on `online`, after each new report, and
 * with backoff (1 s, 2 s, 4 s… up to a minute) while reports wait.
 */
export function useOutbox(station: { id: number; electionId: number } | null) {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [sending, setSending] = useState(false);
  const backoff = useRef(1000);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const busy = useRef(false);
  // The retry timer calls the latest `flush` through this ref (it schedules itself).
  const flushRef = useRef<() => Promise<void>>(async () => {});

  const refresh = useCallback(async () => setItems(await listOutbox()), []);

  const flush = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setSending(true);
    try {
      const waiting = (await listOutbox()).filter((i) => i.state === 'waiting');
      if (waiting.length === 0) {
        backoff.current = 1000;
        return;
      }
      for (let i = 0; i < waiting.length; i += 100) {
        const chunk = waiting.slice(i, i + 100);
        try {
          const answer = await sendJson(
            'POST',
            '/api/reports',
            ReportBatchResult,
            chunk.map((c) => c.envelope),
          );
          await applyResults(chunk, answer.results);
        } catch {
          await markAttempt(chunk);
          throw new Error('offline');
        }
      }
      backoff.current = 1000;
    } catch {
      // Try again later, waiting longer each time.
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flushRef.current(), backoff.current);
      backoff.current = Math.min(backoff.current * 2, MAX_BACKOFF_MS);
    } finally {
      busy.current = false;
      setSending(false);
      await refresh();
    }
  }, [refresh]);

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  useEffect(() => {
    void pruneSent().then(refresh).then(flush);
    const online = () => {
      backoff.current = 1000;
      void flush();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush, refresh]);

  const record = useCallback(
    async (body: ReportBody) => {
      if (!station) return;
      const envelope: ReportEnvelope = {
        id: uuid(),
        stationId: station.id,
        electionId: station.electionId,
        deviceTime: new Date().toISOString(),
        body,
      };
      await enqueue(envelope);
      await refresh();
      void flush();
    },
    [station, refresh, flush],
  );

  const waiting = items.filter((i) => i.state === 'waiting').length;
  return { items, waiting, sending, record, flush };
}
