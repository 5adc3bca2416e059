import { useCallback, useEffect, useState } from 'react';
import { ComplaintList, type Complaint } from '../../../../shared/complaints.ts';
import { ViolationDetail } from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';
import { useViolationsFeed } from './use-violations-feed.ts';

export type ViolationState =
  | { status: 'loading' }
  | { status: 'error'; code: string; message: string }
  | { status: 'ready'; violation: ViolationDetail; complaints: Complaint[] | null };

/** One violation with its history and complaints; reloaded when a push says it changed. */
export function useViolation(id: string, canReadComplaints: boolean) {
  const [state, setState] = useState<ViolationState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  // Superseded answers are ignored rather than aborted: a reload on every push would otherwise
  // leave a trail of cancelled requests.
  useEffect(() => {
    let current = true;
    Promise.all([
      getJson(`/api/violations/${id}`, ViolationDetail),
      canReadComplaints
        ? getJson(`/api/complaints?violationId=${encodeURIComponent(id)}`, ComplaintList)
        : Promise.resolve(null),
    ]).then(
      ([violation, complaints]) =>
        current && setState({ status: 'ready', violation, complaints: complaints?.items ?? null }),
      (error: unknown) => {
        if (!current) return;
        const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
        setState({ status: 'error', code, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [id, canReadComplaints, attempt]);

  // The push carries the new state but not the history: ask for the whole record again.
  useViolationsFeed((items) => {
    if (items.some((v) => v.id === id)) reload();
  }, reload);

  return { state, reload };
}
