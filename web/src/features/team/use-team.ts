import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Dispatch,
  DispatchCurrentResult,
  GroupsChanged,
  groupStatusFor,
  isActiveDispatch,
  TeamView,
  type GroupBoardItem,
} from '../../../../shared/dispatch.ts';
import { ApiError, getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

const KEY = 'baqylau.team.view';
/** Pushes come in pairs (`dispatch:changed` and `groups:changed`): one reload answers both. */
const RELOAD_DELAY_MS = 200;

type TeamStatus = 'loading' | 'ready' | 'none' | 'offline';

interface Saved {
  userId: number;
  savedAt: string;
  view: unknown;
}

/** The last answer, kept so the app opens in a car with no signal after a reload. */
function readSaved(userId: number): { view: TeamView; savedAt: string } | null {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Saved | null;
    if (!saved || saved.userId !== userId) return null;
    const parsed = TeamView.safeParse(saved.view);
    return parsed.success ? { view: parsed.data, savedAt: saved.savedAt } : null;
  } catch {
    return null;
  }
}

function writeSaved(userId: number, view: TeamView | null): void {
  try {
    if (view) localStorage.setItem(KEY, JSON.stringify({ userId, savedAt: new Date().toISOString(), view }));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or private mode: the app still works while the page is open.
  }
}

/** A dispatch pushed by the server (or answered to a step) applied to the view at once. */
function applyDispatch(view: TeamView, dispatch: Dispatch): TeamView {
  if (dispatch.group.id !== view.group.group.id) return view;
  const old = view.dispatches.find((d) => d.id === dispatch.id);
  const others = view.dispatches.filter((d) => d.id !== dispatch.id);
  let dispatches = others;
  let recent = view.recent;
  if (isActiveDispatch(dispatch.status)) {
    const merged = { ...dispatch, violation: old?.violation ?? null, help: old?.help ?? null };
    dispatches = old ? view.dispatches.map((d) => (d.id === dispatch.id ? merged : d)) : [...others, merged];
    // The current one first, then the queue in the order HQ sent it.
    dispatches = [...dispatches.filter((d) => !d.queued), ...dispatches.filter((d) => d.queued)];
  } else {
    recent = [dispatch, ...view.recent.filter((d) => d.id !== dispatch.id)].slice(0, 10);
  }
  // Pushes arrive newest first: after a close that promoted the queued dispatch, the closed one may
  // come after the promoted one. The team then holds another current dispatch and is not returning.
  const closedBehindAnother =
    !isActiveDispatch(dispatch.status) && dispatches.some((d) => !d.queued && isActiveDispatch(d.status));
  const group: GroupBoardItem =
    dispatch.queued || closedBehindAnother
      ? view.group
      : {
          ...view.group,
          status: groupStatusFor(dispatch.status),
          current: isActiveDispatch(dispatch.status) ? dispatch : null,
        };
  return { ...view, dispatches, recent, group };
}

/**
 * `GET /api/team`, kept on the phone, and kept fresh: every push to the group's room reloads it,
 * and every (re)connection asks `dispatch:current` first (the server re-joins the group room then).
 */
export function useTeam(userId: number) {
  const [saved] = useState(() => readSaved(userId));
  const [view, setView] = useState<TeamView | null>(saved?.view ?? null);
  const [savedAt, setSavedAt] = useState<string | null>(saved?.savedAt ?? null);
  const [status, setStatus] = useState<TeamStatus>('loading');
  const busy = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const load = useCallback(async (): Promise<void> => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        try {
          const answer = await getJson('/api/team', TeamView);
          if (!alive.current) return;
          writeSaved(userId, answer);
          setView(answer);
          setSavedAt(new Date().toISOString());
          setStatus('ready');
        } catch (error) {
          if (!alive.current) return;
          if (error instanceof ApiError && error.status === 404) {
            writeSaved(userId, null);
            setView(null);
            setStatus('none');
          } else {
            setStatus('offline');
          }
        }
      } while (again.current);
    } finally {
      busy.current = false;
    }
  }, [userId]);

  const reloadSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), RELOAD_DELAY_MS);
  }, [load]);

  /** Shows a dispatch the server answered or pushed, then reloads the full view behind it. */
  const applyAnswer = useCallback(
    (dispatch: Dispatch) => {
      setView((v) => (v ? applyDispatch(v, dispatch) : v));
      reloadSoon();
    },
    [reloadSoon],
  );

  const setGroup = useCallback((group: GroupBoardItem) => {
    setView((v) => (v && v.group.group.id === group.group.id ? { ...v, group } : v));
  }, []);

  useEffect(() => {
    alive.current = true;
    void load();
    const socket = getSocket();
    const onDispatch = (message: unknown) => {
      const parsed = Dispatch.safeParse(message);
      if (parsed.success) applyAnswer(parsed.data);
    };
    const onGroups = (message: unknown) => {
      const parsed = GroupsChanged.safeParse(message);
      if (!parsed.success) return;
      setView((v) => {
        const mine = v && parsed.data.items.find((i) => i.group.id === v.group.group.id);
        return v && mine ? { ...v, group: mine } : v;
      });
      reloadSoon();
    };
    const onConnect = () => {
      socket.timeout(10_000).emit('dispatch:current', {}, (error: Error | null, answer: unknown) => {
        const parsed = DispatchCurrentResult.safeParse(answer);
        if (!error && parsed.success && parsed.data.ok)
          for (const d of parsed.data.data.items) setView((v) => (v ? applyDispatch(v, d) : v));
        void load();
      });
    };
    socket.on('dispatch:changed', onDispatch);
    socket.on('groups:changed', onGroups);
    socket.on('connect', onConnect);
    return () => {
      alive.current = false;
      socket.off('dispatch:changed', onDispatch);
      socket.off('groups:changed', onGroups);
      socket.off('connect', onConnect);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load, applyAnswer, reloadSoon]);

  return { view, status, savedAt, reload: load, applyAnswer, setGroup };
}
