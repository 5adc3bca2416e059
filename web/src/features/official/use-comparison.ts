import { useCallback, useEffect, useState } from 'react';
import { Comparison } from '../../../../shared/results.ts';
import { getJson } from '../../lib/api-client.ts';

export type ComparisonState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; comparison: Comparison };

type Loaded = ({ status: 'error'; message: string } | { status: 'ready'; comparison: Comparison }) & {
  region: string | null;
};

export const comparisonQuery = (region: string | null) =>
  region ? `?${new URLSearchParams({ region }).toString()}` : '';

/** The official-vs-copy comparison for a region (or the caller's whole scope); `reload` after an import. */
export function useComparison(region: string | null): {
  state: ComparisonState;
  reload: () => void;
  /** Keeps a violation made from a discrepancy without reloading the whole comparison. */
  setViolation: (stationId: number, violationId: string) => void;
} {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getJson(`/api/official-results/comparison${comparisonQuery(region)}`, Comparison, controller.signal).then(
      (comparison) => setLoaded({ status: 'ready', comparison, region }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ status: 'error', message: error instanceof Error ? error.message : String(error), region });
      },
    );
    return () => controller.abort();
  }, [region, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setViolation = useCallback((stationId: number, violationId: string) => {
    setLoaded((s) =>
      s?.status === 'ready'
        ? {
            ...s,
            comparison: {
              ...s.comparison,
              stations: s.comparison.stations.map((d) => (d.stationId === stationId ? { ...d, violationId } : d)),
            },
          }
        : s,
    );
  }, []);

  // A refresh keeps the figures on screen while it loads; another region's figures are never shown.
  const state: ComparisonState = loaded === null || loaded.region !== region ? { status: 'loading' } : loaded;
  return { state, reload, setViolation };
}
