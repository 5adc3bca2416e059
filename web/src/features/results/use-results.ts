import { useCallback, useEffect, useRef, useState } from 'react';
import { Results, type ResultsBasis } from '../../../../shared/results.ts';
import { getJson } from '../../lib/api-client.ts';

/** Live refreshes come at most this often: the tabulation is one query, but the night brings thousands. */
export const REFRESH_EVERY_MS = 2000;

export type ResultsState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: Results; updatedAt: Date };

/** The query both the page and its CSV export use. */
export function resultsQuery(basis: ResultsBasis, region: string | null): string {
  const params = new URLSearchParams({ basis });
  if (region) params.set('region', region);
  return params.toString();
}

/**
 * The tabulation for a basis and a region. `refresh` is throttled: the first call goes at once,
 * calls within REFRESH_EVERY_MS of the last fetch are folded into one at its end. While a refresh
 * runs, the figures already shown stay on screen.
 */
export function useResults(
  basis: ResultsBasis,
  region: string | null,
): { state: ResultsState; refresh: () => void; retry: () => void; refreshes: number } {
  const query = resultsQuery(basis, region);
  // What was last answered, and for which query: another query's figures are never shown as these.
  const [answer, setAnswer] = useState<{ query: string; state: ResultsState }>({
    query,
    state: { status: 'loading' },
  });
  // Bumped by live refreshes: the region's station list reloads with it.
  const [refreshes, setRefreshes] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const lastFetch = useRef(0);
  const timer = useRef<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(
    (live: boolean) => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      lastFetch.current = Date.now();
      getJson(`/api/results?${query}`, Results, c.signal).then(
        (data) => {
          if (!c.signal.aborted) setAnswer({ query, state: { status: 'ready', data, updatedAt: new Date() } });
        },
        (error: unknown) => {
          // A failed live refresh keeps the figures shown; the next change tries again.
          if (c.signal.aborted || live) return;
          setAnswer({
            query,
            state: { status: 'error', message: error instanceof Error ? error.message : String(error) },
          });
        },
      );
    },
    [query],
  );

  useEffect(() => {
    load(false);
    return () => {
      controller.current?.abort();
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
  }, [load, attempt]);

  const refresh = useCallback(() => {
    if (timer.current !== null) return;
    const wait = lastFetch.current + REFRESH_EVERY_MS - Date.now();
    const go = () => {
      timer.current = null;
      setRefreshes((n) => n + 1);
      load(true);
    };
    if (wait <= 0) go();
    else timer.current = window.setTimeout(go, wait);
  }, [load]);

  const retry = useCallback(() => {
    setAnswer({ query, state: { status: 'loading' } });
    setAttempt((n) => n + 1);
  }, [query]);
  const state: ResultsState = answer.query === query ? answer.state : { status: 'loading' };
  return { state, refresh, retry, refreshes };
}
