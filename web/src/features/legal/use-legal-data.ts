import { useCallback, useEffect, useState } from 'react';
import { ComplaintList, type Complaint } from '../../../../shared/complaints.ts';
import { ViolationCategoryList, ViolationPage, type Violation } from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

export type LegalData = {
  complaints: Complaint[];
  /** Handed to the legal team and without a complaint yet: work to take up. */
  untaken: Violation[];
  categoryTitle: Map<string, { kk: string; ru: string; en: string }>;
};
export type LegalState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: LegalData };

/**
 * The legal desk's data: the complaints by time left and the violations waiting for one. A pushed
 * violation change (a hand-over, a new complaint's count) reloads both, a little later, once.
 */
export function useLegalData(all: boolean): { state: LegalState; reload: () => void } {
  const [state, setState] = useState<LegalState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    Promise.all([
      getJson(`/api/complaints/deadlines${all ? '?all=true' : ''}`, ComplaintList),
      getJson('/api/violations?status=with_legal&limit=1000', ViolationPage),
      getJson('/api/violation-categories', ViolationCategoryList),
    ]).then(
      ([complaints, legal, categories]) =>
        current &&
        setState({
          status: 'ready',
          data: {
            complaints: complaints.items,
            untaken: legal.items.filter((v) => v.complaints === 0),
            categoryTitle: new Map(categories.items.map((c) => [c.code, c.title])),
          },
        }),
      (error: unknown) => {
        if (current) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [all, attempt]);

  useEffect(() => {
    const socket = getSocket();
    let timer: number | undefined;
    const soon = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(reload, 500);
    };
    // Answers and filings by colleagues have no push of their own: look again every minute.
    const every = window.setInterval(reload, 60_000);
    socket.on('violations:changed', soon);
    socket.on('connect', soon);
    return () => {
      window.clearTimeout(timer);
      window.clearInterval(every);
      socket.off('violations:changed', soon);
      socket.off('connect', soon);
    };
  }, [reload]);

  return { state, reload };
}
