import { useCallback, useEffect, useRef, useState } from 'react';
import { ProtocolList } from '../../../../shared/protocols.ts';
import { getJson } from '../../lib/api-client.ts';
import { useProtocolPush } from './use-protocol-push.ts';

export type ListState =
  | { status: 'loading'; list: ProtocolList | null }
  | { status: 'ready'; list: ProtocolList }
  | { status: 'error'; list: ProtocolList | null; message: string };

type Loaded = { key: string; list: ProtocolList | null; message: string | null };

/**
 * The protocols list for a query, reloaded when a pushed station has a copy or is one the list
 * shows (the counts cover the whole scope, so a station outside the filter matters too).
 */
export function useProtocolList(query: string): ListState & { reload: () => void } {
  const [attempt, setAttempt] = useState(0);
  // What the last answer was for: until the answer for this query (and attempt) comes, it is loading.
  const [loaded, setLoaded] = useState<Loaded>({ key: '', list: null, message: null });
  const key = `${query}#${attempt}`;
  const shown = useRef<ReadonlySet<number>>(new Set());

  useEffect(() => {
    let current = true;
    getJson(`/api/protocols${query ? `?${query}` : ''}`, ProtocolList).then(
      (list) => {
        if (!current) return;
        shown.current = new Set(list.items.map((i) => i.stationId));
        setLoaded({ key, list, message: null });
      },
      (error: unknown) => {
        if (!current) return;
        setLoaded((l) => ({ key, list: l.list, message: error instanceof Error ? error.message : String(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [query, key]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useProtocolPush((items) => items.some((i) => i.protocol !== 'none' || shown.current.has(i.stationId)), reload);
  const state: ListState =
    loaded.key !== key
      ? { status: 'loading', list: loaded.list }
      : loaded.message !== null
        ? { status: 'error', list: loaded.list, message: loaded.message }
        : loaded.list
          ? { status: 'ready', list: loaded.list }
          : { status: 'loading', list: null };
  return { ...state, reload };
}
