import { useCallback, useEffect, useState } from 'react';
import { ViolationPage, type Violation } from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';
import { filterParams, mergeQueue, type QueueFilter } from './queue-filter.ts';
import { useViolationsFeed } from './use-violations-feed.ts';

export type QueueState = {
  status: 'loading' | 'ready' | 'error';
  items: Violation[];
  total: number;
  message: string | null;
  /** Ids that arrived live since the list was loaded or last looked at. */
  fresh: ReadonlySet<string>;
};
const NONE: ReadonlySet<string> = new Set();

/**
 * The HQ queue as the server sorts it (worst severity, then the oldest), kept current by the live
 * feed: a pushed violation is merged by id and the filters and sort are applied again here.
 * `fresh` holds the ids that arrived live since the user last looked.
 */
export function useQueue(filter: QueueFilter, limit: number) {
  const [state, setState] = useState<QueueState>({
    status: 'loading',
    items: [],
    total: 0,
    message: null,
    fresh: NONE,
  });
  const [attempt, setAttempt] = useState(0);
  const query = filterParams(filter);
  query.set('limit', String(limit));
  const url = `/api/violations?${query}`;

  useEffect(() => {
    let current = true;
    getJson(url, ViolationPage).then(
      (page) =>
        current &&
        setState((s) => ({
          status: 'ready',
          items: page.items,
          total: page.total,
          message: null,
          // A reload keeps the marks of what is still listed; a new filter starts with none.
          fresh: new Set(page.items.filter((v) => s.fresh.has(v.id)).map((v) => v.id)),
        })),
      (error: unknown) => {
        if (!current) return;
        setState((s) => ({ ...s, status: 'error', message: error instanceof Error ? error.message : String(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [url, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useViolationsFeed((pushed) => {
    setState((s) => {
      const merged = mergeQueue(s.items, pushed, filter);
      return {
        ...s,
        items: merged.items,
        total: Math.max(0, s.total + merged.added.length - merged.removed),
        fresh: merged.added.length ? new Set([...s.fresh, ...merged.added]) : s.fresh,
      };
    });
  }, reload);

  const seen = useCallback(() => setState((s) => ({ ...s, fresh: NONE })), []);
  return { ...state, seen, reload };
}
