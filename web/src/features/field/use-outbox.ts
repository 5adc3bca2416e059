import { useCallback, useState } from 'react';
import { ReportBatchResult, type ReportBody, type ReportEnvelope } from '../../../../shared/reports.ts';
import { sendJson } from '../../lib/api-client.ts';
import { uuid } from '../../lib/uuid.ts';
import { applyResults, enqueue, listOutbox, markAttempt, pruneSent, type OutboxItem } from './outbox.ts';
import { useOneSender, useRetry } from '../../lib/use-retry.ts';

/**
 * The outbox as React state, and the sender: on start, on `online`, after each new report, and
 * with backoff (1 s, 2 s, 4 s… up to a minute) while reports wait.
 */
export function useOutbox(station: { id: number; electionId: number } | null) {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const refresh = useCallback(async () => setItems(await listOutbox()), []);

  /** Sends what waits, 100 at a time; true when the network failed and it must try again later. */
  const pass = useCallback(async (): Promise<boolean> => {
    const waiting = (await listOutbox()).filter((i) => i.state === 'waiting');
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
        return true;
      }
    }
    return false;
  }, []);
  const { attempt, sending } = useOneSender(pass, refresh);
  const prepare = useCallback(() => pruneSent().then(refresh), [refresh]);
  const flush = useRetry(attempt, prepare);

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
