import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { BUILTIN_FINDING_CATEGORIES } from '../../../../shared/finding-catalogue.ts';
import {
  Finding,
  FindingCategoryList,
  FindingList,
  FindingsChanged,
  type FindingCategory,
} from '../../../../shared/findings.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { ApiError, getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';
import { useRetry } from '../../lib/use-retry.ts';
import { readOutbox, sendOutbox, subscribe, waitingCount, type OutboxSnapshot } from './findings-outbox.ts';

/** A list kept for the next offline start (a laptop opened in a village with no signal). */
function cached<T>(key: string, parse: (value: unknown) => T | null): T | null {
  try {
    return parse(JSON.parse(localStorage.getItem(key) ?? 'null'));
  } catch {
    return null;
  }
}
function keep(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: the next offline start shows the built-in lists.
  }
}

const CATEGORIES_KEY = 'baqylau.findings.categories';
const REGIONS_KEY = 'baqylau.findings.regions';
const NO_REGIONS: Region[] = [];
const BUILTIN: FindingCategory[] = BUILTIN_FINDING_CATEGORIES.map((c, i) => ({ ...c, active: true, sortOrder: i }));

/**
 * A list from the server, kept for the next offline start: until the answer comes (or without
 * one), the last list seen, else `fallback`.
 */
function useKeptList<T>(key: string, url: string, schema: z.ZodType<{ items: T[] }>, fallback: T[]): T[] {
  const [items, setItems] = useState<T[]>(
    () =>
      cached(key, (v) => {
        const parsed = schema.safeParse(v);
        return parsed.success ? parsed.data.items : null;
      }) ?? fallback,
  );
  useEffect(() => {
    let current = true;
    getJson(url, schema).then(
      (list) => {
        keep(key, list);
        if (current) setItems(list.items);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [key, url, schema]);
  return items;
}

/** The catalogue (HQ may edit it); offline, the last one seen or the built-in one. */
export function useCategories(): FindingCategory[] {
  return useKeptList(CATEGORIES_KEY, '/api/finding-categories', FindingCategoryList, BUILTIN);
}

export function useRegions(): Region[] {
  return useKeptList(REGIONS_KEY, '/api/regions', RegionList, NO_REGIONS);
}

/**
 * `findings:changed` pushes (ids, regions and statuses only; each client fetches what it may see).
 * Pushes missed while the socket was down are not replayed, so a reconnect calls `onItems` with [].
 */
export function useFindingsChanged(onItems: (items: FindingsChanged['items']) => void): void {
  const handler = useRef(onItems);
  useEffect(() => {
    handler.current = onItems;
  });
  useEffect(() => {
    const socket = getSocket();
    let wasDown = !socket.connected;
    const onChanged = (message: unknown) => {
      const parsed = FindingsChanged.safeParse(message);
      if (parsed.success) handler.current(parsed.data.items);
    };
    const onDisconnect = () => {
      wasDown = true;
    };
    const onConnect = () => {
      if (!wasDown) return;
      wasDown = false;
      handler.current([]);
    };
    socket.on('findings:changed', onChanged);
    socket.on('disconnect', onDisconnect);
    socket.on('connect', onConnect);
    return () => {
      socket.off('findings:changed', onChanged);
      socket.off('disconnect', onDisconnect);
      socket.off('connect', onConnect);
    };
  }, []);
}

export type Loaded<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'missing'; data: null }
  | { status: 'error'; data: T | null; message: string };

/** One page of the list for a query string; live: any push reloads it (keeping the rows meanwhile). */
export function useFindingList(query: string) {
  const [result, setResult] = useState<{ query: string; state: Loaded<FindingList> }>({
    query: '',
    state: { status: 'loading', data: null },
  });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    getJson(`/api/findings?${query}`, FindingList).then(
      (data) => current && setResult({ query, state: { status: 'ready', data } }),
      (error: unknown) =>
        current &&
        setResult((r) => ({
          query,
          state: { status: 'error', data: r.state.data, message: error instanceof Error ? error.message : '' },
        })),
    );
    return () => {
      current = false;
    };
  }, [query, attempt]);
  useFindingsChanged(reload);
  // A new query shows "loading" over the previous rows until its answer comes.
  const state: Loaded<FindingList> =
    result.query === query ? result.state : { status: 'loading', data: result.state.data };
  return { state, reload };
}

/**
 * A finding's page; reloads when a push names it, or when the outbox sends something of it. Not
 * `enabled` while the finding is only on this device (the server would answer 404 until it is sent).
 */
export function useFinding(id: string, enabled: boolean) {
  const [state, setState] = useState<Loaded<Finding>>({ status: 'loading', data: null });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    getJson(`/api/findings/${id}`, Finding).then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 404) setState({ status: 'missing', data: null });
        else setState((s) => ({ status: 'error', data: s.data, message: error instanceof Error ? error.message : '' }));
      },
    );
    return () => {
      current = false;
    };
  }, [id, attempt, enabled]);
  useFindingsChanged((items) => {
    if (items.length === 0 || items.some((i) => i.id === id)) reload();
  });
  return { state, reload };
}

const RETRY_EVERY_MS = 30_000;

/**
 * The signed-in user's outbox as React state, and its sender: at start (the next app open), on
 * `online`, with backoff while something waits, and every 30 s as a safety net.
 */
export function useFindingsOutbox(userId: number) {
  const [snapshot, setSnapshot] = useState<OutboxSnapshot & { loaded: boolean }>({
    ops: [],
    files: [],
    loaded: false,
  });
  const refresh = useCallback(async () => {
    try {
      setSnapshot({ ...(await readOutbox(userId)), loaded: true });
    } catch {
      // No IndexedDB (a locked-down browser): nothing can wait here.
      setSnapshot({ ops: [], files: [], loaded: true });
    }
  }, [userId]);
  useEffect(() => subscribe(() => void refresh()), [refresh]);
  const attempt = useCallback(() => sendOutbox(userId).catch(() => true), [userId]);
  const flush = useRetry(attempt, refresh);
  const waiting = waitingCount(snapshot);
  // Something new waits (a refused file tried again, a save on another tab): send it now.
  const waitedBefore = useRef(waiting);
  useEffect(() => {
    if (waiting > waitedBefore.current) void flush();
    waitedBefore.current = waiting;
  }, [waiting, flush]);
  useEffect(() => {
    if (waiting === 0) return;
    const timer = setInterval(() => void flush(), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting, flush]);
  return { ...snapshot, waiting, flush };
}
