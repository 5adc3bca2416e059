import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Dispatch,
  DispatchBoard,
  GroupsChanged,
  isActiveDispatch,
  type GroupBoardItem,
} from '../../../../shared/dispatch.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';
type BoardState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; board: DispatchBoard };

/** Several events in a burst (a dispatch and its group's row) become one reload. */
const RELOAD_DELAY_MS = 300;

/**
 * The dispatch board, kept live: `groups:changed` replaces the rows it carries, `dispatch:changed`
 * updates the row whose current dispatch it is, and anything the rows cannot tell (a dispatch opened
 * or closed: the counts per region, the next queued one) reloads the board. Every (re)connect
 * reloads it too, since events missed while cut off are not replayed.
 */
export function useBoard(): { state: BoardState; connection: Connection; reload: () => void } {
  const [state, setState] = useState<BoardState>({ status: 'loading' });
  const [connection, setConnection] = useState<Connection>(() => (getSocket().connected ? 'live' : 'connecting'));
  const [attempt, setAttempt] = useState(0);
  const reloadRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const socket = getSocket();
    let stopped = false;
    let controller: AbortController | null = null;
    let timer: number | null = null;
    // Events that arrive while a reload is on its way may be older or newer than its answer:
    // one more reload afterwards settles it.
    let loading = false;
    let again = false;
    let board: DispatchBoard | null = null;
    const set = (next: DispatchBoard) => {
      board = next;
      setState({ status: 'ready', board: next });
    };

    const load = () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      again = false;
      controller = new AbortController();
      getJson('/api/dispatch/board', DispatchBoard, controller.signal).then(
        (fresh) => {
          loading = false;
          if (stopped) return;
          set(fresh);
          if (again) load();
        },
        (error: unknown) => {
          loading = false;
          if (stopped) return;
          // A board already on screen stays; the next event or reconnect tries again.
          if (!board) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
          if (again) load();
        },
      );
    };
    const reloadSoon = () => {
      if (timer !== null) return;
      timer = window.setTimeout(() => {
        timer = null;
        load();
      }, RELOAD_DELAY_MS);
    };
    reloadRef.current = load;

    const onGroups = (payload: unknown) => {
      const parsed = GroupsChanged.safeParse(payload);
      if (!parsed.success || !board) return reloadSoon();
      if (loading) again = true;
      const byId = new Map<number, GroupBoardItem>(parsed.data.items.map((row) => [row.group.id, row]));
      const items = board.items.map((row) => byId.get(row.group.id) ?? row);
      for (const row of parsed.data.items) if (!board.items.some((r) => r.group.id === row.group.id)) items.push(row);
      set({ ...board, items });
    };
    const onDispatch = (payload: unknown) => {
      const parsed = Dispatch.safeParse(payload);
      if (!parsed.success || !board) return reloadSoon();
      if (loading) again = true;
      const d = parsed.data;
      const row = board.items.find((r) => r.current?.id === d.id);
      // Still the group's current dispatch, one step further: the row alone changes.
      if (row && isActiveDispatch(d.status) && !d.queued) {
        set({ ...board, items: board.items.map((r) => (r === row ? { ...r, current: d } : r)) });
        return;
      }
      if (row) set({ ...board, items: board.items.map((r) => (r === row ? { ...r, current: d } : r)) });
      reloadSoon();
    };
    const onConnect = () => {
      setConnection('live');
      load();
    };
    const onDisconnect = () => setConnection('reconnecting');

    socket.on('groups:changed', onGroups);
    socket.on('dispatch:changed', onDispatch);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    // At once, not after the socket connects; the connect handler reloads for what came between.
    load();
    return () => {
      stopped = true;
      controller?.abort();
      if (timer !== null) window.clearTimeout(timer);
      socket.off('groups:changed', onGroups);
      socket.off('dispatch:changed', onDispatch);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
    };
  }, [attempt]);

  const reload = useCallback(() => {
    if (state.status === 'error') {
      setState({ status: 'loading' });
      setAttempt((n) => n + 1);
    } else reloadRef.current();
  }, [state.status]);
  return { state, connection, reload };
}
